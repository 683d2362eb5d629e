/**
 * ROC AUC by the rank-sum (Mann–Whitney) formula, from counts per value: memory stays bounded by
 * the number of distinct values, however many observations (5 million account-weeks take the
 * same room as 50). Lower values are taken as riskier: the AUC is the chance that a positive
 * (an account-week followed by a churn) scores lower than a negative, ties counting half.
 */
export class RankCounts {
  private readonly counts = new Map<number, { positive: number; negative: number }>();
  positives = 0;
  negatives = 0;

  private readonly scale: number;

  /** Values are kept to `decimals` places (scores, counts and percentages stay exact). */
  constructor(decimals = 2) {
    this.scale = 10 ** decimals;
  }

  add(value: number, positive: boolean): void {
    if (!Number.isFinite(value)) return;
    // Kept as the whole number of hundredths (a small integer, the fastest key a Map has): the
    // same grouping and order as the rounded value itself.
    const key = Math.round(value * this.scale);
    let entry = this.counts.get(key);
    if (!entry) {
      entry = { positive: 0, negative: 0 };
      this.counts.set(key, entry);
    }
    if (positive) {
      entry.positive++;
      this.positives++;
    } else {
      entry.negative++;
      this.negatives++;
    }
  }

  /** Adds `other`'s counts to these (the same as adding its observations here). */
  merge(other: RankCounts): void {
    for (const [key, { positive, negative }] of other.counts) {
      const entry = this.counts.get(key);
      if (entry) {
        entry.positive += positive;
        entry.negative += negative;
      } else this.counts.set(key, { positive, negative });
    }
    this.positives += other.positives;
    this.negatives += other.negatives;
  }

  /** The AUC, or null when there is no positive or no negative to compare. */
  auc(): number | null {
    if (this.positives === 0 || this.negatives === 0) return null;
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    let negativesAbove = this.negatives;
    let wins = 0;
    for (const key of keys) {
      const { positive, negative } = this.counts.get(key)!;
      negativesAbove -= negative;
      wins += positive * (negativesAbove + negative / 2);
    }
    return wins / (this.positives * this.negatives);
  }
}

/** The AUC of plain lists (tests and small samples): lower `values` riskier. */
export function rocAuc(observations: readonly { value: number; positive: boolean }[]): number | null {
  const counts = new RankCounts(9);
  for (const o of observations) counts.add(o.value, o.positive);
  return counts.auc();
}
