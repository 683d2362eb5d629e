import { METRIC_NAMES, type MetricName } from "../accounts/rows.js";
import type { Readings } from "./score.js";

/** One stored day of metrics, columns named as in metrics.csv. */
export type SampleRow = { date: Date } & Partial<Record<MetricName, number | null>>;

/**
 * Each metric's latest value on or before `asOf`, from an account's samples sorted by date.
 * Metrics are merged across days: an import that sent only NPS does not hide yesterday's usage.
 */
export function readingsAsOf(samples: SampleRow[], asOf: Date): Readings {
  const readings: Readings = {};
  for (const sample of samples) {
    if (sample.date > asOf) break;
    for (const metric of METRIC_NAMES) {
      const value = sample[metric];
      if (value !== null && value !== undefined) readings[metric] = { value, date: sample.date };
    }
  }
  return readings;
}
