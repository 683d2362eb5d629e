import { loadApprovalPolicy } from "../contracts/policy-file.js";
import { buildJobDeps, createSenderClient } from "../jobs/deps.js";
import { runJob } from "../jobs/runner.js";
import { jobNamed } from "../jobs/schedule.js";
import { createLogger } from "../log.js";
import { type CliContext, UsageError } from "./main.js";

/**
 * `kuroko run-job <name>`: runs one job now, claiming the current slot exactly as the
 * scheduler does (so several machines running it at once run it once). `--force` runs a slot
 * already done again; `--dry-run` prints what would be sent and sends nothing.
 */
export async function runJobCommand(ctx: CliContext): Promise<void> {
  const [name, ...extra] = ctx.args;
  if (!name || extra.length > 0) throw new UsageError("Name one job.");
  const job = jobNamed(name);
  const db = await ctx.database();
  const logger = createLogger(ctx.config.logLevel);
  const sender = createSenderClient(ctx.config, logger);
  const deps = buildJobDeps({
    config: ctx.config,
    db,
    logger,
    model: ctx.model(),
    policy: loadApprovalPolicy(ctx.config.contractPolicyPath),
    clock: () => new Date(),
    sender,
  });
  const lines: string[] = [];
  const dryRun = ctx.flags["dry-run"] === true;
  const result = await runJob(job, deps, {
    now: new Date(),
    force: ctx.flags.force === true,
    dryRun,
    report: (line) => lines.push(line),
  });
  // What the job queued goes out now, rather than waiting for the bot's outbox.
  let delivered: Record<string, unknown> | undefined;
  if (result.ran && !dryRun && job.name !== "outbox" && deps.deliver) {
    delivered = (await runJob(jobNamed("outbox"), deps, { now: new Date(), force: true })).summary;
  }
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...result, dryRun, report: lines, delivered }));
    return;
  }
  for (const line of lines) ctx.out(line);
  ctx.out(
    result.ran
      ? `${job.name} ${result.slot}: ${dryRun ? "dry run, nothing sent" : "done"} ${JSON.stringify(result.summary ?? {})}${delivered ? `; delivered ${JSON.stringify(delivered)}` : ""}`
      : `${job.name} ${result.slot}: not run, ${result.reason}.`,
  );
}
