import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * The one way Kuroko writes CSV. Every file it writes is opened in a spreadsheet sooner or
 * later, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula
 * (`=HYPERLINK(…)`, DDE `=cmd|…`): text a user typed (an account name, a comment) must never
 * reach it live. Following OWASP's advice on CSV injection, a text cell that starts with one of
 * those, with a tab or a line break, or with their full-width forms (`＝＋－＠`, which Japanese
 * spreadsheets also read as formulas) is written with a leading single quote and quoted:
 * `=1+1` becomes `"'=1+1"`, shown as the text `'=1+1`.
 *
 * Numbers stay numbers: a cell given as a JavaScript number (an amount, a score) is written as
 * the number, so `-1200` in an amount column still sums. A number cannot hold a formula. Text
 * that happens to look like a negative number (`"-5"` typed in a comment) is text, and is
 * neutralised like any other.
 */

/** A value for one CSV cell: text, a number, a date (written as ISO 8601 UTC), or empty. */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

/** Characters that oblige a cell to be quoted (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  const text = value instanceof Date ? value.toISOString() : value;
  if (FORMULA_START.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, without its line break. */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",");
}

/**
 * A whole file as text: UTF-8 with a byte-order mark (so Excel reads it as UTF-8, not as the
 * system's code page) and CRLF line ends, as Excel writes CSV.
 */
export function formatCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/**
 * Writes a CSV file as `formatCsv` does, streaming the rows (an export of any size holds one
 * row at a time). Resolves with the number of rows written once the file is closed.
 */
export async function writeCsvFile(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
): Promise<number> {
  let count = 0;
  async function* lines() {
    yield `\uFEFF${csvLine(header)}\r\n`;
    for await (const row of rows) {
      count++;
      yield `${csvLine(row)}\r\n`;
    }
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
  return count;
}
