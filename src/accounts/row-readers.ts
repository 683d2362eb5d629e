import type { z } from "zod";
import { CONTROL_CHARACTERS, escapeControl } from "../format.js";
import { CSV_LIMITS, type CsvRecord } from "./csv-parse.js";
import { type ColumnMapping, resolveHeader, sourcesOf, suggestMapping } from "./mappings.js";
import {
  ACCOUNT_COLUMNS,
  type AccountRow,
  type Column,
  LONG_METRIC_COLUMNS,
  type MetricRow,
  metricColumns,
  OUTCOME_COLUMNS,
  type OutcomeRow,
  signalValue,
} from "./rows.js";
import type { SignalCatalogue } from "./signals.js";

/**
 * The pure checks on each row of an imported file (the formats are in rows.ts), made one row
 * at a time as the file streams past. A file is accepted whole or not at all: every bad row is
 * reported with its line number. (Checks across rows, such as a key given twice, are the
 * import's.)
 */

/** A problem with one line of a file (line 1 is the header), and the column it is in, if one. */
export interface RowError {
  line: number;
  message: string;
  field?: string;
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
  /** The file's columns a mapping did not take, by their headers (read with a mapping only). */
  readonly ignored?: string[];
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

/**
 * A reader for one column set: the shared header and cell checks. With a mapping, the header's
 * columns are named by it and those it does not take are ignored (their cells never read).
 */
function tableReader<C extends Record<string, Column>>(columns: C, mapping?: ColumnMapping) {
  const names: (string | undefined)[] = [];
  const present: (keyof C & string)[] = [];
  const ignored: string[] = [];
  let headerLine = 1;
  let rows = 0;
  return {
    present,
    ignored,
    header(record: CsvRecord | undefined): RowError[] {
      if (!record) return [{ line: 1, message: "the file is empty (no header row)" }];
      headerLine = record.line;
      const errors: RowError[] = [];
      if (record.tooManyFields) {
        return [{ line: record.line, message: `the header has more than ${CSV_LIMITS.fields} columns` }];
      }
      const known = Object.keys(columns);
      const mapped = mapping ? resolveHeader(record.fields, mapping) : undefined;
      if (mapped) ignored.push(...mapped.ignored);
      record.fields.forEach((field, index) => {
        if (mapped && mapped.targets[index] === undefined) {
          names.push(undefined);
          return;
        }
        const name = mapped ? mapped.targets[index]! : headerKey(field);
        names.push(name);
        if (record.longField === index || !Object.hasOwn(columns, name)) {
          errors.push({
            line: record.line,
            message: `unknown column ${quoteCell(field)} (the columns are: ${known.join(", ")})`,
            field,
          });
        } else if (present.includes(name)) {
          errors.push({ line: record.line, message: `column "${name}" appears twice`, field: name });
        } else {
          present.push(name);
        }
      });
      for (const [name, column] of Object.entries(columns)) {
        if (column.required && !names.includes(name)) {
          const from = mapping?.columns[name]
            ? ` (the mapping ${mapping.name} takes it from ${sourcesOf(mapping, name)})`
            : "";
          errors.push({
            line: record.line,
            message: `required column "${name}" is missing${from}`,
            field: name,
          });
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
        if (name === undefined) return;
        const column = columns[name] as Column;
        values[name] = null;
        if (record.longField === index) {
          errors.push({
            line: record.line,
            message: `${name} is longer than ${thousands(CSV_LIMITS.fieldChars)} characters, the most a field may hold (a quote never closed?)`,
            field: name,
          });
          return;
        }
        const cell = record.fields[index] ?? "";
        if (cell.trim() === "") {
          if (column.required)
            errors.push({ line: record.line, message: `${name} is empty (it is required)`, field: name });
          return;
        }
        const result = column.schema.safeParse(cell);
        if (result.success) values[name] = result.data;
        else
          errors.push({
            line: record.line,
            message: `${name} ${quoteCell(cell)} ${result.error.issues[0]?.message}`,
            field: name,
          });
      });
      return { values: values as Parsed<C>, ok: errors.length === 0, errors };
    },
    end(): RowError[] {
      return rows === 0 ? [{ line: headerLine, message: "the file has a header but no rows" }] : [];
    },
  };
}

/**
 * The header problems of a file read without a mapping, when its columns are not Kuroko's: the
 * ready mapping it most likely needs, or else the unknown columns and, when most of them are
 * unknown (an export, rather than a typo), where mappings are told.
 */
function unmappedHeaderProblems(record: CsvRecord | undefined, errors: RowError[]): RowError[] {
  const unknown = errors.filter((e) => e.message.startsWith("unknown column")).length;
  if (!record || unknown === 0) return errors;
  const suggested = suggestMapping(record.fields);
  if (suggested) {
    return [
      {
        line: record.line,
        message: `This looks like a ${suggested.label}: import it with --mapping ${suggested.name}`,
      },
    ];
  }
  if (unknown * 2 <= record.fields.length) return errors;
  return [
    ...errors,
    {
      line: record.line,
      message: "a CRM export? Map its columns to Kuroko's with --mapping (see docs/crm-exports.md)",
    },
  ];
}

/**
 * Reads accounts.csv, or a CRM export through a column mapping. Its key is the external id. The
 * owner is given by Slack user id (owner_slack_id) or by e-mail (owner_email, looked up in Slack
 * by the import), not both.
 */
export function accountsReader(
  mapping?: ColumnMapping,
): RowReader<AccountRow, { line: number; externalId: string }, keyof typeof ACCOUNT_COLUMNS> {
  const table = tableReader(ACCOUNT_COLUMNS, mapping);
  return {
    ...table,
    header(record) {
      const errors = table.header(record);
      if (table.present.includes("owner_slack_id") && table.present.includes("owner_email")) {
        errors.push({
          line: record?.line ?? 1,
          message: "give the owner as owner_slack_id or as owner_email, not both",
          field: "owner_email",
        });
      }
      return mapping ? errors : unmappedHeaderProblems(record, errors);
    },
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
        ownerEmail: v.owner_email,
        segment: v.segment,
      };
      return { row, key, errors };
    },
  };
}

/** A metrics row's key: the account and day, and in the long form the signal. */
export type MetricKey = { line: number; externalId: string; date: Date; signal?: string };

/**
 * Reads metrics.csv in either form: wide (`external_id,date,<signal>,…`, a column per measured
 * signal of the catalogue) or long (`external_id,date,signal,value`, a row per signal), told
 * apart by the header. Its key is the external id and the day (and the signal, long).
 */
export function metricsReader(catalogue: SignalCatalogue): RowReader<MetricRow, MetricKey, string> {
  const wide = tableReader(metricColumns(catalogue));
  const long = tableReader(LONG_METRIC_COLUMNS);
  const known = catalogue.measured.join(", ");
  let form: "wide" | "long" = "wide";
  const table = () => (form === "wide" ? wide : long);
  const derivedProblem = (name: string) => {
    const spec = catalogue.all.get(name);
    if (spec?.ratio) return `"${name}" is derived (${spec.ratio.of} ÷ ${spec.ratio.per}): send those instead`;
    return undefined;
  };
  return {
    get present() {
      return table().present;
    },
    header(record) {
      const names = record?.fields.map((f) => f.normalize("NFKC").trim().toLowerCase()) ?? [];
      form = names.includes("signal") || names.includes("value") ? "long" : "wide";
      if (form === "long") return long.header(record);
      const errors = wide.header(record).map((error) => {
        const derived = error.field
          ? derivedProblem(error.field.normalize("NFKC").trim().toLowerCase())
          : undefined;
        return derived ? { ...error, message: `column ${derived}` } : error;
      });
      if (errors.length === 0 && !catalogue.measured.some((m) => wide.present.includes(m))) {
        errors.push({
          line: record?.line ?? 1,
          message: `no metric columns (expected some of: ${known}; or the long form external_id,date,signal,value)`,
        });
      }
      return errors;
    },
    row(record) {
      if (form === "long") return longRow(record);
      const { values: v, ok, errors } = wide.row(record);
      const key =
        v.external_id && v.date
          ? { line: record.line, externalId: v.external_id as string, date: v.date as Date }
          : undefined;
      if (!ok) return { key, errors };
      const row: MetricRow = {
        line: record.line,
        externalId: key!.externalId,
        date: key!.date,
        values: Object.fromEntries(
          catalogue.measured
            .filter((m) => wide.present.includes(m))
            .map((m) => [m, (v[m] as number | null | undefined) ?? null]),
        ),
      };
      return { row, key, errors };
    },
    end() {
      return table().end();
    },
  };

  function longRow(record: CsvRecord): ReadRow<MetricRow, MetricKey> {
    const { values: v, ok, errors } = long.row(record);
    const signal = v.signal ?? undefined;
    const key =
      v.external_id && v.date && signal
        ? { line: record.line, externalId: v.external_id, date: v.date, signal }
        : undefined;
    if (!ok || !signal) return { key, errors };
    const spec = catalogue.all.get(signal);
    if (!spec || spec.ratio) {
      const reason = spec ? derivedProblem(signal)! : `"${signal}" is not a known signal (known: ${known})`;
      return { key, errors: [{ line: record.line, message: `signal ${reason}`, field: "signal" }] };
    }
    const parsed = signalValue(spec).safeParse(v.value ?? "");
    if (!parsed.success) {
      return {
        key,
        errors: [
          {
            line: record.line,
            message: `value ${quoteCell(v.value ?? "")} for ${signal} ${parsed.error.issues[0]?.message}`,
            field: "value",
          },
        ],
      };
    }
    const row: MetricRow = {
      line: record.line,
      externalId: v.external_id!,
      date: v.date!,
      values: { [signal]: parsed.data },
      signal,
    };
    return { row, key, errors };
  }
}

/** Reads outcomes.csv. Its key is the external id, the kind and the day. */
export function outcomesReader(): RowReader<
  OutcomeRow,
  { line: number; externalId: string; kind: string; date: Date },
  keyof typeof OUTCOME_COLUMNS
> {
  const table = tableReader(OUTCOME_COLUMNS);
  return {
    ...table,
    row(record) {
      const { values: v, ok, errors } = table.row(record);
      const key =
        v.external_id && v.date && v.kind
          ? { line: record.line, externalId: v.external_id, kind: v.kind, date: v.date }
          : undefined;
      if (!ok) return { key, errors };
      const row: OutcomeRow = {
        line: record.line,
        externalId: v.external_id!,
        date: v.date!,
        kind: v.kind!,
        arrChange: v.arr_change,
        note: v.note,
      };
      return { row, key, errors };
    },
  };
}
