import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The only module that reads process.env: parsed and validated once, at first use.

const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./data/tandem.db"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback by default: nothing outside this machine reaches a fresh install by accident. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Largest accepted request body; bigger ones get 413 before they are read. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(4 * 1024 * 1024),
  /**
   * SQLite only. `full`: every acknowledged write is on disk before the answer (survives a power
   * loss). `normal`: synced at checkpoints — faster, and the last writes can be lost in a power
   * cut (never corrupted).
   */
  SQLITE_SYNCHRONOUS: z.enum(["full", "normal"]).default("full"),
  /** Connections per instance in the PostgreSQL pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** How long to wait for a new PostgreSQL connection before answering 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /**
   * Longest a PostgreSQL statement may run, and how long the driver waits for any answer:
   * past it a silent network (a partition, a hung server) is a 503, never a hung request.
   */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** How long SIGTERM waits for in-flight requests before giving up on them. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * The URL people use to reach Tandem (behind a proxy: the public one). Its host is accepted
   * in the Host header besides the loopback names.
   */
  TANDEM_PUBLIC_URL: z.url().optional(),
  /** More accepted Host values, comma-separated: `name` (any port) or `name:port`. */
  TANDEM_ALLOWED_HOSTS: z.string().optional(),
  /**
   * Operators' credential: `Authorization: Bearer <token>` unlocks GET /api/metrics and the
   * detail of /api/health on the app's port. Unset, metrics are not served there at all.
   */
  TANDEM_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** A separate listener for Prometheus (GET /metrics), no credential; off unless set. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where that listener binds: the loopback unless the scraper runs elsewhere. */
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Longest a client may take to send a request's headers (slow-loris protection). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Longest a client may take to send a whole request, body included. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Open connections per instance; more are refused at once instead of queueing. */
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** Who may create an account: anyone (`open`), holders of an invitation link (`invite`), nobody (`closed`; the CLI still can). The first account may always be created. */
  TANDEM_SIGNUP: z.enum(["open", "invite", "closed"]).default("open"),
  /**
   * Signs session cookies. Unset, a random secret is made once and kept in the database, so
   * every instance on that database shares it. Set it to rotate (everyone signs in again).
   */
  TANDEM_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Sign-in and sign-up attempts per client address per minute (shared by all instances). */
  TANDEM_SIGNIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  /** How long a browser session lasts without use; each day of use extends it. */
  TANDEM_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 7),
  /** How often every open event stream's credentials are checked again (sign-out, revoked token). */
  TANDEM_STREAM_RECHECK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Apply pending migrations when the server starts. */
  MIGRATE_ON_START: booleanish.default(true),
  /** Folder with sqlite/ and postgresql/ migrations; found from the working directory if unset. */
  MIGRATIONS_DIR: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
}).refine((e) => e.HTTP_REQUEST_TIMEOUT_MS >= e.HTTP_HEADERS_TIMEOUT_MS, {
  path: ["HTTP_REQUEST_TIMEOUT_MS"],
  message: "must be at least HTTP_HEADERS_TIMEOUT_MS (the headers are part of the request)",
});

export type Env = z.infer<typeof schema> & { migrationsDir: string; provider: "sqlite" | "postgresql" };

/** The repository root: relative SQLite paths and the migrations are found from here. */
function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${issues}`);
  }
  const root = findRoot(process.cwd());
  let url = parsed.data.DATABASE_URL;
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    if (!path.isAbsolute(file)) url = `file:${path.resolve(root, file)}`;
  }
  return {
    ...parsed.data,
    DATABASE_URL: url,
    provider: url.startsWith("file:") ? "sqlite" : "postgresql",
    migrationsDir: parsed.data.MIGRATIONS_DIR ?? path.join(root, "prisma", "migrations"),
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= load();
  return cached;
}
