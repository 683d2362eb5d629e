import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { readMigrations } from "../../src/db/migrate.js";
import {
  createEmptyPostgresDatabase,
  openTestDatabase,
  type TestDatabase,
  testPostgresUrl,
} from "../support/database.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const recorded = (target: TestDatabase | Awaited<ReturnType<typeof openDatabase>>) =>
  target.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
    'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
  );

describe("migrations", () => {
  it("records every migration in Prisma's own table, once", async () => {
    expect(await recorded(db)).toEqual(
      readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })),
    );
  });

  it("applies nothing the second time a database is opened", async () => {
    const url = testPostgresUrl();
    const empty = url ? await createEmptyPostgresDatabase(url) : undefined;
    const dataDir = mkdtempSync(join(tmpdir(), "kuroko-migrate-"));
    const options = { url: empty?.url, dataDir };
    try {
      const first = await openDatabase(options);
      await first.close();
      const second = await openDatabase(options);
      await second.close();

      expect(first.migrated).toEqual(readMigrations().map((m) => m.name));
      expect(second.migrated).toEqual([]);
    } finally {
      await empty?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(testPostgresUrl())(
    "migrates once when several replicas start at the same moment (PostgreSQL)",
    async () => {
      const empty = await createEmptyPostgresDatabase(testPostgresUrl()!);
      try {
        const replicas = await Promise.all(
          [1, 2, 3, 4].map(() => openDatabase({ url: empty.url, dataDir: "unused" })),
        );

        const applied = replicas.flatMap((r) => r.migrated);
        expect(applied.sort()).toEqual(readMigrations().map((m) => m.name));
        expect(await recorded(replicas[0]!)).toHaveLength(readMigrations().length);
        await Promise.all(replicas.map((r) => r.close()));
      } finally {
        await empty.drop();
      }
    },
  );
});

describe("raw reads (Database.query)", () => {
  it("passes text values through exactly, quotes and backslashes included, and reuses statements", async () => {
    const tricky = ["O'Brien", "a\\'b", "'); DELETE FROM accounts; --", "株式会社アクメ", ""];

    for (const value of [...tricky, ...tricky]) {
      const [row] = await db.query<{ v: string; n: number }>("SELECT $1::text AS v, $2::int AS n", [
        value,
        7,
      ]);
      expect(row).toEqual({ v: value, n: 7 });
    }
  });

  it("runs concurrent first uses of one statement", async () => {
    const rows = await Promise.all(
      Array.from({ length: 5 }, (_, i) => db.query<{ n: number }>("SELECT $1::int + 1 AS n", [i])),
    );

    expect(rows.map((r) => r[0]?.n)).toEqual([1, 2, 3, 4, 5]);
  });
});
