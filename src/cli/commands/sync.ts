import { KurokoError } from "../../errors.js";
import { slackOwnerLookup } from "../../slack/owner-lookup.js";
import { describeResult, runSync } from "../../sync/run.js";
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
    if (!ctx.config.sourcesPath)
      throw new KurokoError("No sources: set KUROKO_SOURCES_PATH to a sources file (see docs/data.md).");
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
          if (!ctx.json) ctx.out(describeResult(result, dryRun));
        },
      },
    );
    if (ctx.json) ctx.out(JSON.stringify(summary));
    else {
      const failed = summary.failed > 0 ? `; ${summary.failed} failed` : "";
      ctx.out(
        `${sources.length} ${sources.length === 1 ? "source" : "sources"}${failed}.${dryRun ? " Dry run: nothing was written." : ""}`,
      );
    }
    return summary.failed > 0 ? EXIT.failed : EXIT.done;
  },
});
