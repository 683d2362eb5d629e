import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { loadSweepSlice } from "../../src/alerts/repository.js";
import { driverOf } from "../../src/db/database.js";
import { loadDigestAccounts } from "../../src/digest/repository.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { loadRenewingAccounts } from "../../src/renewals/repository.js";
import { addDays } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

/**
 * The morning's large reads come back as one JSON text a slice (db/json-rows.ts): whatever a CRM
 * puts in a name — quotes, backslashes, a JSON-looking string, line and paragraph separators,
 * emoji, right-to-left marks, Japanese — reaches the sweep, the digest and the renewals as it was
 * stored, and a renewal day is the same day.
 */

const t = useDatabase({ resetEachTest: true });
const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");

const NAMES = [
  'Acme "Quoted" \\ Backslash',
  '{"name": "not json", "arr": 1}',
  "Line\u2028Separator\u2029Paragraph\ttab\nnewline",
  "株式会社アクメ 🚀 \u202Eevil",
  "</script><script>alert(1)</script> & <!channel>",
  "x".repeat(2_000),
];

describe("reads as one JSON text", () => {
  it("give every name and renewal day back as stored", async () => {
    await upsertAccounts(
      t.db.prisma,
      NAMES.map((name, i) => ({
        line: i,
        externalId: `N-${i}`,
        name,
        renewalDate: addDays(today, 10 + i),
      })),
      ["renewalDate"],
    );
    await upsertMetrics(
      t.db.prisma,
      NAMES.map((_, i) => ({ line: i, externalId: `N-${i}`, date: today, values: { nps: -80, csat: 10 } })),
      ["nps", "csat"],
    );
    await runSnapshot(t.db.prisma, model, today);
    const sql = driverOf(t.db.prisma);
    const byName = <T extends { name: string }>(rows: T[]) => rows.map((r) => r.name).sort();
    const expected = [...NAMES].sort();

    const subjects = (await loadSweepSlice(sql, model, today, [7, 30])).subjects;
    expect(byName(subjects)).toEqual(expected);
    const renewing = await loadRenewingAccounts(sql, today, addDays(today, 90));
    expect(byName(renewing)).toEqual(expected);
    for (const r of renewing) expect(r.renewalDate).toEqual(addDays(today, 10 + NAMES.indexOf(r.name)));
    // Every account is red: the digest names them all.
    const digest = await loadDigestAccounts(sql, model, today);
    expect(byName(digest.accounts)).toEqual(expected);
    for (const s of subjects) expect(s.renewalDate).toEqual(addDays(today, 10 + NAMES.indexOf(s.name)));
  });
});
