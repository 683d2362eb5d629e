import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { createAlerts, loadSweepSlice } from "../../src/alerts/repository.js";
import { type AlertRules, buildAlertRules, evaluate, ruleWindows } from "../../src/alerts/rules.js";
import { driverOf } from "../../src/db/database.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { addDays, isoDay } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";

/**
 * The sweep reads only the accounts its rules could act on (alerts/repository.ts `SweepFilter`):
 * SQL kept in step with `evaluate`. Over a random portfolio (seeded) and several rule sets, every
 * account the rules hold anything for, and every account with an alert open, is read exactly as
 * the unfiltered read gives it; every account is still counted, scored and stale.
 */

const t = useDatabase({ resetEachTest: true });
const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const KEYS = model.components.map((c) => c.key);

let seed = 11;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const bandOf = (score: number) => (score < 40 ? "red" : score < 70 ? "yellow" : "green");

async function givenPortfolio(size: number) {
  await upsertAccounts(
    t.db.prisma,
    Array.from({ length: size }, (_, i) => ({
      line: i,
      externalId: `F-${i}`,
      name: `F-${i}`,
      renewalDate: random() < 0.7 ? addDays(today, Math.floor(random() * 200) - 20) : null,
    })),
    ["renewalDate"],
  );
  const ids = (await t.db.prisma.account.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map(
    (a) => a.id,
  );
  const rows: unknown[] = [];
  for (const id of ids) {
    // Mostly healthy and steady, as a real portfolio; some falling, some odd.
    const base = random() < 0.75 ? 70 + Math.floor(random() * 30) : Math.floor(random() * 100);
    const components = (score: number) =>
      Object.fromEntries(
        KEYS.filter(() => random() < 0.85).map((k) => [
          k,
          Math.max(0, Math.min(100, score + Math.floor(random() * 50) - 25)),
        ]),
      );
    for (const daysAgo of [35, 30, 14, 7, 1, 0]) {
      if (daysAgo > 0 && random() < 0.2) continue;
      const score = Math.max(0, Math.min(100, base - (daysAgo === 0 ? Math.floor(random() * 40) - 5 : 0)));
      let comps: unknown = components(score);
      // Now and then a shape no model writes: a key no model scores, a value not a number.
      if (id % 40 === 0) comps = { ...(comps as object), mystery: daysAgo === 0 ? 10 : 95 };
      if (random() < 0.02) comps = { ...(comps as object), [pick(KEYS)]: "n/a" };
      // A number as text, and null: JavaScript's "95" - 10 is 85, a cliff.
      if (id % 45 === 0) comps = { ...(comps as object), [KEYS[0]!]: daysAgo === 0 ? 10 : "95" };
      if (id % 50 === 0) comps = { ...(comps as object), [KEYS[1]!]: daysAgo === 0 ? 10 : null };
      rows.push({
        account_id: id,
        date: isoDay(addDays(today, -daysAgo)),
        score,
        band: bandOf(score),
        components: comps,
        // A tenth measured long ago (stale); some written before snapshots recorded it (null).
        measured_on: random() < 0.1 ? isoDay(addDays(today, -40)) : random() < 0.05 ? null : isoDay(today),
      });
    }
  }
  await t.db.query(
    `INSERT INTO health_snapshots (account_id, date, score, band, components, model_version, measured_on)
     SELECT r.account_id, r.date, r.score, r.band, r.components, 'v', r.measured_on
     FROM jsonb_to_recordset($1::jsonb) AS r(account_id int, date date, score int, band text, components jsonb, measured_on date)`,
    [JSON.stringify(rows)],
  );
  // Some accounts with an alert still open, whatever their state today.
  const open = ids.filter(() => random() < 0.05);
  await createAlerts(
    t.db.prisma,
    open.map((accountId) => ({
      accountId,
      cause: "red",
      dedupeKey: `${accountId}:red`,
      reason: "red",
      severity: 1,
      details: {},
    })),
  );
  return { ids, open };
}

const RULE_SETS: [string, AlertRules][] = [
  ["the defaults", buildAlertRules({})],
  ["tight points", buildAlertRules({ drop: { points: 1 }, cliff: { points: 1 }, decline: { points: 2 } })],
  [
    "other windows",
    buildAlertRules({
      drop: { days: 30 },
      cliff: { days: 30, points: 10 },
      decline: { days: 35, points: 5 },
    }),
  ],
  ["a window of the cliff's own", buildAlertRules({ cliff: { days: 14, points: 20 } })],
  ["cliff and drop off", buildAlertRules({ cliff: { enabled: false }, drop: { enabled: false } })],
  ["no red, no renewal", buildAlertRules({ enteredRed: false, renewalAtRisk: { enabled: false } })],
];

describe("the sweep's filter", () => {
  it("reads every account the rules could act on, or with an alert open, as the full read gives it", async () => {
    const { ids, open } = await givenPortfolio(1_000);
    const sql = driverOf(t.db.prisma);
    const range = { from: ids[0]!, to: ids.at(-1)! };
    for (const [name, rules] of RULE_SETS) {
      const windows = ruleWindows(rules);
      const componentWindows = rules.cliff.enabled ? [rules.cliff.days] : [];
      const all = await loadSweepSlice(sql, model, today, windows, range, componentWindows);
      const filtered = await loadSweepSlice(sql, model, today, windows, range, componentWindows, {
        rules,
        open,
        componentKeys: KEYS,
      });
      const read = new Map(filtered.subjects.map((s) => [s.accountId, s]));
      const acted = all.subjects.filter(
        (s) => open.includes(s.accountId) || evaluate(s, rules).holding.length > 0,
      );
      expect(acted.length, name).toBeGreaterThan(50);
      for (const subject of acted)
        expect(read.get(subject.accountId), `${name}: ${subject.accountId}`).toEqual(subject);
      // What it reads is read as the full read gives it; it skips some (most, in a real portfolio).
      const byId = new Map(all.subjects.map((s) => [s.accountId, s]));
      for (const subject of filtered.subjects) expect(subject, name).toEqual(byId.get(subject.accountId));
      expect(filtered.subjects.length, name).toBeLessThan(all.subjects.length);
      expect([filtered.scored, filtered.stale], name).toEqual([
        all.subjects.length,
        all.subjects.filter((s) => s.stale).length,
      ]);
      expect(all.scored, name).toBe(all.subjects.length);
      // In two slices, as the sweep reads them: the same accounts read, the same counts.
      const middle = ids[Math.floor(ids.length / 2)]!;
      const halves = await Promise.all(
        [
          { from: range.from, to: middle },
          { from: middle + 1, to: range.to },
        ].map((half) =>
          loadSweepSlice(sql, model, today, windows, half, componentWindows, {
            rules,
            open: open.filter((id) => id >= half.from && id <= half.to),
            componentKeys: KEYS,
          }),
        ),
      );
      expect(halves.flatMap((h) => h.subjects.map((s) => s.accountId)).sort(), name).toEqual(
        filtered.subjects.map((s) => s.accountId).sort(),
      );
      expect(halves[0]!.scored + halves[1]!.scored, name).toBe(filtered.scored);
    }
  }, 90_000);

  it("reads a snapshot out of shape whatever its state, so that the sweep stops on it as before", async () => {
    await upsertAccounts(t.db.prisma, [{ line: 0, externalId: "ODD", name: "ODD" }], []);
    const { id } = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "ODD" } });
    const sql = driverOf(t.db.prisma);
    const rules = buildAlertRules({});
    const filter = { rules, open: [], componentKeys: KEYS };
    // Green, steady and stale: nothing the rules would read it for, but for its shape.
    for (const [band, components] of [
      ["purple", "{}"],
      ["green", "5"],
    ]) {
      await t.db.query("DELETE FROM health_snapshots");
      await t.db.query(
        `INSERT INTO health_snapshots (account_id, date, score, band, components, model_version, measured_on)
         VALUES ($1, $2::date, 90, $3, $4::jsonb, 'v', $5::date)`,
        [id, isoDay(today), band, components, isoDay(addDays(today, -60))],
      );
      await expect(
        loadSweepSlice(sql, model, today, [7, 30], undefined, [7], filter),
        `${band} ${components}`,
      ).rejects.toThrow(`account ${id}'s snapshot is not of the expected shape`);
    }
  });
});
