/**
 * Node's own arguments for the Tandem server process, before its entry (NODE_OPTIONS does not
 * take them). Every launcher uses them: `npm start`, the test servers, the e2e servers, and the
 * benches that measure the server's code in their own process.
 *
 * `--initial-old-space-size=128`: V8 otherwise sizes the old generation to the live heap, about
 * 10 MB here, and a revision read makes a string as large as the document (1 MiB, say), which a
 * young collection promotes whenever it is still in use, so full collections followed every few
 * reads. Measured on a 2-core VM, 600 revision reads of a 1 MiB document: 33 full collections
 * (2–10 ms pauses each) without it, 1 with it (README, "Configuration").
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--initial-old-space-size=128"];
