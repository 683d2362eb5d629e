import type { AlertRules } from "../alerts/rules.js";
import type { HealthModel } from "../health/model.js";
import type { SampleRow } from "../health/readings.js";
import { utcDay } from "../time.js";
import { replayAccount } from "./replay.js";
import { Tally } from "./tally.js";

/**
 * A lane of the back-test (pure): slices of accounts replayed and tallied under each variant.
 * `runBacktest` runs one in its own thread, or several in worker threads (lane-worker.ts),
 * each given a share of the slices; the lanes' tallies merged give one lane's numbers.
 */

/** What every lane is given: plain data (it crosses to worker threads). */
export interface LaneSetup {
  /** Per variant: its distinct models (the default first) and its rules. */
  variants: { models: HealthModel[]; rules: AlertRules }[];
  days: Date[];
  horizonDays: number;
  /** The signals each sample's values are of (`BacktestSlice`). */
  signals: string[];
}

/** A slice of accounts as a lane takes it (`BacktestSlice`, each account's model by variant). */
export interface LaneSlice {
  rows: {
    id: number;
    name: string;
    segment: string | null;
    renewal_date: string | null;
    /** Per variant: the index of the account's model in the variant's `models`. */
    models: number[];
  }[];
  samples: { account_id: number; samples: string }[];
  churns: { account_id: number; date: string }[];
  since: Date;
}

/** A lane's numbers so far. */
export interface LaneResult {
  tallies: Tally[];
  accounts: number;
  segmented: boolean;
}

const DAY_MS = 86_400_000;

export class Lane {
  readonly result: LaneResult;
  /** Each day's Date, made once (by its day in the slices' reckoning). */
  private readonly dates: Date[] = [];
  private readonly first: Date;

  constructor(private readonly setup: LaneSetup) {
    this.first = setup.days[0]!;
    this.result = {
      tallies: setup.variants.map((v) => new Tally(v.models[0]!, setup.horizonDays, setup.days)),
      accounts: 0,
      segmented: false,
    };
  }

  /**
   * Replays a slice's accounts; `pause` (when given) is awaited every `every` accounts (the
   * in-thread lane lets the driver read the next slice meanwhile).
   */
  async replay(slice: LaneSlice, pause?: { every: number; wait: () => Promise<unknown> }): Promise<void> {
    const { setup, result, first } = this;
    const samplesOf = new Map(slice.samples.map((s) => [Number(s.account_id), s.samples]));
    const churnOf = new Map(slice.churns.map((c) => [Number(c.account_id), utcDay(c.date)]));
    for (const [n, row] of slice.rows.entries()) {
      if (pause && n % pause.every === pause.every - 1) await pause.wait();
      const id = Number(row.id);
      const churnedOn = churnOf.get(id) ?? null;
      // Gone before the first week: nothing to replay.
      if (churnedOn !== null && churnedOn <= first) continue;
      result.accounts++;
      if (row.segment !== null) result.segmented = true;
      const subject = {
        accountId: id,
        renewalDate: row.renewal_date ? utcDay(row.renewal_date) : null,
        samples: sampleRows(samplesOf.get(id), slice.since, setup.signals, this.dates),
      };
      for (let i = 0; i < setup.variants.length; i++) {
        const variant = setup.variants[i]!;
        const model = variant.models[row.models[i]!]!;
        const weeks = replayAccount(subject, setup.days, model, variant.rules, churnedOn ?? undefined);
        result.tallies[i]!.add({ accountId: id, name: row.name, segment: row.segment, churnedOn }, weeks);
      }
    }
  }

  /** Adds another lane's numbers (as it sent them: plain data) to this one's. */
  merge(other: LaneResult): void {
    this.result.tallies.forEach((tally, i) => {
      tally.merge(other.tallies[i]!);
    });
    this.result.accounts += other.accounts;
    this.result.segmented ||= other.segmented;
  }
}

/**
 * An account's samples as the replay takes them, from the slice's JSON text (`BacktestSlice`):
 * each sample's date, and its values that are finite numbers by signal (`metricsObject`'s rule).
 */
function sampleRows(
  text: string | undefined,
  since: Date,
  signals: readonly string[],
  dates: Date[],
): SampleRow[] {
  if (text === undefined) return [];
  const list = (typeof text === "string" ? JSON.parse(text) : text) as unknown[][];
  const rows: SampleRow[] = new Array(list.length);
  for (let n = 0; n < list.length; n++) {
    const entry = list[n]!;
    const day = entry[0] as number;
    let date = dates[day];
    if (!date) {
      date = new Date(since.getTime() + day * DAY_MS);
      dates[day] = date;
    }
    const metrics: Record<string, number> = {};
    for (let i = 0; i < signals.length; i++) {
      const value = entry[i + 1];
      if (typeof value === "number" && Number.isFinite(value)) metrics[signals[i]!] = value;
    }
    rows[n] = { date, metrics };
  }
  return rows;
}
