import { describe, expect, it, vi } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { runAlertSweep } from "../../src/alerts/service.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import type { SlackMessage } from "../../src/slack/blocks.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { HEALTHY_METRICS } from "../support/metrics.js";
import { blockActions, USERS } from "../support/payloads.js";

const model = defaultHealthModel();
const day1 = new Date("2026-11-15T00:00:00Z");
const day2 = new Date("2026-11-22T00:00:00Z");
const day3 = new Date("2026-11-29T00:00:00Z");
const healthy = HEALTHY_METRICS;
const collapsed = {
  ...healthy,
  active_users: 40,
  logins_30d: 300,
  feature_adoption: 20,
  open_tickets: 12,
  p1_tickets_30d: 3,
  nps: -40,
  csat: 50,
  days_since_last_touch: 60,
};

const t = useApp({
  now: new Date("2026-11-22T06:15:00Z"),
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", ownerSlackId: USERS.csm }],
      ["ownerSlackId"],
    );
    await upsertMetrics(
      db.prisma,
      [
        { line: 0, externalId: "CRM-0001", date: day1, values: healthy },
        { line: 0, externalId: "CRM-0001", date: day2, values: collapsed },
      ],
      METRIC_NAMES,
    );
    for (const day of [day1, day2]) await runSnapshot(db.prisma, model, day);
  },
});

const deps = () => t.app.kuroko.wired.alerts;
const sweep = (day: Date) => runAlertSweep(deps(), day, addDays(day, 0.3));
const alertMessages = () =>
  t.fake.calls.filter(
    (c) =>
      c.method === "chat.postMessage" &&
      c.body.thread_ts === undefined &&
      JSON.stringify(c.body).includes("Acme Corp (at risk"),
  );
const text = (c: RecordedCall) => JSON.stringify(c.body);

describe("at-risk alerts", () => {
  it("raise one alert for a collapse, with its reasons and the account's context, to the alerts channel only; a second sweep adds nothing", async () => {
    const first = await sweep(day2);
    const second = await sweep(day2);

    expect(first.raised).toBe(1);
    expect(second.raised).toBe(0);
    await t.fake.waitForCall("chat.postMessage", (c) => text(c).includes("Acme Corp (at risk"));
    const posted = alertMessages();
    expect(posted.map((c) => c.body.channel)).toEqual(["C0ALERTS01"]);
    expect(String(posted[0]!.body.text)).toMatch(
      /entered the red band \(score \d+, was green\); score fell \d+ points in 7 days/,
    );
    expect(text(posted[0]!)).toMatch(/usage −\d+/);
    expect(text(posted[0]!)).toContain("ARR · 📅 no renewal date");
    for (const call of posted) expect(slackLimitViolations(call.body)).toEqual([]);
    expect(await t.db.prisma.alert.count()).toBe(1);
  });

  it("are acknowledged and snoozed from their buttons, the message edited in place to say by whom", async () => {
    const alert = await t.db.prisma.alert.findFirstOrThrow();

    // The alert's channel message, once Slack has given it a ts.
    const own = await vi.waitFor(async () => {
      const row = await t.db.prisma.outboxMessage.findUniqueOrThrow({
        where: { dedupeKey: `alert:${alert.id}:channel` },
      });
      expect(row.ts).not.toBeNull();
      return row;
    });
    await t.app.slack.interaction(
      blockActions(
        { action_id: "alert_ack", value: String(alert.id) },
        {
          userId: USERS.approver,
          responseUrl: t.fake.responseUrl(),
          channel: "C0ALERTS01",
          messageTs: own.ts!,
        },
      ),
    );
    await t.fake.waitForCall("chat.update", (c) => text(c).includes(`<@${USERS.approver}> has it in hand`));
    await t.app.slack.interaction(
      blockActions(
        { action_id: "alert_snooze_7", value: String(alert.id) },
        { userId: USERS.csm, responseUrl: t.fake.responseUrl() },
      ),
    );
    const until = Math.floor(new Date("2026-11-29T06:15:00Z").getTime() / 1000);
    await t.fake.waitForCall("chat.update", (c) => text(c).includes(`Snoozed until <!date^${until}^`));
    // Clicked elsewhere than the alert's channel message: told privately what it did.
    await t.fake.waitForCall("response_url", (c) =>
      text(c).includes("😴 You snoozed the alert on *Acme Corp* for 7 days."),
    );
    expect(t.fake.callsTo("response_url").map(text).join()).not.toContain("You acknowledged");

    expect(await t.db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      status: "snoozed",
      acknowledgedBy: USERS.approver,
      snoozedBy: USERS.csm,
    });
    expect(await sweep(day2)).toMatchObject({ raised: 0, reopened: 0 });
  });

  it("change once when a button is double-clicked: the second click changes nothing, and says so", async () => {
    const [redrawn] = await t.db.prisma.outboxMessage.findMany({
      where: { method: "chat.update" },
      orderBy: { id: "desc" },
      take: 1,
    });
    const shown = (redrawn!.payload as unknown as { message: SlackMessage }).message;
    const snooze30 = shown.blocks
      .flatMap((b) => (b.type === "actions" ? b.elements : []))
      .find((e) => "action_id" in e && e.action_id === "alert_snooze_30") as { value: string };
    const click = () =>
      t.app.slack.interaction(
        blockActions(
          { action_id: "alert_snooze_30", value: snooze30.value },
          { userId: USERS.csm, responseUrl: t.fake.responseUrl() },
        ),
      );

    await click();
    await click();

    const lines = (await t.db.prisma.outboxMessage.findMany({ where: { parentId: { not: null } } }))
      .map((m) => JSON.stringify(m.payload))
      .filter((payload) => payload.includes("snoozed it for 30 days"));
    expect(lines).toHaveLength(1);
    await t.fake.waitForCall("response_url", (c) => text(c).includes("this click changed nothing"));
  });

  it("resolve when the account recovers, saying so on the message", async () => {
    await upsertMetrics(
      t.db.prisma,
      [{ line: 0, externalId: "CRM-0001", date: day3, values: healthy }],
      METRIC_NAMES,
    );
    await runSnapshot(t.db.prisma, model, day3);

    const result = await sweep(day3);

    expect(result.resolved).toBe(1);
    expect((await t.db.prisma.alert.findFirstOrThrow()).status).toBe("resolved");
    await t.fake.waitForCall("chat.update", (c) =>
      text(c).includes("✅ Resolved: not red, no decline over 7 or 30 days, no renewal at risk."),
    );
  });
});
