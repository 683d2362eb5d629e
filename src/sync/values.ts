/**
 * A warehouse row made into an ingest row (pure): columns renamed to Kuroko's fields, each value
 * from PostgreSQL's text form to what the import's readers take. Values are read as PostgreSQL
 * writes them (no driver parsing), so nothing is shifted by the process's time zone or rounded
 * through a float: dates stay the day they are, numerics keep their digits.
 */

/** A result column as the driver describes it: its name and PostgreSQL type (oid). */
export interface ResultColumn {
  name: string;
  dataTypeID: number;
}

/** A value as the import takes it: text, a number, or null (an empty cell). */
export type Cell = string | number | null;

/** PostgreSQL's built-in type oids this module tells apart (pg_type.oid, stable across versions). */
const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
} as const;

/** Values with no one cell to put them in: cast them in the query. */
const REFUSED: Record<number, string> = {
  [OID.json]: "json",
  [OID.jsonb]: "jsonb",
  [OID.bytea]: "bytea",
  // Arrays of the common types.
  ...Object.fromEntries(
    [1000, 1001, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1115, 1182, 1185, 1231, 199, 2951, 3807].map(
      (oid) => [oid, "an array"],
    ),
  ),
};

/** Numeric text without trailing zeros after the point ("1200.50" → "1200.5", "3.000" → "3"). */
function plainNumeric(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** A float's text in plain notation (never "1e-7"), as a spreadsheet would show it. */
function plainFloat(text: string): Cell {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const plain = String(n);
  return plain.includes("e") ? plainNumeric(n.toFixed(20)) : n;
}

/**
 * One value from PostgreSQL's text form: whole numbers as numbers when exact, numerics with
 * their digits, dates and timestamps as YYYY-MM-DD (a timestamptz in the session's time zone,
 * which the run sets to the team's), booleans as true/false, everything else as text.
 */
export function cellOf(text: string | null, dataTypeID: number): Cell {
  if (text === null) return null;
  switch (dataTypeID) {
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.oid: {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case OID.numeric:
      return plainNumeric(text);
    case OID.float4:
    case OID.float8:
      return plainFloat(text);
    case OID.date:
    case OID.timestamp:
    case OID.timestamptz:
      // "2026-11-23", "2026-11-23 09:00:00", "2026-11-23 09:00:00+09": the day as written.
      return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
    case OID.bool:
      return text === "t" ? "true" : text === "f" ? "false" : text;
    default:
      return text;
  }
}

/** How a query's columns become fields: the plan for each row, or every problem with the columns. */
export type ColumnPlan =
  | { ok: true; fields: { field: string; dataTypeID: number }[] }
  | { ok: false; problems: string[] };

/**
 * Plans a query's columns: each renamed by `rename` (query column → Kuroko field) or kept. Refuses
 * a column of a type with no one cell (json, arrays, bytea), a rename naming no column of the
 * query, and two columns landing on one field.
 */
export function planColumns(columns: readonly ResultColumn[], rename: Record<string, string>): ColumnPlan {
  const problems: string[] = [];
  const names = columns.map((c) => c.name);
  for (const from of Object.keys(rename)) {
    if (!names.includes(from))
      problems.push(
        `columns.${from}: the query has no column "${from}" (its columns: ${names.join(", ") || "none"})`,
      );
  }
  const taken = new Map<string, string>();
  const fields = columns.map((column) => {
    const field = rename[column.name] ?? column.name;
    const earlier = taken.get(field);
    if (earlier !== undefined)
      problems.push(
        earlier === column.name
          ? `the query has two columns named "${column.name}": name each once (AS …)`
          : `columns "${earlier}" and "${column.name}" both become "${field}": map one of them elsewhere`,
      );
    taken.set(field, column.name);
    const refused = REFUSED[column.dataTypeID];
    if (refused)
      problems.push(
        `column "${column.name}" is ${refused}: Kuroko takes text, numbers and dates; cast it in the query (e.g. ${column.name}::text)`,
      );
    return { field, dataTypeID: column.dataTypeID };
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields };
}

/** One row (the driver's array of texts) as an ingest row: field → cell. */
export function rowOf(
  plan: { field: string; dataTypeID: number }[],
  values: readonly (string | null)[],
): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  plan.forEach((column, i) => {
    row[column.field] = cellOf(values[i] ?? null, column.dataTypeID);
  });
  return row;
}
