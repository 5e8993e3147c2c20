import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  // Compression belongs to the reverse proxy: Next would gzip a body yet keep its strong ETag,
  // and one strong validator must never name two different byte sequences (RFC 9110 §8.8.3).
  compress: false,
  // HMR is refused from an origin Next does not know, and the page then hangs.
  allowedDevOrigins: ["127.0.0.1"],
  // Native addons and drivers stay plain Node requires instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "@tandem/migrate"],
};

export default config;
