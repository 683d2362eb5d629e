import type { z } from "zod";
import { CONTROL_CHARACTERS, escapeControl } from "../format.js";
import { CSV_LIMITS, type CsvRecord } from "./csv-parse.js";
import {
  ACCOUNT_COLUMNS,
  type AccountRow,
  type Column,
  METRIC_COLUMNS,
  METRIC_NAMES,
  type MetricRow,
} from "./rows.js";

/**
 * The pure checks on each row of an imported file (the formats are in rows.ts), made one row
 * at a time as the file streams past. A file is accepted whole or not at all: every bad row is
 * reported with its line number. (Checks across rows, such as a key given twice, are the
 * import's.)
 */

/** A problem with one line of a file (line 1 is the header). */
export interface RowError {
  line: number;
  message: string;
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

type Parsed<C extends Record<string, Column>> = { [K in keyof C]?: z.output<C[K]["schema"]> | null };

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
