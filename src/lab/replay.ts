import { type AlertRules, evaluate, ruleWindows } from "../alerts/rules.js";
import { scoreWeek } from "../health/lean-score.js";
import type { Band, HealthModel } from "../health/model.js";
import type { SampleRow } from "../health/readings.js";
import { bandWithHysteresis, type Readings } from "../health/score.js";
import { addDays, daysBetween } from "../time.js";

/**
 * One account's history replayed week by week under a model and alert rules, as the daily
 * snapshot and the alert sweep would have seen it had they run on those days: the readings as of
 * each week (`readingsAsOf`'s semantics), the score and its band with hysteresis against the
 * week before, and `evaluate` on consecutive weekly scores with the sweep's bookkeeping (one open
 * alert per account, resolved when no condition holds, the cooldown after a resolution). Pure.
 */

/** What the replay knows of an account. */
export interface ReplayAccount {
  accountId: number;
  renewalDate: Date | null;
  /** Its samples, oldest first. */
  samples: readonly SampleRow[];
}

/** One week of an account, replayed. */
export interface ReplayWeek {
  day: Date;
  /** Its position in the replay's days. */
  index: number;
  score: number;
  band: Band;
  /** An alert was raised this week: its first cause. */
  alert?: string;
  /** Each scored signal's value that week (derived ones included), for the per-signal AUC. */
  signals: Record<string, number>;
}

/**
 * The account's weeks (`days`, oldest first) under `model` and `rules`, stopping before `until`
 * (the churn: an account gone is not scored). Weeks with no usable reading are left out.
 */
export function replayAccount(
  account: ReplayAccount,
  days: readonly Date[],
  model: HealthModel,
  rules: AlertRules,
  until?: Date,
): ReplayWeek[] {
  const weeks: ReplayWeek[] = [];
  // The weeks scored so far, by time (ms): what the declines compare with.
  const history: { time: number; score: number; components: Record<string, number> }[] = [];
  const windows = windowsOf(rules);
  const labels = labelsOf(model);
  const staleMs = model.freshness.staleAfterDays * DAY_MS;
  const untilTime = until ? until.getTime() : Number.POSITIVE_INFINITY;
  const samples = account.samples;
  let previous: { band: Band; day: Date } | null = null;
  let open: string | undefined;
  const resolvedOn = new Map<string, Date>();
  // The readings as of each week, advanced sample by sample (readingsAsOf, incrementally).
  const readings: Readings = {};
  let next = 0;
  let newest: Date | undefined;
  // Times as numbers, no Date made in the loop (addDays(day, -n) is day's time less n days' ms).
  for (let index = 0; index < days.length; index++) {
    const day = days[index]!;
    const time = day.getTime();
    if (time >= untilTime) break;
    while (next < samples.length && samples[next]!.date.getTime() <= time) {
      const sample = samples[next++]!;
      newest = sample.date;
      const metrics = sample.metrics;
      for (const name in metrics) {
        const value = metrics[name];
        if (typeof value === "number" && Number.isFinite(value)) {
          // Updated in place: a reading is only read within the week (scoreWeek).
          const reading = readings[name];
          if (reading) {
            reading.value = value;
            reading.date = sample.date;
          } else readings[name] = { value, date: sample.date };
        }
      }
    }
    if (newest === undefined) continue; // no reading yet
    const health = scoreWeek(readings, model, time);
    if (!health) continue;
    const { components, signals } = health;
    const band = bandWithHysteresis(health.score, previous?.band, model);
    const before: Record<number, { score: number; components: Record<string, number> }> = {};
    for (const w of windows) {
      const cutoff = time - w * DAY_MS;
      for (let i = history.length - 1; i >= 0; i--)
        if (history[i]!.time <= cutoff) {
          before[w] = history[i]!;
          break;
        }
    }
    // isStale: the newest reading older than staleAfterDays before the day.
    const stale = newest.getTime() < time - staleMs;
    const evaluation = evaluate(
      {
        accountId: account.accountId,
        day,
        score: health.score,
        band,
        previous,
        renewalDate: account.renewalDate,
        components,
        before,
        stale,
      },
      rules,
      labels,
    );
    let alert: string | undefined;
    if (open === undefined) {
      const cause = evaluation.changes[0]?.cause;
      const resolved = cause === undefined ? undefined : resolvedOn.get(cause);
      const cooling = resolved !== undefined && daysBetween(resolved, day) <= rules.cooldownDays;
      if (cause !== undefined && !cooling) open = alert = cause;
    } else if (!stale && evaluation.holding.length === 0) {
      resolvedOn.set(open, day);
      open = undefined;
    }
    weeks.push(
      alert
        ? { day, index, score: health.score, band, alert, signals }
        : { day, index, score: health.score, band, signals },
    );
    history.push({ time, score: health.score, components });
    previous = { band, day };
  }
  return weeks;
}

const DAY_MS = 86_400_000;

/** The rules' decline windows, once per rules. */
const WINDOWS = new WeakMap<AlertRules, number[]>();
function windowsOf(rules: AlertRules): number[] {
  let windows = WINDOWS.get(rules);
  if (!windows) {
    windows = ruleWindows(rules);
    WINDOWS.set(rules, windows);
  }
  return windows;
}

/** The components' labels by key, once per model (a cliff names its component). */
const LABELS = new WeakMap<HealthModel, Record<string, string>>();
function labelsOf(model: HealthModel): Record<string, string> {
  let labels = LABELS.get(model);
  if (!labels) {
    labels = Object.fromEntries(model.components.map((c) => [c.key, c.label]));
    LABELS.set(model, labels);
  }
  return labels;
}

/** The replay's days: every 7 days back from `to` while on or after `from`, oldest first. */
export function weeklyDays(from: Date, to: Date): Date[] {
  const days: Date[] = [];
  for (let day = to; day >= from; day = addDays(day, -7)) days.unshift(day);
  return days;
}
