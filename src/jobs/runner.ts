import { hostname } from "node:os";
import cron from "node-cron";
import { ENGLISH, type Translator } from "../i18n/translate.js";
import { localDateTime, todayIn, weekdayIn } from "../time.js";
import { beat, claimSlot, finishClaim, HEARTBEAT_MS, pruneRuns, slotState } from "./claims.js";
import type { Job, JobDeps } from "./schedule.js";
import { latestScheduled, nextScheduled, slotOf } from "./slots.js";

/** Who claims: host and process, for the job_runs table. */
export const processOwner = () => `${hostname()}:${process.pid}`;

export interface RunResult {
  job: string;
  slot: string;
  ran: boolean;
  reason?: string;
  /** Why it was not run, as facts (`reason` says it in English): for a reader's own language. */
  notRun?: NotRun;
  summary?: Record<string, unknown>;
}

/** Why a slot was not run: its last run failed, another run did it, or another run has it now. */
export type NotRun =
  | { status: "failed"; at?: Date; error?: string }
  | { status: "done" }
  | { status: "running"; owner?: string };

/**
 * The slot a run by hand at `now` stands for: always today's, so that it works on today's data
 * (a weekday digest run by hand on a Sunday is Sunday's, not Friday's). Today's latest scheduled
 * minute if one has passed; else today's next one (the scheduler then finds it done); else, on
 * a day with no slot, this minute, saying so.
 */
export function currentSlot(
  job: Job,
  deps: JobDeps,
  now: Date,
  report: (line: string) => void = () => {},
  tr: Translator = ENGLISH,
): Date {
  const { timezone } = deps.config;
  const today = todayIn(timezone, now).getTime();
  const isToday = (slot: Date | undefined): slot is Date =>
    slot !== undefined && todayIn(timezone, slot).getTime() === today;
  const latest = latestScheduled(job.cron(deps.config), timezone, now, WEEK_MINUTES);
  if (isToday(latest)) return latest;
  const next = nextScheduled(job.cron(deps.config), timezone, now, WEEK_MINUTES);
  if (isToday(next)) {
    report(tr.t("cli.runJob.ahead", { job: job.name, slot: describeSlot(next, timezone, tr) }));
    return next;
  }
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  report(tr.t("cli.runJob.unscheduled", { job: job.name, slot: describeSlot(minute, timezone, tr) }));
  return minute;
}

const WEEK_MINUTES = 7 * 24 * 60;

/** A slot as the team reads it: "Monday 2026-11-23 08:00 (Asia/Tokyo)"; "2026年11月23日(月) 08:00(Asia/Tokyo)". */
function describeSlot(slot: Date, timezone: string, tr: Translator = ENGLISH): string {
  const [day, time] = localDateTime(slot, timezone).split(" ") as [string, string];
  return tr.t("cli.runJob.slot", {
    day: tr.locale === "en" ? `${weekdayIn(slot, timezone)} ${day}` : tr.day(new Date(`${day}T00:00:00Z`)),
    time,
    timezone,
  });
}

/**
 * The slot a dry run shows: today's, if the job has one; else the next one, saying so (a weekday
 * job tried on a Sunday shows Monday's, not last Friday's).
 */
function dryRunSlot(
  job: Job,
  deps: JobDeps,
  options: { now: Date; report?: (line: string) => void; tr?: Translator },
): Date {
  const tr = options.tr ?? ENGLISH;
  const { timezone } = deps.config;
  const latest = latestScheduled(job.cron(deps.config), timezone, options.now, WEEK_MINUTES);
  const today = todayIn(timezone, options.now).getTime();
  if (latest && todayIn(timezone, latest).getTime() === today) return latest;
  const next = nextScheduled(job.cron(deps.config), timezone, options.now, WEEK_MINUTES);
  if (!next) return currentSlot(job, deps, options.now, options.report, tr);
  const words = { job: job.name, slot: describeSlot(next, timezone, tr) };
  options.report?.(
    todayIn(timezone, next).getTime() === today
      ? tr.t("cli.runJob.laterToday", words)
      : tr.t("cli.runJob.nextDay", words),
  );
  return next;
}

/**
 * Runs one job for one slot, exactly once across processes: it claims (job, slot) first and
 * stands aside if another process has. `force` runs a slot already done again; `dryRun`
 * claims nothing, sends nothing, and reports what it would do.
 */
export async function runJob(
  job: Job,
  deps: JobDeps,
  options: {
    now: Date;
    slot?: Date;
    force?: boolean;
    dryRun?: boolean;
    owner?: string;
    report?: (line: string) => void;
    /** The language of the `report` lines (the CLI's; default English). */
    tr?: Translator;
  },
): Promise<RunResult> {
  const slotDate =
    options.slot ??
    (options.dryRun
      ? dryRunSlot(job, deps, options)
      : currentSlot(job, deps, options.now, options.report, options.tr));
  const slot = slotOf(slotDate);
  const ctx = {
    deps,
    slot: slotDate,
    now: options.now,
    dryRun: options.dryRun ?? false,
    report: options.report ?? (() => {}),
  };
  if (ctx.dryRun) return { job: job.name, slot, ran: true, summary: await job.run(ctx) };
  const claim = await claimSlot(
    deps.prisma,
    job.name,
    slot,
    options.owner ?? processOwner(),
    options.force,
    options.now,
  );
  if (claim === undefined) {
    const notRun = await whyNotRun(deps, job.name, slot);
    return { job: job.name, slot, ran: false, reason: notRunReason(notRun), notRun };
  }
  // Alive while it runs (real time, whatever the run's own clock says): a silent claim is taken over.
  const heartbeat = setInterval(() => {
    beat(deps.prisma, claim, new Date()).catch((error: unknown) =>
      deps.logger.warn(`job ${job.name}: heartbeat not recorded:`, (error as Error).message),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const summary = await job.run(ctx);
    await finishClaim(deps.prisma, claim, { ok: true, summary });
    return { job: job.name, slot, ran: true, summary };
  } catch (error) {
    await finishClaim(deps.prisma, claim, { ok: false, error: (error as Error).message });
    throw error;
  } finally {
    clearInterval(heartbeat);
    await pruneRuns(deps.prisma, job.name, job.history, options.now).catch((error: unknown) =>
      deps.logger.warn(`job ${job.name}: old runs not pruned:`, (error as Error).message),
    );
  }
}

/** Why a slot was not run: done, failed, or running elsewhere. */
async function whyNotRun(deps: JobDeps, job: string, slot: string): Promise<NotRun> {
  const state = await slotState(deps.prisma, job, slot);
  if (state?.status === "failed")
    return { status: "failed", at: state.finishedAt ?? undefined, error: state.error ?? undefined };
  if (state?.status === "done") return { status: "done" };
  return { status: "running", owner: state?.owner };
}

/** Why a slot was not run, in words (and how to retry): English by default. */
export function notRunReason(notRun: NotRun, tr: Translator = ENGLISH): string {
  switch (notRun.status) {
    case "failed": {
      const error = notRun.error ?? tr.t("cli.runJob.reason.anError");
      return notRun.at
        ? tr.t("cli.runJob.reason.failedAt", { at: notRun.at.toISOString(), error })
        : tr.t("cli.runJob.reason.failed", { error });
    }
    case "done":
      return tr.t("cli.runJob.reason.done");
    case "running":
      return tr.t("cli.runJob.reason.running", {
        owner: notRun.owner ?? tr.t("cli.runJob.reason.anotherProcess"),
      });
  }
}

export interface Scheduler {
  stop(): Promise<void>;
  /** Resolves when the start-up catch-up runs are done (tests). */
  caughtUp: Promise<void>;
}

/**
 * Starts every job on its cron schedule, in the team's time zone, and first catches up any of
 * today's slots that were missed while every process was down (today's digest yes, last week's no).
 */
export function startScheduler(
  jobs: readonly Job[],
  deps: JobDeps,
  clock: () => Date = () => new Date(),
): Scheduler {
  const owner = processOwner();
  jobs = jobs.filter((job) => job.scheduled?.(deps) ?? true);
  const run = (job: Job, slot: Date) =>
    runJob(job, deps, { now: clock(), slot, owner }).then(
      (result) => {
        if (result.ran) deps.logger.info(`job ${job.name} ${result.slot} done`, result.summary ?? {});
      },
      (error: unknown) => deps.logger.error(`job ${job.name} failed:`, error),
    );
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron(deps.config),
      (ctx) => run(job, new Date(Math.floor(ctx.date.getTime() / 60_000) * 60_000)),
      {
        timezone: deps.config.timezone,
        name: `kuroko-${job.name}`,
        noOverlap: true,
      },
    ),
  );
  const now = clock();
  const caughtUp = (async () => {
    for (const job of jobs.filter((j) => j.catchUpToday)) {
      const missed = latestScheduled(job.cron(deps.config), deps.config.timezone, now, 24 * 60);
      const today = todayIn(deps.config.timezone, now).getTime();
      if (missed && todayIn(deps.config.timezone, missed).getTime() === today) await run(job, missed);
    }
  })();
  return {
    caughtUp,
    async stop() {
      for (const task of tasks) await task.destroy();
      await caughtUp;
    },
  };
}
