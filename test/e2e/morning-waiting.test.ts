import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { useApp } from "../support/harness.js";
import { USERS } from "../support/payloads.js";

/** "Your morning" names what waits on a person by the contracts' one rule: a second approval too. */

const morningAt = new Date("2026-11-23T08:10:00Z");
const MAYA = USERS.secondApprover;

const t = useApp({
  now: morningAt,
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [
        {
          line: 0,
          externalId: "W-MAYA",
          name: "Maya's Co",
          ownerSlackId: MAYA,
          arr: 50_000,
          currency: "USD",
        },
        {
          line: 1,
          externalId: "W-ACME",
          name: "Acme Corp",
          ownerSlackId: USERS.csm,
          arr: 264_000,
          currency: "USD",
        },
      ],
      ["ownerSlackId", "arr", "currency"],
    );
    const id = async (externalId: string) =>
      (await db.prisma.account.findUniqueOrThrow({ where: { externalId } })).id;
    // Maya has news (an alert on her account)...
    await db.prisma.alert.create({
      data: {
        accountId: await id("W-MAYA"),
        cause: "red",
        dedupeKey: "w:1",
        reason: "entered the red band",
        severity: 30,
      },
    });
    // ...and a $264,000 renewal waits on her second approval (Kenji gave the first; it is his).
    await db.prisma.contractRequest.create({
      data: {
        accountId: await id("W-ACME"),
        type: "renewal",
        status: "awaiting_second_approval",
        amount: 264_000,
        currency: "USD",
        requesterId: USERS.csm,
        assigneeId: USERS.approver,
        approvals: [{ step: "cs_ops", userId: USERS.approver, at: "2026-11-22T10:00:00.000Z" }],
        slaDueAt: new Date("2026-11-27T10:00:00Z"),
      },
    });
  },
});

describe('"Your morning" and requests waiting', () => {
  it("lists a request awaiting the second approval in the DM of who may give it, not the first approver's", async () => {
    await runJob(jobNamed("morning"), t.app.kuroko.jobDeps, { now: morningAt, slot: morningAt });

    const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === MAYA);
    expect(String(dm.body.text)).toMatch(/1 request waiting on you/);
    expect(JSON.stringify(dm.body.blocks)).toMatch(/CR-\d+ Renewal\* · Acme Corp/);
    expect(JSON.stringify(dm.body.blocks)).toContain('"action_id":"contract_review_open"');
    expect(t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === USERS.approver)).toEqual([]);
  });
});
