export type Provider = "sqlite" | "postgresql";

/** `file:…` → SQLite, `postgres://` / `postgresql://` → PostgreSQL; anything else is refused. */
export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${redact(url)}"`);
}

/** The SQLite file a `file:` URL names, relative to the working directory like Prisma does. */
export function sqlitePath(url: string): string {
  const rest = url.slice("file:".length);
  const q = rest.indexOf("?");
  return q === -1 ? rest : rest.slice(0, q);
}

/** Hides a password in a connection URL for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, "//$1:***@");
}
