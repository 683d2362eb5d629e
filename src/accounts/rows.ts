import { z } from "zod";
import type { CsvRecord } from "./csv.js";

/**
 * The CSV formats Kuroko imports, and the pure checks on each row. A file is accepted whole
 * or not at all: every bad row is reported with its line number.
 */

/** A problem with one line of a file (line 1 is the header). */
export interface RowError {
  line: number;
  message: string;
}

/** Cells from spreadsheets: full-width digits and signs (１２３，－５) are folded to ASCII. */
const folded = (value: string) => value.normalize("NFKC").trim();

const text = z.string().transform((v) => v.trim().replace(/\s+/g, " "));
const requiredText = text.pipe(z.string().min(1, "must not be empty"));

const isoDate = z
  .string()
  .transform(folded)
  .pipe(z.string().regex(/^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/, "must be a date as YYYY-MM-DD"))
  .transform((v, ctx) => {
    const [y, m, d] = v.split(/[-/]/).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      ctx.addIssue({ code: "custom", message: "is not a real calendar date" });
      return z.NEVER;
    }
    return date;
  });

/** Amounts as spreadsheets write them: "1,200,000", "$1200.50", "¥1,200,000". */
const amount = z
  .string()
  .transform((v) =>
    folded(v)
      .replace(/^[$¥€£]/, "")
      .replace(/[,\s_]/g, ""),
  )
  .pipe(z.string().regex(/^\d+(\.\d{1,2})?$/, "must be a non-negative amount such as 120000 or 120000.50"))
  .transform(Number);

const count = z
  .string()
  .transform(folded)
  .pipe(z.string().regex(/^\d+$/, "must be a whole number, 0 or more"))
  .transform(Number);

const ranged = (min: number, max: number, integer = false) =>
  z
    .string()
    .transform((v) => folded(v).replace(/%$/, ""))
    .pipe(
      z
        .string()
        .regex(
          integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/,
          `must be a ${integer ? "whole " : ""}number from ${min} to ${max}`,
        ),
    )
    .transform(Number)
    .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`));

const currency = z
  .string()
  .transform((v) => folded(v).toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter ISO 4217 code such as USD, EUR or JPY"));

const slackUserId = z
  .string()
  .transform(folded)
  .pipe(
    z
      .string()
      .regex(/^[UW][A-Z0-9]{6,}$/, "must be a Slack user id such as U0123ABCD (not a name or @handle)"),
  );

const domain = z
  .string()
  .transform((v) =>
    folded(v)
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\/.*$/, ""),
  )
  .pipe(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a domain such as acme.com"));

interface Column {
  schema: z.ZodType;
  required?: boolean;
}

/** accounts.csv: one row per account, upserted by external_id. */
export const ACCOUNT_COLUMNS = {
  external_id: { schema: requiredText, required: true },
  name: { schema: requiredText, required: true },
  domain: { schema: domain },
  arr: { schema: amount },
  currency: { schema: currency },
  renewal_date: { schema: isoDate },
  owner_slack_id: { schema: slackUserId },
  segment: { schema: text },
} satisfies Record<string, Column>;

/** metrics.csv: one row per account and day; an empty cell keeps what is already stored. */
export const METRIC_COLUMNS = {
  external_id: { schema: requiredText, required: true },
  date: { schema: isoDate, required: true },
  active_users: { schema: count },
  licensed_seats: { schema: count },
  logins_30d: { schema: count },
  feature_adoption: { schema: ranged(0, 100) },
  open_tickets: { schema: count },
  p1_tickets_30d: { schema: count },
  nps: { schema: ranged(-100, 100, true) },
  csat: { schema: ranged(0, 100) },
  days_since_last_touch: { schema: count },
  days_overdue: { schema: count },
} satisfies Record<string, Column>;

export const METRIC_NAMES = Object.keys(METRIC_COLUMNS).filter(
  (c) => c !== "external_id" && c !== "date",
) as Exclude<keyof typeof METRIC_COLUMNS, "external_id" | "date">[];

type Parsed<C extends Record<string, Column>> = { [K in keyof C]?: z.output<C[K]["schema"]> | null };

export interface AccountRow {
  line: number;
  externalId: string;
  name: string;
  domain?: string | null;
  arr?: number | null;
  currency?: string | null;
  renewalDate?: Date | null;
  ownerSlackId?: string | null;
  segment?: string | null;
}

export type MetricName = (typeof METRIC_NAMES)[number];

export interface MetricRow {
  line: number;
  externalId: string;
  date: Date;
  values: Partial<Record<MetricName, number | null>>;
}

const headerKey = (name: string) =>
  name
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/** A row as read: `ok` is false when any of its cells failed (its errors are reported). */
interface TableRow<C extends Record<string, Column>> {
  line: number;
  values: Parsed<C>;
  ok: boolean;
}

/**
 * Validates a whole file against a column set. Returns the parsed rows, the columns the file
 * has, and every error found (an empty list means the file is good).
 */
function validateTable<C extends Record<string, Column>>(
  records: CsvRecord[],
  columns: C,
): { rows: TableRow<C>[]; present: (keyof C & string)[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const [header, ...body] = records;
  if (!header)
    return { rows: [], present: [], errors: [{ line: 1, message: "the file is empty (no header row)" }] };
  const names = header.fields.map(headerKey);
  const known = Object.keys(columns);
  const present: (keyof C & string)[] = [];
  names.forEach((name, index) => {
    if (!(name in columns)) {
      errors.push({
        line: header.line,
        message: `unknown column "${header.fields[index]}" (the columns are: ${known.join(", ")})`,
      });
    } else if (present.includes(name)) {
      errors.push({ line: header.line, message: `column "${name}" appears twice` });
    } else {
      present.push(name);
    }
  });
  for (const [name, column] of Object.entries(columns)) {
    if (column.required && !names.includes(name)) {
      errors.push({ line: header.line, message: `required column "${name}" is missing` });
    }
  }
  if (errors.length > 0) return { rows: [], present, errors };
  if (body.length === 0) errors.push({ line: header.line, message: "the file has a header but no rows" });

  const rows: TableRow<C>[] = [];
  for (const record of body) {
    if (record.fields.length !== names.length) {
      errors.push({
        line: record.line,
        message: `has ${record.fields.length} fields, the header has ${names.length} (a comma in an unquoted value?)`,
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    let ok = true;
    names.forEach((name, index) => {
      const column = columns[name] as Column;
      const cell = record.fields[index] ?? "";
      if (cell.trim() === "") {
        if (column.required) {
          errors.push({ line: record.line, message: `${name} is empty (it is required)` });
          ok = false;
        }
        values[name] = null;
        return;
      }
      const result = column.schema.safeParse(cell);
      if (result.success) {
        values[name] = result.data;
      } else {
        ok = false;
        const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
        errors.push({ line: record.line, message: `${name} "${shown}" ${result.error.issues[0]?.message}` });
      }
    });
    rows.push({ line: record.line, values: values as Parsed<C>, ok });
  }
  return { rows, present, errors };
}

/**
 * Rows whose key repeats an earlier row's: the file must say one thing per key. Checked over
 * every row whose key could be read, valid or not, so that one pass shows every problem.
 */
function duplicates<T extends { line: number }>(
  rows: T[],
  key: (row: T) => string | undefined,
  what: string,
): RowError[] {
  const firstLine = new Map<string, number>();
  const errors: RowError[] = [];
  for (const row of rows) {
    const k = key(row);
    if (k === undefined) continue;
    const first = firstLine.get(k);
    if (first === undefined) firstLine.set(k, row.line);
    else errors.push({ line: row.line, message: `${what} repeats line ${first}` });
  }
  return errors;
}

export function validateAccounts(records: CsvRecord[]): {
  rows: AccountRow[];
  present: (keyof typeof ACCOUNT_COLUMNS)[];
  errors: RowError[];
} {
  const table = validateTable(records, ACCOUNT_COLUMNS);
  const errors = [
    ...table.errors,
    ...duplicates(table.rows, (r) => r.values.external_id ?? undefined, "external_id"),
  ];
  const rows: AccountRow[] = table.rows
    .filter((r) => r.ok)
    .map(({ line, values: v }) => ({
      line,
      externalId: v.external_id!,
      name: v.name!,
      domain: v.domain,
      arr: v.arr,
      currency: v.currency,
      renewalDate: v.renewal_date,
      ownerSlackId: v.owner_slack_id,
      segment: v.segment,
    }));
  return { rows, present: table.present, errors: sortErrors(errors) };
}

export function validateMetrics(records: CsvRecord[]): { rows: MetricRow[]; errors: RowError[] } {
  const table = validateTable(records, METRIC_COLUMNS);
  const errors = [...table.errors];
  if (table.errors.length === 0 && !METRIC_NAMES.some((m) => table.present.includes(m))) {
    errors.push({ line: 1, message: `no metric columns (expected some of: ${METRIC_NAMES.join(", ")})` });
  }
  const dayKey = (v: Parsed<typeof METRIC_COLUMNS>) =>
    v.external_id && v.date ? `${v.external_id}\u0000${v.date.toISOString()}` : undefined;
  errors.push(...duplicates(table.rows, (r) => dayKey(r.values), "external_id and date"));
  const rows: MetricRow[] = table.rows
    .filter((r) => r.ok)
    .map(({ line, values: v }) => ({
      line,
      externalId: v.external_id!,
      date: v.date!,
      values: Object.fromEntries(
        METRIC_NAMES.filter((m) => table.present.includes(m)).map((m) => [m, v[m] ?? null]),
      ),
    }));
  return { rows, errors: sortErrors(errors) };
}

const sortErrors = (errors: RowError[]) => errors.sort((a, b) => a.line - b.line);
