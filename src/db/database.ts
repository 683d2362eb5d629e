import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { KurokoError } from "../errors.js";
import { PrismaClient } from "../generated/prisma/client.js";
import { lockDataDir } from "./data-dir-lock.js";
import { applyMigrations, type SqlRunner } from "./migrate.js";
import { pgliteAdapter } from "./pglite-adapter.js";
import { preparedReader } from "./pglite-statements.js";

export type { Prisma, PrismaClient } from "../generated/prisma/client.js";

/** An open database: the Prisma client and its lifecycle. Nothing outside src/db knows the engine. */
export interface Database {
  readonly prisma: PrismaClient;
  /** For logs and `/healthz`: "embedded database in .data/pglite" or "PostgreSQL at host:5432/db". */
  readonly description: string;
  /**
   * A read straight through the driver, bypassing Prisma: for the few hot paths (a `/health`
   * answer) where Prisma's own cost per query (about 1 ms, more than the query) matters.
   * Return dates and numerics as text or JSON, so that both engines give the same values.
   */
  query: SqlQuery;
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type SqlQuery = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface OpenedDatabase extends Database {
  /** The migrations this open applied (usually none). */
  readonly migrated: string[];
  /** The embedded database: a copy of all of it, to start others from (see `template`). */
  dump?(): Promise<Blob>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; unset means the embedded database. */
  url?: string;
  /** The embedded database's directory; "memory://" keeps it in memory (tests). */
  dataDir: string;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /**
   * An in-memory embedded database starts as a copy of this one (a `dumpDataDir` of a database
   * already migrated), which is several times faster than creating one: for tests.
   */
  template?: Blob;
}

/** The raw statements of a transaction, as Prisma's client has them (what imports use). */
export type RawDb = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

/** Runs `work` in one transaction on one connection, straight through the driver. */
export type DriverTransaction = <T>(work: (tx: RawDb) => Promise<T>) => Promise<T>;

/**
 * Raw statements over a driver's query: rows for `$queryRawUnsafe`, the count of rows for
 * `$executeRawUnsafe`. Values as the driver reads them: cast what you read (`::int`, text).
 */
function rawOver(
  run: (sql: string, params: unknown[]) => Promise<{ rows: unknown[]; count: number }>,
): RawDb {
  const raw = {
    $queryRawUnsafe: async (sql: string, ...params: unknown[]) => (await run(sql, params)).rows,
    $executeRawUnsafe: async (sql: string, ...params: unknown[]) => (await run(sql, params)).count,
  };
  // Prisma's methods return its PrismaPromise (a promise that runs when awaited); these are
  // plain promises, which every caller here awaits at once.
  return raw as unknown as RawDb;
}

interface Engine {
  prisma: PrismaClient;
  transaction: DriverTransaction;
  dump?(): Promise<Blob>;
  /** Runs `work` with a runner on one connection (a transaction's worth of SQL). */
  withRunner<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
  query: SqlQuery;
  description: string;
  close(): Promise<void>;
}

/** Each open database's driver, by its Prisma client (see `driverOf`). */
const DRIVERS = new WeakMap<object, { query: SqlQuery; transaction: DriverTransaction }>();

/**
 * The driver behind a Prisma client that `openDatabase` opened (the same pool or embedded
 * database), for work whose statements carry large parameters or results: Prisma passes each
 * raw statement through its query compiler, which costs ~50 ms for a 170 KB parameter where the
 * driver takes ~5 ms (measured; see docs/benchmarks.md). Statements only, outside any Prisma
 * transaction; values as `Database.query` returns them (dates as text). Throws for a client
 * not opened here.
 */
export function driverOf(prisma: object): SqlQuery {
  return driver(prisma).query;
}

/**
 * A transaction straight through the driver behind a Prisma client (see `driverOf`): for the
 * imports, whose staging statements each carry ~170 KB of JSON. All or nothing, as Prisma's:
 * committed when `work` resolves, rolled back when it throws.
 */
export function driverTransactionOf(prisma: object): DriverTransaction {
  return driver(prisma).transaction;
}

function driver(prisma: object) {
  const found = DRIVERS.get(prisma);
  if (!found) throw new Error("driverOf: this Prisma client was not opened by openDatabase");
  return found;
}

/** Opens the database, brings its schema up to date, and returns it. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  const engine = options.url
    ? await openPostgres(options.url)
    : await openEmbedded(options.dataDir, options.template);
  try {
    const migrated = options.migrate === false ? [] : await engine.withRunner(applyMigrations);
    DRIVERS.set(engine.prisma, { query: engine.query, transaction: engine.transaction });
    return {
      prisma: engine.prisma,
      description: engine.description,
      migrated,
      query: engine.query,
      ...(engine.dump ? { dump: engine.dump } : {}),
      ping: async () => {
        await engine.prisma.$queryRawUnsafe("SELECT 1");
      },
      close: engine.close,
    };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/**
 * The embedded Postgres runs inside this process, its memory a WebAssembly heap that grows and
 * never shrinks: Postgres's defaults for a dedicated server (128 MB of shared buffers, 100
 * connections) would cost about 150 MB here for nothing. The operating system's page cache
 * holds the data directory's files already (or the in-memory file system does), so a small
 * buffer pool loses little (see docs/benchmarks.md, "Memory").
 */
export const EMBEDDED_SETTINGS = [
  "shared_buffers=16MB",
  "wal_buffers=1MB",
  "max_connections=10",
  "work_mem=4MB",
  "maintenance_work_mem=16MB",
  "temp_buffers=4MB",
];

const embeddedOptions = {
  startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ["-c", s])],
};

async function openEmbedded(dataDir: string, template?: Blob): Promise<Engine> {
  if (dataDir === "memory://") {
    const client = await PGlite.create("memory://", {
      ...embeddedOptions,
      ...(template ? { loadDataDir: template } : {}),
    });
    return embeddedEngine(client, "embedded database in memory", async () => {});
  }
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const release = lockDataDir(root);
  try {
    const client = await PGlite.create(`${root}/pglite`, embeddedOptions);
    return embeddedEngine(client, `embedded database in ${dataDir}/pglite`, async () => release());
  } catch (error) {
    release();
    throw error;
  }
}

function embeddedEngine(client: PGlite, description: string, afterClose: () => Promise<void>): Engine {
  const prisma = new PrismaClient({ adapter: pgliteAdapter(client) });
  return {
    prisma,
    description,
    query: preparedReader(client),
    // PGlite's transaction holds the database: Prisma's statements wait for it, as they would
    // for a Prisma transaction on the one connection.
    transaction: (work) =>
      client.transaction((tx) =>
        work(
          rawOver(async (sql, params) => {
            const result = await tx.query(sql, params);
            return { rows: result.rows, count: result.affectedRows ?? 0 };
          }),
        ),
      ),
    dump: () => client.dumpDataDir("none"),
    withRunner: (work) =>
      work({
        exec: async (sql) => {
          await client.exec(sql);
        },
        query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
      }),
    close: async () => {
      await prisma.$disconnect();
      await client.close();
      await afterClose();
    },
  };
}

async function openPostgres(url: string): Promise<Engine> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection (a restart, a failover, idle_session_timeout) must not
  // crash the process: the pool drops it and the next query opens a new connection.
  pool.on("error", () => {});
  try {
    // Reachable at start, or start-up stops with a plain message.
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end();
    throw new KurokoError(`Cannot connect to PostgreSQL at ${redact(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    description: `PostgreSQL at ${redact(url)}`,
    // Named after their text, so each connection prepares a statement once and Postgres can
    // reuse its plan: for the lookup, planning costs several times the execution.
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await pool.query({ name: statementName(sql), text: sql, values: params })).rows as T[],
    transaction: async (work) => {
      const client = await pool.connect();
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        try {
          const result = await work(
            rawOver(async (sql, params) => {
              const found = await client.query(sql, params);
              return { rows: found.rows, count: found.rowCount ?? 0 };
            }),
          );
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        }
      } finally {
        client.removeListener("error", onError);
        client.release(lost ?? false);
      }
    },
    // Migrations need one connection for their transaction: checked out for that only, and
    // given back (never held for the life of the process, where its loss would be unhandled).
    withRunner: async (work) => {
      const client = await pool.connect();
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on("error", onError);
      try {
        return await work({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <T>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as T[],
        });
      } finally {
        client.removeListener("error", onError);
        client.release(lost ?? false);
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

const statementNames = new Map<string, string>();

/** A stable name for a statement's text (a memo of a pure function). */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `k${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
    if (statementNames.size < 1_000) statementNames.set(sql, name);
  }
  return name;
}

/** host:port/database, never the password. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}
