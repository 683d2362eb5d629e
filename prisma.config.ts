import { PGlite } from "@electric-sql/pglite";
import { defineConfig } from "prisma/config";
import { pgliteAdapter } from "./src/db/pglite-adapter.js";

/**
 * Prisma's CLI config. The wasm schema engine (`engine: "js"`) needs no binary download,
 * which this project's offline CI requires (see README, "Migrations"). The CLI only ever
 * diffs datamodels here, so an in-memory PGlite is all it needs; the app applies
 * migrations itself (src/db/migrate.ts).
 */
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return pgliteAdapter(new PGlite("memory://"));
  },
});
