import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.js";

export interface TestDatabase extends Database {
  /** Empties every table (keeps the schema), so each test starts clean without a new database. */
  reset(): Promise<void>;
}

/**
 * A clean, migrated database for one test file: in-memory PGlite by default (started from the
 * run's migrated template, see global-setup.ts), or a fresh
 * database on the PostgreSQL server named by KUROKO_TEST_DATABASE_URL (CI's production path),
 * dropped again on close.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testPostgresUrl();
  if (!serverUrl) {
    const template = inject("pgliteTemplate");
    return withReset(
      await openDatabase({
        dataDir: "memory://",
        template: template ? new Blob([readFileSync(template)]) : undefined,
      }),
      async () => {},
    );
  }

  const empty = await createEmptyPostgresDatabase(serverUrl);
  const db = await openDatabase({ url: empty.url, dataDir: "unused" });
  return withReset(db, empty.drop);
}

/** The PostgreSQL server URL for tests, when CI provides one. */
export const testPostgresUrl = (): string | undefined => process.env.KUROKO_TEST_DATABASE_URL;

/** A new, empty database on the test PostgreSQL server; `drop` removes it. */
export async function createEmptyPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kuroko_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

function withReset(db: Database, afterClose: () => Promise<void>): TestDatabase {
  return {
    ...db,
    prisma: db.prisma,
    async reset() {
      // ::text: Prisma's PostgreSQL adapter cannot read the catalog type `name` (prisma/orm#27403).
      const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
        "SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
      );
      if (tables.length === 0) return;
      const list = tables.map((t) => `"public"."${t.tablename}"`).join(", ");
      await db.prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
    },
    async close() {
      await db.close();
      await afterClose();
    },
  };
}
