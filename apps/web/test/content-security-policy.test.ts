import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header.js";
import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, createNonce, pageContentSecurityPolicy } from "@/platform/http/content-security-policy.ts";
import { SECURITY_HEADERS } from "@/platform/http/security-headers.ts";

/** The policy as a map from directive name to its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

const NONCE = "q1w2e3r4t5y6u7i8o9p0Aw==";

describe("Content-Security-Policy", () => {
  describe("for pages", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: NONCE }));

    it("runs scripts by nonce and what they load, nothing inline or evaluated", () => {
      expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
      const all = [...policy.values()].flat();
      expect(all).not.toContain("'unsafe-eval'");
      expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    });

    it("gives Next the nonce it puts on its scripts (Next's own header parser)", () => {
      expect(getScriptNonceFromHeader(pageContentSecurityPolicy({ nonce: NONCE }))).toBe(NONCE);
    });

    it("refuses framing, plugins, <base> and foreign form targets; loads the rest from the origin", () => {
      expect(Object.fromEntries(policy)).toMatchObject({
        "default-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      });
    });

    it("allows evaluation only for `next dev`", () => {
      const development = directives(pageContentSecurityPolicy({ nonce: NONCE, development: true }));
      expect(development.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    });

    it.each(["", "abc def", "x'; script-src *", "a;b", "abc\r\nSet-Cookie: x=1", "nonce==="])("refuses the nonce %j: it would rewrite the policy", (nonce) => {
      expect(() => pageContentSecurityPolicy({ nonce })).toThrow(/base64/);
    });
  });

  it("a nonce is 128 random bits in base64, new every time", () => {
    const nonces = Array.from({ length: 100 }, createNonce);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it("API answers load nothing and cannot be framed", () => {
    expect(API_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(SECURITY_HEADERS["Content-Security-Policy"]).toBe(API_CONTENT_SECURITY_POLICY);
  });

  it("the other security headers: no framing, no sniffing, no referrer, no powerful features", () => {
    expect(SECURITY_HEADERS).toMatchObject({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" });
    const features = SECURITY_HEADERS["Permissions-Policy"].split(", ");
    for (const feature of features) expect(feature).toMatch(/^[a-z-]+=\(\)$/);
    for (const name of ["camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid", "display-capture", "interest-cohort", "browsing-topics"]) {
      expect(features).toContain(`${name}=()`);
    }
  });
});
