// Next calls register() once per server process before it serves requests.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's own switch between its Node and edge bundles, not app configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { onServerStart } = await import("./server/startup");
  await onServerStart();
}
