import { describe, expect, it } from "vitest";
import { loadDemoPortfolio } from "../../src/accounts/seed.js";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import { buildHealthModels } from "../../src/health/models.js";
import { runBacktest } from "../../src/lab/backtest.js";
import { addDays } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });
const today = new Date("2026-04-01T00:00:00Z");

// The candidate: SMB accounts under their own model (usage alone, red from 45), the rest under the default.
const candidate = buildHealthModels(
  {
    segments: {
      SMB: {
        ...DEFAULT_MODEL_SPEC,
        name: "smb-usage",
        components: DEFAULT_MODEL_SPEC.components.filter((c) => c.key === "usage"),
        bands: { red: 45, green: 70, margin: 5 },
      },
    },
  },
  "models.yaml",
  () => undefined,
);

describe("kuroko backtest in worker threads", () => {
  it("gives, in two lanes, the report of one, byte for byte (slices shared out, the lanes' tallies merged)", {
    timeout: 180_000,
  }, async () => {
    await loadDemoPortfolio(t.db.prisma, { accounts: 150, today, slice: 60 });
    const run = (lanes: number) =>
      runBacktest(t.db.prisma, {
        from: addDays(today, -84),
        to: today,
        horizonDays: 90,
        current: { model: defaultHealthModel(), rules: DEFAULT_ALERT_RULES },
        candidate: { model: candidate, rules: DEFAULT_ALERT_RULES },
        slice: 20,
        lanes,
      });
    const one = await run(1);
    expect(one.segmented).toBe(true);
    expect(one.current.churned.length).toBeGreaterThan(3);
    expect(one.candidate!.alerts.total).toBeGreaterThan(3);
    const two = await run(2);
    expect(JSON.stringify(two, null, 2)).toBe(JSON.stringify(one, null, 2));
  });
});
