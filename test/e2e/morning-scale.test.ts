import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import { useApp } from "../support/harness.js";

const ACCOUNTS = 2_000;
const OWNERS = Array.from({ length: 25 }, (_, i) => `U0CSM${String(i).padStart(4, "0")}`);
const today = new Date("2026-11-23T00:00:00Z");
const renewalsAt = new Date("2026-11-23T08:00:00Z");
const morningAt = new Date("2026-11-23T08:10:00Z");
const RENEWALS = "C0RENEW001";

const t = useApp({
  now: morningAt,
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      Array.from({ length: ACCOUNTS }, (_, i) => ({
        line: i,
        externalId: `S-${i}`,
        name: `Account ${i}`,
        renewalDate: addDays(today, i % 365),
        ownerSlackId: OWNERS[i % OWNERS.length]!,
        arr: 10_000 + ((i * 7_919) % 490_000),
        currency: i % 5 === 0 ? "EUR" : "USD",
      })),
      ["renewalDate", "ownerSlackId", "arr", "currency"],
    );
    const accounts = await db.prisma.account.findMany({ select: { id: true } });
    await db.prisma.alert.createMany({
      data: accounts
        .filter((_, i) => i % 8 === 0)
        .map((a, i) => ({
          accountId: a.id,
          cause: "red",
          dedupeKey: `scale:${a.id}`,
          reason: "entered the red band",
          severity: i % 100,
          status: "open",
        })),
    });
  },
});

const job = (name: string, now: Date) => runJob(jobNamed(name), t.app.kuroko.jobDeps, { now, slot: now });
const delivered = (count: number) =>
  t.fake.waitForCall("chat.postMessage", () => t.fake.callsTo("chat.postMessage").length >= count, 60_000);

describe("a morning at 2,000 accounts", () => {
  it("posts one renewals message per window (the rest in its thread), then at most one DM per owner", async () => {
    const renewals = await job("renewals", renewalsAt);
    const messages = Number(renewals.summary?.messages);
    await delivered(messages);
    const posted = t.fake.callsTo("chat.postMessage");
    const top = posted.filter((c) => c.body.channel === RENEWALS && !c.body.thread_ts);

    expect(top.map((c) => String(c.body.text).match(/the (\d+)-day renewal window/)?.[1])).toEqual([
      "7",
      "30",
      "60",
      "90",
    ]);
    expect(posted.some((c) => c.body.thread_ts)).toBe(true);
    expect(posted.filter((c) => c.body.channel !== RENEWALS)).toEqual([]);
    for (const call of posted) expect(slackLimitViolations(call.body)).toEqual([]);

    t.fake.reset();
    const morning = await job("morning", morningAt);
    await delivered(Number(morning.summary?.people));
    const dms = t.fake.callsTo("chat.postMessage");

    expect(morning.summary?.people).toBe(OWNERS.length);
    expect(new Set(dms.map((c) => c.body.channel)).size).toBe(dms.length);
    expect(dms.every((c) => OWNERS.includes(String(c.body.channel)))).toBe(true);
    for (const dm of dms) {
      expect(slackLimitViolations(dm.body)).toEqual([]);
      expect((dm.body.blocks as unknown[]).length).toBeLessThanOrEqual(45);
    }
    expect(JSON.stringify(dms)).toMatch(/more renewals: see App Home/);
    expect(await t.db.prisma.renewalReminder.count({ where: { ownerNotifiedAt: null } })).toBe(0);
  }, 120_000);
});
