import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KurokoError } from "../errors.js";

/** The raw SQL access a migration needs: multi-statement scripts and plain queries. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/** Arbitrary but fixed: every Kuroko process takes the same advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_368_417_823_711;

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}/migration.sql`, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Brings the database up to date with `prisma/migrations`, in one transaction under an
 * advisory lock, so replicas starting together apply each migration exactly once (the
 * others wait, then find nothing to do). Records them in Prisma's own `_prisma_migrations`
 * table, so `prisma migrate status` agrees. Returns the names applied.
 *
 * We apply the SQL ourselves because Prisma 6's `migrate deploy` needs its CLI and, through
 * the PostgreSQL driver adapter, trips on prisma/orm#27403.
 */
export async function applyMigrations(runner: SqlRunner, migrations = readMigrations()): Promise<string[]> {
  await runner.exec("BEGIN");
  try {
    await runner.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await runner.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const rows = await runner.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...applied.keys()].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new KurokoError(
        `The database has migrations this version of Kuroko does not know (${unknown.join(", ")}): ` +
          "it was migrated by a newer version. Upgrade Kuroko, or use another database.",
      );
    }
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new KurokoError(
            `Migration ${migration.name} was changed after it was applied; migrations are immutable: ` +
              "restore it and add a new one.",
          );
        }
        continue;
      }
      await runner.exec(migration.sql);
      await runner.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      done.push(migration.name);
    }
    await runner.exec("COMMIT");
    return done;
  } catch (error) {
    await runner.exec("ROLLBACK").catch(() => {});
    throw error;
  }
}
