#!/usr/bin/env node
// Entry point of the merge3 command: wires runCli to the real process.
import { runCli } from "./cli-main.ts";

// Write errors reach us through the write callback below; without a listener
// Node would also throw them as an uncaught 'error' event, with a stack trace.
process.stdout.on("error", () => undefined);

const status = await runCli(process.argv.slice(2), {
  stdout: (data) =>
    new Promise((resolve, reject) => {
      process.stdout.write(data, (error) => {
        // A reader that stopped early (`merge3 … | head`) is not our failure.
        if (error && (error as NodeJS.ErrnoException).code !== "EPIPE") reject(error);
        else resolve();
      });
    }),
  stderr: (text) => {
    process.stderr.write(text);
  },
});
// Let pending output drain instead of calling process.exit().
process.exitCode = status;
