import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  // HMR is refused from an origin Next does not know, and the page then hangs.
  allowedDevOrigins: ["127.0.0.1"],
  // Native addons and drivers stay plain Node requires instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "@tandem/migrate"],
};

export default config;
