import { loadApprovalPolicy } from "../../contracts/policy-file.js";
import { standaloneSlack } from "../../jobs/deps.js";
import { notRunReason, runJob } from "../../jobs/runner.js";
import { JOBS, jobNamed } from "../../jobs/schedule.js";
import { createLogger } from "../../log.js";
import { wire } from "../../wiring.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";

/**
 * `kuroko run-job <name>`: runs one job now (by the CLI's clock), claiming the current slot
 * exactly as the scheduler does (so several machines running it at once run it once).
 * `--force` runs a slot already done again; `--dry-run` prints what would be sent and sends nothing.
 */
export const runJobCommand = defineCommand({
  name: "run-job",
  summary: `run a scheduled job now (${JOBS.map((j) => j.name).join(", ")}), once across machines`,
  summaryValues: { jobs: JOBS.map((j) => j.name).join(", ") },
  args: [{ name: `<${JOBS.map((j) => j.name).join("|")}>`, description: "the job, from the schedule" }],
  options: {
    force: { type: "boolean", description: "run the current slot again even if it is done" },
    "dry-run": { type: "boolean", description: "print what would be sent; send and write nothing" },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const [name] = ctx.args;
    if (!name) throw new UsageError(ctx.tr.t("cli.runJob.which"));
    const job = jobNamed(name);
    const db = await ctx.database();
    const logger = createLogger(ctx.config.logLevel);
    const { jobs: deps } = wire({
      config: ctx.config,
      db,
      logger,
      model: ctx.model(),
      models: ctx.models(),
      policy: loadApprovalPolicy(ctx.config.contractPolicyPath),
      clock: ctx.now,
      ...standaloneSlack(ctx.config, db, logger),
    });
    const lines: string[] = [];
    const dryRun = ctx.options["dry-run"] === true;
    const result = await runJob(job, deps, {
      now: ctx.now(),
      force: ctx.options.force === true,
      dryRun,
      report: (line) => lines.push(line),
      tr: ctx.tr,
    });
    // What the job queued goes out now, rather than waiting for the bot's outbox.
    let delivered: Record<string, unknown> | undefined;
    if (result.ran && !dryRun && job.name !== "outbox" && deps.deliver) {
      delivered = (await runJob(jobNamed("outbox"), deps, { now: ctx.now(), force: true })).summary;
    }
    if (ctx.json) {
      // As before: `reason` in English; the facts behind it are for the human output.
      const { notRun: _facts, ...answer } = result;
      ctx.out(JSON.stringify({ ...answer, dryRun, report: lines, delivered }));
      return EXIT.done;
    }
    for (const line of lines) ctx.out(line);
    const { tr } = ctx;
    const words = { job: job.name, slot: result.slot, summary: JSON.stringify(result.summary ?? {}) };
    ctx.out(
      !result.ran
        ? tr.t("cli.runJob.notRun", {
            job: job.name,
            slot: result.slot,
            reason: result.notRun ? notRunReason(result.notRun, tr) : (result.reason ?? ""),
          })
        : dryRun
          ? tr.t("cli.runJob.dryRun", words)
          : delivered
            ? tr.t("cli.runJob.doneDelivered", { ...words, delivered: JSON.stringify(delivered) })
            : tr.t("cli.runJob.done", words),
    );
    return EXIT.done;
  },
});
