import cron from "node-cron";

/**
 * A job run's slot: the scheduled minute it stands for, in UTC ("2026-11-22T08:30Z"). Every
 * process computes the same slot for the same schedule, so a unique (job, slot) row lets one
 * of them run it.
 */
export const slotOf = (date: Date) => `${date.toISOString().slice(0, 16)}Z`;

/**
 * The latest minute at or before `now`, within `lookbackMinutes`, that the cron expression
 * matches in `timezone`; undefined if none. Used to catch up a slot missed while every process
 * was down, and by `kuroko run-job` to claim the same slot as the scheduler.
 */
export function latestScheduled(
  expression: string,
  timezone: string,
  now: Date,
  lookbackMinutes: number,
): Date | undefined {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    for (let back = 0; back <= lookbackMinutes; back++) {
      const candidate = new Date(minute.getTime() - back * 60_000);
      if (task.match(candidate)) return candidate;
    }
    return undefined;
  } finally {
    void task.destroy();
  }
}

/**
 * The first minute after `now`, within `lookaheadMinutes`, that the cron expression matches in
 * `timezone`; undefined if none. A dry run on a day with no slot shows the next one.
 */
export function nextScheduled(
  expression: string,
  timezone: string,
  now: Date,
  lookaheadMinutes: number,
): Date | undefined {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    for (let ahead = 1; ahead <= lookaheadMinutes; ahead++) {
      const candidate = new Date(minute.getTime() + ahead * 60_000);
      if (task.match(candidate)) return candidate;
    }
    return undefined;
  } finally {
    void task.destroy();
  }
}
