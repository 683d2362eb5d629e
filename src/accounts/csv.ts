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

/** "100 MB", "10,000": limits as the messages name them. */
const thousands = (n: number) => n.toLocaleString("en-US");

/** A problem that stops a file being read, at the line reached. */
export class CsvSyntaxError extends KurokoError {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/** Bytes of a non-ASCII stretch looked at to tell UTF-8 from CP932. */
const SAMPLE_BYTES = 64 * 1024;

/** The file's bytes are not the encoding it was detected as (raised mid-stream). */
export class EncodingError extends KurokoError {}

/**
 * Decodes a byte stream piece by piece. With no encoding named: a UTF-8 BOM means UTF-8;
 * otherwise the first 64 KB from the first non-ASCII byte decide (ASCII reads the same in
 * both): valid UTF-8 means UTF-8, anything else CP932, the superset of Shift_JIS that Excel
 * writes. Real Shift_JIS text is almost never valid UTF-8, so the guess is safe; should a
 * file detected as UTF-8 turn out not to be further on, `write` throws `EncodingError` rather
 * than import garbled names.
 */
export class CsvDecoder {
  private detected: Encoding | undefined;
  private decode: ((bytes: Uint8Array) => string) | undefined;
  private finish: (() => string) | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private bomChecked = false;
  /** Set once non-ASCII bytes were seen (undetected): `pending` holds the sample. */
  private sampling = false;

  constructor(private readonly named?: Encoding) {
    if (named === "cp932") this.start("cp932", false);
  }

  /** The encoding in use: known once decided; a file in plain ASCII reads as UTF-8. */
  get encoding(): Encoding {
    return this.detected ?? "utf8";
  }

  write(bytes: Uint8Array): string {
    if (this.decode) return this.decode(bytes);
    this.pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.pendingBytes += bytes.byteLength;
    return this.advance(false);
  }

  end(): string {
    const text = this.decode ? "" : this.advance(true);
    return text + (this.finish?.() ?? "");
  }

  private advance(final: boolean): string {
    let buffer = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.bomChecked) {
      if (buffer.length < 3 && !final) return this.keep(buffer);
      this.bomChecked = true;
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
        this.start("utf8", this.named !== "utf8");
        return this.decode!(buffer.subarray(3));
      }
      if (this.named) {
        this.start(this.named, false);
        return this.decode!(buffer);
      }
    }
    let ascii = "";
    if (!this.sampling) {
      const first = buffer.findIndex((b) => b >= 0x80);
      if (first === -1) return buffer.toString("latin1");
      ascii = buffer.toString("latin1", 0, first);
      buffer = buffer.subarray(first);
      this.sampling = true;
    }
    if (buffer.length < SAMPLE_BYTES && !final) return ascii + this.keep(buffer);
    this.start(looksLikeUtf8(buffer, final) ? "utf8" : "cp932", true);
    return ascii + this.decode!(buffer);
  }

  private keep(buffer: Buffer): string {
    this.pending = [buffer];
    this.pendingBytes = buffer.length;
    return "";
  }

  private start(encoding: Encoding, strict: boolean) {
    this.detected = encoding;
    if (encoding === "cp932") {
      const decoder = iconv.getDecoder("cp932");
      this.decode = (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      this.finish = () => decoder.end() ?? "";
      return;
    }
    const decoder = new TextDecoder("utf-8", { fatal: strict, ignoreBOM: true });
    const run = (bytes: Uint8Array | undefined, stream: boolean) => {
      try {
        return decoder.decode(bytes, { stream });
      } catch {
        throw new EncodingError(
          "bytes that are not UTF-8 (the file read as UTF-8 until here): if it was saved as Shift_JIS, " +
            "name the encoding (--encoding sjis)",
        );
      }
    };
    this.decode = (bytes) => run(bytes, true);
    this.finish = () => run(undefined, false);
  }
}

function looksLikeUtf8(sample: Uint8Array, whole: boolean): boolean {
  try {
    // stream: a sample may end inside a character; a whole file may not.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: !whole });
    return true;
  } catch {
    return false;
  }
}

/** Decodes a whole file's bytes, as `CsvDecoder` does a stream. */
export function decodeText(bytes: Uint8Array, encoding?: Encoding): { text: string; encoding: Encoding } {
  const decoder = new CsvDecoder(encoding);
  const text = decoder.write(bytes) + decoder.end();
  return { text, encoding: decoder.encoding };
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

/** A CSV file being read: its records in batches, and what was learnt on the way. */
export interface CsvReading {
  /** Records in the order of the file, a batch per piece read. */
  batches(): AsyncGenerator<CsvRecord[]>;
  /** The encoding the file is read in (decided from its first non-ASCII bytes). */
  readonly encoding: Encoding;
}

/**
 * Reads CSV from a stream of bytes (a file read stream, or bytes already in memory), decoding
 * and parsing as the bytes arrive: memory stays flat however long the file. Throws
 * `CsvSyntaxError`, with the line reached, for a malformed file, one over
 * `CSV_LIMITS.fileBytes`, or bytes that are not in the file's encoding.
 */
export function readCsv(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  options: { encoding?: Encoding; maxBytes?: number; onBytes?: (bytesRead: number) => void } = {},
): CsvReading {
  const decoder = new CsvDecoder(options.encoding);
  const parser = new CsvParser();
  const maxBytes = options.maxBytes ?? CSV_LIMITS.fileBytes;
  const pieces = source instanceof Uint8Array ? slices(source) : source;
  const decode = (run: () => string) => {
    try {
      return run();
    } catch (error) {
      if (error instanceof EncodingError) throw new CsvSyntaxError(parser.line, error.message);
      throw error;
    }
  };
  return {
    get encoding() {
      return decoder.encoding;
    },
    async *batches() {
      let bytesRead = 0;
      for await (const piece of pieces) {
        bytesRead += piece.byteLength;
        if (bytesRead > maxBytes) {
          throw new CsvSyntaxError(
            parser.line,
            `the file is larger than ${formatBytes(maxBytes)}, the most one import reads: split it into smaller files`,
          );
        }
        options.onBytes?.(bytesRead);
        const records = parser.push(decode(() => decoder.write(piece)));
        if (records.length > 0) yield records;
      }
      const records = [...parser.push(decode(() => decoder.end())), ...parser.end()];
      if (records.length > 0) yield records;
    },
  };
}

/** Bytes already in memory, handed out in pieces as a file stream would. */
function* slices(bytes: Uint8Array, size = 64 * 1024) {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 && bytes % 1_000_000 === 0
    ? `${thousands(bytes / 1_000_000)} MB`
    : `${thousands(bytes)} bytes`;
}
