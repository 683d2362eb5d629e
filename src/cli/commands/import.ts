import { statSync } from "node:fs";
import { parseEncoding } from "../../accounts/csv.js";
import {
  ImportRejected,
  importAccounts,
  importMetrics,
  importOutcomes,
  openImportFile,
} from "../../accounts/import.js";
import {
  type ColumnMapping,
  MappingInvalid,
  ownerNameNote,
  parseMapping,
  READY_MAPPING_NAMES,
  readyMapping,
} from "../../accounts/mappings.js";
import { ACCOUNT_COLUMNS } from "../../accounts/rows.js";
import { readDataFile } from "../../data-file.js";
import { KurokoError } from "../../errors.js";
import type { Translator } from "../../i18n/index.js";
import { slackOwnerLookup } from "../../slack/owner-lookup.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { progressBar } from "../output.js";

const IMPORTERS = { accounts: importAccounts, metrics: importMetrics, outcomes: importOutcomes };
type Kind = keyof typeof IMPORTERS;
const isKind = (kind: string | undefined): kind is Kind => kind !== undefined && kind in IMPORTERS;

/** `kuroko import accounts|metrics|outcomes FILE.csv`: the whole file or nothing. */
export const importCommand = defineCommand({
  name: "import",
  summary: "import accounts, metrics or outcomes from a CSV file (all rows or none)",
  args: [
    { name: "accounts|metrics|outcomes", description: "what the file holds" },
    { name: "FILE.csv", description: "the file (UTF-8 or Shift_JIS/CP932)" },
  ],
  options: {
    encoding: {
      type: "string",
      value: "utf8|sjis",
      description: "the file's encoding (detected when not given)",
    },
    mapping: {
      type: "string",
      value: `${READY_MAPPING_NAMES.join("|")}|FILE.yaml`,
      description: "read a CRM export's columns through a ready mapping or a mapping file (accounts)",
    },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const [kind, file] = ctx.args;
    if (!isKind(kind) || !file) {
      throw new UsageError(ctx.tr.t("cli.import.what"));
    }
    const encoding = ctx.options.encoding === undefined ? undefined : parseEncoding(ctx.options.encoding);
    const mapping =
      ctx.options.mapping === undefined ? undefined : loadMapping(ctx.tr, kind, ctx.options.mapping);
    let source: AsyncIterable<Uint8Array>;
    let size: number;
    try {
      size = statSync(file).size;
      source = openImportFile(file);
    } catch (error) {
      if (error instanceof KurokoError) throw error;
      throw new UsageError(ctx.tr.t("cli.import.cannotRead", { file, reason: (error as Error).message }));
    }
    const db = await ctx.database();
    const { tr } = ctx;
    const megabytes = (bytes: number) =>
      tr.t("cli.import.megabytes", { size: tr.number(bytes / 1_000_000, 1) });
    const reading = progressBar(tr.t("cli.import.checking", { file }), process.stderr, megabytes);
    const writing = progressBar(tr.t("cli.import.importing", { kind }), process.stderr, (n) => tr.number(n));
    try {
      const summary = await IMPORTERS[kind](db.prisma, source, {
        encoding,
        signals: ctx.model().catalogue,
        mapping,
        ownerLookup: kind === "accounts" ? slackOwnerLookup(ctx.config) : undefined,
        onRead: (bytes) => reading.update(bytes, size),
        onProgress: (done, total) => {
          reading.finish();
          writing.update(done, total);
        },
      });
      reading.finish();
      writing.finish();
      if (ctx.json) ctx.out(JSON.stringify({ file, ...summary }));
      else {
        ctx.out(importedLine(tr, kind, file, summary));
        if (summary.mapping) {
          const ignored = summary.ignored ?? [];
          ctx.out(
            ignored.length === 0
              ? tr.t("cli.import.mappingAll", { mapping: summary.mapping })
              : tr.t("cli.import.mappingIgnored", {
                  mapping: summary.mapping,
                  count: ignored.length,
                  columns: ignored.join(", "),
                }),
          );
          const note = ownerNameNote(ignored, summary.owners ?? false);
          if (note) ctx.out(note);
        }
      }
      return EXIT.done;
    } catch (error) {
      reading.finish();
      writing.finish();
      if (!(error instanceof ImportRejected)) throw error;
      if (ctx.json)
        ctx.out(JSON.stringify({ file, imported: false, errors: error.errors, problems: error.total }));
      throw new KurokoError(tr.t("cli.import.rejected", { file, reason: refusalText(tr, error) }));
    }
  },
});

/**
 * The mapping `--mapping` names: a ready one by name, else a YAML or JSON file. Only accounts
 * files are mapped. A file with problems is refused listing them all.
 */
function loadMapping(tr: Translator, kind: Kind, value: string): ColumnMapping {
  if (kind !== "accounts") throw new UsageError(tr.t("cli.import.mappingAccountsOnly"));
  const ready = readyMapping(value);
  if (ready) return ready;
  if (!/\.(ya?ml|json)$/i.test(value)) {
    throw new UsageError(tr.t("cli.import.mappingWhich", { names: READY_MAPPING_NAMES.join(", "), value }));
  }
  try {
    return parseMapping(readDataFile(value, "--mapping"), value, Object.keys(ACCOUNT_COLUMNS));
  } catch (error) {
    if (error instanceof MappingInvalid) throw new KurokoError(error.message);
    throw error;
  }
}

/** What an import brought in, as its reader counts it: accounts, or an account's day of metrics. */
function importedLine(
  tr: Translator,
  kind: Kind,
  file: string,
  summary: { rows: number; created?: number; updated?: number; encoding: string },
): string {
  const { rows, encoding } = summary;
  if (kind === "metrics") return tr.t("cli.import.metrics", { rows, file, encoding });
  if (summary.created === undefined)
    return tr.t(kind === "accounts" ? "cli.import.accounts" : "cli.import.outcomes", {
      rows,
      file,
      encoding,
    });
  const counts = { created: tr.number(summary.created), updated: tr.number(summary.updated ?? 0) };
  return tr.t(kind === "accounts" ? "cli.import.accountsCounts" : "cli.import.outcomesCounts", {
    rows,
    file,
    encoding,
    ...counts,
  });
}

/**
 * A refused file's problems in the CLI's language. Each problem's reason is the importer's own
 * English sentence (src/accounts/, shared with the API's 422 answers, which stay English),
 * wrapped in a sentence that gives its line and, in Japanese, its column. English keeps the
 * importer's wording exactly (`ImportRejected`'s message): its reasons already name the column.
 */
function refusalText(tr: Translator, refused: ImportRejected): string {
  const more = refused.total - refused.errors.length;
  return [
    tr.t("cli.import.refused", { total: refused.total }),
    ...refused.errors.map((e) =>
      e.field && tr.locale !== "en"
        ? tr.t("cli.import.problemField", { line: String(e.line), field: e.field, reason: e.message })
        : tr.t("cli.import.problem", { line: String(e.line), reason: e.message }),
    ),
    ...(more > 0 ? [tr.t("cli.import.moreProblems", { count: more })] : []),
  ].join("\n");
}
