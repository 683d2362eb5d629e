import { describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { loadWhy, loadWhys } from "../../src/health/service.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase();
const today = new Date("2026-04-01T00:00:00Z");

describe("the one-line why of many accounts at once (the alert sweep's)", () => {
  it("is each account's card why, from one read, and undefined for an account without one", async () => {
    const model = defaultHealthModel();
    await seedDemo(t.db.prisma, { accounts: 60, today, model, scoredOffsets: [0] });
    const ids = (await t.db.query<{ id: number }>("SELECT id FROM accounts ORDER BY id")).map((r) => r.id);
    const missing = Math.max(...ids) + 1_000;
    const whys = await loadWhys(t.db.query, model, [...ids, missing], today);
    const one = new Map<number, string | undefined>();
    for (const id of [...ids, missing]) one.set(id, await loadWhy(t.db.query, model, id, today));
    expect(whys).toEqual(one);
    // The declining accounts (Acme among them) have a why; the portfolio is not all flat.
    expect([...whys.values()].filter(Boolean).length).toBeGreaterThan(5);
    expect(whys.get(missing)).toBeUndefined();
  });
});
