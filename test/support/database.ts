import pg from "pg";
import { type Database, openDatabase } from "../../src/db/database.js";

export interface TestDatabase extends Database {
  /** Empties every table (keeps the schema), so each test starts clean without a new database. */
  reset(): Promise<void>;
}

/**
 * A clean, migrated database for one test file: in-memory PGlite by default, or a fresh
 * database on the PostgreSQL server named by KUROKO_TEST_DATABASE_URL (CI's production path),
 * dropped again on close.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.KUROKO_TEST_DATABASE_URL;
  if (!serverUrl) return withReset(await openDatabase({ dataDir: "memory://" }), async () => {});

  const name = `kuroko_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), dataDir: "unused" });
  return withReset(db, async () => {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropper.end();
  });
}

function withReset(db: Database, afterClose: () => Promise<void>): TestDatabase {
  return {
    ...db,
    prisma: db.prisma,
    async reset() {
      const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
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
