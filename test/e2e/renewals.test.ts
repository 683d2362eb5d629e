import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runRenewalReminders } from "../../src/renewals/reminders.js";
import { dueWindow } from "../../src/renewals/windows.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import { useApp } from "../support/harness.js";
import { blockActions, USERS } from "../support/payloads.js";

const today = new Date("2026-11-23T00:00:00Z");
const t = useApp({
  now: new Date("2026-11-23T08:00:00Z"),
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [
        {
          line: 0,
          externalId: "R-45",
          name: "Renews In 45 Days",
          renewalDate: addDays(today, 45),
          ownerSlackId: USERS.csm,
          arr: 90_000,
          currency: "USD",
        },
        {
          line: 0,
          externalId: "R-200",
          name: "Renews Next Year",
          renewalDate: addDays(today, 200),
          ownerSlackId: USERS.csm,
        },
      ],
      ["renewalDate", "ownerSlackId", "arr", "currency"],
    );
  },
});

const deps = () => ({
  prisma: t.db.prisma,
  windows: [90, 60, 30, 7],
  channel: "C0RENEW001",
  onOutbox: t.app.kuroko.outbox.kick,
});

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

describe("renewal reminders", () => {
  it("fire once per window, to the renewals channel and the owner", async () => {
    const first = await runRenewalReminders(deps(), today);
    const again = await runRenewalReminders(deps(), today);
    const nextDay = await runRenewalReminders(deps(), addDays(today, 1));
    const thirtyDaysOut = await runRenewalReminders(deps(), addDays(today, 15));

    expect([first.sent, again.sent, nextDay.sent, thirtyDaysOut.sent]).toEqual([1, 0, 0, 1]);
    const sent = await t.fake.waitForCall(
      "chat.postMessage",
      () => t.fake.callsTo("chat.postMessage").length === 4,
    );
    expect(
      t.fake
        .callsTo("chat.postMessage")
        .map((c) => c.body.channel)
        .sort(),
    ).toEqual(["C0RENEW001", "C0RENEW001", USERS.csm, USERS.csm].sort());
    expect(String(t.fake.callsTo("chat.postMessage")[0]!.body.text)).toMatch(
      /^Renews In 45 Days renews in 45 days \(2027-01-07\), \$90,000\./,
    );
    expect(slackLimitViolations(sent.body)).toEqual([]);
  });

  it("start the renewal paperwork with the form filled in: account, type renewal, start date", async () => {
    const value = JSON.stringify({ accountId: 1, type: "renewal", startDate: "2027-01-07" });

    await t.app.slack.interaction(
      blockActions({ action_id: "contract_open", value }, { responseUrl: t.fake.responseUrl() }),
    );

    const open = await t.fake.waitForCall("views.open");
    const view = JSON.stringify(open.body.view);
    expect(view).toContain("Renews In 45 Days");
    expect(view).toContain('"initial_date":"2027-01-07"');
    expect(view).toMatch(
      /"initial_option":\{"text":\{"type":"plain_text","text":"Renewal"\},"value":"renewal"\}/,
    );
  });
});
