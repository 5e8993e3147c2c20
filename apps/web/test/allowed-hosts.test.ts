import { describe, expect, it } from "vitest";
import { allowedHosts } from "@/platform/http/allowed-hosts.ts";

describe("allowedHosts (Host header check against DNS rebinding)", () => {
  const configs = {
    "loopback only": allowedHosts(3000, {}),
    "public URL + extra hosts": allowedHosts(3000, { publicUrl: "https://docs.example.com", extra: "tandem.internal, proxy.lan:8080" }),
  };

  it.each([
    ["loopback only", "127.0.0.1:3000", true],
    ["loopback only", "localhost:3000", true],
    ["loopback only", "LOCALHOST:3000", true],
    ["loopback only", "[::1]:3000", true],
    ["loopback only", "127.0.0.1:3001", false],
    ["loopback only", "127.0.0.1", false],
    ["loopback only", "rebind.evil.example", false],
    ["loopback only", "rebind.evil.example:3000", false],
    ["loopback only", "127.0.0.1:3000.evil.example", false],
    ["loopback only", "", false],
    ["loopback only", undefined, false],
    ["loopback only", `${"a".repeat(400)}:3000`, false],
    ["public URL + extra hosts", "docs.example.com", true],
    ["public URL + extra hosts", "docs.example.com:443", true],
    ["public URL + extra hosts", "docs.example.com:3000", false],
    ["public URL + extra hosts", "tandem.internal", true],
    ["public URL + extra hosts", "tandem.internal:9999", true],
    ["public URL + extra hosts", "proxy.lan:8080", true],
    ["public URL + extra hosts", "proxy.lan", false],
    ["public URL + extra hosts", "127.0.0.1:3000", true],
    ["public URL + extra hosts", "evil.example", false],
  ] as const)("%s: Host %j → %s", (config, header, ok) => {
    expect(configs[config].allows(header)).toBe(ok);
  });
});
