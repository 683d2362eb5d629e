import { KurokoError } from "../errors.js";

/**
 * Parsing CSV text into records, pure: no I/O, no decoding (text in, records out), so the row
 * rules can use it and be tested without files.
 */

/**
 * What one import reads at most. A file is read as a stream, so memory does not grow with its
 * length; these bound what a single record can hold (one field is kept whole until its row is
 * checked), so that a broken or hostile file (a quote never closed, a 200 MB cell) is refused
 * with a message instead of exhausting memory.
 */
export const CSV_LIMITS = {
  /** Bytes in one file: 100 MB, about two million metric rows. Split larger files. */
  fileBytes: 100_000_000,
  /** Characters in one field. */
  fieldChars: 10_000,
  /** Fields in one record (Kuroko's formats have at most a dozen columns). */
  fields: 100,
} as const;

/** A problem that stops a file being read, at the line reached. */
export class CsvSyntaxError extends KurokoError {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/** A CSV record and the line of the file it starts on (1-based), for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** The index of the first field longer than `CSV_LIMITS.fieldChars`: its text is not kept. */
  longField?: number;
  /** The record had more than `CSV_LIMITS.fields` fields: the rest are not kept. */
  tooManyFields?: boolean;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Parses CSV (RFC 4180) as it arrives, piece by piece: comma-separated, fields optionally in
 * double quotes, "" for a quote inside quotes, line breaks and commas inside quoted fields,
 * CRLF or LF. Blank lines are skipped. Written here rather than taken from a library so that
 * every record knows the line it starts on. A field past the limit is dropped (the record says
 * which), so memory stays bounded whatever the input.
 */
export class CsvParser {
  private records: CsvRecord[] = [];
  private fields: string[] = [];
  private field = "";
  private fieldTooLong = false;
  private longField: number | undefined;
  private tooManyFields = false;
  private lineNumber = 1;
  private recordLine = 1;
  private inQuotes = false;
  private quotedField = false;
  private quoteLine = 0;
  /** The end of the last piece when it needs the next character to be understood ("" or \r). */
  private carry = "";

  constructor(private readonly limits: { fieldChars: number; fields: number } = CSV_LIMITS) {}

  /** The line reached so far (1-based). */
  get line(): number {
    return this.lineNumber;
  }

  /** Reads the next piece of text; returns the records it completes. */
  push(text: string): CsvRecord[] {
    this.parse(this.carry + text, false);
    return this.take();
  }

  /** Ends the text; returns the last records. Throws if a quoted field is never closed. */
  end(): CsvRecord[] {
    this.parse(this.carry, true);
    if (this.inQuotes) throw new CsvSyntaxError(this.quoteLine, "a quoted field is never closed");
    if (this.field !== "" || this.fieldTooLong || this.fields.length > 0 || this.quotedField)
      this.endRecord();
    return this.take();
  }

  private take(): CsvRecord[] {
    const records = this.records;
    this.records = [];
    return records;
  }

  private parse(text: string, final: boolean) {
    this.carry = "";
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === QUOTE || c === LF) break;
          j++;
        }
        if (j > i) this.append(text.slice(i, j));
        if (j === n) return;
        if (text.charCodeAt(j) === LF) {
          this.lineNumber++;
          this.append("\n");
          i = j + 1;
        } else if (j + 1 === n && !final) {
          this.carry = '"';
          return;
        } else if (text.charCodeAt(j + 1) === QUOTE) {
          this.append('"');
          i = j + 2;
        } else {
          this.inQuotes = false;
          i = j + 1;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        if (this.fieldTooLong || this.field.trim() !== "")
          throw new CsvSyntaxError(this.lineNumber, "a quote in the middle of an unquoted field");
        this.field = "";
        this.inQuotes = true;
        this.quotedField = true;
        this.quoteLine = this.lineNumber;
        i++;
      } else if (c === COMMA) {
        this.endField();
        i++;
      } else if (c === CR) {
        if (i + 1 === n && !final) {
          this.carry = "\r";
          return;
        }
        // CRLF: the \n ends the record.
        if (text.charCodeAt(i + 1) !== LF) this.endLine();
        i++;
      } else if (c === LF) {
        this.endLine();
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === QUOTE || d === COMMA || d === CR || d === LF) break;
          j++;
        }
        const run = text.slice(i, j);
        if (this.quotedField && /[^ \t]/.test(run)) {
          throw new CsvSyntaxError(
            this.lineNumber,
            "text after a closing quote (quote the whole field, and double inner quotes)",
          );
        }
        this.append(run);
        i = j;
      }
    }
  }

  private append(text: string) {
    if (this.fieldTooLong) return;
    if (this.field.length + text.length > this.limits.fieldChars) {
      this.fieldTooLong = true;
      this.field = "";
      this.longField ??= this.fields.length;
      return;
    }
    this.field += text;
  }

  private endField() {
    if (this.fields.length < this.limits.fields) this.fields.push(this.field);
    else this.tooManyFields = true;
    this.field = "";
    this.fieldTooLong = false;
    this.quotedField = false;
  }

  private endLine() {
    this.endRecord();
    this.lineNumber++;
    this.recordLine = this.lineNumber;
  }

  private endRecord() {
    const blank = this.fields.length === 0 && this.field === "" && !this.quotedField && !this.fieldTooLong;
    this.endField();
    if (!blank) {
      const record: CsvRecord = { line: this.recordLine, fields: this.fields };
      if (this.longField !== undefined) record.longField = this.longField;
      if (this.tooManyFields) record.tooManyFields = true;
      this.records.push(record);
    }
    this.fields = [];
    this.longField = undefined;
    this.tooManyFields = false;
  }
}

/** Parses a whole text, as `CsvParser` does a stream. */
export function parseCsv(text: string): CsvRecord[] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}
