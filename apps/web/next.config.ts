import type { NextConfig } from "next";

const development = process.env.NODE_ENV === "development";

const config: NextConfig = {
  poweredByHeader: false,
  // Compression belongs to the reverse proxy: Next would gzip a body yet keep its strong ETag,
  // and one strong validator must never name two different byte sequences (RFC 9110 §8.8.3).
  compress: false,
  // HMR is refused from an origin Next does not know, and the page then hangs.
  allowedDevOrigins: ["127.0.0.1"],
  // `route.dev.ts` (the API under `next dev`) exists only in development: in production the
  // Node server answers /api/* itself, and Next's bundle holds no server module of the API.
  pageExtensions: development ? ["tsx", "ts", "dev.ts"] : ["tsx", "ts"],
  // Native addons, drivers and the database package stay plain Node imports.
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "@prisma/client", "@tandem/db", "@tandem/migrate"],
};

export default config;
