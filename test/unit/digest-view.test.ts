import { describe, expect, it } from "vitest";
import { composeDigest, type DigestAccount } from "../../src/digest/compose.js";
import { buildDigestMessages } from "../../src/digest/view.js";

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
    const why = new Map([[1, "−24 in 7 days: usage −14 (active users 75% → 10%)"]]);
    const digest = composeDigest({
      day,
      accounts,
      overdueRequests: [
        { number: 1004, type: "renewal", account: { name: "Acme <Corp>" }, assigneeId: null },
      ],
      why,
      now: day,
    });

    const { main, thread } = buildDigestMessages(digest, { day, why });

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
            "fields": [
              {
                "text": "*Accounts*
      🔴 2 · 🟡 1 · 🟢 1",
                "type": "mrkdwn",
              },
              {
                "text": "*ARR at risk*
      $240,000 + ¥18,000,000",
                "type": "mrkdwn",
              },
              {
                "text": "*Newly at risk / recovered*
      1 / 1",
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
              "text": "*🆕 Newly at risk since the last snapshot* (1)
      🔴 *Acme &lt;Corp&gt;* 31 · $240,000 · renews in 17 d · <@U0CSM0001>
            _−24 in 7 days: usage −14 (active users 75% → 10%)_",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*🔥 Top at-risk accounts by ARR* (2)
      🔴 *Acme &lt;Corp&gt;* 31 · $240,000 · renews in 17 d · <@U0CSM0001>
            _−24 in 7 days: usage −14 (active users 75% → 10%)_
      🔴 *Globex* 38 · ¥18,000,000",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*📅 Renewals in the next 30 days at risk* (1)
      🔴 *Acme &lt;Corp&gt;* 31 · $240,000 · renews in 17 d · <@U0CSM0001>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "type": "divider",
          },
          {
            "text": {
              "text": "*🌱 Recovered* (1)
      🟡 *Initech* 55 · $100,000",
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
      🟢 *Umbrella* 90 · $100,000",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Daily at-risk digest 2026-11-23: 2 red, 1 yellow, 1 green; ARR at risk $240,000 + ¥18,000,000; 1 newly at risk; 1 overdue contract requests.",
      }
    `);
  });
});
