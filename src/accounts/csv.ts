import { CsvDecoder, type Encoding, EncodingError } from "./csv-decode.js";
import { CSV_LIMITS, CsvParser, type CsvRecord, CsvSyntaxError } from "./csv-parse.js";

/**
 * Reading a CSV file or stream: its bytes decoded (csv-decode.ts) and parsed (csv-parse.ts)
 * as they arrive. What a reader of files needs is exported from here.
 */
export { type Encoding, parseEncoding } from "./csv-decode.js";
export { CSV_LIMITS, type CsvRecord, CsvSyntaxError } from "./csv-parse.js";

/** "100 MB", "10,000": limits as the messages name them. */
const thousands = (n: number) => n.toLocaleString("en-US");

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
