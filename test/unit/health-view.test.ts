import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/accounts/search.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import type { CardAlert } from "../../src/health/repository.js";
import type { Readings } from "../../src/health/score.js";
import { explainChange, scoreHealth } from "../../src/health/score.js";
import type { HealthCardData } from "../../src/health/service.js";
import {
  bandBar,
  buildHealthCard,
  buildNoMatch,
  buildPicker,
  sparkline,
  trendSummary,
} from "../../src/health/view.js";
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
  const account = {
    id: 7,
    name,
    externalId: "CRM-0007",
    domain: "acme.com",
    arr: 240_000,
    currency: "USD",
    renewalDate: new Date("2027-01-06T00:00:00Z"),
    ownerSlackId: "U0CSM0001",
    segment: "Enterprise",
  };
  return {
    account,
    context: {
      ...account,
      score: health.score,
      band: "yellow",
      paperwork: [{ number: 1042, type: "renewal", status: "in_review", startDate: null }],
    },
    bands: model.bands,
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
      /^Acme Corp: 🟡 \d+\/100, needs attention, −\d+ in 30 days: usage −\d+ \(active users 75% → 30%/,
    );
    expect(text).toContain("<@U0CSM0001>");
    expect(text).toContain("2027-01-06 (in 45 days)");
    expect(text).toMatch(/stale: NPS \(40 d old\)/);
    expect(text).toContain("The health model changed after 2026-11-02");
    expect(text).toContain("Share in channel");
  });

  it("lays out a card exactly so", () => {
    const card = buildHealthCard(
      { ...cardData("Acme Corp"), modelVersion: "a1b2c3d4e5f6" },
      { crmUrlTemplate: "https://crm.example.com/{external_id}" },
    );

    expect(card).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Acme Corp: 🟡 60/100, needs attention",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 👤 <@U0CSM0001> · 📝 CR-1042 Renewal: in review · 🔗 <https://crm.example.com/CRM-0007|CRM record CRM-0007>
      🔕 No alert open on this account.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*Trend (90 d)* ██▇▇▇▇▇▇▆▆▆▆▆▆▆▅▅▅▅▅▅▅▄▄
      90 on 2026-08-24 → 45 on 2026-11-22 · low 45 on 2026-11-22 · high 90 on 2026-08-25",
              "type": "mrkdwn",
            },
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
      🟨🟨🟨🟨⬜⬜⬜⬜⬜⬜ *Usage* 40 · 35% of score · active users 30%, logins per seat (30 d) 7.5
      🟩🟩🟩🟩🟩🟩🟩🟩⬜⬜ *Adoption* 76 · 15% of score · feature adoption 55%
      🟨🟨🟨🟨🟨🟨⬜⬜⬜⬜ *Support* 64 · 20% of score · open tickets 4, P1 tickets (30 d) 1
      🟨🟨🟨🟨🟨⬜⬜⬜⬜⬜ *Sentiment* 54 · 15% of score · NPS 12 ⚠️
      🟩🟩🟩🟩🟩🟩🟩🟩🟩⬜ *Engagement* 89 · 10% of score · days since last touch 12 d
      🟩🟩🟩🟩🟩🟩🟩🟩🟩🟩 *Billing* 100 · 5% of score · days overdue 0 d",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "🟩 70+ healthy · 🟨 40–69 needs attention · 🟥 under 40 at risk",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "elements": [
              {
                "text": "Metrics as of 2026-11-22 · ⚠️ stale: NPS (40 d old) · CRM id CRM-0007 · Enterprise · model kuroko-default a1b2c3d",
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
            ],
            "type": "actions",
          },
        ],
        "text": "Acme Corp: 🟡 60/100, needs attention, −14 in 30 days: usage −14 (active users 75% → 30%)",
      }
    `);
  });

  it("names who shared it, and offers no buttons on the shared copy", () => {
    const card = buildHealthCard(cardData("Acme Corp"), { sharedBy: "U0OPS0001" });

    expect(JSON.stringify(card.blocks)).toContain("Shared by <@U0OPS0001>");
    expect(card.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});

describe("the card's vocabulary and colours", () => {
  const blockText = (card: ReturnType<typeof buildHealthCard>, starts: string) =>
    card.blocks.map((b) => JSON.stringify(b)).find((b) => b.includes(starts)) ?? "";

  it("draws each component's bar in its own band's colour, with no inline code, and the legend", () => {
    const card = buildHealthCard(cardData("Acme Corp"));
    const components = blockText(card, "*Components*");

    expect(components).not.toContain("`");
    expect(components).toContain("🟨🟨🟨🟨⬜⬜⬜⬜⬜⬜ *Usage* 40");
    expect(components).toContain("🟩🟩🟩🟩🟩🟩🟩🟩🟩🟩 *Billing* 100");
    expect(JSON.stringify(card.blocks)).toContain(
      "🟩 70+ healthy · 🟨 40–69 needs attention · 🟥 under 40 at risk",
    );
  });

  it("colours a red component's bar red, and shows at least one cell of a score of zero", () => {
    expect(bandBar(25, model.bands)).toBe("🟥🟥🟥⬜⬜⬜⬜⬜⬜⬜");
    expect(bandBar(0, model.bands)).toBe("🟥⬜⬜⬜⬜⬜⬜⬜⬜⬜");
  });

  it("names the band in words, and says why a score over 70 is still yellow", () => {
    const data = cardData("Acme Corp");
    const card = buildHealthCard({ ...data, health: { ...data.health!, score: 72 }, band: "yellow" });

    expect(card.blocks[0]).toMatchObject({
      type: "header",
      text: { text: "Acme Corp: 🟡 72/100, needs attention (yellow until it reaches 75)" },
    });
    expect(card.text).toMatch(/^Acme Corp: 🟡 72\/100, needs attention \(yellow until it reaches 75\)/);
  });

  it("gives the trend's start, end, low and high with their days besides the sparkline", () => {
    const data = cardData("Acme Corp");
    const trend = [
      { date: at(90), score: 88 },
      { date: at(60), score: 92 },
      { date: at(30), score: 41 },
      { date: at(0), score: 45 },
    ];

    const text = blockText(buildHealthCard({ ...data, trend }), "*Trend (90 d)*");

    expect(text).not.toContain("`");
    expect(text).toContain(
      "88 on 2026-08-24 → 45 on 2026-11-22 · low 41 on 2026-10-23 · high 92 on 2026-09-23",
    );
    expect(trendSummary(trend)?.low).toEqual({ date: at(30), score: 41 });
  });

  it("shows the account's context: ARR, renewal, owner, paperwork and the CRM link", () => {
    const card = buildHealthCard(cardData("Acme Corp"), {
      crmUrlTemplate: "https://crm.example.com/{external_id}",
    });

    expect(JSON.stringify(card.blocks)).toContain(
      "💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 👤 <@U0CSM0001> · 📝 CR-1042 Renewal: in review · 🔗 <https://crm.example.com/CRM-0007|CRM record CRM-0007>",
    );
  });
});

describe("the card's alert state", () => {
  const alert = (status: CardAlert["status"], more: Partial<CardAlert> = {}): CardAlert => ({
    status,
    reason: "score fell 47 points in 30 days (92 → 45) <b>",
    createdAt: new Date("2026-11-20T09:15:00Z"),
    acknowledgedBy: null,
    snoozedUntil: null,
    snoozedBy: null,
    ...more,
  });
  const snoozeOffered = (card: ReturnType<typeof buildHealthCard>) =>
    JSON.stringify(card.blocks).includes('"action_id":"health_snooze"');

  it("says there is no alert, and offers no snooze, on an account without one", () => {
    const card = buildHealthCard(cardData("Acme Corp"));

    expect(JSON.stringify(card.blocks)).toContain("🔕 No alert open on this account.");
    expect(snoozeOffered(card)).toBe(false);
  });

  it("says since when and why an alert is open, and offers to snooze it", () => {
    const card = buildHealthCard({ ...cardData("Acme Corp"), alert: alert("open") });

    expect(JSON.stringify(card.blocks)).toContain(
      "🔔 Alert open since <!date^1795166100^{date_short_pretty} {time}|2026-11-20 09:15 UTC>: score fell 47 points in 30 days (92 → 45) &lt;b&gt;",
    );
    expect(snoozeOffered(card)).toBe(true);
  });

  it("names who acknowledged an alert, and still offers to snooze it", () => {
    const card = buildHealthCard({
      ...cardData("Acme Corp"),
      alert: alert("acknowledged", { acknowledgedBy: "U0OPS0001" }),
    });

    expect(JSON.stringify(card.blocks)).toContain(
      "👀 Alert acknowledged by <@U0OPS0001> (open since <!date^",
    );
    expect(snoozeOffered(card)).toBe(true);
  });

  it("says until when an alert is snoozed, and offers no second snooze", () => {
    const card = buildHealthCard({
      ...cardData("Acme Corp"),
      alert: alert("snoozed", { snoozedBy: "U0OPS0001", snoozedUntil: new Date("2026-11-29T09:15:00Z") }),
    });

    expect(JSON.stringify(card.blocks)).toContain(
      "😴 Alert snoozed by <@U0OPS0001> until <!date^1795943700^{date_short_pretty} {time}|2026-11-29 09:15 UTC>",
    );
    expect(snoozeOffered(card)).toBe(false);
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
