import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { signalsRead } from "../../src/health/lean-score.js";
import { Lane, type LaneSetup, type LaneSlice } from "../../src/lab/lane.js";
import { weeklyDays } from "../../src/lab/replay.js";
import { addDays, isoDay } from "../../src/time.js";

const model = defaultHealthModel();
const since = new Date("2026-01-05T00:00:00Z");
const days = weeklyDays(addDays(since, 28), addDays(since, 28 + 7 * 15));
const signals = signalsRead(model);
const setup: LaneSetup = {
  variants: [{ models: [model], rules: DEFAULT_ALERT_RULES }],
  days,
  horizonDays: 60,
  signals,
};

/** Accounts `from`…`to`: weekly samples drifting by id, a segment by id, every third churning. */
function slice(from: number, to: number): LaneSlice {
  const rows: LaneSlice["rows"] = [];
  const samples: LaneSlice["samples"] = [];
  const churns: LaneSlice["churns"] = [];
  for (let id = from; id <= to; id++) {
    rows.push({
      id,
      name: `Account ${id}`,
      segment: ["SMB", "Enterprise", null][id % 3]!,
      renewal_date: id % 4 === 0 ? isoDay(addDays(since, 60 + id)) : null,
      models: [0],
    });
    const weeks = Array.from({ length: 20 }, (_, w) => [
      w * 7,
      ...signals.map((_, i) => Math.max(0, Math.round(50 + ((id * 7 + i * 13) % 40) - w * (id % 5)))),
    ]);
    samples.push({ account_id: id, samples: JSON.stringify(weeks) });
    if (id % 3 === 1) churns.push({ account_id: id, date: isoDay(addDays(since, 70 + id * 3)) });
  }
  return { rows, samples, churns, since };
}

describe("a back-test lane", () => {
  it("gives, slices shared between two lanes and merged, the numbers of one lane replaying them all", async () => {
    const one = new Lane(setup);
    for (const s of [slice(1, 10), slice(11, 20), slice(21, 30)]) await one.replay(s);
    const a = new Lane(setup);
    const b = new Lane(setup);
    await a.replay(slice(1, 10));
    await b.replay(slice(11, 20));
    await a.replay(slice(21, 30));
    // As a worker thread sends it: a structured clone (data, no prototypes).
    a.merge(structuredClone(b.result));
    const report = (lane: Lane) => lane.result.tallies[0]!.report();
    expect(report(one).churned.length).toBeGreaterThan(3);
    expect(report(one).alerts.total).toBeGreaterThan(0);
    expect(JSON.stringify(report(a))).toBe(JSON.stringify(report(one)));
    expect(a.result.accounts).toBe(one.result.accounts);
    expect(a.result.segmented).toBe(true);
  });
});
