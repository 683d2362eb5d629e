import { buildAlertRules } from "../../alerts/rules.js";
import { loadAlertRules } from "../../alerts/rules-file.js";
import { readDataFile } from "../../data-file.js";
import { loadHealthModels } from "../../health/model-file.js";
import { backtestLanes, runBacktest } from "../../lab/backtest.js";
import { backtestText } from "../../lab/text.js";
import { addDays } from "../../time.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { formatTable, progressBar } from "../output.js";

const day = (raw: string, option: string): Date => {
  const date = new Date(`${raw}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(date.getTime()))
    throw new UsageError(`--${option} must be a day as YYYY-MM-DD, not "${raw}".`);
  return date;
};

/**
 * `kuroko backtest`: replays the stored readings week by week under the model and alert rules in
 * force and, with --model or --rules, a candidate's, against the recorded outcomes (docs/lab.md).
 */
export const backtestCommand = defineCommand({
  name: "backtest",
  summary: "replay history under the current and a candidate health model and alert rules, against churn",
  args: [],
  options: {
    model: { type: "string", value: "FILE", description: "a candidate health model (JSON or YAML)" },
    rules: { type: "string", value: "FILE", description: "candidate alert rules (JSON or YAML)" },
    from: {
      type: "string",
      value: "YYYY-MM-DD",
      description: "the first week (default: the 52 weeks up to --to)",
    },
    to: { type: "string", value: "YYYY-MM-DD", description: "the last week (default: today)" },
    horizon: {
      type: "number",
      value: "DAYS",
      min: 7,
      max: 730,
      description: "a churn within this many days of a week counts against it (default 90)",
    },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const { options } = ctx;
    const to = options.to === undefined ? ctx.today : day(options.to, "to");
    const from = options.from === undefined ? addDays(to, -7 * 51) : day(options.from, "from");
    if (from > to) throw new UsageError("--from must not be after --to.");
    const current = { model: ctx.models(), rules: loadAlertRules(ctx.config.alerts.rulesPath) };
    const candidate =
      options.model === undefined && options.rules === undefined
        ? undefined
        : {
            model: options.model === undefined ? current.model : loadHealthModels(options.model, "--model"),
            rules:
              options.rules === undefined
                ? current.rules
                : buildAlertRules(readDataFile(options.rules, "--rules"), options.rules),
          };
    const db = await ctx.database();
    const bar = progressBar(ctx.tr.t("lab.progress"));
    const report = await runBacktest(db.prisma, {
      from,
      to,
      horizonDays: options.horizon ?? 90,
      current,
      ...(candidate ? { candidate } : {}),
      lanes: backtestLanes(),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.finish();
    ctx.out(
      ctx.json
        ? JSON.stringify(report, null, 2)
        : backtestText(report, {
            tr: ctx.tr,
            table: formatTable,
            models: {
              current: current.model.default,
              ...(candidate ? { candidate: candidate.model.default } : {}),
            },
          }),
    );
    return EXIT.done;
  },
});
