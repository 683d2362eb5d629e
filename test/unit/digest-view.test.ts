import { describe, expect, it } from "vitest";
import { composeDigest, type DigestAccount } from "../../src/digest/compose.js";
import { buildDigestMessages } from "../../src/digest/view.js";
import { HEALTH_ACTIONS } from "../../src/health/ids.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

const day = new Date("2026-11-23T00:00:00Z");

const account = (id: number, fields: Partial<DigestAccount>): DigestAccount => ({
  id,
  name: `Account ${id}`,
  arr: 100_000,
  currency: "USD",
  renewalDate: null,
  ownerSlackId: null,
  score: 80,
  band: "green",
  previousBand: "green",
  score30DaysAgo: null,
  stale: false,
  ...fields,
});

const accounts: DigestAccount[] = [
  account(1, {
    name: "Acme <Corp>",
    arr: 240_000,
    score: 31,
    band: "red",
    previousBand: "yellow",
    score30DaysAgo: 78,
    ownerSlackId: "U0CSM0001",
    renewalDate: new Date("2026-12-10T00:00:00Z"),
  }),
  account(2, {
    name: "Globex",
    arr: 18_000_000,
    currency: "JPY",
    score: 38,
    band: "red",
    previousBand: "red",
  }),
  account(3, { name: "Initech", score: 55, band: "yellow", previousBand: "red" }),
  account(4, { name: "Umbrella", score: 90, stale: true }),
];

describe("the digest's main message", () => {
  it("lays out a day exactly so", () => {
    const reasons = new Map([
      [
        1,
        {
          change: "−47 in 30 days: usage −30 (active users 75% → 10%)",
          weakest: "🟥 usage 12/100 (active users 10%), 🟥 support 30/100 (P1 tickets (30 d) 3)",
        },
      ],
    ]);
    const contexts = new Map([
      [
        1,
        {
          id: 1,
          externalId: "001ACME",
          name: "Acme <Corp>",
          arr: 240_000,
          currency: "USD",
          renewalDate: new Date("2026-12-10T00:00:00Z"),
          ownerSlackId: "U0CSM0001",
          score: 31,
          band: "red" as const,
          paperwork: [],
        },
      ],
    ]);
    const digest = composeDigest({
      day,
      accounts,
      overdueRequests: [
        { number: 1004, type: "renewal", account: { name: "Acme <Corp>" }, assigneeId: null },
      ],
      reasons,
      now: day,
    });

    const { main, thread } = buildDigestMessages(digest, {
      day,
      now: new Date("2026-11-22T23:30:00Z"),
      reasons,
      contexts,
      model: { bands: { red: 40, green: 70, margin: 5 } },
      crmUrlTemplate: "https://example.my.salesforce.com/{external_id}",
    });

    expect(thread).toEqual([]);
    expect(main).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "Daily at-risk digest · 2026-11-23",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "elements": [
              {
                "text": "Generated <!date^1795390200^{date_short_pretty} {time}|2026-11-22 23:30 UTC> from the scores of 2026-11-23 · 🔴 at risk · 🟡 needs attention · 🟢 healthy",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "fields": [
              {
                "text": "*Accounts*
      🔴 2 at risk · 🟡 1 need attention · 🟢 1 healthy",
                "type": "mrkdwn",
              },
              {
                "text": "*ARR at risk*
      $240,000 + ¥18,000,000",
                "type": "mrkdwn",
              },
              {
                "text": "*Fell 20+ in 30 days / newly at risk / recovered*
      1 / 1 / 1",
                "type": "mrkdwn",
              },
              {
                "text": "*Overdue contract requests*
      1",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*📉 Fell 20+ points in 30 days, largest ARR first* (1)",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "accessory": {
              "action_id": "health_show",
              "text": {
                "text": "Health card",
                "type": "plain_text",
              },
              "type": "button",
              "value": "1",
            },
            "text": {
              "text": "🔴 *Acme &lt;Corp&gt;* · −47 in 30 days: usage −30 (active users 75% → 10%)
      _Why:_ 🟥 usage 12/100 (active users 10%), 🟥 support 30/100 (P1 tickets (30 d) 3)
      💰 $240,000 ARR · 📅 renews 2026-12-10 (in 17 days) · 🔴 31/100, at risk · 👤 <@U0CSM0001> · 📝 no open paperwork · 🔗 <https://example.my.salesforce.com/001ACME|CRM record 001ACME>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*🆕 Newly at risk (red) since the last snapshot* (1)
      🔴 *Acme &lt;Corp&gt;* 31/100, at risk: named above",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*🔥 At risk (red), largest ARR first* (2)
      🔴 *Acme &lt;Corp&gt;* 31/100, at risk: named above",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "accessory": {
              "action_id": "health_show",
              "text": {
                "text": "Health card",
                "type": "plain_text",
              },
              "type": "button",
              "value": "2",
            },
            "text": {
              "text": "🔴 *Globex*
      38/100, at risk · ¥18,000,000 ARR",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*📅 Renewals in the next 30 days at risk (red or yellow)* (1)
      🔴 *Acme &lt;Corp&gt;* 31/100, at risk · $240,000 · renews in 17 d · <@U0CSM0001>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*🌱 Recovered (no longer red)* (1)
      🟡 *Initech* 55/100, needs attention · $100,000",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*⏰ Overdue contract requests* (1)
      ⚠️ *CR-1004* Renewal · Acme &lt;Corp&gt; · unassigned",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*🕸️ Data stale (no alerts until fresh metrics arrive)* (1)
      🟢 *Umbrella* 90/100, healthy · $100,000",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Daily at-risk digest 2026-11-23: 2 red (at risk), 1 yellow (needs attention), 1 green; ARR at risk $240,000 + ¥18,000,000; 1 fell 20+ points in 30 days; 1 newly at risk; 1 overdue contract requests.",
      }
    `);
  });
});

describe("the digest's lists", () => {
  // 60 red accounts, each fallen 30 points in 30 days, 40 renewing within the month.
  const many = Array.from({ length: 60 }, (_, i) =>
    account(i + 1, {
      name: `Customer ${i + 1}`,
      arr: 10_000 * (60 - i),
      score: 30,
      band: "red",
      previousBand: i % 2 ? "yellow" : "red",
      score30DaysAgo: 60,
      renewalDate: i < 40 ? new Date("2026-12-01T00:00:00Z") : null,
    }),
  );
  const reasons = new Map(
    many.map((a) => [
      a.id,
      {
        change: "−30 in 30 days: usage −20 (active users 80% → 20%)",
        weakest: "🟥 usage 15/100 (active users 20%)",
      },
    ]),
  );
  const digest = composeDigest({ day, accounts: many, overdueRequests: [], reasons, now: day });

  it("name each account once with why it is at risk and a button to its card, within Slack's limits", () => {
    const { main, thread } = buildDigestMessages(digest, { day, now: day, reasons });

    expect(slackLimitViolations(main)).toEqual([]);
    const named = main.blocks.filter((b) => b.type === "section" && b.accessory);
    const ids = named.map((b) => (b as { accessory: { value: string } }).accessory.value);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const block of named) {
      expect(block).toMatchObject({ accessory: { action_id: HEALTH_ACTIONS.show } });
      expect(JSON.stringify(block)).toContain("_Why:_ 🟥 usage 15/100 (active users 20%)");
    }
    expect(JSON.stringify(main)).toContain("…55 more in the thread.");
    expect(thread.length).toBeGreaterThan(0);
  });

  it("in the private preview, show more of each list inline and say where the rest is, never 'in the thread'", () => {
    const { main, thread } = buildDigestMessages(digest, { day, now: day, reasons, preview: true });

    expect(thread).toEqual([]);
    expect(slackLimitViolations(main)).toEqual([]);
    const text = JSON.stringify(main);
    expect(text).not.toContain("in the thread");
    // Fell 20+: 5 named, 20 more inline, 35 not shown.
    expect(text).toContain("Customer 25*");
    expect(text).toContain("…35 more not shown here: the posted digest lists them in its thread");
    expect(text).toContain("Preview, only you see it");
  });
});
