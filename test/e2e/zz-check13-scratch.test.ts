import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { slackLimitViolations, slackViewViolations } from "../../src/slack/limits.js";
import { startTestApp } from "../support/app.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { appHomeOpened, blockActions, intakeValues, slashCommand, USERS, viewSubmission } from "../support/payloads.js";

const OUT = "/tmp/check13";
const KENJI = USERS.approver;
const MAYA = USERS.secondApprover;
const AIKO = "U0OPS0003";
const QUEUE = "C0QUEUE001";
const textOf = (c: RecordedCall) => JSON.stringify(c.body);

describe.skip("S1 second approver told", () => {
  const now = new Date("2026-10-14T02:30:00Z");
  const t = useApp({
    now,
    env: { CS_OPS_APPROVER_IDS: `${KENJI},${MAYA},${AIKO}`, KUROKO_TIMEZONE: "Asia/Tokyo" },
    seed: async (db) => {
      await upsertAccounts(
        db.prisma,
        [
          {
            line: 0,
            externalId: "CRM-Z",
            name: "Zeta *K.K.* <x>",
            currency: "JPY",
            arr: 42_000_000,
            renewalDate: new Date("2027-03-31T00:00:00Z"),
            ownerSlackId: USERS.csm,
          },
        ],
        ["currency", "arr", "renewalDate", "ownerSlackId"],
      );
      const a = await db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-Z" } });
      await db.prisma.healthSnapshot.createMany({
        data: [
          { accountId: a.id, date: new Date("2026-09-10T00:00:00Z"), score: 88, band: "green", components: {}, modelVersion: "x" },
          { accountId: a.id, date: new Date("2026-10-13T00:00:00Z"), score: 31, band: "red", components: {}, modelVersion: "x" },
        ],
      });
    },
  });

  const submit = async (amount: string, currency = "JPY", type = "upsell") => {
    const a = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-Z" } });
    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        intakeValues(a.id, {
          type: { contract_type: { type: "static_select", selected_option: { value: type } } },
          amount: { amount: { type: "number_input", value: amount } },
          currency: { currency: { type: "static_select", selected_option: { value: currency } } },
        }),
        { userId: USERS.csm, privateMetadata: "{}" },
      ),
    );
    const body = await res.text();
    if (body) console.log("INTAKE", body, t.app.logs.filter((l) => /error|warn/i.test(l)).slice(-5).join("\n"));
    return { body, request: await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } }) };
  };
  const decide = (requestId: number, userId: string, decision = "approve", comment = "") =>
    t.app.slack.interaction(
      viewSubmission(
        "contract_review",
        {
          decision: { decision: { type: "radio_buttons", selected_option: { value: decision } } },
          comment: { comment: { type: "plain_text_input", value: comment } },
        },
        { userId, privateMetadata: JSON.stringify({ requestId }) },
      ),
    );
  const click = (actionId: string, value: string | number, userId: string, url = t.fake.responseUrl()) =>
    t.app.slack.interaction(
      blockActions({ action_id: actionId, value: String(value) }, { userId, responseUrl: url, channel: QUEUE, messageTs: "1.1" }),
    );

  it("threshold: ¥7,499,999 one step, ¥7,500,000 two, cancellation $1 two", async () => {
    const small = await submit("7499999");
    const big = await submit("7500000");
    const cancel = await submit("1", "USD", "cancellation");
    writeFileSync(`${OUT}/s1-thresholds.json`, JSON.stringify([small, big, cancel], null, 1));
    // approve small by kenji: should become approved directly
    await decide(small.request.id, KENJI);
    const s = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: small.request.id } });
    const b1 = await decide(big.request.id, KENJI);
    const b = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: big.request.id } });
    const c1 = await decide(cancel.request.id, AIKO);
    const c = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: cancel.request.id } });
    writeFileSync(`${OUT}/s1-thresholds-after.json`, JSON.stringify({ s: s.status, b: b.status, b1: await b1.text(), c: c.status, c1: await c1.text() }, null, 1));
  });

  it("one DM to second approvers under double clicks, retries, two replicas", async () => {
    const { request } = await submit("9000000");
    await click("contract_assign", request.id, KENJI);
    await Promise.all([click("contract_assign", request.id, KENJI), click("contract_assign", request.id, MAYA)]);
    // review modal from Kenji
    await click("contract_review_open", request.id, KENJI);
    await t.fake.waitForCall("views.open");
    // a second replica on the same database
    const replica = await startTestApp(t.db, t.fake, {
      now,
      env: { CS_OPS_APPROVER_IDS: `${KENJI},${MAYA},${AIKO}`, KUROKO_TIMEZONE: "Asia/Tokyo" },
    });
    const payload = viewSubmission(
      "contract_review",
      {
        decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } },
        comment: { comment: { type: "plain_text_input", value: "" } },
      },
      { userId: KENJI, privateMetadata: JSON.stringify({ requestId: request.id }) },
    );
    const rs = await Promise.all([
      t.app.slack.interaction(payload),
      replica.slack.interaction(payload),
      t.app.slack.interaction(payload),
    ]);
    const texts = await Promise.all(rs.map((r) => r.text()));
    await t.app.kuroko.outbox.drain?.();
    await replica.kuroko.outbox.drain?.();
    await new Promise((r) => setTimeout(r, 1500));
    await replica.stop();
    const st = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } });
    const dmsTo = (u: string) =>
      t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === u && textOf(c).includes(`CR-${request.number}`));
    // Home for Maya and Aiko
    await t.app.slack.event(appHomeOpened(MAYA));
    await t.app.slack.event(appHomeOpened(AIKO));
    await t.app.slack.event(appHomeOpened(KENJI));
    await t.app.slack.event(appHomeOpened(USERS.csm));
    await new Promise((r) => setTimeout(r, 500));
    const queue = async (u: string) =>
      (await (await t.app.slack.command(slashCommand("/csops", "queue", t.fake.responseUrl(), { user_id: u }))).json()) as object;
    const qMaya = await queue(MAYA);
    const qAiko = await queue(AIKO);
    const qKenji = await queue(KENJI);
    // Maya opens review modal
    await click("contract_review_open", request.id, MAYA);
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(
      `${OUT}/s1-second.json`,
      JSON.stringify(
        {
          texts,
          status: st.status,
          approvals: st.approvals,
          events: await t.db.prisma.contractEvent.findMany({ where: { requestId: request.id } }),
          dmMaya: dmsTo(MAYA).map((c) => c.body),
          dmAiko: dmsTo(AIKO).map((c) => c.body),
          dmKenji: dmsTo(KENJI).map((c) => c.body),
          dmCsm: dmsTo(USERS.csm).map((c) => c.body),
          qMaya,
          qAiko,
          qKenji,
          calls: t.fake.calls.map((c) => ({ m: c.method, b: c.body })),
        },
        null,
        1,
      ),
    );
    // second approval by Maya, final DMs
    t.fake.reset();
    const r2 = await decide(request.id, MAYA);
    await t.app.kuroko.outbox.drain?.();
    await new Promise((r) => setTimeout(r, 800));
    writeFileSync(
      `${OUT}/s1-final.json`,
      JSON.stringify({ r2: await r2.text(), calls: t.fake.calls.map((c) => ({ m: c.method, b: c.body })) }, null, 1),
    );
    // limits
    const viol: unknown[] = [];
    for (const c of t.fake.calls) {
      if (c.method.startsWith("chat.") || c.method === "response_url") viol.push(...slackLimitViolations(c.body));
    }
    writeFileSync(`${OUT}/s1-viol.json`, JSON.stringify(viol));
  });
});

function calendarSuite(name: string, env: Record<string, string>, cases: (h: Helpers) => void) {
  describe(name, () => {
    const options: { now: Date; env: Record<string, string>; seed: (db: any) => Promise<void> } = {
      now: new Date("2026-11-20T10:00:00Z"),
      env: { KUROKO_TIMEZONE: "Asia/Tokyo", KUROKO_HOLIDAYS: "JP", ...env },
      seed: async (db) => {
        await upsertAccounts(db.prisma, [{ line: 0, externalId: "CRM-0001", name: "Acme Corp" }], []);
      },
    };
    const t = useApp(options);
    const submitAt = async (at: string, type: string, priority = "normal", neededBy = "2027-12-15") => {
      options.now = new Date(at);
      const a = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } });
      const values = intakeValues(a.id, {
        type: { contract_type: { type: "static_select", selected_option: { value: type } } },
        due_date: { due_date: { type: "datepicker", selected_date: neededBy } },
        priority: { priority: { type: "static_select", selected_option: { value: priority } } },
        end_date: { end_date: { type: "datepicker", selected_date: "2028-01-05" } },
        start_date: { start_date: { type: "datepicker", selected_date: "2027-01-06" } },
      });
      const before = await t.db.prisma.contractRequest.count();
      const res = await t.app.slack.interaction(viewSubmission("contract_intake", values, { userId: USERS.csm, privateMetadata: "{}" }));
      const body = await res.text();
      const after = await t.db.prisma.contractRequest.count();
      if (after === before) return { body, due: null as string | null, request: null };
      const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
      return { body, due: request.slaDueAt.toISOString(), request };
    };
    cases({ submitAt, t });
  });
}
type Helpers = { submitAt: (at: string, type: string, priority?: string, neededBy?: string) => Promise<{ body: string; due: string | null; request: any }>; t: any };

const results: Record<string, unknown> = {};
calendarSuite.skip = 1; if (0) calendarSuite("S2 JP default (year-end on) + days off file", { KUROKO_DAYS_OFF_PATH: "/tmp/check13/daysoff.yaml" }, ({ submitAt, t }) => {
  it("dates", async () => {
    // Company day off 2026-11-24 (Tue): Fri 20 19:00 JST NDA → Wed 25(1), Thu 26(2)
    results.nov20_nda_daysoff = (await submitAt("2026-11-20T10:00:00Z", "nda")).due; // expect 2026-11-26T10:00Z
    results.gw_nda = (await submitAt("2027-04-28T09:00:00Z", "nda")).due; // expect 2027-05-06T09:00Z (May 7 company off irrelevant)
    results.gw_renewal = (await submitAt("2027-04-30T01:00:00Z", "renewal")).due; // May6(1) May7 off May10(2)11(3)12(4)13(5) → 2027-05-13T01:00Z
    results.dec28_nda = (await submitAt("2026-12-28T01:00:00Z", "nda")).due; // expect 2027-01-05T01:00Z
    results.sat_nda = (await submitAt("2026-11-28T03:00:00Z", "nda")).due; // Sat → end of Tue Dec 1 = 2026-12-01T15:00Z
    results.jan8_nda = (await submitAt("2027-01-08T01:00:00Z", "nda")).due; // Fri Jan 8, Mon 11 成人の日 → Tue 12(1) Wed 13(2) → 2027-01-13T01:00Z
  });
  it("urgent < high < normal for each type", async () => {
    const types = ["nda", "order_form", "upsell", "cancellation", "po_invoice", "renewal", "amendment", "dpa", "security_review"];
    const out: Record<string, unknown> = {};
    for (const ty of types) {
      const row: Record<string, string | null> = {};
      for (const p of ["low", "normal", "high", "urgent"]) {
        const r = await submitAt("2026-11-10T01:00:00Z", ty, p);
        row[p] = r.due ?? `REFUSED ${r.body}`;
      }
      out[ty] = row;
    }
    results.priorities = out;
  });
  it("needed-by", async () => {
    t.fake.reset();
    // Fri 20 19:00 JST renewal needed by Mon 23 (holiday) → end of Fri 20?
    const a = await submitAt("2026-11-20T10:00:00Z", "upsell", "normal", "2026-11-23");
    // needed by today (Fri 20)
    const b = await submitAt("2026-11-20T10:00:00Z", "upsell", "normal", "2026-11-20");
    // needed by yesterday
    const c = await submitAt("2026-11-20T10:00:00Z", "renewal", "normal", "2026-11-19");
    // needed by Wed 25: company day off Tue 24; renewal 5 days → Wed 25 is 1 business day
    const d = await submitAt("2026-11-20T10:00:00Z", "security_review", "urgent", "2026-11-25");
    // needed by after SLA: no flag
    const e = await submitAt("2026-11-20T10:00:00Z", "nda", "normal", "2026-12-20");
    await t.app.kuroko.outbox.drain?.();
    await new Promise((r) => setTimeout(r, 800));
    results.neededBy = {
      a: [a.due, a.body], b: [b.due, b.body], c: [c.due, c.body], d: [d.due, d.body], e: [e.due, e.body],
      msgs: t.fake.callsTo("chat.postMessage").filter((x: RecordedCall) => String(x.body.text).startsWith("📅")).map((x: RecordedCall) => [x.body.channel, x.body.text]),
    };
    writeFileSync(`${OUT}/s2.json`, JSON.stringify(results, null, 1));
  });
  it("renewal reminders on days off", async () => {
    await upsertAccounts(
      t.db.prisma,
      [
        { line: 0, externalId: "R-YE", name: "YearEnd Co", renewalDate: new Date("2027-01-29T00:00:00Z"), ownerSlackId: USERS.csm, arr: 1000, currency: "USD" },
        { line: 0, externalId: "R-CO", name: "CompanyOff Co", renewalDate: new Date("2026-12-01T00:00:00Z"), ownerSlackId: USERS.csm, arr: 1000, currency: "USD" },
      ],
      ["renewalDate", "ownerSlackId", "arr", "currency"],
    );
    const accts = await t.db.prisma.account.findMany({ where: { externalId: { in: ["R-YE", "R-CO"] } } });
    const pre: any[] = [];
    for (const a of accts) for (const w of a.externalId === "R-YE" ? [90, 60] : [90, 60, 30]) pre.push({ accountId: a.id, renewalDate: a.renewalDate, windowDays: w, day: new Date("2026-10-01T00:00:00Z") });
    await t.db.prisma.renewalReminder.createMany({ data: pre });
    const { runJob } = await import("../../src/jobs/runner.js");
    const { jobNamed } = await import("../../src/jobs/schedule.js");
    const days = ["2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25", "2026-12-25", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-04", "2027-01-22"];
    for (const d of days) {
      const at = new Date(`${d}T00:00:00Z`); // 09:00 JST
      (t as any); 
      await runJob(jobNamed("renewals"), t.app.kuroko.jobDeps, { now: at, slot: at, force: true });
    }
    const rows = await t.db.prisma.renewalReminder.findMany({ include: { account: true }, orderBy: { id: "asc" } });
    writeFileSync(`${OUT}/s2-renew.json`, JSON.stringify(rows.filter((r) => r.account.externalId.startsWith("R-")).map((r) => [r.account.externalId, r.windowDays, r.day.toISOString().slice(0, 10)]), null, 0));
  });
});
const results2: Record<string, unknown> = {};
if (0) calendarSuite("S2 JP year-end off", { KUROKO_YEAR_END_BREAK: "off" }, ({ submitAt }) => {
  it("dec28", async () => {
    results2.dec28_nda = (await submitAt("2026-12-28T01:00:00Z", "nda")).due; // expect 2026-12-30T01:00Z
    results2.dec30_nda = (await submitAt("2026-12-30T01:00:00Z", "nda")).due; // Dec31(1) Jan1 hol, Jan 4(2)? 
    writeFileSync(`${OUT}/s2b.json`, JSON.stringify(results2, null, 1));
  });
});

describe.skip("S3 escalation ladder", () => {
  const LEAD = "U0LEAD009";
  const options: any = {
    now: new Date("2026-12-22T05:00:00Z"),
    env: { KUROKO_TIMEZONE: "Asia/Tokyo", KUROKO_HOLIDAYS: "JP", CS_OPS_APPROVER_IDS: `${KENJI},${MAYA},${AIKO}` },
    seed: async (db: any) => {
      await upsertAccounts(db.prisma, [{ line: 0, externalId: "CRM-E", name: "Esc & Co" }], []);
    },
  };
  let policyMod: any;
  const t = useApp(options);
  it("ladder", async () => {
    const { loadApprovalPolicy } = await import("../../src/contracts/policy-file.js");
    const policy = loadApprovalPolicy("/tmp/check13/policy.yaml");
    // restart the app with the policy: a fresh app on the same db
    await t.app.stop();
    const app = await startTestApp(t.db, t.fake, { ...options, policy, get now() { return options.now; } } as any);
    const { runEscalations } = await import("../../src/contracts/escalation.js");
    const { runJob } = await import("../../src/jobs/runner.js");
    const { jobNamed } = await import("../../src/jobs/schedule.js");
    const sla = (at: string) => {
      options.now = new Date(at);
      return runJob(jobNamed("sla"), app.kuroko.jobDeps, { now: options.now, slot: options.now, force: true });
    };
    const acct = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-E" } });
    options.now = new Date("2026-12-22T05:00:00Z");
    await app.slack.interaction(
      viewSubmission("contract_intake", intakeValues(acct.id, { due_date: { due_date: { type: "datepicker", selected_date: "2027-03-01" } } }), { userId: USERS.csm, privateMetadata: "{}" }),
    );
    const req = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    await app.slack.interaction(
      blockActions({ action_id: "contract_assign", value: String(req.id) }, { userId: MAYA, responseUrl: t.fake.responseUrl(), channel: QUEUE, messageTs: "1.1" }),
    );
    // Maya away Dec 23 .. Dec 31, Aiko covers
    const awayRes = await app.slack.command(slashCommand("/csops", "away 2026-12-23 2026-12-31 <@U0OPS0003>", t.fake.responseUrl(), { user_id: MAYA }));
    const log: unknown[] = [{ due: req.slaDueAt.toISOString(), away: await awayRes.text() }];
    const count = async () => t.db.prisma.contractEscalation.count({ where: { requestId: req.id } });
    for (const at of ["2026-12-23T10:59:00Z", "2026-12-23T11:00:00Z", "2026-12-23T11:30:00Z", "2026-12-27T22:59:00Z", "2026-12-27T23:00:00Z", "2027-01-04T05:00:00Z", "2027-01-12T04:59:00Z"]) {
      await sla(at);
      log.push([at, await count()]);
    }
    // two replicas at the threshold
    options.now = new Date("2027-01-12T05:00:00Z");
    const app2 = await startTestApp(t.db, t.fake, { ...options, policy, get now() { return options.now; } } as any);
    await Promise.all([
      runEscalations(app.kuroko.wired.contracts, options.now),
      runEscalations(app2.kuroko.wired.contracts, options.now),
      sla("2027-01-12T05:00:00Z"),
    ]);
    log.push(["2027-01-12T05:00:00Z x3", await count()]);
    await sla("2027-01-20T05:00:00Z");
    log.push(["later", await count()]);
    await app.kuroko.outbox.drain?.();
    await new Promise((r) => setTimeout(r, 1000));
    const rows = await t.db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `cr:${req.id}:escalation:` } }, orderBy: { id: "asc" } });
    log.push(rows.map((r) => [r.dedupeKey, r.channel, (r.payload as any).message.text, (r.payload as any).message.thread_ts]));
    log.push((await t.db.prisma.contractEvent.findMany({ where: { requestId: req.id } })).map((e) => [e.action, e.actorId, e.comment]));
    // request changes, resubmit, ladder restarts; decide; nothing after
    options.now = new Date("2027-01-20T06:00:00Z");
    await app.slack.interaction(viewSubmission("contract_review", { decision: { decision: { type: "radio_buttons", selected_option: { value: "request_changes" } } }, comment: { comment: { type: "plain_text_input", value: "fix *it* <!channel>" } } }, { userId: MAYA, privateMetadata: JSON.stringify({ requestId: req.id }) }));
    await sla("2027-01-22T06:00:00Z");
    log.push(["while changes requested", await count()]);
    options.now = new Date("2027-01-25T00:00:00Z"); // Mon 09:00 JST
    t.fake.reset();
    await app.slack.interaction(blockActions({ action_id: "contract_edit", value: String(req.id) }, { userId: USERS.csm, responseUrl: t.fake.responseUrl() }));
    const edit = await t.fake.waitForCall("views.open");
    const resub = await app.slack.interaction(
      viewSubmission("contract_intake", intakeValues(acct.id, { due_date: { due_date: { type: "datepicker", selected_date: "2027-03-01" } } }), { userId: USERS.csm, privateMetadata: (edit.body.view as any).private_metadata }),
    );
    const r2 = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: req.id } });
    log.push(["resubmitted", await resub.text(), r2.status, r2.slaDueAt.toISOString()]);
    // Mon 09:00 + 1.25 bd = Tue 15:00 JST = 06:00Z
    await sla("2027-01-26T05:59:00Z");
    log.push(["before quarter", await count()]);
    await sla("2027-01-26T06:00:00Z");
    log.push(["at quarter", await count()]);
    options.now = new Date("2027-01-26T07:00:00Z");
    await app.slack.interaction(viewSubmission("contract_review", { decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } }, comment: { comment: { type: "plain_text_input", value: "" } } }, { userId: KENJI, privateMetadata: JSON.stringify({ requestId: req.id }) }));
    await sla("2027-03-01T07:00:00Z");
    log.push(["after decision", (await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: req.id } })).status, await count()]);
    // edit DM button gone after resubmission?
    await app.kuroko.outbox.drain?.();
    await new Promise((r) => setTimeout(r, 800));
    log.push(t.fake.calls.filter((c) => c.method === "chat.update" && c.body.channel !== QUEUE).map((c) => [c.body.channel, c.body.text, JSON.stringify(c.body.blocks).includes("contract_edit")]));
    const viol: string[] = [];
    for (const c of t.fake.calls) if (c.method.startsWith("chat.")) viol.push(...slackLimitViolations(c.body));
    log.push(["viol", viol]);
    writeFileSync(`${OUT}/s3.json`, JSON.stringify(log, null, 1));
    await app2.stop();
    await app.stop();
  });
});

describe("S4 cover, reassign, withdraw", () => {
  const options: any = {
    now: new Date("2026-11-24T01:00:00Z"),
    env: { KUROKO_TIMEZONE: "Asia/Tokyo", KUROKO_HOLIDAYS: "JP", CS_OPS_APPROVER_IDS: `${KENJI},${MAYA},${AIKO}` },
    seed: async (db: any) => {
      await upsertAccounts(db.prisma, [{ line: 0, externalId: "CRM-C", name: "Cover Ltd", currency: "EUR" }], ["currency"]);
    },
  };
  const t = useApp(options);
  const log: Record<string, unknown> = {};
  const away = async (u: string, text: string) =>
    ((await (await t.app.slack.command(slashCommand("/csops", `away ${text}`.trim(), t.fake.responseUrl(), { user_id: u }))).json()) as any).text;
  let n = 0;
  const submit = async (amount = "60000", userId = USERS.csm) => {
    const a = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-C" } });
    const res = await t.app.slack.interaction(viewSubmission("contract_intake", intakeValues(a.id, {
      type: { contract_type: { type: "static_select", selected_option: { value: "upsell" } } },
      amount: { amount: { type: "number_input", value: amount } },
      currency: { currency: { type: "static_select", selected_option: { value: "EUR" } } },
      start_date: { start_date: { type: "datepicker", selected_date: `2027-0${1 + (++n % 9)}-0${1 + (n % 9)}` } },
    }), { userId, privateMetadata: "{}" }));
    const body = await res.text();
    if (body) console.log("INTAKE", body);
    return t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
  };
  const click = (actionId: string, value: string | number, userId: string, url = t.fake.responseUrl()) =>
    t.app.slack.interaction(blockActions({ action_id: actionId, value: String(value) }, { userId, responseUrl: url, channel: QUEUE, messageTs: "1.1" }));
  const decide = async (requestId: number, userId: string, decision = "approve", comment = "") =>
    (await t.app.slack.interaction(viewSubmission("contract_review", { decision: { decision: { type: "radio_buttons", selected_option: { value: decision } } }, comment: { comment: { type: "plain_text_input", value: comment } } }, { userId, privateMetadata: JSON.stringify({ requestId }) }))).text();
  const queueOf = async (u: string) => JSON.stringify(await (await t.app.slack.command(slashCommand("/csops", "queue", t.fake.responseUrl(), { user_id: u }))).json());

  it("away inputs", async () => {
    const out: Record<string, string> = {};
    for (const [u, x] of [
      [KENJI, "2026-11-01 2026-11-05 <@U0OPS0002>"],
      [KENJI, "2026-12-10 2026-12-01 <@U0OPS0002>"],
      [KENJI, "today 2026-12-01 <@U0OUT0001>"],
      [KENJI, "today 2026-12-01 <@U0OPS0001>"],
      [KENJI, "2026-02-30 2026-12-01"],
      [KENJI, "yesterday tomorrow"],
      [KENJI, "today 2028-12-01 <@U0OPS0002>"],
      [KENJI, "today"],
      [KENJI, "today tomorrow <@U0OPS0002> <@U0OPS0003>"],
      [KENJI, "today tomorrow @maya"],
      [KENJI, "today tomorrow <!channel>"],
      [USERS.csm, "today tomorrow <@U0OPS0002>"],
      [KENJI, "2026-11-24 2026-11-24"],
      [KENJI, ""],
      [KENJI, "off"],
      [KENJI, "off"],
    ] as const) out[`${u} ${x}`] = await away(u, x);
    log.away = out;
    log.coversLeft = await t.db.prisma.approverCover.findMany();
    // Home cover modal
    t.fake.reset();
    await t.app.slack.interaction(blockActions({ action_id: "cover_open", value: "home" }, { userId: KENJI, responseUrl: t.fake.responseUrl() }));
    const open = await t.fake.waitForCall("views.open");
    log.coverModal = open.body.view;
    log.coverModalViol = slackViewViolations(open.body.view, "modal");
    await t.app.slack.interaction(blockActions({ action_id: "cover_open", value: "home" }, { userId: USERS.csm, responseUrl: t.fake.responseUrl("csmcover") }));
    await new Promise((r) => setTimeout(r, 300));
    log.coverOpenByCsm = t.fake.calls.filter((c) => c.method !== "views.open" || c.body.view !== open.body.view).map((c) => [c.method, c.body.text]);
    const submitCover = async (u: string, from: string | null, to: string | null, del: string | null) =>
      (await t.app.slack.interaction(viewSubmission("cover_set", {
        from: { from: { type: "datepicker", selected_date: from } },
        to: { to: { type: "datepicker", selected_date: to } },
        delegate: { delegate: { type: "users_select", selected_user: del } },
      }, { userId: u, privateMetadata: (open.body.view as any).private_metadata }))).text();
    log.coverModalSubmits = {
      past: await submitCover(KENJI, "2026-10-01", "2026-10-05", MAYA),
      outsider: await submitCover(KENJI, "2026-11-25", "2026-11-30", USERS.outsider),
      self: await submitCover(KENJI, "2026-11-25", "2026-11-30", KENJI),
      byCsm: await submitCover(USERS.csm, "2026-11-25", "2026-11-30", MAYA),
      nullDates: await submitCover(KENJI, null, null, MAYA),
    };
    log.coversLeft2 = await t.db.prisma.approverCover.findMany();
    writeFileSync(`${OUT}/s4.json`, JSON.stringify(log, null, 1));
  });

  it("cover routing with first approval already given by the away approver", async () => {
    t.fake.reset();
    const r = await submit("60000");
    await click("contract_assign", r.id, KENJI);
    log.k1 = await decide(r.id, KENJI);
    await t.app.kuroko.outbox.drain?.();
    log.awayK = await away(KENJI, "today 2026-11-30 <@U0OPS0002>");
    await t.app.kuroko.outbox.drain?.();
    await new Promise((res) => setTimeout(res, 500));
    log.dmsMaya = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === MAYA).map((c) => c.body.text);
    log.dmsAiko = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === AIKO).map((c) => c.body.text);
    log.qMaya = await queueOf(MAYA);
    log.qAiko = await queueOf(AIKO);
    log.mayaSecond = await decide(r.id, MAYA);
    log.aikoSecond = await decide(r.id, AIKO);
    log.afterStatus = (await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r.id } })).status;
    // new request during cover, assigned to Kenji by Aiko? Kenji away: Aiko reassigns to Kenji
    t.fake.reset();
    const r2 = await submit("1000");
    await click("contract_assign", r2.id, AIKO);
    await click("contract_reassign_open", r2.id, AIKO);
    const v = await t.fake.waitForCall("views.open");
    log.reassignToAway = await (await t.app.slack.interaction(viewSubmission("contract_reassign", { assignee: { assignee: { type: "users_select", selected_user: KENJI } } }, { userId: AIKO, privateMetadata: (v.body.view as any).private_metadata }))).text();
    await t.app.kuroko.outbox.drain?.();
    await new Promise((res) => setTimeout(res, 500));
    await new Promise((res) => setTimeout(res, 2000));
    log.r2homes = t.fake.callsTo("views.publish").map((c) => [c.body.user_id, JSON.stringify(c.body.view).includes(`CR-${r2.number}`)]);
    log.r2dms = t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel !== QUEUE).map((c) => [c.body.channel, c.body.text]);
    log.mayaDecidesR2 = await decide(r2.id, MAYA);
    log.r2events = (await t.db.prisma.contractEvent.findMany({ where: { requestId: r2.id } })).map((e) => [e.action, e.actorId, e.onBehalfOf]);
    // outsider reassign / unassign
    const r3 = await submit("1000");
    await click("contract_assign", r3.id, AIKO);
    await click("contract_reassign_open", r3.id, USERS.outsider, t.fake.responseUrl("outre"));
    log.outsiderReassignSubmit = await (await t.app.slack.interaction(viewSubmission("contract_reassign", { assignee: { assignee: { type: "users_select", selected_user: USERS.outsider } } }, { userId: USERS.outsider, privateMetadata: (v.body.view as any).private_metadata.replace(String(r2.id), String(r3.id)) }))).text();
    await new Promise((res) => setTimeout(res, 300));
    log.outsiderReply = t.fake.calls.filter((c) => c.method === "response_url" && c.body.url === "/response/outre").map((c) => c.body.text);
    log.r3 = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r3.id } });
    log.r3events = (await t.db.prisma.contractEvent.findMany({ where: { requestId: r3.id } })).map((e) => [e.action, e.actorId, e.comment]);
    await away(KENJI, "off");
    writeFileSync(`${OUT}/s4.json`, JSON.stringify(log, null, 1));
  });

  it("withdraw", async () => {
    t.fake.reset();
    const r = await submit("1000");
    await click("contract_withdraw_open", r.id, USERS.csm);
    const v = await t.fake.waitForCall("views.open");
    const md = (v.body.view as any).private_metadata;
    log.withdrawView = v.body.view;
    // requester's Home shows Withdraw
    await t.app.slack.event(appHomeOpened(USERS.csm));
    const home = await t.fake.waitForCall("views.publish", (c) => c.body.user_id === USERS.csm);
    log.homeHasWithdraw = JSON.stringify(home.body.view).includes("contract_withdraw_open");
    // approve then try withdraw with stale modal
    await decide(r.id, MAYA);
    log.lateWithdraw = await (await t.app.slack.interaction(viewSubmission("contract_withdraw", { reason: { reason: { type: "plain_text_input", value: "nope" } } }, { userId: USERS.csm, privateMetadata: md }))).text();
    log.lateStatus = (await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r.id } })).status;
    // changes requested → withdraw ok, 3000-char reason, other user forging
    const r2 = await submit("1000");
    await decide(r2.id, AIKO, "request_changes", "please fix");
    await click("contract_withdraw_open", r2.id, USERS.csm);
    const v2 = await t.fake.waitForCall("views.open", (c) => (c.body.view as any).private_metadata.includes(String(r2.id)));
    const md2 = (v2.body.view as any).private_metadata;
    log.forged = await (await t.app.slack.interaction(viewSubmission("contract_withdraw", { reason: { reason: { type: "plain_text_input", value: "forged" } } }, { userId: MAYA, privateMetadata: md2 }))).text();
    log.long = await (await t.app.slack.interaction(viewSubmission("contract_withdraw", { reason: { reason: { type: "plain_text_input", value: "x".repeat(5000) } } }, { userId: USERS.csm, privateMetadata: md2 }))).text();
    const wd = viewSubmission("contract_withdraw", { reason: { reason: { type: "plain_text_input", value: "Customer <!here> *went* elsewhere" } } }, { userId: USERS.csm, privateMetadata: md2 });
    log.ok = await Promise.all([t.app.slack.interaction(wd), t.app.slack.interaction(wd)].map(async (p) => (await p).text()));
    log.r2 = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r2.id } });
    log.r2ev = (await t.db.prisma.contractEvent.findMany({ where: { requestId: r2.id } })).map((e) => [e.action, e.actorId, e.comment]);
    log.qAfter = (await queueOf(AIKO)).includes(`CR-${r2.number}`);
    await t.app.kuroko.outbox.drain?.();
    await new Promise((res) => setTimeout(res, 500));
    log.wdMsgs = t.fake.calls.filter((c) => c.method.startsWith("chat.") && textOf(c).includes(`CR-${r2.number}`)).map((c) => [c.method, c.body.channel, c.body.text, textOf(c).match(/action_id":"\w+/g)]);
    const viol: string[] = [];
    for (const c of t.fake.calls) if (c.method.startsWith("chat.")) viol.push(...slackLimitViolations(c.body));
    for (const c of t.fake.calls) if (c.method === "views.publish") viol.push(...slackViewViolations(c.body.view, "home"));
    for (const c of t.fake.calls) if (c.method === "views.open") viol.push(...slackViewViolations(c.body.view, "modal"));
    log.viol = viol;
    writeFileSync(`${OUT}/s4.json`, JSON.stringify(log, null, 1));
  });
});

describe.skip("S5 after approval on PostgreSQL", () => {
  const options: any = { now: new Date("2026-11-26T02:00:00Z"), env: { KUROKO_TIMEZONE: "Asia/Tokyo", KUROKO_HOLIDAYS: "JP", CS_OPS_APPROVER_IDS: `${KENJI},${MAYA},${AIKO}` } };
  it("stages", { timeout: 60_000 }, async () => {
    const { openDatabase } = await import("../../src/db/database.js");
    const { FakeSlack } = await import("../support/fake-slack.js");
    const db = await openDatabase({ url: "postgresql://postgres@127.0.0.1:55433/check13", dataDir: "unused" });
    const fake = await new FakeSlack().start();
    const app = await startTestApp(db, fake, options);
    const app2 = await startTestApp(db, fake, options);
    const log: Record<string, unknown> = {};
    try {
      await upsertAccounts(db.prisma, [{ line: 0, externalId: "CRM-S", name: "=HYPERLINK(\"http://evil\",\"x\")", currency: "USD" }], ["currency"]);
      const a = await db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-S" } });
      const click = (ap: any, actionId: string, value: string | number, userId: string, url = fake.responseUrl()) =>
        ap.slack.interaction(blockActions({ action_id: actionId, value: String(value) }, { userId, responseUrl: url, channel: QUEUE, messageTs: "1.1" }));
      await app.slack.interaction(viewSubmission("contract_intake", intakeValues(a.id, {
        amount: { amount: { type: "number_input", value: "80000" } },
        notes: { notes: { type: "plain_text_input", value: "@SUM(1+1)" } },
      }), { userId: USERS.csm, privateMetadata: "{}" }));
      const r = await db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
      await click(app, "contract_assign", r.id, KENJI);
      // Kenji away, Maya covers; Maya approves on behalf; Aiko second
      await app.slack.command(slashCommand("/csops", "away today tomorrow <@U0OPS0002>", fake.responseUrl(), { user_id: KENJI }));
      const dec = (ap: any, u: string) => ap.slack.interaction(viewSubmission("contract_review", { decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } }, comment: { comment: { type: "plain_text_input", value: "" } } }, { userId: u, privateMetadata: JSON.stringify({ requestId: r.id }) }));
      await Promise.all([dec(app, MAYA), dec(app2, MAYA)]);
      await Promise.all([dec(app, AIKO), dec(app2, AIKO)]);
      log.status = (await db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r.id } })).status;
      // stages with double clicks over two replicas
      await Promise.all([
        click(app, "contract_stage", `${r.id}:sent_for_signature`, AIKO),
        click(app2, "contract_stage", `${r.id}:sent_for_signature`, AIKO),
        click(app2, "contract_stage", `${r.id}:sent_for_signature`, MAYA),
      ]);
      // skip ahead: booked before signed?
      await click(app, "contract_stage", `${r.id}:booked`, AIKO, fake.responseUrl("skip"));
      await click(app, "contract_stage", `${r.id}:bogus`, AIKO, fake.responseUrl("bogus"));
      await click(app, "contract_stage", `${r.id}:signed`, USERS.csm, fake.responseUrl("csmstage"));
      fake.calls.length = 0;
      await click(app, "contract_stage", `${r.id}:signed`, AIKO);
      const open = await fake.waitForCall("views.open");
      const md = (open.body.view as any).private_metadata;
      log.docModal = open.body.view;
      const sign = async (url: string, ap = app, u = AIKO) => (await ap.slack.interaction(viewSubmission("contract_document", { document_url: { document_url: { type: "url_text_input", value: url } } }, { userId: u, privateMetadata: md }))).text();
      log.urls = {
        js: await sign("javascript:alert(1)"),
        ftp: await sign("ftp://x.example.com/a.pdf"),
        long: await sign("https://docs.example.com/" + "a".repeat(5000)),
        userinfo: await sign("https://user:pw@docs.example.com/a.pdf"),
        mrkdwn: await sign("https://docs.example.com/a.pdf|click me> <!channel>"),
        mrkdwn2: await sign("https://docs.example.com/a>b*c*.pdf"),
        spaces: await sign("  "),
        data: await sign("data:text/html,hi"),
        nohost: await sign("https://"),
        csm: await sign("https://docs.example.com/ok.pdf", app, USERS.csm),
      };
      log.afterBad = await db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r.id } });
      const good = "https://docs.example.com/signed/CR.pdf?x=1&y=<2>";
      log.good = await Promise.all([sign(good), sign(good, app2)]);
      log.dblBooked = await Promise.all([click(app, "contract_stage", `${r.id}:booked`, AIKO), click(app2, "contract_stage", `${r.id}:booked`, MAYA)].map(async (p) => (await p).status));
      await click(app, "contract_stage", `${r.id}:signed`, AIKO, fake.responseUrl("backwards"));
      await app.kuroko.outbox.drain?.();
      await new Promise((res) => setTimeout(res, 1500));
      log.final = await db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r.id } });
      log.events = (await db.prisma.contractEvent.findMany({ where: { requestId: r.id }, orderBy: { id: "asc" } })).map((e) => [e.action, e.actorId, e.onBehalfOf, e.comment]);
      log.replies = fake.calls.filter((c) => c.method === "response_url").map((c) => [c.body.url, c.body.text]);
      log.msgs = fake.calls.filter((c) => c.method.startsWith("chat.")).map((c) => [c.method, c.body.channel, c.body.text, (textOf(c).match(/action_id\":\"\w+/g) ?? []).join(","), (textOf(c).match(/value\":\"[^"]+/g) ?? []).join(",")]);
      const viol: string[] = [];
      for (const c of fake.calls) if (c.method.startsWith("chat.")) viol.push(...slackLimitViolations(c.body));
      for (const c of fake.calls) if (c.method === "views.open") viol.push(...slackViewViolations(c.body.view, "modal"));
      log.viol = viol;
      log.number = r.number;
    } finally {
      writeFileSync(`${OUT}/s5.json`, JSON.stringify(log, null, 1));
      await app.stop();
      await app2.stop();
      await fake.stop();
      await db.close();
    }
  });
});

describe.skip("S6 follow-ups", () => {
  const options: any = { now: new Date("2026-11-24T01:00:00Z"), env: { CS_OPS_APPROVER_IDS: `${KENJI},${MAYA},${AIKO}` },
    seed: async (db: any) => { await upsertAccounts(db.prisma, [{ line: 0, externalId: "CRM-F", name: "Follow Co" }], []); } };
  const t = useApp(options);
  it("reassign to away approver; stale assign; url edge cases", async () => {
    const log: Record<string, unknown> = {};
    const a = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-F" } });
    let n = 0;
    const submit = async () => {
      await t.app.slack.interaction(viewSubmission("contract_intake", intakeValues(a.id, { type: { contract_type: { type: "static_select", selected_option: { value: "nda" } } }, start_date: { start_date: { type: "datepicker", selected_date: `2027-0${++n}-01` } } }), { userId: USERS.csm, privateMetadata: "{}" }));
      return t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    };
    const click = (actionId: string, value: string | number, userId: string, url = t.fake.responseUrl()) =>
      t.app.slack.interaction(blockActions({ action_id: actionId, value: String(value) }, { userId, responseUrl: url, channel: QUEUE, messageTs: "1.1" }));
    await t.app.slack.command(slashCommand("/csops", "away today 2026-11-30 <@U0OPS0002>", t.fake.responseUrl(), { user_id: KENJI }));
    const r = await submit();
    await click("contract_assign", r.id, AIKO);
    await click("contract_reassign_open", r.id, AIKO);
    const v = await t.fake.waitForCall("views.open");
    log.reassignModal = JSON.stringify(v.body.view).slice(0, 1500);
    t.fake.reset();
    log.reassign = await (await t.app.slack.interaction(viewSubmission("contract_reassign", { assignee: { assignee: { type: "users_select", selected_user: KENJI } } }, { userId: AIKO, privateMetadata: (v.body.view as any).private_metadata }))).text();
    await t.app.kuroko.outbox.drain?.();
    await new Promise((res) => setTimeout(res, 500));
    log.dms = t.fake.callsTo("chat.postMessage").map((c) => [c.body.channel, c.body.text]);
    log.homes = t.fake.callsTo("views.publish").map((c) => [c.body.user_id, JSON.stringify(c.body.view).includes(`CR-${r.number}`)]);
    const q = async (u: string) => JSON.stringify(await (await t.app.slack.command(slashCommand("/csops", "queue", t.fake.responseUrl(), { user_id: u }))).json());
    log.qMaya = await q(MAYA);
    log.qKenji = await q(KENJI);
    // stale Assign to me by Maya on Aiko's request (sequential)
    const r2 = await submit();
    await click("contract_assign", r2.id, AIKO);
    await click("contract_assign", r2.id, MAYA, t.fake.responseUrl("stale"));
    await new Promise((res) => setTimeout(res, 300));
    log.stale = [(await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r2.id } })).assigneeId, t.fake.calls.filter((c) => c.body.url === "/response/stale").map((c) => c.body.text)];
    // url edge cases
    await t.app.slack.interaction(viewSubmission("contract_review", { decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } }, comment: { comment: { type: "plain_text_input", value: "" } } }, { userId: MAYA, privateMetadata: JSON.stringify({ requestId: r2.id }) }));
    await click("contract_stage", `${r2.id}:sent_for_signature`, AIKO);
    t.fake.reset();
    await click("contract_stage", `${r2.id}:signed`, AIKO);
    const open = await t.fake.waitForCall("views.open");
    const md = (open.body.view as any).private_metadata;
    const sign = async (url: string | null) => (await t.app.slack.interaction(viewSubmission("contract_document", { document_url: { document_url: { type: "url_text_input", value: url } } }, { userId: AIKO, privateMetadata: md }))).text();
    log.urls = { blank: await sign("  "), nul: await sign(null), data: await sign("data:text/html,hi"), nohost: await sign("https://"), http: await sign("http://"), twoLinks: await sign("https://a.example.com https://b.example.com"), rel: await sign("/x.pdf"), idn: await sign("https://exa\u200bmple.com/<!here>") };
    log.after = (await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: r2.id } })).documentUrl;
    writeFileSync(`${OUT}/s6.json`, JSON.stringify(log, null, 1));
  });
});
