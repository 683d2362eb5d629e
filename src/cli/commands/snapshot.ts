import { runSnapshot } from "../../health/snapshot.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";

/** `kuroko snapshot`: scores the portfolio for a day (today by the clock, by default) and stores it. */
export const snapshotCommand = defineCommand({
  name: "snapshot",
  summary: "score the whole portfolio and store today's snapshots (idempotent)",
  args: [],
  options: {
    date: { type: "string", value: "YYYY-MM-DD", description: "the day to score (default: today)" },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const raw = ctx.options.date;
    let date = ctx.today;
    if (raw !== undefined) {
      date = new Date(`${raw}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(date.getTime()))
        throw new UsageError(`--date must be YYYY-MM-DD, not "${raw}".`);
    }
    const db = await ctx.database();
    const started = performance.now();
    const summary = await runSnapshot(db.prisma, ctx.model(), date);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    if (ctx.json) ctx.out(JSON.stringify({ ...summary, seconds }));
    else
      ctx.out(
        `Scored ${summary.accounts} accounts for ${summary.date} in ${seconds} s: ` +
          `${summary.bands.green} green, ${summary.bands.yellow} yellow, ${summary.bands.red} red (model ${summary.modelVersion}).`,
      );
    return EXIT.done;
  },
});
