import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { dueWindow } from "../../src/renewals/windows.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays, isoDay } from "../../src/time.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, USERS, viewSubmission } from "../support/payloads.js";

const today = new Date("2026-11-23T00:00:00Z");
const now = new Date("2026-11-23T08:00:00Z");
const RENEWALS = "C0RENEW001";

const account = (externalId: string, name: string, days: number, arr: number, currency = "USD") => ({
  line: 0,
  externalId,
  name,
  renewalDate: addDays(today, days),
  ownerSlackId: USERS.csm,
  arr,
  currency,
});

const t = useApp({
  now,
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [
        account("R-SMALL", "Small Co", 45, 50_000),
        account("R-BIG", "Big Co", 50, 300_000),
        account("R-EURO", "Euro GmbH", 55, 200_000, "EUR"),
        account("R-COVERED", "Covered Inc", 20, 100_000),
        account("R-LATER", "Renews Next Year", 200, 500_000),
      ],
      ["renewalDate", "ownerSlackId", "arr", "currency"],
    );
    const covered = await db.prisma.account.findUniqueOrThrow({ where: { externalId: "R-COVERED" } });
    await db.prisma.contractRequest.create({
      data: {
        accountId: covered.id,
        type: "renewal",
        status: "approved",
        amount: 100_000,
        currency: "USD",
        startDate: addDays(today, 20),
        requesterId: USERS.csm,
        slaDueAt: addDays(now, 5),
      },
    });
  },
});

const run = (options: { dryRun?: boolean; force?: boolean; report?: (line: string) => void } = {}) =>
  runJob(jobNamed("renewals"), t.app.kuroko.jobDeps, { now, slot: now, ...options });

const topLevel = () =>
  t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === RENEWALS && !c.body.thread_ts);
const blocksOf = (call: RecordedCall) => JSON.stringify(call.body.blocks);
const windowMessage = (days: number) =>
  topLevel().find((c) => String(c.body.text).includes(`the ${days}-day renewal window`));
/** A window's message as the job enqueued it (the fake forgets its calls after each test). */
const enqueuedWindow = async (days: number) => {
  const rows = await t.db.prisma.outboxMessage.findMany({ where: { channel: RENEWALS, parentId: null } });
  return JSON.stringify(
    rows.find((r) => JSON.stringify(r.payload).includes(`the ${days}-day renewal window`))?.payload,
  );
};
const coveredNumber = async () =>
  (await t.db.prisma.contractRequest.findFirstOrThrow({ where: { account: { externalId: "R-COVERED" } } }))
    .number;

describe("renewal windows", () => {
  it("put a renewal in the smallest window it has reached", () => {
    expect([100, 90, 61, 45, 30, 8, 7, 0, -1].map((d) => dueWindow(d, [90, 60, 30, 7]))).toEqual([
      undefined,
      90,
      90,
      60,
      30,
      30,
      7,
      7,
      undefined,
    ]);
  });
});

describe("the renewals job", () => {
  it("prints on a dry run what it would post, and records and sends nothing", async () => {
    const lines: string[] = [];

    await run({ dryRun: true, report: (line) => lines.push(line) });

    expect(lines.join("\n")).toContain("3 entering the 60-day window");
    expect(lines.join("\n")).toContain("Big Co renews in 50 days (2027-01-12), $300,000");
    expect(await t.db.prisma.renewalReminder.count()).toBe(0);
    expect(await t.db.prisma.outboxMessage.count()).toBe(0);
  });

  it("posts one message per window to the renewals channel, largest ARR first, and DMs nobody", async () => {
    const result = await run();

    expect(result.summary).toMatchObject({ sent: 4, messages: 2 });
    await t.fake.waitForCall("chat.postMessage", () => topLevel().length === 2);
    const sixty = windowMessage(60)!;
    expect(String(sixty.body.text)).toMatch(/^📅 3 accounts enter the 60-day renewal window: Big Co/);
    const names = [...blocksOf(sixty).matchAll(/\*(Big Co|Euro GmbH|Small Co)\*/g)].map((m) => m[1]);
    expect(names).toEqual(["Big Co", "Euro GmbH", "Small Co"]);
    expect(String(windowMessage(30)!.body.text)).toContain("1 account enters the 30-day renewal window");
    expect(t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === USERS.csm)).toEqual([]);
    for (const call of topLevel()) expect(slackLimitViolations(call.body)).toEqual([]);
  });

  it("shows a renewal's approved renewal request and a button opening it, not Start renewal paperwork", async () => {
    const thirty = await enqueuedWindow(30);
    const number = await coveredNumber();

    expect(thirty).toContain(`CR-${number} Renewal: approved`);
    expect(thirty).toContain(`"text":"Open CR-${number}"`);
    expect(thirty).toContain('"action_id":"contract_view"');
    expect(thirty).not.toContain("Start renewal paperwork");
    expect(await enqueuedWindow(60)).toContain("Start renewal paperwork");
  });

  it("opens the approved request read-only for whoever clicks Open CR-… (a CSM, not CS Ops)", async () => {
    const number = await coveredNumber();
    const request = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { number } });
    t.fake.reset();

    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_view", value: String(request.id) },
        { userId: USERS.csm, responseUrl: t.fake.responseUrl() },
      ),
    );

    const open = await t.fake.waitForCall("views.open");
    const view = JSON.stringify(open.body.view);
    expect(view).toContain(`CR-${number}`);
    expect(view).toContain("Approved");
    expect(view).not.toContain('"submit"');
    expect(
      slackLimitViolations({ text: "modal", blocks: (open.body.view as { blocks: [] }).blocks }),
    ).toEqual([]);
  });

  it("sends nothing again when run again (the reminders are recorded)", async () => {
    const outbox = await t.db.prisma.outboxMessage.count();

    const again = await run({ force: true });

    expect(again.summary).toMatchObject({ due: 0, sent: 0, messages: 0 });
    expect(await t.db.prisma.outboxMessage.count()).toBe(outbox);
    expect(await t.db.prisma.renewalReminder.count()).toBe(4);
  });
});

describe("renewal paperwork", () => {
  it("start the renewal paperwork with the form filled in: account, type renewal, start date", async () => {
    const small = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "R-SMALL" } });
    const value = JSON.stringify({ accountId: small.id, type: "renewal", startDate: "2027-01-07" });

    await t.app.slack.interaction(
      blockActions({ action_id: "contract_open", value }, { responseUrl: t.fake.responseUrl() }),
    );

    const open = await t.fake.waitForCall("views.open");
    const view = JSON.stringify(open.body.view);
    expect(view).toContain("Small Co");
    expect(view).toContain('"initial_date":"2027-01-07"');
    expect(view).toMatch(
      /"initial_option":\{"text":\{"type":"plain_text","text":"Renewal"\},"value":"renewal"\}/,
    );
    expect(view).not.toContain("already");
  });

  it("warn in the form when a renewal request already covers that renewal", async () => {
    const covered = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "R-COVERED" } });
    const value = JSON.stringify({
      accountId: covered.id,
      type: "renewal",
      startDate: isoDay(addDays(today, 20)),
    });

    await t.app.slack.interaction(
      blockActions({ action_id: "contract_open", value }, { responseUrl: t.fake.responseUrl() }),
    );

    const open = await t.fake.waitForCall("views.open");
    const number = await coveredNumber();
    expect(JSON.stringify(open.body.view)).toContain(`CR-${number} Renewal is already approved`);
    expect(
      slackLimitViolations({ text: "modal", blocks: (open.body.view as { blocks: [] }).blocks }),
    ).toEqual([]);
  });

  it("refuse a second renewal request for a covered renewal, naming the first, unless the notes mention it", async () => {
    const covered = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "R-COVERED" } });
    const number = await coveredNumber();
    const start = { start_date: { type: "datepicker", selected_date: isoDay(addDays(today, 22)) } };
    const before = await t.db.prisma.contractRequest.count();

    const refused = await t.app.slack.interaction(
      viewSubmission("contract_intake", intakeValues(covered.id, { start_date: start }), {
        privateMetadata: "{}",
      }),
    );
    const acknowledged = await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        intakeValues(covered.id, {
          start_date: start,
          notes: { notes: { type: "plain_text_input", value: `Re-paper of CR-${number}: new terms.` } },
        }),
        { privateMetadata: "{}" },
      ),
    );

    expect(await refused.json()).toEqual({
      response_action: "errors",
      errors: {
        start_date: `CR-${number} (approved, start ${isoDay(addDays(today, 20))}) already covers this renewal. Mention CR-${number} in the notes to log another on purpose.`,
      },
    });
    expect(await acknowledged.text()).toBe("");
    expect(await t.db.prisma.contractRequest.count()).toBe(before + 1);
  });
});
