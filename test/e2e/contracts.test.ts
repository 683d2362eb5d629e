import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { flagOverdueRequests } from "../../src/contracts/sla.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays, isoDay } from "../../src/time.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import {
  appHomeOpened,
  blockActions,
  globalShortcut,
  intakeValues,
  slashCommand,
  TEAM,
  USERS,
  viewSubmission,
} from "../support/payloads.js";

const now = new Date("2026-11-22T09:00:00Z");
const t = useApp({
  now,
  env: { KUROKO_CRM_URL_TEMPLATE: "https://crm.example.com/{external_id}" },
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [
        { line: 0, externalId: "CRM-0001", name: "Acme Corp", domain: "acme.com", currency: "USD" },
        { line: 0, externalId: "CRM-0002", name: "Globex Corporation" },
      ],
      ["domain", "currency"],
    );
  },
});

const acmeId = async () =>
  (await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } })).id;

let submissions = 0;

/** Submits a request through the modal and waits until its queue message is out. */
async function submitRequest(
  overrides: Record<string, Record<string, unknown>> = {},
  userId: string = USERS.csm,
) {
  const before = await t.db.prisma.contractRequest.count();
  // Each request renews its own term: a second renewal request for one renewal is refused.
  const start = isoDay(addDays(new Date("2027-01-06T00:00:00Z"), 20 * ++submissions));
  const values = intakeValues(await acmeId(), {
    start_date: { start_date: { type: "datepicker", selected_date: start } },
    ...overrides,
  });
  const res = await t.app.slack.interaction(
    viewSubmission("contract_intake", values, {
      userId,
      privateMetadata: "{}",
    }),
  );
  expect(res.status).toBe(200);
  expect(await t.db.prisma.contractRequest.count()).toBe(before + 1);
  const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
  await t.fake.waitForCall(
    "chat.postMessage",
    (c) => c.body.channel === "C0QUEUE001" && JSON.stringify(c.body).includes(`CR-${request.number}`),
  );
  return request;
}

const click = (actionId: string, requestId: number, userId: string, responseUrl = t.fake.responseUrl()) =>
  t.app.slack.interaction(
    blockActions(
      { action_id: actionId, value: String(requestId) },
      { userId, responseUrl, channel: "C0QUEUE001", messageTs: "1.1" },
    ),
  );

const decide = (requestId: number, userId: string, decision: string, comment = "") =>
  t.app.slack.interaction(
    viewSubmission(
      "contract_review",
      {
        decision: { decision: { type: "radio_buttons", selected_option: { value: decision } } },
        comment: { comment: { type: "plain_text_input", value: comment } },
      },
      { userId, privateMetadata: JSON.stringify({ requestId, version: 0 }) },
    ),
  );

const textOf = (call: RecordedCall) => JSON.stringify(call.body);

describe("opening the request form", () => {
  it("opens it from /contract, with the account filled in", async () => {
    const res = await t.app.slack.command(slashCommand("/contract", "acme", t.fake.responseUrl()));

    expect(res.status).toBe(200);
    const open = await t.fake.waitForCall("views.open");
    const view = open.body.view as {
      callback_id: string;
      blocks: { block_id: string; element?: { initial_option?: { text: { text: string } } } }[];
    };
    expect(view.callback_id).toBe("contract_intake");
    expect(view.blocks.find((b) => b.block_id === "account")?.element?.initial_option?.text.text).toBe(
      "Acme Corp",
    );
    expect(slackLimitViolations(view, "modal")).toEqual([]);
  });

  it("opens it from the global shortcut and from a health card's button", async () => {
    const shortcut = globalShortcut("log_contract_request");
    await t.app.slack.interaction(shortcut);
    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_open", value: String(await acmeId()) },
        { responseUrl: t.fake.responseUrl() },
      ),
    );

    const opens = await t.fake.waitForCall("views.open", () => t.fake.callsTo("views.open").length === 2);
    expect(opens.body.trigger_id).toBe(shortcut.trigger_id);
    expect(textOf(t.fake.callsTo("views.open")[1]!)).toContain("Acme Corp");
  });

  it("shows the fields of the chosen type when the type changes", async () => {
    await t.app.slack.interaction({
      ...blockActions({ action_id: "contract_type", selected_option: { value: "nda" } }),
      view: {
        id: "V0INTAKE",
        hash: "h1",
        private_metadata: "{}",
        state: {
          values: intakeValues(await acmeId(), {
            type: { contract_type: { selected_option: { value: "nda" } } },
          }),
        },
      },
    });

    const update = await t.fake.waitForCall("views.update");
    expect(update.body).toMatchObject({ view_id: "V0INTAKE", hash: "h1" });
    const blocks = (update.body.view as { blocks: { block_id: string }[] }).blocks.map((b) => b.block_id);
    expect(blocks).not.toContain("amount");
    expect(blocks).toContain("due_date");
  });

  it("suggests accounts as the user types", async () => {
    const res = await t.app.slack.interaction({
      type: "block_suggestion",
      action_id: "contract_account",
      block_id: "account",
      value: "glob",
      team: TEAM,
      user: { id: USERS.csm },
      api_app_id: "A0KUROKO",
      view: { id: "V1", callback_id: "contract_intake" },
    });

    expect(await res.json()).toEqual({
      options: [
        { text: { type: "plain_text", text: "Globex Corporation · CRM-0002" }, value: expect.any(String) },
      ],
    });
  });
});

describe("submitting a request", () => {
  it("answers bad fields inside the modal and stores nothing", async () => {
    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        intakeValues(await acmeId(), {
          amount: { amount: { value: "0" } },
          due_date: { due_date: { selected_date: "2026-11-01" } },
          links: { links: { value: "the shared drive" } },
        }),
        { privateMetadata: "{}" },
      ),
    );

    expect(await res.json()).toEqual({
      response_action: "errors",
      errors: {
        amount: expect.any(String),
        due_date: expect.stringMatching(/has passed/),
        links: expect.stringMatching(/is not a link/),
      },
    });
    expect(await t.db.prisma.contractRequest.count()).toBe(0);
  });

  it("refuses an account that is not in Kuroko", async () => {
    const res = await t.app.slack.interaction(
      viewSubmission("contract_intake", intakeValues(99_999), { privateMetadata: "{}" }),
    );

    expect(await res.json()).toMatchObject({
      response_action: "errors",
      errors: { account: expect.stringMatching(/not in Kuroko/) },
    });
  });

  it("numbers it, audits it, posts it to the queue and DMs the requester a link to it", async () => {
    const request = await submitRequest();

    expect(request).toMatchObject({ number: 1001, status: "submitted", requesterId: USERS.csm });
    expect(await t.db.prisma.contractEvent.findMany({ where: { requestId: request.id } })).toMatchObject([
      { action: "submitted", actorId: USERS.csm },
    ]);
    const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.csm);
    expect(String(dm.body.text)).toMatch(
      /^Your request \*CR-1001\* \(Renewal, Acme Corp\) is in the CS Ops queue\. <https:\/\/kuroko-test\.slack\.com\/archives\/C0QUEUE001\/p\d+\|See it in the queue>/,
    );
    const queue = t.fake.calls.find((c) => c.body.channel === "C0QUEUE001")!;
    expect(slackLimitViolations(queue.body)).toEqual([]);
  });
});

describe("the CS Ops queue", () => {
  it("refuses a Review from someone outside CS Ops, politely, and audits the attempt", async () => {
    const request = await submitRequest();

    await click("contract_review_open", request.id, USERS.outsider, t.fake.responseUrl("refused"));

    const answer = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/refused");
    expect(String(answer.body.text)).toMatch(/^Only CS Ops approvers can do that/);
    expect(t.fake.callsTo("views.open")).toEqual([]);
    expect(
      await t.db.prisma.contractEvent.findFirst({ where: { requestId: request.id, action: "refused" } }),
    ).toMatchObject({
      actorId: USERS.outsider,
      comment: "review",
    });
  });

  it("assigns, reviews and approves: the queue message is edited, the step threaded, the requester told", async () => {
    const request = await submitRequest();

    await click("contract_assign", request.id, USERS.approver);
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.thread_ts !== undefined && textOf(c).includes("took it"),
    );
    await click("contract_review_open", request.id, USERS.approver);
    const review = await t.fake.waitForCall("views.open");
    expect((review.body.view as { callback_id: string }).callback_id).toBe("contract_review");
    expect(slackLimitViolations(review.body.view as object, "modal")).toEqual([]);
    const res = await decide(request.id, USERS.approver, "approve");

    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "approved",
      assigneeId: USERS.approver,
    });
    await t.fake.waitForCall("chat.update", (c) => textOf(c).includes("Approved"));
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.thread_ts !== undefined && textOf(c).includes("approved it: all approvals given"),
    );
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) =>
        c.body.channel === USERS.csm &&
        /\*CR-\d+\* \(Renewal, Acme Corp, \$[\d,]+\) is approved by/.test(String(c.body.text)),
    );
    for (const call of t.fake.calls.filter((c) => c.method.startsWith("chat.")))
      expect(slackLimitViolations(call.body)).toEqual([]);
  });

  it("needs two different approvers for a large amount, and shows who still must approve", async () => {
    const request = await submitRequest({ amount: { amount: { value: "250000" } } });

    await decide(request.id, USERS.approver, "approve");
    const again = await decide(request.id, USERS.approver, "approve");
    await t.fake.waitForCall("chat.update", (c) =>
      textOf(c).includes("Second CS Ops approver: still needed"),
    );
    const second = await decide(request.id, USERS.secondApprover, "approve");

    expect(await again.json()).toMatchObject({
      response_action: "errors",
      errors: { decision: expect.stringMatching(/must be someone else/) },
    });
    expect(second.status).toBe(200);
    const stored = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored.status).toBe("approved");
    expect(stored.approvals).toMatchObject([{ userId: USERS.approver }, { userId: USERS.secondApprover }]);
  });

  it("records one decision when two approvers decide at the same moment", async () => {
    const request = await submitRequest();

    const answers = await Promise.all([
      decide(request.id, USERS.approver, "approve"),
      decide(request.id, USERS.secondApprover, "reject", "Wrong entity on the order form"),
    ]);

    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(bodies.filter((b) => b === "")).toHaveLength(1);
    expect(bodies.find((b) => b !== "")).toMatch(/already moved on/);
    const decisions = await t.db.prisma.contractEvent.findMany({
      where: { requestId: request.id, action: { in: ["approved", "rejected"] } },
    });
    expect(decisions).toHaveLength(1);
  });

  it("sends a request back for changes; the requester edits and resubmits it from the DM", async () => {
    const request = await submitRequest();
    const needsComment = await decide(request.id, USERS.approver, "request_changes");
    await decide(request.id, USERS.approver, "request_changes", "Please attach the signed PO");
    const dm = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === USERS.csm && textOf(c).includes("contract_edit"),
    );

    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_edit", value: String(request.id) },
        { userId: USERS.csm, responseUrl: t.fake.responseUrl() },
      ),
    );
    const edit = await t.fake.waitForCall("views.open");
    const metadata = (edit.body.view as { private_metadata: string }).private_metadata;
    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        intakeValues(await acmeId(), { links: { links: { value: "https://drive.example.com/signed-po" } } }),
        {
          userId: USERS.csm,
          privateMetadata: metadata,
        },
      ),
    );

    expect(await needsComment.json()).toMatchObject({
      errors: { comment: expect.stringMatching(/Say why/) },
    });
    expect(String(dm.body.text)).toContain("Please attach the signed PO");
    expect(res.status).toBe(200);
    const stored = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored).toMatchObject({
      status: "in_review",
      links: ["https://drive.example.com/signed-po"],
      approvals: [],
    });
    const trail = await t.db.prisma.contractEvent.findMany({
      where: { requestId: request.id },
      orderBy: { id: "asc" },
    });
    expect(trail.map((e) => e.action)).toEqual(["submitted", "changes_requested", "resubmitted"]);
  });

  it("lists the queue for CS Ops with /csops queue, and a requester's own requests with /contract status", async () => {
    await submitRequest();

    type Answer = { text: string; blocks?: unknown };
    const command = async (name: string, text: string, userId: string) =>
      (await (
        await t.app.slack.command(slashCommand(name, text, t.fake.responseUrl(), { user_id: userId }))
      ).json()) as Answer;
    const queue = await command("/csops", "queue", USERS.approver);
    const mine = await command("/contract", "status", USERS.csm);
    const outsider = await command("/csops", "queue", USERS.outsider);

    expect(queue.text).toMatch(/^CS Ops queue: \d+ yours, \d+ unassigned, \d+ overdue$/);
    expect(JSON.stringify(queue.blocks)).toContain("Acme Corp");
    expect(mine.text).toMatch(/^Your contract requests: \d+/);
    expect(outsider.text).toMatch(/^Only CS Ops approvers/);
  });

  it("shows CS Ops their queue, with its buttons, on the App Home tab, and a CSM their requests", async () => {
    await submitRequest();

    await t.app.slack.event(appHomeOpened(USERS.approver));
    await t.app.slack.event(appHomeOpened(USERS.csm));

    const ops = await t.fake.waitForCall("views.publish", (c) => c.body.user_id === USERS.approver);
    const csm = await t.fake.waitForCall("views.publish", (c) => c.body.user_id === USERS.csm);
    expect(textOf(ops)).toContain("Waiting on CS Ops");
    expect(textOf(ops)).toContain("contract_review_open");
    expect(textOf(csm)).not.toContain("Waiting on CS Ops");
    expect(textOf(csm)).toMatch(/Your open contract requests.*CR-\d+/);
    for (const view of [ops, csm]) expect(slackLimitViolations(view.body.view as object, "home")).toEqual([]);
  });

  it("answers a click from the App Home tab by DM, since it has no response_url", async () => {
    const request = await submitRequest();

    await t.app.slack.interaction(
      blockActions({ action_id: "contract_assign", value: String(request.id) }, { userId: USERS.outsider }),
    );

    const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.outsider);
    expect(String(dm.body.text)).toMatch(/^Only CS Ops approvers can do that/);
  });

  it("flags a request on its queue message once its SLA has run out, once", async () => {
    const request = await submitRequest({
      type: { contract_type: { selected_option: { value: "nda" } } },
      amount: { amount: { value: null } },
    });
    const sixDaysLater = new Date(now.getTime() + 6 * 86_400_000);
    const deps = { ...t.app.kuroko.wired.contracts, clock: () => sixDaysLater };

    const first = await flagOverdueRequests(deps);
    const second = await flagOverdueRequests(deps);

    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    await t.fake.waitForCall(
      "chat.update",
      (c) => textOf(c).includes(`CR-${request.number}`) && textOf(c).includes("overdue"),
    );
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) =>
        c.body.thread_ts !== undefined && String(c.body.text).startsWith(`⚠️ CR-${request.number} is overdue`),
    );
  });

  it("previews the daily digest privately with /csops digest", async () => {
    await t.app.slack.command(
      slashCommand("/csops", "digest", t.fake.responseUrl("digest"), { user_id: USERS.approver }),
    );

    const preview = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/digest");
    expect(preview.body.response_type).toBe("ephemeral");
    expect(String(preview.body.text)).toMatch(/^Daily at-risk digest 2026-11-22: 0 red/);
    expect(slackLimitViolations(preview.body)).toEqual([]);
  });
});

describe("telling accounts apart in the form", () => {
  const suggest = async (value: string) => {
    const res = await t.app.slack.interaction({
      type: "block_suggestion",
      action_id: "contract_account",
      block_id: "account",
      value,
      team: TEAM,
      user: { id: USERS.csm },
      api_app_id: "A0KUROKO",
      view: { id: "V1", callback_id: "contract_intake" },
    });
    return ((await res.json()) as { options: { text: { text: string } }[] }).options.map((o) => o.text.text);
  };

  it("shows each suggested account's CRM id, within Slack's 75 characters, even for a very long name", async () => {
    const long = `Globex ${"Holdings ".repeat(12)}`.trim();
    await upsertAccounts(
      t.db.prisma,
      [
        { line: 0, externalId: "CRM-0103", name: "Globex Japan" },
        { line: 0, externalId: "CRM-0104", name: long },
      ],
      [],
    );

    const texts = await suggest("glob");

    expect(texts).toContain("Globex Corporation · CRM-0002");
    expect(texts).toContain("Globex Japan · CRM-0103");
    const longText = texts.find((x) => x.endsWith(" · CRM-0104"));
    expect(longText).toMatch(/^Globex Holdings .*… · CRM-0104$/);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(75);
  });
});

describe("renewal paperwork", () => {
  it("proposes the account's ARR, in its currency, as the renewal's amount", async () => {
    await upsertAccounts(
      t.db.prisma,
      [{ line: 0, externalId: "CRM-0201", name: "Yen Renewals KK", arr: 1_200_000, currency: "JPY" }],
      ["arr", "currency"],
    );
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0201" } });
    const value = JSON.stringify({ accountId: account.id, type: "renewal", startDate: "2027-01-07" });

    await t.app.slack.interaction(
      blockActions({ action_id: "contract_open", value }, { responseUrl: t.fake.responseUrl() }),
    );

    const open = await t.fake.waitForCall("views.open");
    const blocks = (open.body.view as { blocks: { block_id: string; element: Record<string, unknown> }[] })
      .blocks;
    const element = (id: string) => blocks.find((b) => b.block_id === id)?.element;
    expect(element("amount")?.initial_value).toBe("1200000");
    expect(element("currency")?.initial_option).toEqual({
      text: { type: "plain_text", text: "JPY" },
      value: "JPY",
    });
  });
});

describe("/contract with a name that is not one account", () => {
  const accountField = async (text: string) => {
    await t.app.slack.command(slashCommand("/contract", text, t.fake.responseUrl()));
    const open = await t.fake.waitForCall("views.open", (c) =>
      JSON.stringify(c.body).includes("contract_intake"),
    );
    const view = open.body.view as {
      blocks: { block_id: string; hint?: { text: string }; element: { initial_option?: unknown } }[];
    };
    expect(slackLimitViolations(view, "modal")).toEqual([]);
    return view.blocks.find((b) => b.block_id === "account");
  };

  it("opens the form anyway, saying under the account field that several accounts match", async () => {
    await upsertAccounts(
      t.db.prisma,
      [
        { line: 0, externalId: "CRM-0301", name: "Initrode East" },
        { line: 0, externalId: "CRM-0302", name: "Initrode West" },
      ],
      [],
    );

    const field = await accountField("initrode");

    expect(field?.element.initial_option).toBeUndefined();
    expect(field?.hint).toEqual({ type: "plain_text", text: "Several accounts match “initrode”: pick one." });
  });

  it("opens the form anyway, saying under the account field that no account matches", async () => {
    const field = await accountField("zzz");

    expect(field?.element.initial_option).toBeUndefined();
    expect(field?.hint).toEqual({ type: "plain_text", text: "No account matches “zzz”: pick one." });
  });

  it("adds no hint when the account was found", async () => {
    const field = await accountField("acme");

    expect(field?.element.initial_option).toBeDefined();
    expect(field?.hint).toBeUndefined();
  });
});

describe("the account's context, for whoever handles the request", () => {
  it("shows ARR, renewal, band, owner, paperwork and the CRM link on the queue message and in the review", async () => {
    await upsertAccounts(
      t.db.prisma,
      [
        {
          line: 0,
          externalId: "CRM-0301",
          name: "Initech",
          arr: 180_000,
          currency: "USD",
          renewalDate: new Date("2027-01-06T00:00:00Z"),
          ownerSlackId: "U0CSM0002",
        },
      ],
      ["arr", "currency", "renewalDate", "ownerSlackId"],
    );
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0301" } });
    await t.db.prisma.healthSnapshot.create({
      data: {
        accountId: account.id,
        date: new Date("2026-11-21T00:00:00Z"),
        score: 72,
        band: "yellow",
        components: {},
        modelVersion: "test",
      },
    });

    await t.app.slack.interaction(
      viewSubmission("contract_intake", intakeValues(account.id), {
        userId: USERS.csm,
        privateMetadata: "{}",
      }),
    );
    const request = await t.db.prisma.contractRequest.findFirstOrThrow({ where: { accountId: account.id } });
    const line = `💰 $180,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 🟡 72/100, needs attention (yellow until it reaches 75) · 👤 <@U0CSM0002> · 📝 CR-${request.number} Renewal: submitted · 🔗 <https://crm.example.com/CRM-0301|CRM record CRM-0301>`;
    const queue = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === "C0QUEUE001" && textOf(c).includes("Initech"),
    );
    expect(JSON.stringify(queue.body.blocks)).toContain(line);
    expect(slackLimitViolations(queue.body)).toEqual([]);

    await click("contract_review_open", request.id, USERS.approver);
    const review = await t.fake.waitForCall("views.open");
    expect(JSON.stringify(review.body.view)).toContain(line);
    expect(slackLimitViolations(review.body.view as object, "modal")).toEqual([]);
  });
});

describe("whoever must act is told, once, and sees it (#13)", () => {
  const KENJI = USERS.approver;
  const MAYA = USERS.secondApprover;
  const dmChannel = (user: string) => `D${user.slice(1)}`;

  /** Waits (bounded) until the outbox has delivered everything enqueued so far. */
  async function delivered() {
    const deadline = Date.now() + 5_000;
    while ((await t.db.prisma.outboxMessage.count({ where: { status: "pending" } })) > 0) {
      if (Date.now() > deadline) throw new Error("the outbox did not drain within 5 s");
      t.app.kuroko.outbox.kick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const dmsTo = (user: string, number: number) =>
    t.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === user && String(c.body.text).includes(`CR-${number}`));

  const actionIds = (call: RecordedCall) =>
    ((call.body.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[])
      .filter((b) => b.type === "actions")
      .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

  /** A published Home's section texts, in order (an actions block reads as ""). */
  const linesOf = (publish: RecordedCall) =>
    ((publish.body.view as { blocks: { text?: { text: string } }[] }).blocks ?? []).map(
      (b) => b.text?.text ?? "",
    );
  /** The request lines a published Home lists under `title` ("Waiting on you", "Unassigned"). */
  const listedUnder = (publish: RecordedCall, title: string) => {
    const lines = linesOf(publish);
    const start = lines.indexOf(`*${title}*`);
    const listed: string[] = [];
    for (const line of start < 0 ? [] : lines.slice(start + 1)) {
      if (line === "") continue;
      if (!line.startsWith("*CR-")) break;
      listed.push(line);
    }
    return listed;
  };
  const lists = (publish: RecordedCall, title: string, number: number) =>
    listedUnder(publish, title).some((l) => l.startsWith(`*CR-${number}*`));

  /** A $264,000 renewal, taken by Kenji and approved by him: it now waits on Maya. */
  async function approvedByKenji() {
    const request = await submitRequest({ amount: { amount: { value: "264000" } } });
    await click("contract_assign", request.id, KENJI);
    await decide(request.id, KENJI, "approve");
    await delivered();
    return request;
  }

  it("DMs the second approver once, naming the request, account, amount and first approver, with Review", async () => {
    const request = await approvedByKenji();
    // A double click and a second try change nothing, and ask nobody again.
    await decide(request.id, KENJI, "approve");
    await click("contract_assign", request.id, KENJI);
    await delivered();

    const dms = dmsTo(MAYA, request.number);
    expect(dms).toHaveLength(1);
    expect(String(dms[0]!.body.text)).toMatch(
      new RegExp(
        `^\\*CR-${request.number}\\* \\(Renewal, Acme Corp, \\$264,000\\) waits on you: <@${KENJI}> approved it`,
      ),
    );
    expect(String(dms[0]!.body.text)).toContain(`Approved so far: ✅ CS Ops: <@${KENJI}>`);
    expect(actionIds(dms[0]!)).toEqual(["contract_review_open"]);
    expect(slackLimitViolations(dms[0]!.body)).toEqual([]);
    expect(dmsTo(KENJI, request.number)).toEqual([]);
    expect(
      await t.db.prisma.outboxMessage.count({
        where: { channel: MAYA, method: "chat.postMessage", dedupeKey: { startsWith: `cr:${request.id}:` } },
      }),
    ).toBe(1);
  });

  it("lists it under Waiting on you in her App Home (republished) and in /csops queue", async () => {
    const request = await approvedByKenji();

    const publish = await t.fake.waitForCall(
      "views.publish",
      (c) => c.body.user_id === MAYA && lists(c, "Waiting on you", request.number),
    );
    expect(slackLimitViolations(publish.body.view as object, "home")).toEqual([]);
    // First after the greeting (2 blocks) and the Away / cover button.
    expect(linesOf(publish).indexOf("*Waiting on you*")).toBe(3);
    const queue = (await (
      await t.app.slack.command(slashCommand("/csops", "queue", t.fake.responseUrl(), { user_id: MAYA }))
    ).json()) as { text: string; blocks: { text: { text: string } }[] };
    const waiting = queue.blocks.find((b) => b.text.text.startsWith("*Waiting on you*"));
    expect(waiting?.text.text).toContain(`*CR-${request.number}* Renewal · Acme Corp · $264,000`);
    expect(queue.text).toMatch(/^CS Ops queue: [1-9]\d* yours/);
  });

  it("republishes every CS Ops approver's Home with a new request under Unassigned", async () => {
    const request = await submitRequest();

    for (const user of [KENJI, MAYA])
      await t.fake.waitForCall(
        "views.publish",
        (c) => c.body.user_id === user && lists(c, "Unassigned", request.number),
      );
  });

  it("republishes App Home for everyone the change touches: the requester, the assignee, who it waits on", async () => {
    const request = await approvedByKenji();

    for (const user of [USERS.csm, KENJI, MAYA])
      await t.fake.waitForCall("views.publish", (c) => c.body.user_id === user);
    // Kenji decided from Home: his Home no longer lists it as waiting on him, nor as unassigned.
    await t.fake.waitForCall(
      "views.publish",
      (c) =>
        c.body.user_id === KENJI &&
        textOf(c).includes("Waiting on CS Ops") &&
        !lists(c, "Waiting on you", request.number) &&
        !lists(c, "Unassigned", request.number),
    );
  });

  it("takes Assign to me off once assigned, and Review off the queue message and the DM once decided", async () => {
    const request = await approvedByKenji();
    const queueEdits = () =>
      t.fake
        .callsTo("chat.update")
        .filter((c) => c.body.channel === "C0QUEUE001" && textOf(c).includes(`CR-${request.number}`));
    expect(queueEdits().length).toBeGreaterThan(0);
    for (const edit of queueEdits()) expect(actionIds(edit)).not.toContain("contract_assign");

    await decide(request.id, MAYA, "approve");
    await delivered();

    // Approved: no Assign or Review left; only the life cycle's next stage (sent for signature).
    expect(actionIds(queueEdits().at(-1)!)).toEqual(["contract_stage"]);
    const redrawn = t.fake
      .callsTo("chat.update")
      .filter((c) => c.body.channel === dmChannel(MAYA) && textOf(c).includes(`CR-${request.number}`));
    expect(redrawn).toHaveLength(1);
    expect(actionIds(redrawn[0]!)).toEqual([]);
    expect(textOf(redrawn[0]!)).toContain(
      `You approved it: all approvals given: CR-${request.number} is now *approved*`,
    );
    // Her Home no longer lists it.
    await t.fake.waitForCall(
      "views.publish",
      (c) =>
        c.body.user_id === MAYA &&
        textOf(c).includes("*Waiting on you*") &&
        !lists(c, "Waiting on you", request.number),
    );
  });

  it("names both approvers and the account in the requester's final DM", async () => {
    const request = await approvedByKenji();

    await decide(request.id, MAYA, "approve");

    const final = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === USERS.csm && String(c.body.text).includes("is approved by"),
    );
    expect(String(final.body.text)).toBe(
      `*CR-${request.number}* (Renewal, Acme Corp, $264,000) is approved by <@${KENJI}> and <@${MAYA}>. ✅`,
    );
    for (const dm of t.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === USERS.csm))
      expect(String(dm.body.text)).toContain("Acme Corp");
  });

  it("asks the requester once to edit, and takes Edit and resubmit off that DM once resubmitted", async () => {
    const request = await submitRequest();
    await click("contract_assign", request.id, KENJI);
    await decide(request.id, KENJI, "request_changes", "Attach the signed PO");
    const ask = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === USERS.csm && textOf(c).includes("contract_edit"),
    );
    expect(String(ask.body.text)).toMatch(
      new RegExp(`^<@${KENJI}> asks for changes to \\*CR-${request.number}\\* \\(Renewal, Acme Corp, \\$`),
    );

    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_edit", value: String(request.id) },
        { userId: USERS.csm, responseUrl: t.fake.responseUrl() },
      ),
    );
    const edit = await t.fake.waitForCall("views.open");
    await t.app.slack.interaction(
      viewSubmission(
        "contract_intake",
        // The request's own term: another request's would be refused as a second renewal.
        intakeValues(await acmeId(), {
          start_date: { start_date: { type: "datepicker", selected_date: isoDay(request.startDate!) } },
        }),
        {
          userId: USERS.csm,
          privateMetadata: (edit.body.view as { private_metadata: string }).private_metadata,
        },
      ),
    );
    await delivered();

    expect(
      dmsTo(USERS.csm, request.number).filter((c) => actionIds(c).includes("contract_edit")),
    ).toHaveLength(1);
    const redrawn = t.fake
      .callsTo("chat.update")
      .filter((c) => c.body.channel === dmChannel(USERS.csm) && textOf(c).includes(`CR-${request.number}`));
    expect(redrawn).toHaveLength(1);
    expect(actionIds(redrawn[0]!)).toEqual([]);
    expect(textOf(redrawn[0]!)).toContain("Attach the signed PO");
    // The assignee is asked to review it again, once.
    const back = dmsTo(KENJI, request.number);
    expect(back).toHaveLength(1);
    expect(String(back[0]!.body.text)).toContain(`<@${USERS.csm}> resubmitted it with changes`);
  });

  it("shows the reviewer the account's health and its 30-day change, its other requests and the approval path", async () => {
    await upsertAccounts(
      t.db.prisma,
      [
        {
          line: 0,
          externalId: "CRM-1301",
          name: "Umbrella Corp",
          arr: 240_000,
          currency: "USD",
          renewalDate: new Date("2027-01-06T00:00:00Z"),
        },
      ],
      ["arr", "currency", "renewalDate"],
    );
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-1301" } });
    for (const [date, score, band] of [
      ["2026-10-20", 92, "green"],
      ["2026-11-21", 45, "yellow"],
    ] as const)
      await t.db.prisma.healthSnapshot.create({
        data: {
          accountId: account.id,
          date: new Date(`${date}T00:00:00Z`),
          score,
          band,
          components: {},
          modelVersion: "test",
        },
      });
    const submit = async (values: Record<string, Record<string, unknown>>) => {
      await t.app.slack.interaction(
        viewSubmission("contract_intake", intakeValues(account.id, values), {
          userId: USERS.csm,
          privateMetadata: "{}",
        }),
      );
      return t.db.prisma.contractRequest.findFirstOrThrow({
        where: { accountId: account.id },
        orderBy: { id: "desc" },
      });
    };
    const nda = await submit({
      type: { contract_type: { selected_option: { value: "nda" } } },
      amount: { amount: { value: null } },
    });
    const upsell = await submit({
      type: { contract_type: { selected_option: { value: "upsell" } } },
      amount: { amount: { value: "90000" } },
    });
    await decide(upsell.id, KENJI, "approve");

    await click("contract_review_open", upsell.id, MAYA);

    const review = await t.fake.waitForCall("views.open");
    const view = review.body.view as object;
    expect(slackLimitViolations(view, "modal")).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toContain(
      "*Health*\\n🟡 45/100, needs attention · 📉 down 47 points in 30 days (92 on 2026-10-20)",
    );
    expect(text).toContain("💰 $240,000 ARR · 📅 renews 2027-01-06");
    expect(text).toContain(
      `*Other requests for Umbrella Corp* (open, or from the last 90 days)\\n• 📥 CR-${nda.number} NDA: submitted (2026-11-22)`,
    );
    expect(text).toMatch(
      new RegExp(
        `\\*Approval path\\*\\\\n1\\. ✅ CS Ops: <@${KENJI}>, <!date\\^\\d+\\^[^>]+>\\\\n2\\. ⏳ Second CS Ops approver: <@${MAYA}>`,
      ),
    );
    expect(text).not.toContain("(required unless approving)");
  });

  it("tells someone outside CS Ops to ask their CS Ops team, and logs the setting for the admin once", async () => {
    const request = await submitRequest();

    await click("contract_review_open", request.id, USERS.outsider, t.fake.responseUrl("r1"));
    await click("contract_assign", request.id, USERS.outsider, t.fake.responseUrl("r2"));

    const answers = [
      await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/r1"),
      await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/r2"),
    ];
    for (const answer of answers) {
      expect(String(answer.body.text)).toBe(
        "Only CS Ops approvers can do that. If you should be one, ask your CS Ops team.",
      );
      expect(String(answer.body.text)).not.toMatch(/CS_OPS|[A-Z]{2,}_[A-Z_]+/);
    }
    const logged = t.app.logs.filter((l) => l.includes(USERS.outsider) && l.includes("CS_OPS_APPROVER_IDS"));
    expect(logged).toHaveLength(1);
  });
});
