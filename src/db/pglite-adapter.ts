import type { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * Prisma's driver adapter over a PGlite instance. pglite-prisma-adapter 0.6 is typed against
 * @prisma/driver-adapter-utils 6.10; the interface it implements is unchanged in 6.19 (the
 * whole test suite runs through it), only the nominal types differ. Kept apart from
 * database.ts because prisma.config.ts imports it before the client is generated.
 */
export function pgliteAdapter(client: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPGlite(client) as unknown as SqlMigrationAwareDriverAdapterFactory;
}
