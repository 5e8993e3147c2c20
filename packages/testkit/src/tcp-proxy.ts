import net from "node:net";

/**
 * A TCP proxy between a client and a server, for fault tests that must not disturb anything
 * else on the machine: it cuts, stalls or half-breaks only the connections that go through it.
 */
export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's (a database URL, a base URL). */
  via(url: string): string;
  /**
   * A restart as clients see it: every connection is closed and new ones are reset as soon as
   * they open (the port keeps listening, so restore() takes effect at once).
   */
  cut(): void;
  /** A partition: open connections stall, new ones are accepted and never answered. */
  blackhole(): void;
  /** Requests get through but every answer is lost: the client's connection is reset as the answer starts. */
  dropResponses(): void;
  /** Forwarding again (connections held by a partition are closed, as a partition's end does). */
  restore(): void;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

type Mode = "forward" | "refused" | "blackhole" | "drop-responses";

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = "forward";
  let accepted = 0;
  const pairs = new Set<Pair>();

  const destroy = (pair: Pair, reset = false) => {
    pairs.delete(pair);
    if (reset) pair.client.resetAndDestroy();
    else pair.client.destroy();
    pair.upstream?.destroy();
  };

  /** Copies one direction by hand, so the mode is checked on every chunk. */
  const pump = (pair: Pair, from: net.Socket, to: net.Socket, isAnswer: boolean) => {
    from.on("data", (chunk: Buffer) => {
      if (isAnswer && mode === "drop-responses") return destroy(pair, true);
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => {
          if (mode !== "blackhole") from.resume();
        });
      }
    });
    from.on("end", () => to.end());
  };

  const server = net.createServer((client) => {
    accepted++;
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on("error", () => destroy(pair));
    client.on("close", () => destroy(pair));
    if (mode === "refused") return destroy(pair, true);
    if (mode === "blackhole") return void client.pause();
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on("error", () => destroy(pair));
    upstream.on("close", () => destroy(pair));
    pump(pair, client, upstream, false);
    pump(pair, upstream, client, true);
  });
  const port = await listen(server);

  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut() {
      mode = "refused";
      for (const pair of [...pairs]) destroy(pair);
    },
    blackhole() {
      mode = "blackhole";
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream?.pause();
      }
    },
    dropResponses() {
      mode = "drop-responses";
    },
    restore() {
      if (mode === "blackhole") for (const pair of [...pairs]) destroy(pair);
      mode = "forward";
    },
    accepted: () => accepted,
    async close() {
      for (const pair of [...pairs]) destroy(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
