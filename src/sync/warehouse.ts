import pg from "pg";
import { KurokoError } from "../errors.js";
import type { WarehouseSource } from "./sources.js";
import type { ResultColumn } from "./values.js";

/**
 * One source's query on its database, read a slice at a time: a READ ONLY transaction (PostgreSQL
 * refuses any write, whatever the SQL says), the statement time-out set in it, the rows through a
 * server-side cursor (`FETCH` 5,000 at a time) so memory stays bounded however large the result.
 * Values come as PostgreSQL writes them (values.ts converts them).
 */

/** Rows per FETCH. */
export const FETCH_ROWS = 5_000;

/** How long connecting may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/** The source failed on its database; the message names what happened (never the URL). */
export class WarehouseError extends KurokoError {}

/** No parsing: every value arrives as PostgreSQL's text (or null). */
const RAW_TYPES = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

const CURSOR = "kuroko_sync";
const DECLARE = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR\n`;

export interface WarehouseQuery {
  /** The result's columns, known once the first slice is fetched. */
  columns: ResultColumn[];
  /** The rows, a slice at a time (the first already fetched). */
  batches: AsyncIterable<(string | null)[][]>;
  /** Ends the transaction (rolled back: it only read) and the connection. */
  close(): Promise<void>;
}

/** The source's problem in plain words: what failed, with PostgreSQL's own message. */
function describe(source: WarehouseSource, error: unknown, seconds: number): WarehouseError {
  const e = error as Error & { code?: string; position?: string; hint?: string };
  const code = e.code ?? "";
  // query_canceled: the time-out, unless someone cancelled it by hand (a server in another
  // language words it differently, hence the code first).
  if (code === "57014" && !/user request/i.test(e.message))
    return new WarehouseError(
      `timed out: the query ran past its ${seconds} s time-out (timeout in the sources file); nothing was written`,
    );
  if (code === "25006")
    return new WarehouseError(`the query tried to write (${e.message}): a source only reads`);
  if (/^[0-9A-Z]{5}$/.test(code)) {
    const at = e.position ? ` at character ${Number(e.position) - DECLARE.length}` : "";
    return new WarehouseError(`the query failed${at}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`);
  }
  return new WarehouseError(`cannot reach the database in ${source.urlEnv}: ${e.message}`);
}

/**
 * Connects to `source`'s database and runs its query up to the first slice of rows. Throws
 * `WarehouseError` (connection refused, bad SQL, a write, the time-out), the connection closed.
 * `timezone` is the session's, so that a timestamptz is read as the team's day.
 */
export async function openWarehouseQuery(
  source: WarehouseSource,
  options: { timezone: string; fetchRows?: number },
): Promise<WarehouseQuery> {
  const fetchRows = options.fetchRows ?? FETCH_ROWS;
  const seconds = Math.round(source.timeoutMs / 100) / 10;
  const client = new pg.Client({
    connectionString: source.url,
    types: RAW_TYPES,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A backstop for a network that stops answering: the server's time-out comes first.
    query_timeout: source.timeoutMs + 30_000,
    application_name: "kuroko-sync",
  });
  // A connection lost while idle between slices surfaces on the next query; never crash the process.
  client.on("error", () => {});
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  };
  // The time-out bounds the query's time in the database across all its slices.
  let spent = 0;
  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const remaining = source.timeoutMs - spent;
    if (remaining <= 0) throw Object.assign(new Error("statement timeout"), { code: "57014" });
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(remaining)]);
    const started = performance.now();
    try {
      return await run();
    } finally {
      spent += performance.now() - started;
    }
  };
  const fetch = () =>
    timed(() =>
      client.query<(string | null)[]>({
        text: `FETCH FORWARD ${fetchRows} FROM ${CURSOR}`,
        rowMode: "array",
      }),
    );
  try {
    await client.connect();
    await client.query("BEGIN TRANSACTION READ ONLY");
    await client.query("SELECT set_config('TimeZone', $1, true)", [options.timezone]);
    // The extended protocol runs exactly one statement: a second one smuggled in is an error.
    await timed(() =>
      client.query({ text: `${DECLARE}${source.query}`, queryMode: "extended" } as pg.QueryConfig),
    );
    const first = await fetch();
    const columns = first.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    async function* batches(): AsyncGenerator<(string | null)[][]> {
      try {
        let slice = first;
        yield slice.rows;
        while (slice.rows.length === fetchRows) {
          try {
            slice = await fetch();
          } catch (error) {
            throw describe(source, error, seconds);
          }
          if (slice.rows.length > 0) yield slice.rows;
        }
      } finally {
        await close();
      }
    }
    return { columns, batches: batches(), close };
  } catch (error) {
    await close();
    throw describe(source, error, seconds);
  }
}
