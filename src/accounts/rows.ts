import { z } from "zod";
import { CONTROL_CHARACTERS, escapeControl } from "../format.js";
import { CSV_LIMITS, type CsvRecord } from "./csv-parse.js";

/**
 * The CSV formats Kuroko imports, and the pure checks on each row, made one row at a time as
 * the file streams past. A file is accepted whole or not at all: every bad row is reported with
 * its line number. (Checks across rows, such as a key given twice, are the import's.)
 */

/** A problem with one line of a file (line 1 is the header). */
export interface RowError {
  line: number;
  message: string;
}

/** The longest value, in characters, each text column keeps. */
export const TEXT_LIMITS = { external_id: 100, name: 200, segment: 100 } as const;

/** Cells from spreadsheets: full-width digits and signs (１２３，－５) are folded to ASCII. */
const folded = (value: string) => value.normalize("NFKC").trim();

/**
 * Text as stored: names and ids reach terminals, Slack and CSV exports, so they carry no
 * control characters. Tabs and line breaks (a name typed on two lines in a cell) become spaces;
 * every other C0 or C1 control character (an escape sequence's ESC, NUL…) is dropped; runs of
 * spaces become one.
 */
export function cleanText(value: string): string {
  return value
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, " ")
    .replace(CONTROL_CHARACTERS, "")
    .trim()
    .replace(/\s+/g, " ");
}

const characters = (value: string) => {
  let count = 0;
  for (const _ of value) count++;
  return count;
};

const text = (max: number) =>
  z
    .string()
    .transform(cleanText)
    .refine((v) => characters(v) <= max, `is longer than ${max} characters, the most this column takes`);
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "must not be empty"));

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

/**
 * ISO 4217 codes in use, as the runtime's ICU data knows them (the same list that formats
 * amounts, so every stored currency can be shown). Funds and test codes (XTS, XXX) are not in it.
 */
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** A currency code, written in capitals whatever case the cell used (`jpy` is stored as JPY). */
const currency = z
  .string()
  .transform((v) => folded(v).toUpperCase())
  .pipe(
    z.string().refine((v) => CURRENCIES.has(v), "is not an ISO 4217 currency code (such as USD, EUR or JPY)"),
  );

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
  .pipe(
    z
      .string()
      .max(253, "is longer than a domain can be (253 characters)")
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a domain such as acme.com"),
  );

interface Column {
  schema: z.ZodType;
  required?: boolean;
}

/** accounts.csv: one row per account, upserted by external_id. */
export const ACCOUNT_COLUMNS = {
  external_id: { schema: requiredText(TEXT_LIMITS.external_id), required: true },
  name: { schema: requiredText(TEXT_LIMITS.name), required: true },
  domain: { schema: domain },
  arr: { schema: amount },
  currency: { schema: currency },
  renewal_date: { schema: isoDate },
  owner_slack_id: { schema: slackUserId },
  segment: { schema: text(TEXT_LIMITS.segment) },
} satisfies Record<string, Column>;

/** metrics.csv: one row per account and day; an empty cell keeps what is already stored. */
export const METRIC_COLUMNS = {
  external_id: { schema: requiredText(TEXT_LIMITS.external_id), required: true },
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

/**
 * What a row reader makes of one record: the row when every cell is good, its key when at
 * least that could be read (so that a key repeated by a bad row is still reported), and the
 * problems.
 */
export interface ReadRow<Row, Key> {
  row?: Row;
  key?: Key;
  errors: RowError[];
}

/** Reads a file's records one at a time: the header first, then each row, then `end`. */
export interface RowReader<Row, Key, Name extends string> {
  /** Checks the header; any problem refuses the file (the rows are not read). */
  header(record: CsvRecord | undefined): RowError[];
  /** The columns the header has, in its order: a column it lacks is left alone. */
  readonly present: Name[];
  row(record: CsvRecord): ReadRow<Row, Key>;
  /** Problems seen only at the end (a header and no rows). */
  end(): RowError[];
}

const headerKey = (name: string) =>
  name
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/** A cell as a message quotes it: at most 40 characters, control characters made visible. */
export function quoteCell(cell: string): string {
  const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
  return `"${shown.replaceAll('"', '\\"').replace(CONTROL_CHARACTERS, escapeControl)}"`;
}

const thousands = (n: number) => n.toLocaleString("en-US");

/** A reader for one column set: the shared header and cell checks. */
function tableReader<C extends Record<string, Column>>(columns: C) {
  const names: string[] = [];
  const present: (keyof C & string)[] = [];
  let headerLine = 1;
  let rows = 0;
  return {
    present,
    header(record: CsvRecord | undefined): RowError[] {
      if (!record) return [{ line: 1, message: "the file is empty (no header row)" }];
      headerLine = record.line;
      const errors: RowError[] = [];
      if (record.tooManyFields) {
        return [{ line: record.line, message: `the header has more than ${CSV_LIMITS.fields} columns` }];
      }
      const known = Object.keys(columns);
      record.fields.forEach((field, index) => {
        const name = headerKey(field);
        names.push(name);
        if (record.longField === index || !(name in columns)) {
          errors.push({
            line: record.line,
            message: `unknown column ${quoteCell(field)} (the columns are: ${known.join(", ")})`,
          });
        } else if (present.includes(name)) {
          errors.push({ line: record.line, message: `column "${name}" appears twice` });
        } else {
          present.push(name);
        }
      });
      for (const [name, column] of Object.entries(columns)) {
        if (column.required && !names.includes(name)) {
          errors.push({ line: record.line, message: `required column "${name}" is missing` });
        }
      }
      return errors;
    },
    /** The row's values (null for an empty or bad cell), whether all were good, and the problems. */
    row(record: CsvRecord): { values: Parsed<C>; ok: boolean; errors: RowError[] } {
      rows++;
      const values: Record<string, unknown> = {};
      if (record.tooManyFields || record.fields.length !== names.length) {
        const has = record.tooManyFields ? `more than ${CSV_LIMITS.fields}` : String(record.fields.length);
        return {
          values: values as Parsed<C>,
          ok: false,
          errors: [
            {
              line: record.line,
              message: `has ${has} fields, the header has ${names.length} (a comma in an unquoted value?)`,
            },
          ],
        };
      }
      const errors: RowError[] = [];
      names.forEach((name, index) => {
        const column = columns[name] as Column;
        values[name] = null;
        if (record.longField === index) {
          errors.push({
            line: record.line,
            message: `${name} is longer than ${thousands(CSV_LIMITS.fieldChars)} characters, the most a field may hold (a quote never closed?)`,
          });
          return;
        }
        const cell = record.fields[index] ?? "";
        if (cell.trim() === "") {
          if (column.required)
            errors.push({ line: record.line, message: `${name} is empty (it is required)` });
          return;
        }
        const result = column.schema.safeParse(cell);
        if (result.success) values[name] = result.data;
        else
          errors.push({
            line: record.line,
            message: `${name} ${quoteCell(cell)} ${result.error.issues[0]?.message}`,
          });
      });
      return { values: values as Parsed<C>, ok: errors.length === 0, errors };
    },
    end(): RowError[] {
      return rows === 0 ? [{ line: headerLine, message: "the file has a header but no rows" }] : [];
    },
  };
}

/** Reads accounts.csv. Its key is the external id. */
export function accountsReader(): RowReader<
  AccountRow,
  { line: number; externalId: string },
  keyof typeof ACCOUNT_COLUMNS
> {
  const table = tableReader(ACCOUNT_COLUMNS);
  return {
    ...table,
    row(record) {
      const { values: v, ok, errors } = table.row(record);
      const key = v.external_id ? { line: record.line, externalId: v.external_id } : undefined;
      if (!ok) return { key, errors };
      const row: AccountRow = {
        line: record.line,
        externalId: v.external_id!,
        name: v.name!,
        domain: v.domain,
        arr: v.arr,
        currency: v.currency,
        renewalDate: v.renewal_date,
        ownerSlackId: v.owner_slack_id,
        segment: v.segment,
      };
      return { row, key, errors };
    },
  };
}

/** Reads metrics.csv. Its key is the external id and the day. */
export function metricsReader(): RowReader<
  MetricRow,
  { line: number; externalId: string; date: Date },
  keyof typeof METRIC_COLUMNS
> {
  const table = tableReader(METRIC_COLUMNS);
  return {
    ...table,
    header(record) {
      const errors = table.header(record);
      if (errors.length === 0 && !METRIC_NAMES.some((m) => table.present.includes(m))) {
        errors.push({
          line: record?.line ?? 1,
          message: `no metric columns (expected some of: ${METRIC_NAMES.join(", ")})`,
        });
      }
      return errors;
    },
    row(record) {
      const { values: v, ok, errors } = table.row(record);
      const key =
        v.external_id && v.date ? { line: record.line, externalId: v.external_id, date: v.date } : undefined;
      if (!ok) return { key, errors };
      const row: MetricRow = {
        line: record.line,
        externalId: v.external_id!,
        date: v.date!,
        values: Object.fromEntries(
          METRIC_NAMES.filter((m) => table.present.includes(m)).map((m) => [m, v[m] ?? null]),
        ),
      };
      return { row, key, errors };
    },
  };
}
