import { describe, expect, it, vi } from "vitest";
import { DEMO_CSMS } from "../../src/accounts/demo-portfolio.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runMorning } from "../../src/morning/job.js";
import { addDays } from "../../src/time.js";
import { englishWords } from "../support/english-words.js";
import { useApp } from "../support/harness.js";

/** The morning DM when Slack cannot say a recipient's language: KUROKO_LOCALE, and the DM still goes. */

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const now = new Date("2026-11-22T06:15:00Z");

const t = useApp({
  now,
  env: { KUROKO_LOCALE: "ja" },
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 200, today, model });
  },
});

describe("the morning DM while Slack's users.info fails", () => {
  it("is sent to every recipient, in KUROKO_LOCALE", async () => {
    // Their Slack says English, but Slack cannot be asked: KUROKO_LOCALE (ja) is all Kuroko knows.
    for (const id of DEMO_CSMS) t.fake.users.set(id, { name: id.toLowerCase(), locale: "en-US" });
    t.fake.fail("users.info", { kind: "error", error: "fatal_error" }, 100);
    await runAlertSweep(t.app.kuroko.wired.alerts, today, addDays(today, 0.26));
    const names = (await t.db.prisma.account.findMany({ select: { name: true } })).map((a) => a.name);

    const run = await runMorning(t.app.kuroko.wired.morning, today, now);
    await vi.waitFor(
      async () => expect(await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })).toBe(0),
      { timeout: 30_000, interval: 50 },
    );
    const dms = t.fake
      .callsTo("chat.postMessage")
      .filter((c) => DEMO_CSMS.includes(String(c.body.channel)) && c.body.thread_ts === undefined);

    expect(t.fake.callsTo("users.info").length).toBeGreaterThan(0);
    expect(run.people).toBeGreaterThan(1);
    expect(dms).toHaveLength(run.people);
    for (const dm of dms) {
      expect(String(dm.body.text)).toMatch(/^今日の確認事項：/);
      expect(englishWords(dm.body, { names, allow: ["CR"] })).toEqual([]);
    }
  });
});
