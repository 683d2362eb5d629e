import { describe, expect, it } from "vitest";
import { type AlertView, buildAlertMessage, parseAlertButtonValue } from "../../src/alerts/views.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

const alert: AlertView = {
  id: 12,
  version: 3,
  status: "open",
  reason: "in the red band (score 31); score fell 24 points in 7 days (55 → 31)",
  account: { id: 7, name: "Acme & Co", ownerSlackId: "U0CSM0001" },
  score: 31,
  band: "red",
  why: "−24 in 7 days: usage −14 (active users 75% → 10%), support −6 (open tickets 1 → 12)",
  context: {
    id: 7,
    externalId: "CRM-0007",
    name: "Acme & Co",
    arr: 240_000,
    currency: "USD",
    renewalDate: new Date("2027-01-06T00:00:00Z"),
    ownerSlackId: "U0CSM0001",
    score: 31,
    band: "red",
    paperwork: [],
  },
};

const options = {
  today: new Date("2026-11-22T00:00:00Z"),
  model: defaultHealthModel(),
  crmUrlTemplate: "https://example.my.salesforce.com/{external_id}",
};

describe("the alert message", () => {
  it("lays out an open alert exactly so, its buttons carrying the version it shows", () => {
    const message = buildAlertMessage(alert, options);

    expect(slackLimitViolations(message)).toEqual([]);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "🔴 Acme & Co: at risk",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "*in the red band (score 31); score fell 24 points in 7 days (55 → 31)*
      −24 in 7 days: usage −14 (active users 75% → 10%), support −6 (open tickets 1 → 12)",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 🔴 31/100, at risk · 📝 no open paperwork · 🔗 <https://example.my.salesforce.com/CRM-0007|CRM record CRM-0007>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "elements": [
              {
                "text": "Owner: <@U0CSM0001>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "block_id": "alert_12",
            "elements": [
              {
                "action_id": "alert_ack",
                "style": "primary",
                "text": {
                  "text": "Acknowledge",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "12:3",
              },
              {
                "action_id": "alert_snooze_7",
                "text": {
                  "text": "Snooze 7 days",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "12:3",
              },
              {
                "action_id": "alert_snooze_30",
                "text": {
                  "text": "Snooze 30 days",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "12:3",
              },
              {
                "action_id": "alert_snooze_move",
                "text": {
                  "text": "Snooze until the score moves",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "12:3",
              },
              {
                "action_id": "health_show",
                "text": {
                  "text": "Health card",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "7",
              },
              {
                "action_id": "contract_open",
                "text": {
                  "text": "Log contract request",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "7",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Acme &amp; Co (at risk, health 31/100): in the red band (score 31); score fell 24 points in 7 days (55 → 31). Owner: <@U0CSM0001>",
      }
    `);
  });

  it("says who snoozed it and until when, and offers no Acknowledge", () => {
    const message = buildAlertMessage({
      ...alert,
      status: "snoozed",
      snoozedBy: "U0OPS0001",
      snoozedUntil: new Date("2026-12-22T09:30:00Z"),
    });

    expect(message.text).toContain(
      "😴 Snoozed until <!date^1797931800^{date_short_pretty} {time}|2026-12-22 09:30 UTC> by <@U0OPS0001>.",
    );
    expect(JSON.stringify(message.blocks)).not.toContain("alert_ack");
  });
});

describe("an alert button's value", () => {
  it("reads the alert and the version its message showed, or the id alone from older messages", () => {
    expect(parseAlertButtonValue("12:3")).toEqual({ id: 12, version: 3 });
    expect(parseAlertButtonValue("12")).toEqual({ id: 12 });
  });

  it("reads nothing from a forged value", () => {
    for (const forged of ["", ":3", "12:", "12:-1", "12:3:4", "x:3", "12:1e3", "0:1", 42, undefined])
      expect(parseAlertButtonValue(forged)).toBeUndefined();
  });
});

describe("names that would mention or link in a notification", () => {
  const hostile = "<!channel> Acme <https://evil.example|Signed MSA>";

  it("are escaped in the alert's fallback text, which Slack reads as mrkdwn", () => {
    const message = buildAlertMessage({ ...alert, account: { ...alert.account, name: hostile } });

    expect(message.text).toContain("&lt;!channel&gt; Acme &lt;https://evil.example|Signed MSA&gt;");
    expect(message.text).not.toContain("<!channel>");
  });
});
