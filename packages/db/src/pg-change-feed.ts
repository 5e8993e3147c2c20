import pg from "pg";
import { DOCUMENT_CHANNEL, FeedListeners, MEMBERSHIP_CHANNEL, parseDocumentChange, PRESENCE_CHANNEL, type ChangeFeed, type MembershipChange } from "./change-feed.ts";

export interface PgChangeFeedOptions {
  connectTimeoutMs: number;
  /** How often the LISTEN connection proves it is alive (a partition never says it broke). */
  pingEveryMs?: number;
  /** Backoff between reconnection attempts: base doubled per failure, capped. */
  backoffMs?: { base: number; max: number };
}

/**
 * One LISTEN connection per instance, opened on the first subscriber. When it drops (or stops
 * answering its ping) it reconnects with backoff. Each time LISTEN takes effect (the first time
 * included) it announces a gap: every consumer re-reads from the database what it follows, so
 * nothing committed before the LISTEN (or while it was down) is missed.
 */
export function createPgChangeFeed(url: string, pool: pg.Pool, options: PgChangeFeedOptions): ChangeFeed {
  const listeners = new FeedListeners();
  const { connectTimeoutMs, pingEveryMs = 5_000, backoffMs = { base: 100, max: 5_000 } } = options;
  let client: pg.Client | null = null;
  let started = false;
  let closed = false;
  let reconnects = 0;
  let ping: NodeJS.Timeout | undefined;

  function onNotification(message: pg.Notification) {
    if (!message.payload) return;
    if (message.channel === DOCUMENT_CHANNEL) {
      const change = parseDocumentChange(message.payload);
      if (change) listeners.emit({ type: "document", change });
    } else if (message.channel === MEMBERSHIP_CHANNEL) {
      try {
        listeners.emit({ type: "membership", change: JSON.parse(message.payload) as MembershipChange });
      } catch {
        // not ours
      }
    } else if (message.channel === PRESENCE_CHANNEL) {
      try {
        listeners.emit({ type: "presence", payload: JSON.parse(message.payload) as unknown });
      } catch {
        // not ours
      }
    }
  }

  async function connectOnce(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, query_timeout: connectTimeoutMs, keepAlive: true, application_name: "tandem-listen" });
    next.on("error", () => undefined);
    try {
      await next.connect();
      await next.query(`LISTEN ${DOCUMENT_CHANNEL}; LISTEN ${MEMBERSHIP_CHANNEL}; LISTEN ${PRESENCE_CHANNEL}`);
      return next;
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
  }

  async function connect(isReconnect: boolean): Promise<void> {
    for (let failures = 0; !closed; failures++) {
      try {
        const next = await connectOnce();
        if (closed) return void (await next.end().catch(() => undefined));
        client = next;
        next.on("notification", onNotification);
        next.on("error", () => drop(next));
        next.on("end", () => drop(next));
        if (isReconnect) reconnects++;
        // The first connection too: a consumer that read the database before LISTEN took effect
        // may have missed what committed in between.
        listeners.emit({ type: "gap" });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, Math.min(backoffMs.max, backoffMs.base * 2 ** failures)).unref());
      }
    }
  }

  function drop(which: pg.Client) {
    if (client !== which) return;
    client = null;
    which.removeAllListeners("notification");
    void which.end().catch(() => undefined);
    if (!closed) void connect(true);
  }

  function start() {
    if (started) return;
    started = true;
    void connect(false);
    ping = setInterval(() => {
      const current = client;
      if (current) current.query("SELECT 1").catch(() => drop(current));
    }, pingEveryMs).unref();
  }

  return {
    subscribe(listener) {
      start();
      return listeners.subscribe(listener);
    },
    async publishPresence(payload) {
      await pool.query("SELECT pg_notify($1, $2)", [PRESENCE_CHANNEL, JSON.stringify(payload)]);
    },
    reconnects: () => reconnects,
    async close() {
      closed = true;
      clearInterval(ping);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

export function createLocalChangeFeed(listeners: FeedListeners): ChangeFeed {
  return {
    subscribe: (listener) => listeners.subscribe(listener),
    async publishPresence(payload) {
      listeners.emit({ type: "presence", payload });
    },
    reconnects: () => 0,
    async close() {},
  };
}
