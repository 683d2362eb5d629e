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
        throw new UsageError(ctx.tr.t("cli.snapshot.date", { raw }));
    }
    const db = await ctx.database();
    const started = performance.now();
    const summary = await runSnapshot(db.prisma, ctx.models(), date);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    if (ctx.json) ctx.out(JSON.stringify({ ...summary, seconds }));
    else {
      const { tr } = ctx;
      ctx.out(
        tr.t("cli.snapshot.done", {
          accounts: summary.accounts,
          day: tr.day(new Date(`${summary.date}T00:00:00Z`)),
          seconds: String(seconds),
          green: tr.number(summary.bands.green),
          yellow: tr.number(summary.bands.yellow),
          red: tr.number(summary.bands.red),
          model: summary.modelVersion,
        }),
      );
    }
    return EXIT.done;
  },
});
