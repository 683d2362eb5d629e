import { describe, expect, it } from "vitest";
import { composeMorning, MORNING_BLOCK_BUDGET, planBlocks } from "../../src/morning/compose.js";

const alert = (name: string, severity: number, size = 1) => ({ name, severity, size });
const renewal = (name: string, size: number) => ({ name, size });
const request = (number: number, waiting: "yours" | "review", due: string) => ({
  number,
  waiting,
  slaDueAt: new Date(due),
});

describe('"Your morning"', () => {
  it("is not sent without a new alert or renewal, even with requests waiting", () => {
    expect(
      composeMorning({ alerts: [], renewals: [], requests: [request(1, "review", "2026-11-24")] }),
    ).toBeUndefined();
  });

  it("orders alerts by severity then ARR, renewals by ARR, and the person's own requests first", () => {
    const plan = composeMorning({
      alerts: [alert("Low", 10, 900), alert("High", 80, 1), alert("High but bigger", 80, 5)],
      renewals: [renewal("Small", 10), renewal("Big", 500)],
      requests: [request(2, "review", "2026-11-24"), request(3, "yours", "2026-11-30")],
    })!;

    expect(plan.alerts.items.map((a) => a.name)).toEqual(["High but bigger", "High", "Low"]);
    expect(plan.renewals.items.map((r) => r.name)).toEqual(["Big", "Small"]);
    expect(plan.requests.items.map((q) => q.number)).toEqual([3, 2]);
  });

  it("stays within its blocks, taking each kind in turn and counting the rest", () => {
    const plan = composeMorning({
      alerts: Array.from({ length: 40 }, (_, i) => alert(`A${i}`, i)),
      renewals: Array.from({ length: 60 }, (_, i) => renewal(`R${i}`, i)),
      requests: [request(1, "yours", "2026-11-24")],
    })!;
    const shown = {
      alerts: plan.alerts.items.length,
      renewals: plan.renewals.items.length,
      requests: plan.requests.items.length,
    };

    expect(planBlocks(shown, { alerts: 40, renewals: 60, requests: 1 })).toBeLessThanOrEqual(
      MORNING_BLOCK_BUDGET,
    );
    expect(shown.requests).toBe(1);
    expect(shown.alerts).toBeGreaterThan(5);
    expect(shown.renewals).toBeGreaterThan(5);
    expect(plan.alerts.more + shown.alerts).toBe(40);
    expect(plan.renewals.more + shown.renewals).toBe(60);
  });
});
