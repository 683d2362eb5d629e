import type { HealthModel } from "../health/model.js";
import { daysBetween, isoDay } from "../time.js";
import { RankCounts } from "./auc.js";
import type { ReplayWeek } from "./replay.js";

/**
 * What a back-test measures, gathered account by account (pure): each account's replayed weeks
 * are added once and forgotten, so memory holds counts, not history. An account-week is
 * *positive* when the account churned within the horizon after it; "at risk" is the red band.
 */

/** What the tally needs of an account besides its replayed weeks. */
export interface TallyAccount {
  accountId: number;
  name: string;
  segment: string | null;
  /** Its first churn after the back-test's first week, if any. */
  churnedOn: Date | null;
}

export interface SignalPower {
  signal: string;
  label: string;
  /** Lower values riskier for a higher-is-better signal, higher for a lower-is-better one. */
  direction: "higher_is_better" | "lower_is_better";
  auc: number | null;
  observations: number;
}

/** The numbers of one group of accounts (all of them, or a segment). */
export interface GroupReport {
  accounts: number;
  /** Account-weeks scored. */
  accountWeeks: number;
  /** Account-weeks followed by a churn within the horizon. */
  churnWeeks: number;
  /** How well the score ranks those (lower = riskier); null without both kinds of week. */
  auc: number | null;
  /** "At risk" = red. Precision: of the red account-weeks, the share followed by a churn; recall: of those followed by a churn, the share red. */
  atRisk: { weeks: number; precision: number | null; recall: number | null };
  churned: {
    accounts: number;
    /** Flagged (red, or an alert raised) within the horizon before the churn. */
    flagged: number;
    /** Green in every scored week of the horizon before the churn. */
    stayedGreen: number;
    medianLeadWeeks: number | null;
  };
  signals: SignalPower[];
}

export interface ChurnedAccount {
  accountId: number;
  name: string;
  segment: string | null;
  churnedOn: string;
  /** Weeks from the first flag (red or an alert) within the horizon to the churn; null: never flagged. */
  leadWeeks: number | null;
  /** What flagged it first: "red" or the alert's first cause. */
  firstFlag: string | null;
  stayedGreen: boolean;
  /** Its score in its last scored week before the churn. */
  lastScore: number | null;
}

export interface WeekAlerts {
  week: string;
  /** Accounts scored that week. */
  scored: number;
  /** Alerts raised that week (evaluate() on consecutive weekly scores, with the sweep's bookkeeping). */
  alerts: number;
  /** Of those, the alerts on accounts that churned within the horizon after. */
  beforeChurn: number;
}

export interface VariantReport {
  model: { name: string; version: string };
  overall: GroupReport;
  /** By the accounts' segment (empty when no account has one). */
  segments: Record<string, GroupReport>;
  alertsPerWeek: WeekAlerts[];
  alerts: { total: number; beforeChurn: number };
  churned: ChurnedAccount[];
}

class Group {
  accounts = 0;
  accountWeeks = 0;
  readonly score = new RankCounts();
  readonly signals = new Map<string, RankCounts>();
  red = { positive: 0, negative: 0 };
  positives = 0;
  churned = 0;
  flagged = 0;
  stayedGreen = 0;
  readonly leads: number[] = [];

  /** Adds `other`'s numbers to these (the same as adding its accounts here). */
  merge(other: Group): void {
    this.accounts += other.accounts;
    this.accountWeeks += other.accountWeeks;
    this.score.merge(other.score);
    for (const [signal, counts] of other.signals) {
      let mine = this.signals.get(signal);
      if (!mine) {
        mine = new RankCounts();
        this.signals.set(signal, mine);
      }
      mine.merge(counts);
    }
    this.red.positive += other.red.positive;
    this.red.negative += other.red.negative;
    this.positives += other.positives;
    this.churned += other.churned;
    this.flagged += other.flagged;
    this.stayedGreen += other.stayedGreen;
    for (const lead of other.leads) this.leads.push(lead);
  }

  report(model: HealthModel): GroupReport {
    const metrics = model.components.flatMap((c) => c.metrics);
    const redWeeks = this.red.positive + this.red.negative;
    return {
      accounts: this.accounts,
      accountWeeks: this.accountWeeks,
      churnWeeks: this.positives,
      auc: round(this.score.auc()),
      atRisk: {
        weeks: redWeeks,
        precision: redWeeks ? round(this.red.positive / redWeeks) : null,
        recall: this.positives ? round(this.red.positive / this.positives) : null,
      },
      churned: {
        accounts: this.churned,
        flagged: this.flagged,
        stayedGreen: this.stayedGreen,
        medianLeadWeeks: median(this.leads),
      },
      signals: metrics.map((m) => {
        const counts = this.signals.get(m.signal);
        return {
          signal: m.signal,
          label: model.catalogue.all.get(m.signal)?.label ?? m.signal,
          direction: m.direction,
          auc: round(counts?.auc() ?? null),
          observations: (counts?.positives ?? 0) + (counts?.negatives ?? 0),
        };
      }),
    };
  }
}

const round = (x: number | null, places = 3) =>
  x === null ? null : Math.round(x * 10 ** places) / 10 ** places;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, 1);
}

/** One model and rules' back-test, an account at a time. */
export class Tally {
  /** The accounts without a segment; the overall numbers are this and the segments' merged. */
  private readonly unsegmented = new Group();
  private readonly segments = new Map<string, Group>();
  private readonly weeks: WeekAlerts[];
  private readonly churned: ChurnedAccount[] = [];
  private readonly direction: Map<string, number>;

  constructor(
    private readonly model: HealthModel,
    private readonly horizonDays: number,
    days: readonly Date[],
  ) {
    this.weeks = days.map((day) => ({ week: isoDay(day), scored: 0, alerts: 0, beforeChurn: 0 }));
    // A lower-is-better signal is negated, so that lower is riskier for every signal.
    this.direction = new Map(
      model.components.flatMap((c) =>
        c.metrics.map((m) => [m.signal, m.direction === "higher_is_better" ? 1 : -1]),
      ),
    );
  }

  /** Adds an account's replayed weeks (oldest first, none on or after its churn). */
  add(account: TallyAccount, weeks: readonly ReplayWeek[]): void {
    // Each account-week is counted once, in its segment's group (overall: all groups merged).
    let g = this.unsegmented;
    if (account.segment !== null) {
      let group = this.segments.get(account.segment);
      if (!group) {
        group = new Group();
        this.segments.set(account.segment, group);
      }
      g = group;
    }
    const churn = account.churnedOn;
    const positive = (day: Date) =>
      churn !== null && day < churn && daysBetween(day, churn) <= this.horizonDays;
    g.accounts++;
    for (const week of weeks) {
      const isPositive = positive(week.day);
      const red = week.band === "red";
      g.accountWeeks++;
      g.score.add(week.score, isPositive);
      if (isPositive) g.positives++;
      if (red) {
        if (isPositive) g.red.positive++;
        else g.red.negative++;
      }
      for (const signal in week.signals) {
        const value = week.signals[signal]!;
        let counts = g.signals.get(signal);
        if (!counts) {
          counts = new RankCounts();
          g.signals.set(signal, counts);
        }
        counts.add(value * (this.direction.get(signal) ?? 1), isPositive);
      }
      const tally = this.weeks[week.index];
      if (tally) {
        tally.scored++;
        if (week.alert) {
          tally.alerts++;
          if (isPositive) tally.beforeChurn++;
        }
      }
    }
    if (churn === null) return;
    const inHorizon = weeks.filter((w) => positive(w.day));
    const first = inHorizon.find((w) => w.band === "red" || w.alert);
    const leadWeeks = first ? Math.round((daysBetween(first.day, churn) / 7) * 10) / 10 : null;
    const stayedGreen = inHorizon.length > 0 && inHorizon.every((w) => w.band === "green");
    g.churned++;
    if (leadWeeks !== null) {
      g.flagged++;
      g.leads.push(leadWeeks);
    }
    if (stayedGreen) g.stayedGreen++;
    this.churned.push({
      accountId: account.accountId,
      name: account.name,
      segment: account.segment,
      churnedOn: isoDay(churn),
      leadWeeks,
      firstFlag: first ? (first.band === "red" ? "red" : first.alert!) : null,
      stayedGreen,
      lastScore: weeks.at(-1)?.score ?? null,
    });
  }

  /**
   * Adds another tally's numbers (of other accounts, under the same model and days) to these:
   * the same numbers as had its accounts been added here. `other` may be a copy made by
   * structured clone (from a worker thread): only its data is read. The churned accounts stay
   * in account order (the order one tally adds them in, slices and rows being read by id).
   */
  merge(other: Tally): void {
    this.unsegmented.merge(other.unsegmented);
    for (const [segment, group] of other.segments) {
      let mine = this.segments.get(segment);
      if (!mine) {
        mine = new Group();
        this.segments.set(segment, mine);
      }
      mine.merge(group);
    }
    other.weeks.forEach((week, i) => {
      const mine = this.weeks[i]!;
      mine.scored += week.scored;
      mine.alerts += week.alerts;
      mine.beforeChurn += week.beforeChurn;
    });
    for (const account of other.churned) this.churned.push(account);
    this.churned.sort((a, b) => a.accountId - b.accountId);
  }

  /** Every account's numbers: the groups merged. */
  private overall(): Group {
    const overall = new Group();
    overall.merge(this.unsegmented);
    for (const group of this.segments.values()) overall.merge(group);
    return overall;
  }

  report(): VariantReport {
    const alertsPerWeek = this.weeks.map((w) => ({ ...w }));
    return {
      model: { name: this.model.name, version: this.model.version },
      overall: this.overall().report(this.model),
      segments: Object.fromEntries(
        [...this.segments.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, group]) => [name, group.report(this.model)]),
      ),
      alertsPerWeek,
      alerts: {
        total: alertsPerWeek.reduce((sum, w) => sum + w.alerts, 0),
        beforeChurn: alertsPerWeek.reduce((sum, w) => sum + w.beforeChurn, 0),
      },
      churned: this.churned,
    };
  }
}
