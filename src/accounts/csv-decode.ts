import iconv from "iconv-lite";
import { KurokoError } from "../errors.js";

/**
 * Turning a file's bytes into text: the encodings Kuroko reads, telling them apart, and a
 * decoder that works piece by piece as a stream arrives.
 */

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
