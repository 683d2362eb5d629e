import {
  CSV_ENCODINGS,
  type CsvEncoding,
  CsvUnencodable,
  type CsvValue,
  writeCsvFile,
} from "../csv-write.js";
import { KurokoError } from "../errors.js";
import type { Translator } from "../i18n/index.js";
import { UsageError } from "./command.js";

/** The CSV exports' `--encoding`: UTF-8 with a BOM (the default), or CP932 for Japanese Excel. */
export const ENCODING_OPTION = {
  type: "string",
  value: "utf8|cp932",
  description: "the file's encoding: utf8 (with a BOM, the default) or cp932 (Japanese Excel)",
} as const;

/** `--encoding`'s value, checked. */
export function exportEncoding(value: string | undefined, tr: Translator): CsvEncoding {
  if (value === undefined) return "utf8";
  const encoding = value.toLowerCase().replace("-", "");
  if ((CSV_ENCODINGS as readonly string[]).includes(encoding)) return encoding as CsvEncoding;
  throw new UsageError(tr.t("cli.export.encoding", { value }));
}

/** Characters named in a refusal; the rest are counted. */
const NAMED = 20;

/**
 * Writes an export; a file it cannot write, or characters CP932 cannot hold (each named by line,
 * column and code point; nothing written), is a refusal in the reader's language.
 */
export async function writeExport(
  tr: Translator,
  file: string,
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  encoding: CsvEncoding,
): Promise<number> {
  try {
    return await writeCsvFile(file, header, rows, { encoding });
  } catch (error) {
    if (error instanceof CsvUnencodable) {
      const named = error.characters.slice(0, NAMED).map(
        (c) =>
          `  ${tr.t("cli.export.unencodableAt", {
            line: tr.number(c.line),
            column: c.column,
            character: c.character,
            code: `U+${c.character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
          })}`,
      );
      const more = error.characters.length - named.length;
      if (more > 0) named.push(`  ${tr.t("cli.export.more", { count: more })}`);
      throw new KurokoError(
        [tr.t("cli.export.unencodable", { file, count: error.characters.length }), ...named].join("\n"),
      );
    }
    throw new KurokoError(tr.t("cli.export.cannotWrite", { file, reason: (error as Error).message }));
  }
}
