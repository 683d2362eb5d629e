import type { Readings } from "./score.js";

/** One stored day of an account's metrics: each measured signal's value by name. */
export interface SampleRow {
  date: Date;
  metrics: Record<string, number | null | undefined>;
}

/**
 * Each metric's latest value on or before `asOf`, from an account's samples sorted by date.
 * Metrics are merged across days: an import that sent only NPS does not hide yesterday's usage.
 */
export function readingsAsOf(samples: SampleRow[], asOf: Date): Readings {
  const readings: Readings = {};
  for (const sample of samples) {
    if (sample.date > asOf) break;
    for (const [name, value] of Object.entries(sample.metrics)) {
      if (typeof value === "number" && Number.isFinite(value)) readings[name] = { value, date: sample.date };
    }
  }
  return readings;
}
