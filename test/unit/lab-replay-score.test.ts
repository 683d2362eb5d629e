import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_SPEC } from "../../src/health/default-model.js";
import { scoreWeek } from "../../src/health/lean-score.js";
import { buildHealthModel, type HealthModel } from "../../src/health/model.js";
import { type Readings, scoreHealth } from "../../src/health/score.js";
import { addDays } from "../../src/time.js";

/** mulberry32: the same readings on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The default model with a declared measured signal and a declared ratio, weighed in. */
const declared = buildHealthModel({
  ...DEFAULT_MODEL_SPEC,
  name: "declared",
  signals: [
    { name: "health_checks", label: "Health checks", min: 0, max: 10, integer: true },
    {
      name: "tickets_per_seat",
      label: "Tickets per seat",
      ratio: { of: "open_tickets", per: "licensed_seats" },
    },
  ],
  components: [
    ...DEFAULT_MODEL_SPEC.components,
    {
      key: "care",
      label: "Care",
      weight: 7,
      metrics: [
        {
          signal: "health_checks",
          direction: "higher_is_better",
          points: [
            [0, 0],
            [10, 100],
          ],
        },
        {
          signal: "tickets_per_seat",
          direction: "lower_is_better",
          weight: 0.5,
          points: [
            [0, 100],
            [0.5, 0],
          ],
        },
      ],
    },
  ],
  freshness: { staleAfterDays: 14, ignoreAfterDays: 60 },
});

const NAMES = [
  "licensed_seats",
  "active_users",
  "logins_30d",
  "feature_adoption",
  "open_tickets",
  "p1_tickets_30d",
  "nps",
  "csat",
  "days_since_last_touch",
  "days_overdue",
  "health_checks",
  "something_else",
];

/** Readings as a replay has them: some missing, some out of their declared range, some old, a seat count of 0 now and then. */
function readingsFor(rnd: () => number, asOf: Date): Readings {
  const readings: Readings = {};
  for (const name of NAMES) {
    if (rnd() < 0.15) continue;
    const roll = rnd();
    const value =
      roll < 0.05
        ? -3 // below a count's minimum
        : roll < 0.1
          ? 2.5 // not a whole number
          : roll < 0.15
            ? 0 // a seat count of 0: no ratio
            : Math.round(rnd() * 400) / (rnd() < 0.5 ? 1 : 7);
    readings[name] = { value, date: addDays(asOf, -Math.floor(rnd() * 240)) };
  }
  return readings;
}

describe("scoreWeek, the replay's scoring", () => {
  it.each<[string, HealthModel]>([
    ["the default model", buildHealthModel(DEFAULT_MODEL_SPEC)],
    ["a model with declared signals and a ratio", declared],
  ])("gives scoreHealth's score, components and signals to the bit under %s", (_, model) => {
    const rnd = random(16);
    const asOf = new Date("2026-06-01T00:00:00Z");
    let scored = 0;
    for (let i = 0; i < 3_000; i++) {
      const readings = readingsFor(rnd, asOf);
      const health = scoreHealth(readings, model, asOf);
      const week = scoreWeek(readings, model, asOf.getTime());
      if (!health) {
        expect(week).toBeUndefined();
        continue;
      }
      scored++;
      const signals: Record<string, number> = {};
      for (const c of health.components) for (const s of c.signals) signals[s.signal] = s.value;
      expect(week).toStrictEqual({
        score: health.score,
        components: Object.fromEntries(health.components.map((c) => [c.key, Math.round(c.score)])),
        signals,
      });
    }
    // Most readings score, and some do not: both ways are checked.
    expect(scored).toBeGreaterThan(1_000);
    expect(scored).toBeLessThan(3_000);
  });
});
