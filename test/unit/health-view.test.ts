import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/accounts/search.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import type { Readings } from "../../src/health/score.js";
import { explainChange, scoreHealth } from "../../src/health/score.js";
import type { HealthCardData } from "../../src/health/service.js";
import { buildHealthCard, buildNoMatch, buildPicker, sparkline } from "../../src/health/view.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const at = (daysAgo: number) => new Date(today.getTime() - daysAgo * 86_400_000);

const readings = (date: Date, activeUsers: number): Readings => ({
  active_users: { value: activeUsers, date },
  licensed_seats: { value: 400, date },
  logins_30d: { value: 3_000, date },
  feature_adoption: { value: 55, date },
  open_tickets: { value: 4, date },
  p1_tickets_30d: { value: 1, date },
  nps: { value: 12, date: at(40) },
  days_since_last_touch: { value: 12, date },
  days_overdue: { value: 0, date },
});

function cardData(name: string): HealthCardData {
  const health = scoreHealth(readings(today, 120), model, today)!;
  const before = scoreHealth(readings(at(30), 300), model, at(30))!;
  return {
    account: {
      id: 7,
      name,
      externalId: "CRM-0007",
      domain: "acme.com",
      arr: 240_000,
      currency: "USD",
      renewalDate: new Date("2027-01-06T00:00:00Z"),
      ownerSlackId: "U0CSM0001",
      segment: "Enterprise",
    },
    today,
    health,
    band: "yellow",
    changes: { days30: explainChange(health, before, 30), days7: explainChange(health, health, 7) },
    trend: Array.from({ length: 91 }, (_, i) => ({ date: at(90 - i), score: 90 - Math.floor(i / 2) })),
    modelChangedAfter: at(20),
    openRequests: 2,
    modelName: model.name,
    modelVersion: model.version,
  };
}

describe("buildHealthCard", () => {
  it("fits Slack's limits even with a very long name full of markup characters", () => {
    const card = buildHealthCard(cardData(`<Acme> & ${"Very Long Name ".repeat(30)}*_~`));

    expect(slackLimitViolations(card)).toEqual([]);
    const mrkdwn = JSON.stringify(card.blocks.filter((b) => b.type !== "header"));
    expect(mrkdwn).not.toContain("<Acme>");
    expect(card.text).toMatch(/^&lt;Acme&gt; &amp; Very Long/);
  });

  it("shows the score, band, why, components, freshness and the model change", () => {
    const card = buildHealthCard(cardData("Acme Corp"));
    const text = JSON.stringify(card.blocks);

    expect(card.text).toMatch(
      /^Acme Corp: health \d+\/100 \(yellow\), −\d+ in 30 days: usage −\d+ \(active users 75% → 30%/,
    );
    expect(text).toContain("<@U0CSM0001>");
    expect(text).toContain("2027-01-06 (in 45 days)");
    expect(text).toMatch(/stale: NPS \(40 d old\)/);
    expect(text).toContain("The health model changed after 2026-11-02");
    expect(text).toContain("Share in channel");
  });

  it("lays out a card exactly so", () => {
    const card = buildHealthCard({ ...cardData("Acme Corp"), modelVersion: "a1b2c3d4e5f6" });

    expect(card).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Acme Corp: 🟡 60/100 (yellow)",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "fields": [
              {
                "text": "*Trend (90 d)*
      \`██▇▇▇▇▇▇▆▆▆▆▆▆▆▅▅▅▅▅▅▅▄▄\`",
                "type": "mrkdwn",
              },
              {
                "text": "*ARR*
      $240,000",
                "type": "mrkdwn",
              },
              {
                "text": "*Renewal*
      2027-01-06 (in 45 days)",
                "type": "mrkdwn",
              },
              {
                "text": "*Owner*
      <@U0CSM0001>",
                "type": "mrkdwn",
              },
              {
                "text": "*Open contract requests*
      2",
                "type": "mrkdwn",
              },
              {
                "text": "*Segment · CRM id*
      Enterprise · CRM-0007",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "text": {
              "text": "*Why*
      • −14 in 30 days: usage −14 (active users 75% → 30%)
      • ±0 in 7 days: no component moved by a point or more",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*Components*
      \`████░░░░░░\` *Usage* 40 · 35% of score · active users 30%, logins per seat (30 d) 7.5
      \`████████░░\` *Adoption* 76 · 15% of score · feature adoption 55%
      \`██████░░░░\` *Support* 64 · 20% of score · open tickets 4, P1 tickets (30 d) 1
      \`█████░░░░░\` *Sentiment* 54 · 15% of score · NPS 12 ⚠️
      \`█████████░\` *Engagement* 89 · 10% of score · days since last touch 12 d
      \`██████████\` *Billing* 100 · 5% of score · days overdue 0 d",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Metrics as of 2026-11-22 · ⚠️ stale: NPS (40 d old) · model kuroko-default a1b2c3d",
                "type": "mrkdwn",
              },
              {
                "text": "The health model changed after 2026-11-02: earlier points of the trend were scored by another model. The changes above use today's model throughout.",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "elements": [
              {
                "action_id": "health_share",
                "text": {
                  "text": "Share in channel",
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
              {
                "action_id": "health_snooze",
                "text": {
                  "text": "Snooze alerts",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "7",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Acme Corp: health 60/100 (yellow), −14 in 30 days: usage −14 (active users 75% → 30%)",
      }
    `);
  });

  it("names who shared it, and offers no buttons on the shared copy", () => {
    const card = buildHealthCard(cardData("Acme Corp"), { sharedBy: "U0OPS0001" });

    expect(JSON.stringify(card.blocks)).toContain("Shared by <@U0OPS0001>");
    expect(card.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});

describe("pickers", () => {
  const candidates: Candidate[] = Array.from({ length: 10 }, (_, i) => ({
    id: i + 1,
    name: `Summit Partner ${i} ${"with an extremely long legal name ".repeat(4)}`,
    searchKey: `summitpartner${i}`,
    externalId: `S-${i}`,
    domain: null,
  }));

  it("fit Slack's limits, with one unique action per account", () => {
    expect(slackLimitViolations(buildPicker("summit", candidates, true))).toEqual([]);
    expect(slackLimitViolations(buildNoMatch("sumit", candidates.slice(0, 5)))).toEqual([]);
  });
});

describe("sparkline", () => {
  it("draws at most 24 characters on a fixed 0-100 scale", () => {
    expect(sparkline([0, 50, 100])).toBe("▁▅█");
    expect([...sparkline(Array.from({ length: 90 }, (_, i) => i))]).toHaveLength(24);
  });
});
