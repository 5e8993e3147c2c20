// Prisma CLI configuration. Prisma 7's CLI (and Prisma 6's native schema engine) download
// binaries at run time, which this project's machines cannot; Prisma 6.19 with `engine: "js"`
// runs the schema engine in JavaScript through a driver adapter instead.
// TANDEM_PRISMA_PROVIDER picks which generated schema the CLI works on.
import path from "node:path";
import { defineConfig } from "prisma/config";

const provider = process.env.TANDEM_PRISMA_PROVIDER === "postgresql" ? "postgresql" : "sqlite";
const url =
  process.env.TANDEM_PRISMA_CLI_URL ??
  // `migrate diff` opens the adapter even though it reads no database: an in-memory SQLite
  // file works on a fresh clone, where data/ does not exist yet.
  (provider === "postgresql" ? "postgresql://postgres@127.0.0.1:5432/postgres" : "file::memory:");
// The schema's datasource reads this variable; without it Prisma cannot read the generator
// block and falls back to downloading a native query engine.
process.env.TANDEM_PRISMA_CLI_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // The CLI runs with this package as its working directory (scripts/schemas.mjs).
  schema: path.join("..", "..", "prisma", "generated", `${provider}.prisma`),
  async adapter() {
    if (provider === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
