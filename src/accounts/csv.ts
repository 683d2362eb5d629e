import iconv from "iconv-lite";
import { KurokoError } from "../errors.js";

/** Encodings a spreadsheet export comes in. Japanese Excel writes CP932 (Shift_JIS) by default. */
export const ENCODINGS = ["utf8", "cp932"] as const;
export type Encoding = (typeof ENCODINGS)[number];

const ENCODING_ALIASES: Record<string, Encoding> = {
  utf8: "utf8",
  "utf-8": "utf8",
  cp932: "cp932",
  sjis: "cp932",
  shift_jis: "cp932",
  "shift-jis": "cp932",
  "windows-31j": "cp932",
};

export function parseEncoding(name: string): Encoding {
  const encoding = ENCODING_ALIASES[name.toLowerCase()];
  if (!encoding) {
    throw new KurokoError(
      `Unknown encoding "${name}": use utf8 or sjis (Shift_JIS/CP932, Japanese Excel's default).`,
    );
  }
  return encoding;
}

/**
 * Decodes a file's bytes. With no encoding named: a UTF-8 BOM, or bytes that are valid UTF-8,
 * mean UTF-8; anything else is taken for CP932, the superset of Shift_JIS that Excel writes.
 * (Real Shift_JIS text is almost never valid UTF-8, so the guess is safe.)
 */
export function decodeText(bytes: Uint8Array, encoding?: Encoding): { text: string; encoding: Encoding } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding === "cp932") return { text: iconv.decode(Buffer.from(bytes), "cp932"), encoding };
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (encoding === "utf8" || hasBom) return { text: new TextDecoder("utf-8").decode(body), encoding: "utf8" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf8" };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), "cp932"), encoding: "cp932" };
  }
}

/** A CSV record and the line of the file it starts on (1-based), for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends KurokoError {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/**
 * Parses CSV (RFC 4180): comma-separated, fields optionally in double quotes, "" for a quote
 * inside quotes, line breaks and commas inside quoted fields, CRLF or LF. Blank lines are
 * skipped. Written here rather than taken from a library so that every record knows the
 * line it starts on.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedField = false;
  let quoteLine = 0;
  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === "" && !quotedField;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    quotedField = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field.trim() !== "") throw new CsvSyntaxError(line, "a quote in the middle of an unquoted field");
      field = "";
      inQuotes = true;
      quotedField = true;
      quoteLine = line;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      quotedField = false;
    } else if (ch === "\r" && text[i + 1] === "\n") {
      // CRLF: the \n ends the record.
    } else if (ch === "\n" || ch === "\r") {
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (quotedField && !inQuotes && ch !== " " && ch !== "\t") {
        throw new CsvSyntaxError(
          line,
          "text after a closing quote (quote the whole field, and double inner quotes)",
        );
      }
      field += ch;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(quoteLine, "a quoted field is never closed");
  if (field !== "" || fields.length > 0 || quotedField) endRecord();
  return records;
}
