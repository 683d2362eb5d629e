import { describe, expect, it, vi } from "vitest";
import { buildAlertRules } from "../../src/alerts/rules.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { seedDemo } from "../../src/demo.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import { buildHealthModel } from "../../src/health/model.js";
import { singleModel } from "../../src/health/models.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const tomorrow = addDays(today, 1);
const ALERTS = "C0ALERTS01";

const t = useApp({
  now: new Date("2026-11-22T06:15:00Z"),
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 200, today, model });
  },
});

const deps = () => t.app.kuroko.wired.alerts;
const sweep = (day: Date, over: Partial<ReturnType<typeof deps>> = {}) =>
  runAlertSweep({ ...deps(), ...over }, day, addDays(day, 0.26));
const text = (c: RecordedCall) => JSON.stringify(c.body);

/** Waits (bounded) until the outbox has delivered everything, then returns what reached the alerts channel. */
async function delivered(): Promise<{ top: RecordedCall[]; replies: RecordedCall[] }> {
  await vi.waitFor(
    async () => expect(await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })).toBe(0),
    { timeout: 20_000, interval: 50 },
  );
  const posts = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === ALERTS);
  return {
    top: posts.filter((c) => c.body.thread_ts === undefined),
    replies: posts.filter((c) => c.body.thread_ts !== undefined),
  };
}

/** Accounts by their snapshots: today's and the one a week earlier. */
async function redAccountsThatImproved(): Promise<number[]> {
  const rows = await t.db.prisma.$queryRawUnsafe<{ account_id: number }[]>(
    `SELECT t.account_id FROM health_snapshots t
     JOIN health_snapshots w ON w.account_id = t.account_id AND w.date = $2::date
     WHERE t.date = $1::date AND t.band = 'red' AND w.band = 'red' AND t.score > w.score`,
    "2026-11-22",
    "2026-11-15",
  );
  return rows.map((r) => r.account_id);
}

/** What the first sweep posted to the alerts channel (the fake forgets its calls after each test). */
let first: { top: RecordedCall[]; replies: RecordedCall[] };

describe("the first alert sweep on the demo portfolio", () => {
  it("raises exactly one alert for Acme Corp, naming its 30-day decline and its renewal at risk", async () => {
    await sweep(today);
    first = await delivered();
    const { top } = first;

    const acme = await t.db.prisma.alert.findMany({ where: { account: { name: "Acme Corp" } } });
    expect(acme).toHaveLength(1);
    expect(acme[0]!.reason).toBe(
      "score fell 47 points in 30 days (92 → 45); renewal at risk: yellow and renews in 45 days",
    );
    const acmeMessages = top.filter((c) => text(c).includes("Acme Corp"));
    expect(acmeMessages).toHaveLength(1);
    expect(text(acmeMessages[0]!)).toContain("💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days)");
    // Why, over the window that moved: the month's collapse, not its last week.
    expect(text(acmeMessages[0]!)).toMatch(/−47 in 30 days: usage −\d+/);
    for (const c of t.fake.callsTo("chat.postMessage")) expect(slackLimitViolations(c.body)).toEqual([]);
  });

  it("lists the accounts red without a recent change in one baseline summary, not as alerts of their own", async () => {
    const baseline = await t.db.prisma.alertBaseline.findFirstOrThrow();
    const recorded = baseline.accounts as { accountId: number; red: boolean }[];
    const redIds = recorded.filter((a) => a.red).map((a) => a.accountId);
    const summary = first.top.filter((c) => text(c).includes("Kuroko alerts on changes from now on"));
    const thread = first.replies.map(text).join("\n");
    const names = await t.db.prisma.account.findMany({ where: { id: { in: redIds } } });

    expect(redIds.length).toBeGreaterThan(5);
    expect(summary).toHaveLength(1);
    expect(String(summary[0]!.body.text)).toMatch(
      new RegExp(`^📋 ${redIds.length} accounts are red today and \\d+ renewals are at risk; Kuroko alerts`),
    );
    expect(await t.db.prisma.alert.count({ where: { accountId: { in: redIds } } })).toBe(0);
    for (const { name } of names) expect(thread).toContain(`*${name}*`);
  });

  it("does not alert on red accounts whose score improved this week", async () => {
    const improved = await redAccountsThatImproved();

    expect(improved.length).toBeGreaterThan(0);
    expect(await t.db.prisma.alert.count({ where: { accountId: { in: improved } } })).toBe(0);
  });

  it("posts the summary first, then the alerts most severe first", async () => {
    const alerts = await t.db.prisma.alert.findMany({
      include: { account: true },
      orderBy: [{ severity: "desc" }],
    });
    const { top } = first;
    const severities = await Promise.all(
      top.slice(1).map(async (c) => {
        const alert = alerts.find((a) => String(c.body.text).startsWith(`${a.account.name} (`));
        return alert!.severity;
      }),
    );

    expect(String(top[0]!.body.text)).toContain("Kuroko alerts on changes from now on");
    expect(top.slice(1)).toHaveLength(alerts.length);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
  });
});

describe("the next sweeps", () => {
  it("post nothing when nothing changed", async () => {
    t.fake.reset();
    const again = await sweep(today);
    await delivered();

    expect(again).toMatchObject({ raised: 0, channelMessages: 0 });
    expect(t.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("the next morning, alert only on renewals that came inside the window, and no second baseline", async () => {
    await runSnapshot(t.db.prisma, model, tomorrow);
    const before = await t.db.prisma.alert.count();

    await sweep(tomorrow);
    await delivered();

    const fresh = await t.db.prisma.alert.findMany({ skip: before, include: { account: true } });
    for (const alert of fresh) {
      expect(alert.cause).toBe("renewal_at_risk");
      expect(alert.account.renewalDate).toEqual(addDays(tomorrow, 60));
    }
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(fresh.length);
    expect(await t.db.prisma.alertBaseline.count()).toBe(1);
  });

  it("record a new baseline when the alert rules change, and again when the health model changes", async () => {
    t.fake.reset();
    const rules = buildAlertRules({ renewalAtRisk: { days: 90 } });
    const newModel = buildHealthModel({ ...DEFAULT_MODEL_SPEC, bands: { red: 40, green: 70, margin: 6 } });

    const afterRules = await sweep(tomorrow, { rules });
    // The model in force is the models by segment (here one for every account) and its default.
    const changed = { rules, model: newModel, models: singleModel(newModel) };
    const afterModel = await sweep(tomorrow, changed);
    const unchanged = await sweep(tomorrow, changed);
    const { top } = await delivered();

    expect(afterRules.baseline).toBeGreaterThan(0);
    expect(afterModel.baseline).toBeGreaterThan(0);
    expect(unchanged.baseline).toBeUndefined();
    expect(await t.db.prisma.alertBaseline.count()).toBe(3);
    const summaries = top.filter((c) => text(c).includes("The health model or the alert rules changed"));
    expect(summaries).toHaveLength(2);
  });
});
