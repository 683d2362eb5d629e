import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import iconv from "iconv-lite";
import { KurokoError } from "./errors.js";

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
 * The encodings an export is written in: `utf8` (with a BOM, the default) or `cp932` (Windows'
 * Shift_JIS, what Japanese Excel opens without asking; no BOM, CRLF line ends as in UTF-8).
 */
export const CSV_ENCODINGS = ["utf8", "cp932"] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** One character an export could not hold in CP932: where it is, as a spreadsheet counts. */
export interface UnencodableCharacter {
  /** The file's line the record starts on (the header is line 1). */
  line: number;
  /** The column's header. */
  column: string;
  /** The character itself. */
  character: string;
}

/**
 * Characters CP932 cannot hold (emoji, 𠮷, most accented letters…): the export is refused,
 * naming each, and no file is left behind; they are never written as `?`.
 */
export class CsvUnencodable extends KurokoError {
  constructor(
    readonly path: string,
    readonly characters: readonly UnencodableCharacter[],
  ) {
    super(
      `${path}: ${characters.length} character(s) cannot be written in CP932: ${characters
        .map((c) => `line ${c.line}, ${c.column}: "${c.character}"`)
        .join("; ")}`,
    );
  }
}

const encodeCp932 = (text: string) => iconv.encode(text, "cp932");

/** The characters of `text` that do not come back unchanged from CP932, each once. */
function unencodable(text: string): string[] {
  if (!/\P{ASCII}/u.test(text)) return [];
  if (iconv.decode(encodeCp932(text), "cp932") === text) return [];
  const bad = new Set<string>();
  for (const ch of text) if (iconv.decode(encodeCp932(ch), "cp932") !== ch) bad.add(ch);
  return [...bad];
}

/**
 * Writes a CSV file as `formatCsv` does, streaming the rows (an export of any size holds one
 * row at a time). Resolves with the number of rows written once the file is closed.
 *
 * In `cp932`, the file is written beside its place and moved there only when every character
 * fitted; otherwise it is removed and `CsvUnencodable` names each character that did not.
 */
export async function writeCsvFile(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
  options: { encoding?: CsvEncoding } = {},
): Promise<number> {
  if (options.encoding === "cp932") return writeCp932(path, header, rows);
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

/** Checked and encoded CSV bytes: the CP932 half of `writeCsvFile`. */
async function writeCp932(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
): Promise<number> {
  let count = 0;
  let line = 1;
  const problems: UnencodableCharacter[] = [];
  /** One record as CP932 bytes, its characters checked cell by cell; counts the lines it takes. */
  const record = (values: readonly CsvValue[]) => {
    const cells = values.map(csvCell);
    cells.forEach((cell, i) => {
      for (const character of unencodable(cell))
        problems.push({ line, column: header[i] ?? String(i + 1), character });
    });
    const text = `${cells.join(",")}\r\n`;
    line += text.split("\n").length - 1;
    return problems.length ? Buffer.alloc(0) : encodeCp932(text);
  };
  async function* bytes() {
    yield record(header);
    for await (const row of rows) {
      count++;
      yield record(row);
    }
  }
  const partial = `${path}.${process.pid}.partial`;
  try {
    await pipeline(Readable.from(bytes()), createWriteStream(partial));
    if (problems.length) throw new CsvUnencodable(path, problems);
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return count;
}
