import { describe, expect, it } from "vitest";
import type { AccountContext } from "../../src/health/context.js";
import { buildWindowMessages, type ReminderEntry, renewalLine } from "../../src/renewals/views.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

const today = new Date("2026-11-23T00:00:00Z");
const renewalDate = new Date("2027-01-07T00:00:00Z");
const context = (over: Partial<AccountContext> = {}): AccountContext => ({
  id: 7,
  externalId: "CRM-7",
  name: "Acme Corp",
  arr: 240_000,
  currency: "USD",
  renewalDate,
  ownerSlackId: "U0CSM0001",
  score: 72,
  band: "yellow",
  paperwork: [],
  ...over,
});
const entry = (over: Partial<AccountContext> = {}, extra: Partial<ReminderEntry> = {}): ReminderEntry => ({
  context: context(over),
  renewalDate,
  windowDays: 60,
  daysLeft: 45,
  ...extra,
});
const options = { today, crmUrlTemplate: "https://crm.example/{external_id}" };

describe("a renewal window's message", () => {
  it("shows each account with its context, CRM link and Start renewal paperwork", () => {
    const { main, thread } = buildWindowMessages(60, [entry()], options);
    const blocks = JSON.stringify(main.blocks);

    expect(main.text).toMatch(/^📅 1 account enters the 60-day renewal window: Acme Corp \(\$240,000\)/);
    expect(blocks).toContain("🟡 72/100, needs attention");
    expect(blocks).toContain("<https://crm.example/CRM-7|CRM record CRM-7>");
    expect(blocks).toContain("Start renewal paperwork");
    expect(blocks).toContain("⚠️ not healthy: 1 🟡 needs attention");
    expect(blocks).not.toContain("at risk");
    expect(thread).toEqual([]);
  });

  it("replaces Start renewal paperwork with the covering request's status and a button opening it", () => {
    const paperwork = {
      number: 12,
      type: "renewal" as const,
      status: "approved" as const,
      startDate: renewalDate,
    };
    const { main } = buildWindowMessages(
      60,
      [entry({ paperwork: [paperwork] }, { cover: { id: 3, paperwork } })],
      options,
    );
    const blocks = JSON.stringify(main.blocks);

    expect(blocks).toContain("📝 *CR-12 Renewal: approved*");
    expect(blocks).toContain('"action_id":"contract_view"');
    expect(blocks).toContain('"value":"3"');
    expect(blocks).not.toContain("Start renewal paperwork");
  });

  it("continues past Slack's 50 blocks in its thread, every message within Slack's limits", () => {
    const many = Array.from({ length: 120 }, (_, i) => entry({ id: i + 1, name: `Account ${i}` }));
    const { main, thread } = buildWindowMessages(90, many, options);

    expect(main.blocks).toHaveLength(50);
    expect(JSON.stringify(main.blocks)).toContain("…and 73 more in the thread.");
    expect(thread.map((m) => m.blocks.length)).toEqual([50, 23]);
    for (const m of [main, ...thread]) expect(slackLimitViolations(m)).toEqual([]);
  });

  it("escapes a hostile name in the message, and leaves it plain in the dry run's line", () => {
    const hostile = "<!channel> Acme <https://evil.example|Signed MSA>";
    const { main } = buildWindowMessages(60, [entry({ name: hostile })], options);

    expect(main.text).toContain("&lt;!channel&gt;");
    expect(JSON.stringify(main)).not.toContain("<!channel>");
    expect(renewalLine(entry({ name: hostile }))).toContain("<!channel> Acme");
  });
});

describe("a renewal window entered by thousands of accounts", () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => entry({ id: i + 1, name: `Account ${i + 1}` }));

  it("lists the first 200, counts every account in the heading and the bands, and points to the rest", () => {
    const { main, thread } = buildWindowMessages(90, many(200), options, {
      total: 5_000,
      red: 400,
      yellow: 900,
    });
    const all = [main, ...thread];
    const listed = JSON.stringify(all).match(/\*Account \d+\*/g) ?? [];
    const last = JSON.stringify(thread.at(-1)!.blocks.at(-1));

    expect(main.text).toMatch(/^📅 5,000 accounts enter the 90-day renewal window: /);
    expect(main.text).toContain("and 4,997 more");
    expect(JSON.stringify(main.blocks)).toContain("400 🔴 at risk");
    expect(JSON.stringify(main.blocks)).toContain("900 🟡 needs attention");
    expect(listed).toHaveLength(200);
    expect(String(thread[0]!.text)).toContain("of 5,000");
    expect(last).toContain("…and 4,800 more accounts enter the 90-day window, not listed here");
    expect(last).toContain("`bi.renewal_reminders`");
    for (const message of all) expect(slackLimitViolations(message)).toEqual([]);
  });

  it("draws no more than 200 even when given more, and says so in Japanese too", () => {
    const { main, thread } = buildWindowMessages(30, many(260), { ...options, locale: "ja" });
    const all = JSON.stringify([main, ...thread]);

    expect(all.match(/\*Account \d+\*/g)).toHaveLength(200);
    expect(all).toContain("ほか60件");
    expect(all).toContain("bi.renewal_reminders");
  });

  it("puts the pointer in the message itself when the listed accounts fit in it", () => {
    const { main, thread } = buildWindowMessages(7, many(3), options, { total: 250, red: 0, yellow: 250 });

    expect(thread).toEqual([]);
    expect(JSON.stringify(main.blocks.at(-1))).toContain("…and 247 more accounts enter the 7-day window");
  });
});

describe("a renewal window whose listed accounts just fill a message", () => {
  it("keeps within Slack's 50 blocks when the pointer to the unlisted needs a line of its own", () => {
    const listed = Array.from({ length: 48 }, (_, i) => entry({ id: i + 1, name: `Account ${i + 1}` }));

    const { main, thread } = buildWindowMessages(60, listed, options, { total: 300, red: 0, yellow: 0 });

    for (const message of [main, ...thread]) expect(slackLimitViolations(message)).toEqual([]);
    expect(JSON.stringify([main, ...thread])).toContain("…and 252 more accounts enter the 60-day window");
    expect(JSON.stringify([main, ...thread]).match(/\*Account \d+\*/g)).toHaveLength(48);
  });
});
