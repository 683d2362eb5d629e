import { describe, expect, it, vi } from "vitest";
import { runAlertSweep } from "../../src/alerts/service.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import { useApp } from "../support/harness.js";

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const ALERTS = "C0ALERTS01";

const t = useApp({
  now: new Date("2026-11-22T06:15:00Z"),
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 2_000, today, model });
  },
});

const sweep = (dryRun = false) =>
  runAlertSweep(t.app.kuroko.wired.alerts, today, addDays(today, 0.26), dryRun);

describe("the first alert sweep on 2,000 accounts", () => {
  it("prints, as a dry run, the baseline summary, the alerts with their severity most severe first, and the “N more”", async () => {
    const dry = await sweep(true);
    const lines = dry.wouldPost!;
    const severities = lines
      .filter((l) => l.includes("[severity "))
      .map((l) => Number(/\[severity (\d+)\]/.exec(l)![1]));

    expect(lines[0]).toMatch(
      /^to C0ALERTS01: baseline: \d+ accounts are red today and \d+ renewals are at risk/,
    );
    expect(lines.slice(1, 19).every((l) => l.startsWith("to C0ALERTS01: [severity "))).toBe(true);
    expect(lines[19]).toMatch(/^in the “more” thread: \[severity /);
    expect(lines.at(-1)).toBe(`to C0ALERTS01: ${dry.raised - 18} more alerts today (listed in its thread)`);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    expect(await t.db.prisma.alert.count()).toBe(0);
    expect(await t.db.prisma.outboxMessage.count()).toBe(0);
  });

  it("sends at most the cap to the alerts channel, summaries included, in severity order, and records every alert", async () => {
    const summary = await sweep();
    await vi.waitFor(
      async () => expect(await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })).toBe(0),
      { timeout: 60_000, interval: 100 },
    );
    const posts = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === ALERTS);
    const top = posts.filter((c) => c.body.thread_ts === undefined);
    const alerts = await t.db.prisma.alert.findMany({ include: { account: true } });
    const severityOf = new Map(alerts.map((a) => [a.account.name, a.severity]));
    const shown = top.slice(1, -1).map((c) => {
      const name = [...severityOf.keys()].find((n) => String(c.body.text).startsWith(`${n} (`));
      return severityOf.get(name!)!;
    });
    const moreThread = posts
      .filter((c) => c.body.thread_ts !== undefined && String(c.body.text).startsWith("More alerts today"))
      .map((c) => JSON.stringify(c.body.blocks));
    const listed = moreThread.join("").match(/• \*/g) ?? [];

    expect(summary.raised).toBeGreaterThan(100);
    expect(alerts).toHaveLength(summary.raised);
    expect(top).toHaveLength(20);
    expect(String(top[0]!.body.text)).toContain("Kuroko alerts on changes from now on");
    expect(String(top.at(-1)!.body.text)).toBe(
      `📋 ${summary.raised - 18} more alerts today: the list is in the thread.`,
    );
    expect(shown).toHaveLength(18);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(Math.min(...shown)).toBeGreaterThanOrEqual(
      Math.max(
        ...alerts
          .map((a) => a.severity)
          .sort((a, b) => b - a)
          .slice(18),
      ),
    );
    expect(listed).toHaveLength(summary.raised - 18);
    for (const c of posts) expect(slackLimitViolations(c.body)).toEqual([]);
  });
});
