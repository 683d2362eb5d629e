import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import { useApp } from "../support/harness.js";
import { USERS } from "../support/payloads.js";

const today = new Date("2026-11-23T00:00:00Z");
const renewalsAt = new Date("2026-11-23T08:00:00Z");
const morningAt = new Date("2026-11-23T08:10:00Z");

const t = useApp({
  now: morningAt,
  seed: async (db) => {
    const account = (externalId: string, name: string, owner: string, days: number, arr: number) => ({
      line: 0,
      externalId,
      name,
      renewalDate: addDays(today, days),
      ownerSlackId: owner,
      arr,
      currency: "USD",
    });
    await upsertAccounts(
      db.prisma,
      [
        account("M-RENEW", "Renewing Co", USERS.csm, 45, 300_000),
        account("M-QUIET", "Quiet Co", USERS.csm, 200, 80_000),
        account("M-OTHER", "Someone Else's Co", USERS.outsider, 300, 10_000),
      ],
      ["renewalDate", "ownerSlackId", "arr", "currency"],
    );
    const id = async (externalId: string) =>
      (await db.prisma.account.findUniqueOrThrow({ where: { externalId } })).id;
    const alert = async (externalId: string, severity: number, reason: string) =>
      db.prisma.alert.create({
        data: {
          accountId: await id(externalId),
          cause: "red",
          dedupeKey: `test:${externalId}`,
          reason,
          severity,
          status: "open",
        },
      });
    await alert("M-RENEW", 10, "score fell 12 points in 30 days");
    await alert("M-QUIET", 50, "entered the red band");
    // An alert told before: not in the DM again.
    await db.prisma.alert.update({
      where: { id: (await alert("M-OTHER", 90, "told yesterday")).id },
      data: { ownerNotifiedAt: addDays(morningAt, -1) },
    });
    const request = {
      type: "renewal",
      amount: 80_000,
      currency: "USD",
      requesterId: USERS.csm,
      slaDueAt: addDays(morningAt, 3),
    };
    await db.prisma.contractRequest.create({
      data: { ...request, accountId: await id("M-QUIET"), status: "changes_requested" },
    });
    // Waiting on an approver who has nothing new: no DM for that alone.
    await db.prisma.contractRequest.create({
      data: {
        ...request,
        accountId: await id("M-OTHER"),
        status: "in_review",
        assigneeId: USERS.approver,
      },
    });
  },
});

const job = (name: string, now: Date, options: { force?: boolean } = {}) =>
  runJob(jobNamed(name), t.app.kuroko.jobDeps, { now, slot: now, ...options });
const dmsTo = (user: string) => t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === user);

describe('"Your morning"', () => {
  it("sends an owner one DM with their new alerts (highest severity first), renewals and requests waiting", async () => {
    await job("renewals", renewalsAt);

    const result = await job("morning", morningAt);

    expect(result.summary).toEqual({ people: 1, alerts: 2, renewals: 1 });
    const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.csm);
    const blocks = JSON.stringify(dm.body.blocks);
    expect(dm.body.text).toBe("Your morning: 2 new alerts, 1 renewal, 1 request waiting on you.");
    expect(blocks.indexOf("entered the red band")).toBeLessThan(blocks.indexOf("score fell 12 points"));
    const quiet = await t.db.prisma.alert.findFirstOrThrow({ where: { reason: "entered the red band" } });
    const buttons = (dm.body.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap(
      (b) => b.elements ?? [],
    );
    expect(buttons).toContainEqual(
      expect.objectContaining({ action_id: "alert_ack", value: `${quiet.id}:${quiet.version}` }),
    );
    expect(blocks).toContain("*Renewing Co*");
    expect(blocks).toContain("Start renewal paperwork");
    expect(blocks).toMatch(/CR-\d+ Renewal\* · Quiet Co: CS Ops asked for changes/);
    expect(blocks).toContain('"action_id":"contract_edit"');
    expect(blocks).not.toContain("told yesterday");
    expect(slackLimitViolations(dm.body)).toEqual([]);
    expect(dmsTo(USERS.csm)).toHaveLength(1);
    expect(dmsTo(USERS.approver)).toEqual([]);
    expect(dmsTo(USERS.outsider)).toEqual([]);
  });

  it("marks what it told, so a rerun sends nothing", async () => {
    const outbox = await t.db.prisma.outboxMessage.count();

    const again = await job("morning", morningAt, { force: true });

    expect(again.summary).toEqual({ people: 0, alerts: 0, renewals: 0 });
    expect(await t.db.prisma.outboxMessage.count()).toBe(outbox);
    expect(await t.db.prisma.alert.count({ where: { ownerNotifiedAt: null } })).toBe(0);
    expect(await t.db.prisma.renewalReminder.count({ where: { ownerNotifiedAt: null } })).toBe(0);
  });
});
