import { beforeEach, describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { type AlertDeps, actOnAlert, runAlertSweep } from "../../src/alerts/service.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { addDays } from "../../src/time.js";
import { useDatabase } from "../support/harness.js";
import { HEALTHY_METRICS } from "../support/metrics.js";

const model = defaultHealthModel();
const before = new Date("2026-11-15T00:00:00Z");
const today = new Date("2026-11-22T00:00:00Z");
const now = new Date("2026-11-22T09:00:00Z");
const collapsed = { ...HEALTHY_METRICS, active_users: 40, feature_adoption: 20, open_tickets: 12, nps: -40 };

const t = useDatabase({ resetEachTest: true });

const deps = (): AlertDeps => ({
  prisma: t.db.prisma,
  sql: t.db.query,
  model,
  rules: DEFAULT_ALERT_RULES,
  channel: "C0ALERTS01",
  onOutbox: () => {},
});

/** The lines threaded under the alert's channel message: one per change. */
const threadLines = async () =>
  (
    await t.db.prisma.outboxMessage.findMany({
      where: { method: "chat.postMessage", parentId: { not: null } },
      orderBy: { id: "asc" },
    })
  ).map((m) => (m.payload as { message: { text: string } }).message.text);

beforeEach(async () => {
  await upsertAccounts(
    t.db.prisma,
    [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", ownerSlackId: "U0CSM0001" }],
    ["ownerSlackId"],
  );
  await upsertMetrics(
    t.db.prisma,
    [
      { line: 0, externalId: "CRM-0001", date: before, values: HEALTHY_METRICS },
      { line: 0, externalId: "CRM-0001", date: today, values: collapsed },
    ],
    METRIC_NAMES,
  );
  for (const day of [before, today]) await runSnapshot(t.db.prisma, model, day);
  expect((await runAlertSweep(deps(), today, now)).raised).toBe(1);
});

describe("an alert's button double-clicked", () => {
  it("acknowledges once: one thread line, and the second click is told it changed nothing", async () => {
    const { id } = await t.db.prisma.alert.findFirstOrThrow();

    const outcomes = await Promise.all([
      actOnAlert(deps(), { id }, "U0OPS0001", { kind: "ack" }, now),
      actOnAlert(deps(), { id }, "U0OPS0001", { kind: "ack" }, now),
    ]);

    expect(await threadLines()).toEqual(["👀 <@U0OPS0001> acknowledged it."]);
    expect(outcomes.sort()).toEqual(["changed_meanwhile", "done"]);
    expect(await t.db.prisma.alert.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "acknowledged",
      acknowledgedBy: "U0OPS0001",
    });
  });

  it("snoozes a snoozed alert once (its status alone would not tell the clicks apart)", async () => {
    const { id } = await t.db.prisma.alert.findFirstOrThrow();
    await actOnAlert(deps(), { id }, "U0CSM0001", { kind: "snooze", days: 7 }, now);

    const outcomes = await Promise.all([
      actOnAlert(deps(), { id }, "U0CSM0001", { kind: "snooze", days: 30 }, now),
      actOnAlert(deps(), { id }, "U0CSM0001", { kind: "snooze", days: 30 }, now),
    ]);

    expect(await threadLines()).toEqual([
      "😴 <@U0CSM0001> snoozed it for 7 days.",
      "😴 <@U0CSM0001> snoozed it for 30 days.",
    ]);
    expect(outcomes.sort()).toEqual(["changed_meanwhile", "done"]);
    expect((await t.db.prisma.alert.findUniqueOrThrow({ where: { id } })).snoozedUntil).toEqual(
      addDays(now, 30),
    );
  });
});
