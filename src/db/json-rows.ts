import type { SqlQuery } from "./database.js";

/**
 * A read whose statement returns one row with one column `rows`: a `json_agg(...)::text` of the
 * rows, each a JSON array. Parsed by one `JSON.parse`: at a million accounts, the driver's parsing
 * of each column of each row (and the objects it made) cost a third of a job's Node time. Callers
 * check each row's shape. No rows: `[]`.
 */
export async function jsonRows(sql: SqlQuery, statement: string, params: unknown[]): Promise<unknown[][]> {
  const [found] = await sql<{ rows: string | null }>(statement, params);
  const rows: unknown = found?.rows ? JSON.parse(found.rows) : [];
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    throw new Error("a JSON read did not return an array of arrays");
  return rows as unknown[][];
}
