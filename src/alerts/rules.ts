import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson, describeIssues } from "../data-checks.js";
import { KurokoError } from "../errors.js";
import { type CauseFacts, causeFactsSchema, causeText } from "../health/alert-reason.js";
import { isUnhealthy } from "../health/band.js";
import type { Band } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { daysBetween } from "../time.js";

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
  /** Resolved: why ("not red, no decline over 7 or 30 days, no renewal at risk"). */
  resolution: z.string().optional(),
  /** Resolved: the same, as facts (each reader gets it in their own language). */
  resolved: z
    .object({ red: z.boolean(), windows: z.array(z.number().int()), renewal: z.boolean() })
    .optional(),
  /** Why it was raised, as facts: each reader gets `reason` in their own language. */
  causes: z.array(causeFactsSchema).optional(),
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

const points = z
  .number()
  .int("must be whole points")
  .min(1, "must be at least 1")
  .max(100, "must be at most 100");
const days = z
  .number()
  .int("must be whole days")
  .min(1, "must be at least 1")
  .max(365, "must be at most 365");

/** A decline rule: `points` or more lost within `days`; each part defaults on its own. */
const declineRule = (defaults: { points: number; days: number }) =>
  z
    .object({
      enabled: z.boolean().default(true),
      points: points.default(defaults.points),
      days: days.default(defaults.days),
    })
    .strict()
    .default({ enabled: true, ...defaults });

/**
 * When an account deserves an alert: pure rules, data not code (docs/alerts.md). Alerts fire on
 * *changes* (entering red, a decline, a renewal coming near while not healthy); one alert per
 * account at a time names every condition that holds; a cooldown after one is resolved; no
 * alert on stale data. Every key is optional in a rules file: what is left out keeps its default.
 */
export const alertRulesSchema = z
  .object({
    /** Alert when an account enters the red band (its previous snapshot was not red). */
    enteredRed: z.boolean().default(true),
    /** Alert when the score drops by `points` or more within `days`. */
    drop: declineRule({ points: 15, days: 7 }),
    /** Alert when one component falls by `points` or more within `days`. */
    cliff: declineRule({ points: 30, days: 7 }),
    /** Alert on a slower collapse: the score down `points` or more within `days`. */
    decline: declineRule({ points: 20, days: 30 }),
    /** Alert when a renewal comes within `days` while the account is not healthy (red or yellow). */
    renewalAtRisk: z
      .object({ enabled: z.boolean().default(true), days: days.default(60) })
      .strict()
      .default({ enabled: true, days: 60 }),
    /** After an alert is resolved, the same cause stays quiet this long. */
    cooldownDays: z.number().int("must be whole days").min(0, "must be 0 or more").max(365).default(7),
    /** "Snooze until the score moves": by this many points. */
    snoozeMovePoints: points.default(10),
  })
  .strict();

export type AlertRules = z.output<typeof alertRulesSchema>;
export type AlertRulesInput = z.input<typeof alertRulesSchema>;

export class AlertRulesError extends KurokoError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`The alert rules in ${source} are not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Validates alert rules (from code or a file), listing every problem; missing keys take their defaults. */
export function buildAlertRules(input: unknown, source = "the default rules"): AlertRules {
  // An empty file is a mistake (a truncated copy, the wrong path), not "the defaults": unset
  // KUROKO_ALERT_RULES_PATH for those. `{}` says it on purpose.
  if (input === null || input === undefined)
    throw new AlertRulesError(source, [
      "the file is empty: write the rules (see docs/alerts.md), {} for the defaults, or unset KUROKO_ALERT_RULES_PATH",
    ]);
  const parsed = alertRulesSchema.safeParse(input);
  if (!parsed.success) {
    throw new AlertRulesError(source, describeIssues(parsed.error.issues));
  }
  return parsed.data;
}

export const DEFAULT_ALERT_RULES: AlertRules = buildAlertRules({});

/** The windows (in days) the rules compare today's snapshot with. */
export function ruleWindows(rules: AlertRules): number[] {
  const windows = [rules.drop, rules.cliff, rules.decline].filter((r) => r.enabled).map((r) => r.days);
  return [...new Set(windows)].sort((a, b) => a - b);
}

/**
 * What a baseline stands for: the health model's version and the rules in force. A sweep under a
 * fingerprint with no baseline yet records one (see docs/alerts.md, "Baseline").
 */
export function baselineFingerprint(modelVersion: string, rules: AlertRules): string {
  return `${modelVersion}:${createHash("sha256").update(canonicalJson(rules)).digest("hex").slice(0, 12)}`;
}

/** What the sweep knows of an account today. */
export interface AlertSubject {
  accountId: number;
  /** The sweep's day. */
  day: Date;
  score: number;
  band: Band;
  /** The account's snapshot before today's (null: scored for the first time). */
  previous: { band: Band; day: Date } | null;
  renewalDate: Date | null;
  components: Record<string, number>;
  /**
   * By window (days): the latest snapshot on or before that many days ago, if any. Its component
   * scores are needed for the cliff's window only (the sweep reads them for that one).
   */
  before: Record<number, { score: number; components?: Record<string, number> }>;
  /** Its newest metric is older than the model's freshness limit. */
  stale: boolean;
}

export interface Cause {
  /** "entered_red", "red", "score_drop", "decline", "cliff:usage", "renewal_at_risk". */
  cause: string;
  /** Its numbers, for each reader's language (health/alert-reason.ts). */
  facts: CauseFacts;
  /** In English, as `alerts.reason` records it. */
  reason: string;
}

/**
 * A cause, its English `reason` formatted when first read (the back-test evaluates millions of
 * account-weeks and reads no reason; the sweep reads each alert's).
 */
function causeOf(cause: string, facts: CauseFacts): Cause {
  let reason: string | undefined;
  return {
    cause,
    facts,
    get reason() {
      reason ??= causeText(facts, "en");
      return reason;
    },
  };
}

/** The score's declines: each cause and its rule. */
const DECLINES = [
  ["score_drop", "drop"],
  ["decline", "decline"],
] as const;

/** A cause that is a change: it holds, and raises an alert. */
function both(holding: Cause[], changes: Cause[], cause: Cause): void {
  holding.push(cause);
  changes.push(cause);
}

/** What the rules make of an account today. */
export interface Evaluation {
  /** What changed since the previous snapshot: any of these raises an alert. */
  changes: Cause[];
  /** Every condition that holds today, changes included (an open alert stays open while one does). */
  holding: Cause[];
  red: boolean;
  renewalAtRisk: boolean;
  /** The largest score decline measured over the rules' windows (0 when none). */
  decline: number;
  /** Days to the renewal date (negative: past; null: none). */
  daysToRenewal: number | null;
}

export const dedupeKey = (accountId: number, cause: string) => `${accountId}:${cause}`;

/** A renewal at risk: not healthy, within `windowDays` of a renewal that has not passed. */
function renewalAtRiskOn(band: Band, renewalDate: Date | null, day: Date, windowDays: number): boolean {
  if (!renewalDate || !isUnhealthy(band)) return false;
  const left = daysBetween(day, renewalDate);
  return left >= 0 && left <= windowDays;
}

/**
 * The conditions that hold for an account today, and which of them are changes. A change is
 * judged against the account's previous snapshot: entering red (it was not red), any decline
 * over the rules' windows, a renewal at risk that was not one at the previous snapshot. An
 * account scored for the first time has no previous state, so only a decline is a change.
 * Stale data holds nothing: it is not the customer's news.
 */
export function evaluate(
  subject: AlertSubject,
  rules: AlertRules,
  /** The health model's component labels by key (a cliff names its component in each language). */
  labels?: Readonly<Record<string, string>>,
): Evaluation {
  const daysToRenewal = subject.renewalDate ? daysBetween(subject.day, subject.renewalDate) : null;
  const none: Evaluation = {
    changes: [],
    holding: [],
    red: false,
    renewalAtRisk: false,
    decline: 0,
    daysToRenewal,
  };
  if (subject.stale) return none;
  const holding: Cause[] = [];
  const changes: Cause[] = [];
  const red = subject.band === "red" && rules.enteredRed;
  if (red) {
    const entered = subject.previous !== null && subject.previous.band !== "red";
    if (entered)
      both(
        holding,
        changes,
        causeOf("entered_red", { kind: "entered_red", score: subject.score, was: subject.previous!.band }),
      );
    else holding.push(causeOf("red", { kind: "red", score: subject.score }));
  }
  let decline = 0;
  for (const [key, name] of DECLINES) {
    const rule = rules[name];
    const then = subject.before[rule.days];
    if (!rule.enabled || !then) continue;
    const lost = then.score - subject.score;
    decline = Math.max(decline, lost);
    if (lost >= rule.points)
      both(
        holding,
        changes,
        causeOf(key, { kind: key, lost, days: rule.days, from: then.score, to: subject.score }),
      );
  }
  const cliffFrom = subject.before[rules.cliff.days];
  if (rules.cliff.enabled && cliffFrom) {
    for (const key in subject.components) {
      const now = subject.components[key]!;
      const then = cliffFrom.components?.[key];
      if (then !== undefined && then - now >= rules.cliff.points) {
        both(
          holding,
          changes,
          causeOf(`cliff:${key}`, {
            kind: "cliff",
            component: key,
            ...(labels?.[key] ? { label: labels[key] } : {}),
            lost: then - now,
            days: rules.cliff.days,
            from: then,
            to: now,
          }),
        );
      }
    }
  }
  const window = rules.renewalAtRisk.days;
  const atRisk =
    rules.renewalAtRisk.enabled && renewalAtRiskOn(subject.band, subject.renewalDate, subject.day, window);
  if (atRisk) {
    const cause = causeOf("renewal_at_risk", {
      kind: "renewal_at_risk",
      band: subject.band,
      days: daysToRenewal!,
    });
    const before = subject.previous;
    const wasAtRisk =
      before === null || renewalAtRiskOn(before.band, subject.renewalDate, before.day, window);
    if (wasAtRisk) holding.push(cause);
    else both(holding, changes, cause);
  }
  return { changes, holding, red, renewalAtRisk: atRisk, decline: Math.max(0, decline), daysToRenewal };
}

/**
 * Why an alert resolved, in the rules' own terms: none of the conditions it watches holds any
 * more ("not red, no decline over 7 or 30 days, no renewal at risk").
 */
export function resolutionPhrase(rules: AlertRules): string {
  const parts: string[] = [];
  if (rules.enteredRed) parts.push("not red");
  const windows = ruleWindows(rules);
  if (windows.length) parts.push(`no decline over ${windows.join(" or ")} days`);
  if (rules.renewalAtRisk.enabled) parts.push("no renewal at risk");
  return parts.length ? parts.join(", ") : "no alert rule holds";
}

/** Why an alert resolved, as facts: the conditions the rules watched when it did. */
export type ResolutionFacts = NonNullable<AlertDetails["resolved"]>;

export const resolutionFacts = (rules: AlertRules): ResolutionFacts => ({
  red: rules.enteredRed,
  windows: ruleWindows(rules),
  renewal: rules.renewalAtRisk.enabled,
});

/** `resolutionPhrase` in `locale`, from the facts recorded when the alert resolved. */
export function resolutionText(facts: ResolutionFacts, locale: Locale): string {
  const parts: string[] = [];
  if (facts.red) parts.push(t(locale, "alert.resolution.notRed"));
  if (facts.windows.length)
    parts.push(
      t(locale, "alert.resolution.noDecline", {
        windows: facts.windows.join(t(locale, "alert.resolution.or")),
      }),
    );
  if (facts.renewal) parts.push(t(locale, "alert.resolution.noRenewal"));
  return parts.length ? parts.join(t(locale, "list.separator")) : t(locale, "alert.resolution.none");
}

/** Already in a bad state with nothing that changed: a baseline sweep records it instead of alerting. */
export const isBaselineState = (e: Evaluation): boolean =>
  e.changes.length === 0 && (e.red || e.renewalAtRisk);
