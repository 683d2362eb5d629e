import { describe, expect, it } from "vitest";
import { type AlertView, buildAlertMessage, parseAlertButtonValue } from "../../src/alerts/views.js";
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
};

describe("the alert message", () => {
  it("lays out an open alert exactly so, its buttons carrying the version it shows", () => {
    const message = buildAlertMessage(alert);

    expect(slackLimitViolations(message)).toEqual([]);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "🔴 At risk: Acme & Co",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "*in the red band (score 31); score fell 24 points in 7 days (55 → 31)* · health 31/100
      −24 in 7 days: usage −14 (active users 75% → 10%), support −6 (open tickets 1 → 12)",
              "type": "mrkdwn",
            },
            "type": "section",
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
        "text": "At risk: Acme &amp; Co: in the red band (score 31); score fell 24 points in 7 days (55 → 31) (health 31/100). Owner: <@U0CSM0001>",
      }
    `);
  });

  it("says who snoozed it and until when, and offers no Acknowledge", () => {
    const message = buildAlertMessage({
      ...alert,
      status: "snoozed",
      snoozedBy: "U0OPS0001",
      snoozedUntil: new Date("2026-12-22T00:00:00Z"),
    });

    expect(message.text).toContain("😴 Snoozed until 2026-12-22 by <@U0OPS0001>.");
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
