import type { SqlQuery } from "./database.js";

/**
 * A read whose statement returns one row with one column `rows`: a `json_agg(...)::text` of the
 * rows, each a JSON array. Parsed by one `JSON.parse`: at a million accounts, the driver's parsing
 * of each column of each row (and the objects it made) cost a third of a job's Node time. Callers
 * check each row's shape. No rows: `[]`.
 */
export async function jsonRows(sql: SqlQuery, statement: string, params: unknown[]): Promise<unknown[][]> {
  return (await jsonRowsWith(sql, statement, params)).rows;
}

/**
 * `jsonRows` for a statement whose one row has other columns beside `rows` (counts of what it
 * did not return, say): those come back as the driver gives them.
 */
export async function jsonRowsWith(
  sql: SqlQuery,
  statement: string,
  params: unknown[],
): Promise<{ rows: unknown[][]; columns: Record<string, unknown> }> {
  const [found] = await sql<{ rows: string | null } & Record<string, unknown>>(statement, params);
  const rows: unknown = found?.rows ? JSON.parse(found.rows) : [];
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    throw new Error("a JSON read did not return an array of arrays");
  return { rows: rows as unknown[][], columns: found ?? {} };
}
