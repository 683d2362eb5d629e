import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO_SLICE, demoPortfolioSlices, HISTORY_OFFSETS } from "../../src/accounts/demo-portfolio.js";

const today = new Date("2026-04-01T00:00:00Z");
const digest = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/**
 * sha256 of the JSON of `buildDemoPortfolio(12_000, 2026-04-01)`'s accounts and metrics, taken
 * from the in-memory build before the seed was sliced: slicing must not change the demo data.
 */
const BEFORE_SLICING = { accounts: "715abdea7d6632c9", metrics: "6932661c692dfb3f" };

describe("the demo portfolio, a slice at a time", () => {
  it.each([DEMO_SLICE, 777])("is the data the in-memory build gave, in slices of %i", (size) => {
    const slices = [...demoPortfolioSlices(12_000, today, size)];
    expect(slices.map((s) => s.from)).toEqual(slices.map((_, i) => i * size));
    expect(Math.max(...slices.map((s) => s.accounts.length))).toBe(size);
    for (const s of slices) expect(s.metrics).toHaveLength(s.accounts.length * HISTORY_OFFSETS.length);
    expect({
      accounts: digest(slices.flatMap((s) => s.accounts)),
      metrics: digest(slices.flatMap((s) => s.metrics)),
    }).toEqual(BEFORE_SLICING);
  });

  it("generates a slice only when it is asked for", () => {
    const slices = demoPortfolioSlices(1_000_000, today);
    const first = slices.next();
    expect(first.done).toBe(false);
    expect(first.value?.accounts).toHaveLength(DEMO_SLICE);
    expect(first.value?.accounts[0]?.externalId).toBe("CRM-0001");
    expect(slices.next().value?.accounts[0]?.externalId).toBe(`CRM-${DEMO_SLICE + 1}`);
  });
});
