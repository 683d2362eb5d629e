import { loadApprovalPolicy } from "../../contracts/policy-file.js";
import { standaloneSlack } from "../../jobs/deps.js";
import { runJob } from "../../jobs/runner.js";
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
    if (!name) throw new UsageError("Name one job.");
    const job = jobNamed(name);
    const db = await ctx.database();
    const logger = createLogger(ctx.config.logLevel);
    const { jobs: deps } = wire({
      config: ctx.config,
      db,
      logger,
      model: ctx.model(),
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
    });
    // What the job queued goes out now, rather than waiting for the bot's outbox.
    let delivered: Record<string, unknown> | undefined;
    if (result.ran && !dryRun && job.name !== "outbox" && deps.deliver) {
      delivered = (await runJob(jobNamed("outbox"), deps, { now: ctx.now(), force: true })).summary;
    }
    if (ctx.json) {
      ctx.out(JSON.stringify({ ...result, dryRun, report: lines, delivered }));
      return EXIT.done;
    }
    for (const line of lines) ctx.out(line);
    ctx.out(
      result.ran
        ? `${job.name} ${result.slot}: ${dryRun ? "dry run, nothing sent" : "done"} ${JSON.stringify(result.summary ?? {})}${delivered ? `; delivered ${JSON.stringify(delivered)}` : ""}`
        : `${job.name} ${result.slot}: not run, ${result.reason}.`,
    );
    return EXIT.done;
  },
});
