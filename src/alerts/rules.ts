import { z } from "zod";
import type { Band } from "../health/model.js";

/** An alert's life: open, then acknowledged or snoozed (a snooze can wake), until resolved. */
export const alertStatusSchema = z.enum(["open", "acknowledged", "snoozed", "resolved"]);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/** Someone's business still: every status but resolved. One such alert per account at a time. */
export const OPEN_ALERT_STATUSES: readonly AlertStatus[] = ["open", "acknowledged", "snoozed"];

/** What an alert keeps besides its columns (`alerts.details`): the one shape, checked when read. */
export const alertDetailsSchema = z.object({
  /** The health explanation when it was raised ("−18 in 7 days: usage −12 …"). */
  why: z.string().optional(),
  /** "Snooze until the score moves": the score when it was snoozed… */
  snoozeScore: z.number().optional(),
  /** …and how far it must move to wake the alert. */
  snoozeMovePoints: z.number().optional(),
});
export type AlertDetails = z.infer<typeof alertDetailsSchema>;

/** A snoozed alert wakes when its date comes, or (snoozed until the score moves) when the score has moved enough. */
export function snoozeIsOver(
  alert: { snoozedUntil: Date | null; details: AlertDetails },
  score: number,
  now: Date,
): boolean {
  if (alert.snoozedUntil) return alert.snoozedUntil <= now;
  const { snoozeScore, snoozeMovePoints } = alert.details;
  return snoozeScore !== undefined && Math.abs(score - snoozeScore) >= (snoozeMovePoints ?? 10);
}

/**
 * When an account deserves an at-risk alert: pure rules, data not code. Quiet by design: one
 * alert per account and cause while it is open (the dedupe key), a cooldown after one is
 * resolved, the band's hysteresis from the health model, and no alert on stale data.
 */
export interface AlertRules {
  /** Alert when an account enters the red band. */
  enteredRed: boolean;
  /** Alert when the score drops by `points` or more within `days`. */
  drop: { points: number; days: number };
  /** Alert when one component falls by `points` or more within `days`. */
  cliff: { points: number; days: number };
  /** After an alert is resolved, the same cause stays quiet this long. */
  cooldownDays: number;
  /** "Snooze until the score moves": by this many points. */
  snoozeMovePoints: number;
}

export const DEFAULT_ALERT_RULES: AlertRules = {
  enteredRed: true,
  drop: { points: 15, days: 7 },
  cliff: { points: 30, days: 7 },
  cooldownDays: 7,
  snoozeMovePoints: 10,
};

/** What the sweep knows of an account today. */
export interface AlertSubject {
  accountId: number;
  score: number;
  band: Band;
  previousBand: Band | null;
  components: Record<string, number>;
  /** The snapshot `drop.days` (= `cliff.days`) ago, if any. */
  before?: { score: number; components: Record<string, number> };
  /** Its newest metric is older than the model's freshness limit. */
  stale: boolean;
}

export interface Cause {
  /** "entered_red", "score_drop", "cliff:usage". */
  cause: string;
  reason: string;
}

export const dedupeKey = (accountId: number, cause: string) => `${accountId}:${cause}`;

/** The causes that hold for an account today (nothing for stale data: it is not the customer's news). */
export function evaluate(subject: AlertSubject, rules: AlertRules): Cause[] {
  if (subject.stale) return [];
  const causes: Cause[] = [];
  if (rules.enteredRed && subject.band === "red") {
    causes.push({ cause: "entered_red", reason: `in the red band (score ${subject.score})` });
  }
  if (subject.before) {
    const drop = subject.before.score - subject.score;
    if (drop >= rules.drop.points) {
      causes.push({
        cause: "score_drop",
        reason: `score fell ${drop} points in ${rules.drop.days} days (${subject.before.score} → ${subject.score})`,
      });
    }
    for (const [key, now] of Object.entries(subject.components)) {
      const then = subject.before.components[key];
      if (then !== undefined && then - now >= rules.cliff.points) {
        causes.push({
          cause: `cliff:${key}`,
          reason: `${key} fell ${then - now} points in ${rules.cliff.days} days (${then} → ${now})`,
        });
      }
    }
  }
  return causes;
}
