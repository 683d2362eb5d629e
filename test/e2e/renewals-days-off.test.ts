import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { useApp } from "../support/harness.js";
import { USERS } from "../support/payloads.js";

/** Friday 20 November 2026 in Tokyo; Monday 23 is 勤労感謝の日. */
const friday = new Date("2026-11-19T23:00:00Z"); // 08:00 JST
const tuesday = new Date("2026-11-23T23:00:00Z");
const RENEWALS = "C0RENEW001";

const t = useApp({
  now: friday,
  env: { KUROKO_TIMEZONE: "Asia/Tokyo", KUROKO_HOLIDAYS: "JP" },
  seed: async (db) => {
    const renewing = (externalId: string, name: string, renewalDate: string) => ({
      line: 0,
      externalId,
      name,
      renewalDate: new Date(`${renewalDate}T00:00:00Z`),
      ownerSlackId: USERS.csm,
      arr: 100_000,
      currency: "USD",
    });
    await upsertAccounts(
      db.prisma,
      [
        // 60 days before: Saturday 21, Sunday 22 and Monday 23 (a holiday) → Friday.
        renewing("R-SAT", "Saturday Co", "2027-01-20"),
        renewing("R-MON", "Holiday Co", "2027-01-22"),
        // 60 days before Tuesday 24: Tuesday's own.
        renewing("R-TUE", "Tuesday Co", "2027-01-23"),
      ],
      ["renewalDate", "ownerSlackId", "arr", "currency"],
    );
  },
});

const run = (now: Date) => runJob(jobNamed("renewals"), t.app.kuroko.jobDeps, { now, slot: now });
const recorded = async () =>
  (await t.db.prisma.renewalReminder.findMany({ include: { account: true }, orderBy: { id: "asc" } })).map(
    (r) => [r.account.externalId, r.windowDays, r.day.toISOString().slice(0, 10)],
  );

describe("renewal reminders on days off", () => {
  it("go out on the business day before: Friday for the weekend and Monday's holiday, once each", async () => {
    // Earlier windows were sent long ago: only the 60-day one is new.
    const accounts = await t.db.prisma.account.findMany();
    await t.db.prisma.renewalReminder.createMany({
      data: accounts.map((a) => ({
        accountId: a.id,
        renewalDate: a.renewalDate as Date,
        windowDays: 90,
        day: new Date("2026-10-20T00:00:00Z"),
      })),
    });

    await run(friday);
    await run(tuesday);
    await run(new Date("2026-11-24T23:00:00Z"));

    expect((await recorded()).filter(([, w]) => w === 60).sort()).toEqual([
      ["R-MON", 60, "2026-11-20"],
      ["R-SAT", 60, "2026-11-20"],
      ["R-TUE", 60, "2026-11-24"],
    ]);
    const fridayMessage = await t.db.prisma.outboxMessage.findFirstOrThrow({
      where: { channel: RENEWALS, dedupeKey: { startsWith: "renewals:2026-11-20:60:" } },
    });
    expect(JSON.stringify(fridayMessage.payload)).toContain("Holiday Co");
  });
});
