import { describe, expect, it } from "vitest";
import type { MetricName } from "../../src/accounts/rows.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import { buildHealthModel, HealthModelError } from "../../src/health/model.js";
import {
  bandWithHysteresis,
  describeChange,
  explainChange,
  type Readings,
  scoreHealth,
} from "../../src/health/score.js";

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000);

function readings(values: Partial<Record<MetricName, number>>, date = today): Readings {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v!, date }]));
}

const HEALTHY = {
  active_users: 300,
  licensed_seats: 400,
  logins_30d: 5000,
  feature_adoption: 70,
  open_tickets: 2,
  p1_tickets_30d: 0,
  nps: 45,
  csat: 90,
  days_since_last_touch: 6,
  days_overdue: 0,
} satisfies Partial<Record<MetricName, number>>;

/** Which way each metric gets worse, and a step. */
const WORSE: Record<MetricName, number> = {
  active_users: -1,
  licensed_seats: 0, // not a quality of the customer's health by itself
  logins_30d: -1,
  feature_adoption: -1,
  open_tickets: 1,
  p1_tickets_30d: 1,
  nps: -1,
  csat: -1,
  days_since_last_touch: 1,
  days_overdue: 1,
};

/** A small seeded PRNG: the property test is the same on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
}

describe("scoreHealth", () => {
  it("scores a healthy account green, with every component's contribution adding up to the score", () => {
    const health = scoreHealth(readings(HEALTHY), model, today)!;

    expect(health.rawBand).toBe("green");
    expect(health.components.map((c) => c.key)).toEqual([
      "usage",
      "adoption",
      "support",
      "sentiment",
      "engagement",
      "billing",
    ]);
    expect(Math.round(health.components.reduce((sum, c) => sum + c.contribution, 0))).toBe(health.score);
    expect(health.modelVersion).toBe(model.version);
  });

  it("never raises the score when any single metric gets worse (2,000 random accounts)", () => {
    const rnd = random(42);
    const metrics = Object.keys(WORSE).filter((m) => WORSE[m as MetricName] !== 0) as MetricName[];
    for (let i = 0; i < 2_000; i++) {
      const seats = 10 + Math.floor(rnd() * 500);
      const account: Partial<Record<MetricName, number>> = {
        licensed_seats: seats,
        active_users: Math.floor(rnd() * seats),
        logins_30d: Math.floor(rnd() * seats * 30),
        feature_adoption: Math.floor(rnd() * 100),
        open_tickets: Math.floor(rnd() * 20),
        p1_tickets_30d: Math.floor(rnd() * 6),
        nps: Math.floor(rnd() * 200) - 100,
        csat: Math.floor(rnd() * 100),
        days_since_last_touch: Math.floor(rnd() * 120),
        days_overdue: Math.floor(rnd() * 90),
      };
      for (const metric of metrics) if (rnd() < 0.15) delete account[metric];
      const metric = metrics[Math.floor(rnd() * metrics.length)]!;
      if (account[metric] === undefined) continue;
      // Worse, but still a value the signal's declaration allows (an impossible value is not scored).
      const spec = model.catalogue.all.get(metric)!;
      const moved = account[metric]! + WORSE[metric]! * (1 + Math.floor(rnd() * 30));
      const worse = {
        ...account,
        [metric]: Math.min(
          spec.max ?? Number.POSITIVE_INFINITY,
          Math.max(spec.min ?? Number.NEGATIVE_INFINITY, moved),
        ),
      };

      const before = scoreHealth(readings(account), model, today);
      const after = scoreHealth(readings(worse), model, today);

      expect(after!.score, `${metric}: ${JSON.stringify(account)}`).toBeLessThanOrEqual(before!.score);
    }
  });

  it("shares a missing component's weight among the others instead of counting it as zero", () => {
    const { nps: _nps, csat: _csat, ...withoutSentiment } = HEALTHY;

    const full = scoreHealth(readings(HEALTHY), model, today)!;
    const partial = scoreHealth(readings(withoutSentiment), model, today)!;

    expect(partial.missingComponents).toEqual([{ key: "sentiment", label: "Sentiment" }]);
    expect(partial.missingSignals).toEqual(["nps", "csat"]);
    expect(partial.components.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1);
    expect(Math.abs(partial.score - full.score)).toBeLessThan(5);
  });

  it("flags readings older than the freshness limit as stale, and ignores ancient ones", () => {
    const old = {
      ...readings(HEALTHY),
      nps: { value: 45, date: daysAgo(20) },
      csat: { value: 90, date: daysAgo(400) },
    };

    const health = scoreHealth(old, model, today)!;

    expect(health.staleSignals).toEqual(["nps"]);
    expect(health.missingSignals).toEqual(["csat"]);
  });

  it("has no score for an account with no readings", () => {
    expect(scoreHealth({}, model, today)).toBeUndefined();
  });
});

describe("bandWithHysteresis", () => {
  it("does not flap for an account hovering around the red line", () => {
    const scores = [41, 39, 41, 42, 39, 43, 44, 41, 38, 44];
    let band = bandWithHysteresis(scores[0]!, undefined, model);
    const bands = [band];
    for (const score of scores.slice(1)) {
      band = bandWithHysteresis(score, band, model);
      bands.push(band);
    }

    expect(bands).toEqual(["yellow", "red", "red", "red", "red", "red", "red", "red", "red", "red"]);
  });

  it("leaves red once the score clears the line by the margin", () => {
    expect(bandWithHysteresis(45, "red", model)).toBe("yellow");
    expect(bandWithHysteresis(80, "red", model)).toBe("green");
    expect(bandWithHysteresis(72, "yellow", model)).toBe("yellow");
    expect(bandWithHysteresis(75, "yellow", model)).toBe("green");
  });

  it("falls into a worse band as soon as the threshold is crossed", () => {
    expect(bandWithHysteresis(69, "green", model)).toBe("yellow");
    expect(bandWithHysteresis(39, "green", model)).toBe("red");
  });
});

describe("explainChange", () => {
  it("says how much each component moved and which readings moved it", () => {
    const before = scoreHealth(readings({ ...HEALTHY, active_users: 244 }), model, daysAgo(30))!;
    const after = scoreHealth(readings({ ...HEALTHY, active_users: 136, p1_tickets_30d: 1 }), model, today)!;

    const change = explainChange(after, before, 30);

    expect(change.delta).toBe(after.score - before.score);
    expect(change.components.reduce((sum, c) => sum + c.delta, 0)).toBeCloseTo(after.score - before.score, 0);
    expect(change.components[0]).toMatchObject({
      key: "usage",
      drivers: [{ signal: "active_user_ratio", before: 61, after: 34 }],
    });
    expect(describeChange(change)).toMatch(
      /^−\d+ in 30 days: usage −\d+ \(active users 61% → 34%\), support −\d+ \(P1 tickets \(30 d\) 0 → 1\)/,
    );
  });
});

describe("the health model", () => {
  it("has a stable version that changes when the model changes", () => {
    const tweaked = structuredClone(DEFAULT_MODEL_SPEC);
    tweaked.bands.red = 35;

    expect(defaultHealthModel().version).toBe(model.version);
    expect(buildHealthModel(tweaked).version).not.toBe(model.version);
  });

  it("refuses a mapping that would let a worse value score higher, saying where", () => {
    const broken = structuredClone(DEFAULT_MODEL_SPEC);
    broken.components[2]!.metrics[0]!.points = [
      [0, 100],
      [5, 20],
      [10, 60],
    ];

    expect(() => buildHealthModel(broken, "model.yaml")).toThrow(HealthModelError);
    expect(() => buildHealthModel(broken, "model.yaml")).toThrow(
      /components\[2\]\.metrics\[0\]\.points\[2\]: score goes up from 20 to 60 as the value grows, but the signal is lower_is_better/,
    );
  });

  it("refuses unknown signals and bands that overlap", () => {
    const broken = structuredClone(DEFAULT_MODEL_SPEC) as {
      components: { metrics: { signal: string }[] }[];
      bands: object;
    };
    broken.components[0]!.metrics[0]!.signal = "happiness";
    broken.bands = { red: 60, green: 62, margin: 5 };

    expect(() => buildHealthModel(broken)).toThrow(/unknown signal "happiness"/);
    expect(() => buildHealthModel(broken)).toThrow(/red \+ margin must not exceed green/);
  });
});
