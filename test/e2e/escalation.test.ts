import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { runEscalations } from "../../src/contracts/escalation.js";
import { loadApprovalPolicy } from "../../src/contracts/policy-file.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, USERS, viewSubmission } from "../support/payloads.js";

/** Friday 20 November 2026, 19:00 in Tokyo; Monday 23 is 勤労感謝の日, a public holiday. */
const FRIDAY_EVENING = new Date("2026-11-20T10:00:00Z");
const QUEUE = "C0QUEUE001";
const LEAD = "U0LEAD001";

const dir = mkdtempSync(join(tmpdir(), "kuroko-escalation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const policyPath = join(dir, "policy.yaml");
writeFileSync(
  policyPath,
  [
    "rules: []",
    "escalation:",
    "  - { at: 0.5, notify: assignee }",
    "  - { at: 1, notify: approvers }",
    `  - { at: 1.5, notify: { userIds: [${LEAD}] } }`,
  ].join("\n"),
);

/** The app's clock: moved by the tests, as time passes. */
const options = {
  now: FRIDAY_EVENING,
  env: { KUROKO_TIMEZONE: "Asia/Tokyo", KUROKO_HOLIDAYS: "JP" },
  // As main.ts loads CONTRACT_POLICY_PATH: the file is read and checked like an operator's.
  policy: loadApprovalPolicy(policyPath),
  seed: async (db: Parameters<NonNullable<Parameters<typeof useApp>[0]>["seed"] & object>[0]) => {
    await upsertAccounts(db.prisma, [{ line: 0, externalId: "CRM-0001", name: "Acme <Corp>" }], []);
  },
};
const t = useApp(options);

const acmeId = async () =>
  (await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } })).id;

/** An NDA through the intake modal, needed by `neededBy`; its stored row. */
async function submitNda(neededBy = "2026-12-15", priority = "normal", metadata = "{}") {
  const values = intakeValues(await acmeId(), {
    type: { contract_type: { type: "static_select", selected_option: { value: "nda" } } },
    amount: { amount: { type: "number_input", value: null } },
    due_date: { due_date: { type: "datepicker", selected_date: neededBy } },
    priority: { priority: { type: "static_select", selected_option: { value: priority } } },
  });
  const res = await t.app.slack.interaction(
    viewSubmission("contract_intake", values, { userId: USERS.csm, privateMetadata: metadata }),
  );
  expect(res.status).toBe(200);
  return t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
}

/** Time passes to `at`, and the sla job runs then (forced: a rerun of a slot runs too). */
const sla = (at: Date) => {
  options.now = at;
  return runJob(jobNamed("sla"), t.app.kuroko.jobDeps, { now: at, slot: at, force: true });
};

/** What the outbox holds for a request's escalations: [channel, text] in order. */
async function escalationMessages(requestId: number): Promise<[string, string][]> {
  const rows = await t.db.prisma.outboxMessage.findMany({
    where: { dedupeKey: { startsWith: `cr:${requestId}:escalation:` } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => [r.channel, String((r.payload as { message: { text: string } }).message.text)]);
}

describe("SLAs in business days (KUROKO_TIMEZONE=Asia/Tokyo, KUROKO_HOLIDAYS=JP)", () => {
  it("gives an NDA submitted on a Friday evening before a public holiday until Wednesday, same time", async () => {
    options.now = FRIDAY_EVENING;
    const request = await submitNda();
    expect(request.slaDueAt.toISOString()).toBe("2026-11-25T10:00:00.000Z");
  });

  it("gives an Urgent NDA less time than a Normal one", async () => {
    options.now = FRIDAY_EVENING;
    const request = await submitNda("2026-12-15", "urgent");
    expect(request.slaDueAt.getTime()).toBeLessThan(new Date("2026-11-25T10:00:00Z").getTime());
  });

  it("shortens the SLA to a needed-by date before it, and tells the requester and the queue thread", async () => {
    options.now = FRIDAY_EVENING;
    const request = await submitNda("2026-11-24");

    expect(request.slaDueAt.toISOString()).toBe("2026-11-24T15:00:00.000Z"); // end of Tuesday, JST
    const dm = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === USERS.csm && String(c.body.text).startsWith("📅"),
    );
    expect(String(dm.body.text)).toContain(
      `*CR-${request.number}* (NDA, Acme &lt;Corp&gt;) is needed in 1 business day; the NDA SLA is 2.`,
    );
    const line = await t.fake.waitForCall(
      "chat.postMessage",
      (c) =>
        c.body.channel === QUEUE && c.body.thread_ts !== undefined && String(c.body.text).startsWith("📅"),
    );
    expect(String(line.body.text)).toMatch(
      /^📅 Needed in 1 business day; the NDA SLA is 2: the answer is due/,
    );
  });
});

describe("the escalation ladder", () => {
  it("fires each step once at its threshold, in business time, in the thread and by DM", async () => {
    options.now = FRIDAY_EVENING;
    const request = await submitNda();
    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_assign", value: String(request.id) },
        { userId: USERS.approver, responseUrl: t.fake.responseUrl(), channel: QUEUE, messageTs: "1.1" },
      ),
    );
    const fired = async () =>
      (await t.db.prisma.contractEscalation.findMany({ where: { requestId: request.id } })).length;

    // Halfway through Friday 19:00 → Wednesday 19:00 is Tuesday 19:00, not Sunday.
    await sla(new Date("2026-11-22T22:00:00Z"));
    await sla(new Date("2026-11-24T09:59:00Z"));
    expect(await fired()).toBe(0);

    await sla(new Date("2026-11-24T10:00:00Z"));
    await sla(new Date("2026-11-24T10:01:00Z"));
    expect(await fired()).toBe(1);
    let messages = await escalationMessages(request.id);
    expect(messages).toHaveLength(2);
    expect(messages[0]?.[0]).toBe(QUEUE);
    expect(messages[0]?.[1]).toMatch(
      new RegExp(
        `^⏫ \\*CR-${request.number}\\* NDA · Acme &lt;Corp&gt; is due in 1 business day .*<@${USERS.approver}>, it is assigned to you\\.$`,
      ),
    );
    expect(messages[1]).toEqual([USERS.approver, expect.stringContaining("It is assigned to you.")]);

    await sla(new Date("2026-11-25T10:00:00Z"));
    await sla(new Date("2026-11-25T12:00:00Z"));
    expect(await fired()).toBe(2);
    messages = await escalationMessages(request.id);
    expect(messages.map(([channel]) => channel)).toEqual([
      QUEUE,
      USERS.approver,
      QUEUE,
      USERS.approver,
      USERS.secondApprover,
    ]);
    expect(messages[2]?.[1]).toContain("is at the end of its SLA");
    expect(messages[2]?.[1]).toContain(
      `Waiting on CS Ops: <@${USERS.approver}>, <@${USERS.secondApprover}>.`,
    );

    // 150%: a business day after it ran out (Thursday 19:00), the lead hears of it.
    await sla(new Date("2026-11-26T09:00:00Z"));
    expect(await fired()).toBe(2);
    await sla(new Date("2026-11-26T10:00:00Z"));
    await sla(new Date("2026-11-27T10:00:00Z"));
    expect(await fired()).toBe(3);
    messages = await escalationMessages(request.id);
    expect(messages.slice(5)).toEqual([
      [QUEUE, expect.stringMatching(/is 1 business day past its SLA .*Escalated to <@U0LEAD001>\.$/)],
      [LEAD, expect.stringMatching(/is 1 business day past its SLA .*You are on its escalation list\./)],
    ]);

    const trail = await t.db.prisma.contractEvent.findMany({
      where: { requestId: request.id, action: "escalated" },
      orderBy: { id: "asc" },
    });
    expect(trail.map((e) => [e.actorId, e.comment?.split(" (")[0]])).toEqual([
      ["kuroko", "step 50%"],
      ["kuroko", "step 100%"],
      ["kuroko", "step 150%"],
    ]);
    // The overdue flag stays, once.
    expect(
      (await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).overdueFlaggedAt,
    ).not.toBeNull();
  });

  it("restarts after a resubmission, and stops once the request is decided", async () => {
    options.now = FRIDAY_EVENING;
    const request = await submitNda();
    await sla(new Date("2026-11-25T10:00:00Z"));
    expect(await t.db.prisma.contractEscalation.count({ where: { requestId: request.id } })).toBe(2);

    // Sent back for changes on Wednesday, resubmitted on Thursday 09:00 JST.
    options.now = new Date("2026-11-25T11:00:00Z");
    await t.app.slack.interaction(
      viewSubmission(
        "contract_review",
        {
          decision: { decision: { type: "radio_buttons", selected_option: { value: "request_changes" } } },
          comment: { comment: { type: "plain_text_input", value: "Use our template" } },
        },
        { userId: USERS.approver, privateMetadata: JSON.stringify({ requestId: request.id, version: 0 }) },
      ),
    );
    await sla(new Date("2026-11-25T12:00:00Z"));
    expect(await t.db.prisma.contractEscalation.count({ where: { requestId: request.id } })).toBe(2);

    options.now = new Date("2026-11-26T00:00:00Z");
    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_edit", value: String(request.id) },
        { userId: USERS.csm, responseUrl: t.fake.responseUrl() },
      ),
    );
    const edit = await t.fake.waitForCall("views.open");
    const resubmitted = await submitNda(
      "2026-12-15",
      "normal",
      (edit.body.view as { private_metadata: string }).private_metadata,
    );
    expect(resubmitted.id).toBe(request.id);
    expect(resubmitted.slaDueAt.toISOString()).toBe("2026-11-30T00:00:00.000Z"); // Monday 09:00 JST

    // Halfway through Thursday 09:00 → Monday 09:00 is Friday 09:00.
    await sla(new Date("2026-11-26T23:59:00Z"));
    expect(await t.db.prisma.contractEscalation.count({ where: { requestId: request.id } })).toBe(2);
    await sla(new Date("2026-11-27T00:00:00Z"));
    expect(await t.db.prisma.contractEscalation.count({ where: { requestId: request.id } })).toBe(3);

    options.now = new Date("2026-11-27T01:00:00Z");
    await t.app.slack.interaction(
      viewSubmission(
        "contract_review",
        {
          decision: { decision: { type: "radio_buttons", selected_option: { value: "reject" } } },
          comment: { comment: { type: "plain_text_input", value: "Not needed after all" } },
        },
        { userId: USERS.approver, privateMetadata: JSON.stringify({ requestId: request.id, version: 0 }) },
      ),
    );
    await sla(new Date("2026-12-10T00:00:00Z"));
    expect(await t.db.prisma.contractEscalation.count({ where: { requestId: request.id } })).toBe(3);
  });

  it("fires a step once when two replicas run the ladder at the same moment", async () => {
    options.now = FRIDAY_EVENING;
    const request = await submitNda();
    const at = new Date("2026-11-25T10:00:00Z");
    options.now = at;

    const runs = await Promise.all([
      runEscalations(t.app.kuroko.wired.contracts, at),
      runEscalations(t.app.kuroko.wired.contracts, at),
    ]);

    expect(await t.db.prisma.contractEscalation.count({ where: { requestId: request.id } })).toBe(2);
    expect(
      await t.db.prisma.contractEvent.count({ where: { requestId: request.id, action: "escalated" } }),
    ).toBe(2);
    expect(
      runs.reduce((n, r) => n + r.lines.filter((l) => l.startsWith(`CR-${request.number}:`)).length, 0),
    ).toBe(2);
  });
});
