// `npm run -s tandem -- <command>`: operators' commands against DATABASE_URL, whether or not a
// server runs. stdout carries only what was asked for (a token, a list); messages go to stderr.
import { parseArgs } from "node:util";
import { addUser } from "../src/features/accounts/cli/add-user.ts";
import { createApiToken } from "../src/features/accounts/server/create-api-token.ts";
import { revokeApiToken } from "../src/features/accounts/server/revoke-api-token.ts";
import { closeDatabase, database } from "../src/platform/database.ts";
import { env } from "../src/platform/env.ts";
import { logger } from "../src/platform/observability/logger.ts";
import { migrateOnStart } from "../src/platform/startup.ts";

const USAGE = `usage: npm run -s tandem -- <command>
  user add --email <email> --name <name> [--password <password>]   (or the password in TANDEM_PASSWORD)
  user list                                                          (id, email, name, admin; tab-separated)
  token add --email <email> [--label <label>]                        (prints the token)
  token revoke --email <email> --id <token id>
  revisions verify                                                   (rebuilds and checks every revision; prints each mismatch, exit 1 if any)`;

class UsageError extends Error {}

function option(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}

async function userOf(email: string) {
  const user = await database().accounts.findUserByEmail(email);
  if (!user) throw new Error(`no account uses the email ${email.trim().toLowerCase()}`);
  return user;
}

async function run(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" }, label: { type: "string" }, id: { type: "string" } },
  });
  const command = positionals.join(" ");
  if (!["user add", "user list", "token add", "token revoke", "revisions verify"].includes(command)) throw new UsageError(command ? `unknown command: ${command}` : "no command");
  await migrateOnStart();

  if (command === "user add") {
    const password = typeof values.password === "string" ? values.password : process.env.TANDEM_PASSWORD;
    if (!password) throw new UsageError("--password (or TANDEM_PASSWORD) is required");
    const email = option(values, "email");
    const user = await addUser({ email, name: option(values, "name"), password });
    process.stderr.write(`created the account ${email.trim().toLowerCase()}${user.isAdmin ? " (the first account: admin)" : ""}\n`);
  } else if (command === "user list") {
    for (const u of await database().accounts.listUsers()) process.stdout.write(`${u.id}\t${u.email}\t${u.name}\t${u.isAdmin ? "admin" : ""}\n`);
  } else if (command === "revisions verify") {
    const report = await database().documents.verifyRevisions((problem) => process.stdout.write(`${problem}\n`));
    const summary = `${report.documents} document(s), ${report.revisions} revision(s), ${report.contents} stored content(s) checked`;
    if (report.problems > 0) throw new Error(`${summary}: ${report.problems} mismatch(es)`);
    process.stderr.write(`${summary}: no mismatch\n`);
  } else if (command === "token add") {
    const user = await userOf(option(values, "email"));
    const created = await createApiToken({ id: user.id, name: user.name }, (values.label as string | undefined)?.trim() || "cli");
    process.stdout.write(`${created.token}\n`);
  } else {
    const user = await userOf(option(values, "email"));
    await revokeApiToken({ id: user.id, name: user.name }, option(values, "id"));
    process.stderr.write("revoked\n");
  }
}

let code = 0;
try {
  env();
  // Logs to stderr: stdout is the command's answer.
  logger(process.env.LOG_LEVEL === undefined ? "warn" : env().LOG_LEVEL, 2);
  await run(process.argv.slice(2));
} catch (error) {
  code = error instanceof UsageError ? 2 : 1;
  process.stderr.write(`tandem: ${error instanceof Error ? error.message : String(error)}\n`);
  if (code === 2) process.stderr.write(`${USAGE}\n`);
} finally {
  await closeDatabase().catch(() => undefined);
}
process.exit(code);
