import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { useDatabase } from "../support/harness.js";

/** The BI views (docs/reporting.md): their rows, their columns in order, and the read-only role. */

const t = useDatabase({ resetEachTest: true });
const model = defaultHealthModel();
const day = new Date("2026-11-20T00:00:00Z");
const at = (iso: string) => new Date(iso);

/** Every column of a view, in order, as the catalog has it. */
async function columnsOf(view: string): Promise<string[]> {
  const rows = await t.db.query<{ column_name: string }>(
    `SELECT column_name::text AS column_name FROM information_schema.columns
     WHERE table_schema = 'bi' AND table_name = $1 ORDER BY ordinal_position`,
    [view],
  );
  return rows.map((r) => r.column_name);
}

/** Reads a view with every value as text (dates, numerics, times), so both engines agree. */
const read = <T>(sql: string) => t.db.query<T>(`SELECT row_to_json(v)::text AS j FROM (${sql}) v`);
const rowsOf = async (sql: string) =>
  (await read<{ j: string }>(sql)).map((r) => JSON.parse(r.j) as Record<string, unknown>);

async function givenAccounts() {
  await upsertAccounts(
    t.db.prisma,
    [
      {
        line: 0,
        externalId: "SF-1",
        name: "Acme",
        arr: 120000.5,
        currency: "EUR",
        renewalDate: at("2027-01-31T00:00:00Z"),
        ownerSlackId: "UCSM1",
        segment: "Enterprise",
      },
      { line: 1, externalId: "SF-2", name: "Globex" },
    ],
    ["arr", "currency", "renewalDate", "ownerSlackId", "segment"],
  );
  await upsertMetrics(
    t.db.prisma,
    [{ line: 0, externalId: "SF-1", date: day, values: { open_tickets: 12 } }],
    ["open_tickets"],
  );
  const acme = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "SF-1" } });
  const globex = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "SF-2" } });
  return { acme: acme.id, globex: globex.id };
}

async function givenRequest(accountId: number) {
  return t.db.prisma.contractRequest.create({
    data: {
      accountId,
      type: "renewal",
      status: "approved",
      priority: "high",
      amount: "50000.00",
      currency: "EUR",
      requesterId: "UREQ",
      assigneeId: "UOPS",
      approvals: [
        { step: "cs_ops", userId: "UOPS", at: "2026-11-18T10:00:00.000Z" },
        { step: "finance", userId: "UFIN", at: "2026-11-18T11:00:00.000Z" },
      ],
      submittedAt: at("2026-11-17T09:00:00Z"),
      slaDueAt: at("2026-11-20T09:00:00Z"),
      closedAt: at("2026-11-18T11:00:00Z"),
      stage: "signed",
      stageChangedAt: at("2026-11-19T08:00:00Z"),
      documentUrl: "https://docs.example.com/acme.pdf",
    },
  });
}

describe("BI views", () => {
  it("bi.account_health_daily: one row per account and scored day, with the account", async () => {
    const { acme } = await givenAccounts();
    await runSnapshot(t.db.prisma, model, day);

    expect(await columnsOf("account_health_daily")).toEqual([
      "account_id",
      "external_id",
      "account_name",
      "segment",
      "owner_slack_id",
      "arr",
      "currency",
      "renewal_date",
      "day",
      "score",
      "band",
      "model_version",
    ]);
    const snapshot = await t.db.prisma.healthSnapshot.findFirstOrThrow({ where: { accountId: acme } });
    expect(await rowsOf("SELECT * FROM bi.account_health_daily")).toEqual([
      {
        account_id: acme,
        external_id: "SF-1",
        account_name: "Acme",
        segment: "Enterprise",
        owner_slack_id: "UCSM1",
        arr: 120000.5,
        currency: "EUR",
        renewal_date: "2027-01-31",
        day: "2026-11-20",
        score: snapshot.score,
        band: snapshot.band,
        model_version: model.version,
      },
    ]);
  });

  it("bi.alerts: each alert with its account and who acknowledged or snoozed it", async () => {
    const { acme, globex } = await givenAccounts();
    const acked = await t.db.prisma.alert.create({
      data: {
        accountId: acme,
        cause: "entered_red",
        dedupeKey: `${acme}:entered_red`,
        reason: "entered the red band",
        status: "acknowledged",
        severity: 3,
        acknowledgedBy: "UCSM1",
        acknowledgedAt: at("2026-11-20T10:00:00Z"),
        createdAt: at("2026-11-20T09:00:00Z"),
      },
    });
    const snoozed = await t.db.prisma.alert.create({
      data: {
        accountId: globex,
        cause: "renewal_at_risk",
        dedupeKey: `${globex}:renewal_at_risk`,
        reason: "renews in 30 days in the red",
        status: "resolved",
        snoozedBy: "UCSM2",
        snoozedUntil: at("2026-11-25T00:00:00Z"),
        resolvedAt: at("2026-11-26T00:00:00Z"),
        createdAt: at("2026-11-19T09:00:00Z"),
      },
    });

    expect(await columnsOf("alerts")).toEqual([
      "alert_id",
      "account_id",
      "external_id",
      "account_name",
      "cause",
      "reason",
      "status",
      "severity",
      "created_at",
      "acknowledged_at",
      "acknowledged_by",
      "snoozed_until",
      "snoozed_by",
      "resolved_at",
    ]);
    const rows = await rowsOf(
      `SELECT alert_id, account_id, external_id, account_name, cause, reason, status, severity,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS created_at,
              to_char(acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS acknowledged_at,
              acknowledged_by,
              to_char(snoozed_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS snoozed_until,
              snoozed_by,
              to_char(resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS resolved_at
       FROM bi.alerts ORDER BY alert_id`,
    );
    expect(rows).toEqual([
      {
        alert_id: acked.id,
        account_id: acme,
        external_id: "SF-1",
        account_name: "Acme",
        cause: "entered_red",
        reason: "entered the red band",
        status: "acknowledged",
        severity: 3,
        created_at: "2026-11-20T09:00",
        acknowledged_at: "2026-11-20T10:00",
        acknowledged_by: "UCSM1",
        snoozed_until: null,
        snoozed_by: null,
        resolved_at: null,
      },
      {
        alert_id: snoozed.id,
        account_id: globex,
        external_id: "SF-2",
        account_name: "Globex",
        cause: "renewal_at_risk",
        reason: "renews in 30 days in the red",
        status: "resolved",
        severity: 0,
        created_at: "2026-11-19T09:00",
        acknowledged_at: null,
        acknowledged_by: null,
        snoozed_until: "2026-11-25T00:00",
        snoozed_by: "UCSM2",
        resolved_at: "2026-11-26T00:00",
      },
    ]);
  });

  it("bi.renewal_reminders: each reminder with its account, window and the day it was sent", async () => {
    const { acme } = await givenAccounts();
    const reminder = await t.db.prisma.renewalReminder.create({
      data: {
        accountId: acme,
        renewalDate: at("2027-01-31T00:00:00Z"),
        windowDays: 90,
        day: at("2026-11-02T00:00:00Z"),
        ownerNotifiedAt: at("2026-11-02T08:10:00Z"),
      },
    });

    expect(await columnsOf("renewal_reminders")).toEqual([
      "reminder_id",
      "account_id",
      "external_id",
      "account_name",
      "segment",
      "owner_slack_id",
      "arr",
      "currency",
      "renewal_date",
      "window_days",
      "reminded_on",
      "owner_notified_at",
    ]);
    const rows = await rowsOf(
      `SELECT reminder_id, account_id, external_id, account_name, segment, owner_slack_id, arr::text AS arr,
              currency, renewal_date::text AS renewal_date, window_days, reminded_on::text AS reminded_on,
              to_char(owner_notified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS owner_notified_at
       FROM bi.renewal_reminders`,
    );
    expect(rows).toEqual([
      {
        reminder_id: reminder.id,
        account_id: acme,
        external_id: "SF-1",
        account_name: "Acme",
        segment: "Enterprise",
        owner_slack_id: "UCSM1",
        arr: "120000.50",
        currency: "EUR",
        renewal_date: "2027-01-31",
        window_days: 90,
        reminded_on: "2026-11-02",
        owner_notified_at: "2026-11-02T08:10",
      },
    ]);
  });

  it("bi.contract_requests: SLA, overdue flag, stage and approvals count", async () => {
    const { acme, globex } = await givenAccounts();
    const approved = await givenRequest(acme);
    const late = await t.db.prisma.contractRequest.create({
      data: {
        accountId: globex,
        type: "nda",
        status: "in_review",
        requesterId: "UREQ2",
        slaDueAt: at("2020-01-01T00:00:00Z"),
      },
    });
    const onTime = await t.db.prisma.contractRequest.create({
      data: {
        accountId: globex,
        type: "upsell",
        status: "withdrawn",
        requesterId: "UREQ2",
        slaDueAt: at("2020-01-01T00:00:00Z"),
        withdrawnReason: "customer paused",
      },
    });

    expect(await columnsOf("contract_requests")).toEqual([
      "request_number",
      "request_ref",
      "account_id",
      "external_id",
      "account_name",
      "type",
      "status",
      "priority",
      "amount",
      "currency",
      "requester_slack_id",
      "assignee_slack_id",
      "submitted_at",
      "sla_due_at",
      "is_overdue",
      "closed_at",
      "stage",
      "stage_changed_at",
      "document_url",
      "withdrawn_reason",
      "approvals_count",
    ]);
    const rows = await rowsOf(
      `SELECT request_number, request_ref, account_id, external_id, account_name, type, status,
              priority, amount, currency, requester_slack_id, assignee_slack_id,
              to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS submitted_at,
              to_char(sla_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS sla_due_at,
              is_overdue,
              to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS closed_at,
              stage,
              to_char(stage_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS stage_changed_at,
              document_url, withdrawn_reason, approvals_count
       FROM bi.contract_requests ORDER BY request_number`,
    );
    expect(rows[0]).toEqual({
      request_number: approved.number,
      request_ref: `CR-${approved.number}`,
      account_id: acme,
      external_id: "SF-1",
      account_name: "Acme",
      type: "renewal",
      status: "approved",
      priority: "high",
      amount: 50000,
      currency: "EUR",
      requester_slack_id: "UREQ",
      assignee_slack_id: "UOPS",
      submitted_at: "2026-11-17T09:00",
      sla_due_at: "2026-11-20T09:00",
      is_overdue: false,
      closed_at: "2026-11-18T11:00",
      stage: "signed",
      stage_changed_at: "2026-11-19T08:00",
      document_url: "https://docs.example.com/acme.pdf",
      withdrawn_reason: null,
      approvals_count: 2,
    });
    expect(rows.slice(1)).toMatchObject([
      { request_number: late.number, status: "in_review", is_overdue: true, approvals_count: 0 },
      {
        request_number: onTime.number,
        status: "withdrawn",
        is_overdue: false,
        withdrawn_reason: "customer paused",
      },
    ]);
  });

  it("bi.contract_events: the audit trail by request number", async () => {
    const { acme } = await givenAccounts();
    const request = await givenRequest(acme);
    await t.db.prisma.contractEvent.create({
      data: {
        requestId: request.id,
        actorId: "UREQ",
        action: "submitted",
        toStatus: "submitted",
        createdAt: at("2026-11-17T09:00:00Z"),
      },
    });
    await t.db.prisma.contractEvent.create({
      data: {
        requestId: request.id,
        actorId: "UDELEGATE",
        onBehalfOf: "UFIN",
        action: "approved",
        fromStatus: "awaiting_second_approval",
        toStatus: "approved",
        comment: "fine by finance",
        createdAt: at("2026-11-18T11:00:00Z"),
      },
    });

    expect(await columnsOf("contract_events")).toEqual([
      "event_id",
      "request_number",
      "actor_slack_id",
      "on_behalf_of_slack_id",
      "action",
      "from_status",
      "to_status",
      "comment",
      "occurred_at",
    ]);
    const rows = await rowsOf(
      `SELECT request_number, actor_slack_id, on_behalf_of_slack_id, action, from_status, to_status,
              comment, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS occurred_at
       FROM bi.contract_events ORDER BY event_id`,
    );
    expect(rows).toEqual([
      {
        request_number: request.number,
        actor_slack_id: "UREQ",
        on_behalf_of_slack_id: null,
        action: "submitted",
        from_status: null,
        to_status: "submitted",
        comment: null,
        occurred_at: "2026-11-17T09:00",
      },
      {
        request_number: request.number,
        actor_slack_id: "UDELEGATE",
        on_behalf_of_slack_id: "UFIN",
        action: "approved",
        from_status: "awaiting_second_approval",
        to_status: "approved",
        comment: "fine by finance",
        occurred_at: "2026-11-18T11:00",
      },
    ]);
  });

  it("times are timestamptz: the same instant whatever the session's time zone", async () => {
    const { acme } = await givenAccounts();
    await givenRequest(acme);

    const [row] = await t.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL TIME ZONE 'Asia/Tokyo'");
      return tx.$queryRawUnsafe<{ due: string }[]>(
        "SELECT extract(epoch FROM sla_due_at)::text AS due FROM bi.contract_requests",
      );
    });
    expect(Number(row?.due)).toBe(at("2026-11-20T09:00:00Z").getTime() / 1000);
  });
});

/** The role SQL exactly as docs/reporting.md gives it, under a name of this run's own. */
function documentedRoleSql(role: string): string {
  const doc = readFileSync(new URL("../../docs/reporting.md", import.meta.url), "utf8");
  const block = /<!-- bi-role:[^>]*-->\s*```sql\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error("docs/reporting.md has no bi-role SQL block");
  return block.replaceAll("kuroko_bi", role);
}

describe("the read-only role from docs/reporting.md", () => {
  it("reads every view and nothing else, and cannot write", async () => {
    const { acme } = await givenAccounts();
    await runSnapshot(t.db.prisma, model, day);
    await givenRequest(acme);
    const role = `kuroko_bi_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const asRole = <T>(sql: string) =>
      t.db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE ${role}`);
        return tx.$queryRawUnsafe<T[]>(sql);
      });

    for (const statement of documentedRoleSql(role)
      .split(";")
      .map((s) => s.trim())) {
      if (statement) await t.db.prisma.$executeRawUnsafe(statement);
    }
    try {
      for (const view of [
        "account_health_daily",
        "alerts",
        "renewal_reminders",
        "contract_requests",
        "contract_events",
      ]) {
        await expect(asRole(`SELECT count(*)::int AS n FROM bi.${view}`)).resolves.toHaveLength(1);
      }
      expect(await asRole<{ n: number }>("SELECT count(*)::int AS n FROM bi.contract_requests")).toEqual([
        { n: 1 },
      ]);
      // The engines word the refusal differently (PGlite's adapter loses the message): ask the catalog too.
      await expect(asRole("SELECT * FROM accounts")).rejects.toThrow();
      await expect(asRole("DELETE FROM bi.alerts")).rejects.toThrow();
      const [rights] = await asRole<Record<string, boolean>>(
        `SELECT has_table_privilege('bi.alerts', 'SELECT') AS view_select,
                has_table_privilege('bi.alerts', 'INSERT, UPDATE, DELETE') AS view_write,
                has_table_privilege('public.accounts', 'SELECT') AS table_select,
                has_table_privilege('public.contract_requests', 'SELECT') AS requests_select,
                has_table_privilege('public._prisma_migrations', 'SELECT') AS migrations_select`,
      );
      expect(rights).toEqual({
        view_select: true,
        view_write: false,
        table_select: false,
        requests_select: false,
        migrations_select: false,
      });
    } finally {
      await t.db.prisma.$executeRawUnsafe(`DROP OWNED BY ${role}`);
      await t.db.prisma.$executeRawUnsafe(`DROP ROLE ${role}`);
    }
  });
});
