// DNS rebinding: a page on evil.example can make the browser resolve evil.example to
// 127.0.0.1 and talk to a Tandem on the laptop as if same-origin. The Host header still says
// evil.example, so only the names Tandem is meant to be reached by are served; anything else
// is 421 before any route runs.

export interface AllowedHosts {
  allows(hostHeader: string | undefined): boolean;
}

/** `name` or `name:port`, lower case; `[v6]` brackets kept. */
function split(host: string): { name: string; port: string | null } {
  const value = host.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value);
  return match ? { name: match[1]!, port: match[2] ?? null } : { name: "", port: null };
}

/**
 * Accepts `localhost`, `127.0.0.1` and `[::1]` on the port the server listens on, the host of
 * TANDEM_PUBLIC_URL (on its port), and every TANDEM_ALLOWED_HOSTS entry (`name` = any port).
 */
export function allowedHosts(listenPort: number, options: { publicUrl?: string | undefined; extra?: string | undefined }): AllowedHosts {
  const exact = new Set(["localhost", "127.0.0.1", "[::1]"].map((name) => `${name}:${listenPort}`));
  const anyPort = new Set<string>();
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    exact.add(`${url.hostname.toLowerCase()}:${port}`);
  }
  for (const entry of (options.extra ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const { name, port } = split(entry);
    if (!name) continue;
    if (port) exact.add(`${name}:${port}`);
    else anyPort.add(name);
  }
  return {
    allows(hostHeader) {
      if (!hostHeader || hostHeader.length > 300) return false;
      const { name, port } = split(hostHeader);
      if (!name) return false;
      // No port in Host means the scheme's default; a proxy in front speaks http or https.
      return anyPort.has(name) || exact.has(`${name}:${port ?? "80"}`) || (port === null && exact.has(`${name}:443`));
    },
  };
}
