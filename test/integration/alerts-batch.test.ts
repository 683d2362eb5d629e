import { describe, expect, it } from "vitest";
import { createAlert, createAlerts } from "../../src/alerts/repository.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });

const alertFor = (accountId: number, severity: number) => ({
  accountId,
  cause: "score_drop",
  dedupeKey: `alert:${accountId}:score_drop`,
  reason: "Health fell 20 points in 7 days",
  severity,
  details: { why: "usage fell" },
});

describe("alerts recorded in one statement (a sweep's alerts without a message of their own)", () => {
  it("skips an account with an open alert, and numbers the others in the order given", async () => {
    const ids: number[] = [];
    for (const n of [1, 2, 3, 4]) {
      const account = await t.db.prisma.account.create({
        data: { externalId: `CRM-${n}`, name: `Account ${n}`, searchKey: `account ${n}` },
      });
      ids.push(account.id);
    }
    const [a, b, c, d] = ids as [number, number, number, number];
    await createAlert(t.db.prisma, alertFor(b, 50));
    const created = await createAlerts(t.db.prisma, [
      alertFor(d, 90),
      alertFor(b, 80),
      alertFor(a, 70),
      alertFor(c, 60),
    ]);
    expect(created.map((x) => x.accountId)).toEqual([d, a, c]);
    expect(created.map((x) => x.id)).toEqual([...created.map((x) => x.id)].sort((x, y) => x - y));
    const stored = await t.db.prisma.alert.findMany({ orderBy: { id: "asc" } });
    expect(stored.map((x) => [x.accountId, x.status, x.severity])).toEqual([
      [b, "open", 50],
      [d, "open", 90],
      [a, "open", 70],
      [c, "open", 60],
    ]);
    expect(stored[1]?.details).toEqual({ why: "usage fell" });
    expect(await createAlerts(t.db.prisma, [alertFor(a, 10)])).toEqual([]);
  });
});
