import { KurokoError } from "../../errors.js";
import type { Translator } from "../../i18n/index.js";
import { slackOwnerLookup } from "../../slack/owner-lookup.js";
import { runSync, type SourceResult } from "../../sync/run.js";
import { selectSources } from "../../sync/sources.js";
import { loadSources } from "../../sync/sources-file.js";
import { defineCommand, EXIT, JSON_OPTION } from "../command.js";

/**
 * `kuroko sync [--source NAME] [--dry-run] [--json]`: pulls the warehouse sources now (all, or
 * one), each all rows or none. Exit 1 when any source failed (the others are written).
 */
export const syncCommand = defineCommand({
  name: "sync",
  summary: "pull accounts, metrics and outcomes from the warehouse sources now (each all rows or none)",
  args: [],
  options: {
    source: { type: "string", value: "NAME", description: "pull only this source" },
    "dry-run": {
      type: "boolean",
      description: "run the queries and every check, then roll back: say what would be written",
    },
    json: JSON_OPTION,
  },
  async run(ctx) {
    if (!ctx.config.sourcesPath) throw new KurokoError(ctx.tr.t("cli.sync.noSources"));
    const sources = selectSources(loadSources(ctx.config.sourcesPath, ctx.env), ctx.options.source);
    const db = await ctx.database();
    const dryRun = ctx.options["dry-run"] === true;
    const summary = await runSync(
      {
        prisma: db.prisma,
        model: ctx.model(),
        timezone: ctx.config.timezone,
        ownerLookup: slackOwnerLookup(ctx.config),
      },
      sources,
      {
        dryRun,
        onSource: (result) => {
          if (!ctx.json) ctx.out(resultLine(ctx.tr, result, dryRun));
        },
      },
    );
    if (ctx.json) ctx.out(JSON.stringify(summary));
    else {
      const words = { sources: sources.length, dryRun: dryRun ? "yes" : "no" };
      ctx.out(
        summary.failed > 0
          ? ctx.tr.t("cli.sync.summaryFailed", { ...words, failed: ctx.tr.number(summary.failed) })
          : ctx.tr.t("cli.sync.summary", words),
      );
    }
    return summary.failed > 0 ? EXIT.failed : EXIT.done;
  },
});

/**
 * One source's result, as src/sync/run.ts `describeResult` says it (the job's report, English),
 * in the CLI's language. A failure's reason is the importer's own (English) sentence.
 */
function resultLine(tr: Translator, result: SourceResult, dryRun: boolean): string {
  const head = { source: result.source, kind: result.kind, ms: String(result.ms) };
  if (result.error) return tr.t("cli.sync.failed", { ...head, error: result.error });
  const words = { ...head, rows: tr.number(result.rows), dryRun: dryRun ? "yes" : "no" };
  return result.created !== undefined
    ? tr.t("cli.sync.wroteCounts", {
        ...words,
        created: tr.number(result.created),
        updated: tr.number(result.updated ?? 0),
      })
    : tr.t("cli.sync.wrote", words);
}
