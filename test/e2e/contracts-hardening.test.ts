import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import type { TestDatabase } from "../support/database.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, TEAM, USERS, viewSubmission } from "../support/payloads.js";

/** Forged payloads, replays and separation of duties, from outside: signed HTTP, a real database. */

const THIRD_APPROVER = "U0OPS0003";
const now = new Date("2026-11-22T09:00:00Z");
const seed = (db: TestDatabase) =>
  upsertAccounts(
    db.prisma,
    [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", domain: "acme.com", currency: "USD" }],
    ["domain", "currency"],
  );
const t = useApp({
  now,
  env: { CS_OPS_APPROVER_IDS: `${USERS.approver},${USERS.secondApprover},${THIRD_APPROVER}` },
});
beforeEach(async () => {
  await t.db.reset();
  await seed(t.db);
});
// What a test sent is delivered before the fake Slack forgets it, not during the next test.
afterEach(() => t.app.kuroko.outbox.idle());

const acmeId = async () =>
  (await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } })).id;

const acmeForm = async (overrides: Record<string, Record<string, unknown>> = {}) =>
  intakeValues(await acmeId(), overrides);

const submit = async (
  overrides: Record<string, Record<string, unknown>> = {},
  options: { userId?: string; viewId?: string; privateMetadata?: string } = {},
) =>
  t.app.slack.interaction(
    viewSubmission("contract_intake", await acmeForm(overrides), { privateMetadata: "{}", ...options }),
  );

/** Submits a request and waits until its queue message is out. */
async function logRequest(
  overrides: Record<string, Record<string, unknown>> = {},
  userId: string = USERS.csm,
) {
  const res = await submit(overrides, { userId });
  expect(await res.text()).toBe("");
  const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
  await t.fake.waitForCall(
    "chat.postMessage",
    (c) => c.body.channel === "C0QUEUE001" && JSON.stringify(c.body).includes(`CR-${request.number}`),
  );
  return request;
}

const decide = (
  requestId: number,
  userId: string,
  decision: string,
  comment = "",
  privateMetadata = JSON.stringify({ requestId, version: 0 }),
) =>
  t.app.slack.interaction(
    viewSubmission(
      "contract_review",
      {
        decision: { decision: { type: "radio_buttons", selected_option: { value: decision } } },
        comment: { comment: { type: "plain_text_input", value: comment } },
      },
      { userId, privateMetadata },
    ),
  );

const refusals = (requestId: number) =>
  t.db.prisma.contractEvent.findMany({ where: { requestId, action: "refused" }, orderBy: { id: "asc" } });

/**
 * Holds every table a submission touches locked (every query waits, on PGlite and PostgreSQL
 * alike) until `release`: a database that stalls for as long as the test needs.
 */
async function stallDatabase(): Promise<{ release(): void; done: Promise<unknown> }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const done = t.db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(
        "LOCK TABLE accounts, contract_requests, contract_events IN ACCESS EXCLUSIVE MODE",
      );
      locked();
      await gate;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
  await isLocked;
  return { release, done };
}

const chatCalls = () => t.fake.calls.filter((c) => c.method.startsWith("chat.") || c.method === "views.open");
const textOf = (call: RecordedCall) => JSON.stringify(call.body);

describe("separation of duties", () => {
  it("refuses, audits and explains a requester's approval of their own request", async () => {
    const request = await logRequest({}, USERS.approver);

    const res = await decide(request.id, USERS.approver, "approve");

    expect(await res.json()).toEqual({
      response_action: "errors",
      errors: { decision: expect.stringMatching(/you asked for it/i) },
    });
    expect((await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "submitted",
    );
    expect(await refusals(request.id)).toMatchObject([
      { actorId: USERS.approver, comment: "decide: approve" },
    ]);
  });

  it("does not offer Approve to the requester in the review modal", async () => {
    const request = await logRequest({}, USERS.approver);

    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_review_open", value: String(request.id) },
        {
          userId: USERS.approver,
          responseUrl: t.fake.responseUrl(),
          channel: "C0QUEUE001",
          messageTs: "1.1",
        },
      ),
    );

    const open = await t.fake.waitForCall("views.open");
    const decision = (
      open.body.view as { blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] }
    ).blocks.find((b) => b.block_id === "decision");
    expect(decision?.element?.options?.map((o) => o.value)).toEqual(["request_changes", "reject"]);
    expect(textOf(open)).toMatch(/you asked for it/i);
  });

  it("needs two approvers besides the requester for a two-step request", async () => {
    const request = await logRequest({ amount: { amount: { value: "250000" } } }, USERS.approver);

    const first = await decide(request.id, USERS.secondApprover, "approve");
    const own = await decide(request.id, USERS.approver, "approve");
    const second = await decide(request.id, THIRD_APPROVER, "approve");

    expect(first.status).toBe(200);
    expect(await own.json()).toMatchObject({ response_action: "errors" });
    expect(second.status).toBe(200);
    const stored = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored.status).toBe("approved");
    expect(stored.approvals).toMatchObject([{ userId: USERS.secondApprover }, { userId: THIRD_APPROVER }]);
  });
});

/** Clicks Review on the queue message; resolves with the private_metadata of the modal it opens. */
async function openReview(requestId: number, userId: string): Promise<string> {
  const before = t.fake.callsTo("views.open").length;
  await t.app.slack.interaction(
    blockActions(
      { action_id: "contract_review_open", value: String(requestId) },
      { userId, responseUrl: t.fake.responseUrl(), channel: "C0QUEUE001", messageTs: "1.1" },
    ),
  );
  const open = await t.fake.waitForCall("views.open", () => t.fake.callsTo("views.open").length > before);
  return (open.body.view as { private_metadata: string }).private_metadata;
}

describe("a review modal left open", () => {
  it("refuses a review submitted from a modal opened before a resubmission", async () => {
    const request = await logRequest();
    const seen = await openReview(request.id, USERS.approver);
    await decide(request.id, USERS.secondApprover, "request_changes", "Attach the signed PO");
    const resubmitted = await submit({}, { privateMetadata: JSON.stringify({ requestId: request.id }) });
    expect(await resubmitted.text()).toBe("");

    const stale = await decide(request.id, USERS.approver, "approve", "", seen);

    expect(await stale.json()).toMatchObject({
      response_action: "errors",
      errors: { decision: expect.stringMatching(/resubmitted after you opened it/) },
    });
    expect(await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "in_review",
      approvals: [],
    });
  });

  it("decides from Review opened again after the resubmission", async () => {
    const request = await logRequest();
    await decide(request.id, USERS.secondApprover, "request_changes", "Attach the signed PO");
    await submit({}, { privateMetadata: JSON.stringify({ requestId: request.id }) });

    const fresh = await openReview(request.id, USERS.approver);
    const res = await decide(request.id, USERS.approver, "approve", "", fresh);

    expect(await res.text()).toBe("");
    expect((await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "approved",
    );
  });

  it("does not approve a request edited and resubmitted after the modal opened", async () => {
    const request = await logRequest();
    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_review_open", value: String(request.id) },
        {
          userId: USERS.approver,
          responseUrl: t.fake.responseUrl(),
          channel: "C0QUEUE001",
          messageTs: "1.1",
        },
      ),
    );
    const seen = (await t.fake.waitForCall("views.open")).body.view as { private_metadata: string };
    await decide(request.id, USERS.secondApprover, "request_changes", "Wrong amount");
    await submit(
      { amount: { amount: { value: "900000" } } },
      { privateMetadata: JSON.stringify({ requestId: request.id }) },
    );

    const stale = await decide(request.id, USERS.approver, "approve", "", seen.private_metadata);

    expect(await stale.json()).toMatchObject({
      response_action: "errors",
      errors: { decision: expect.stringMatching(/resubmitted after you opened it/) },
    });
    expect(await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "in_review",
      approvals: [],
    });
  });
});

describe("links and text typed into the form", () => {
  it("never lets a link line mention @channel, @here or a user, or disguise itself", async () => {
    const links = [
      "https://x.example/a><!channel><https://y.example",
      "https://x.example/?q=<!here>&r=<@U0OUT0001>",
      "https://evil.example/|Signed-MSA-(legal-approved)",
    ].join("\n");

    const request = await logRequest({
      links: { links: { value: links } },
      notes: { notes: { value: "ping <!channel> & <@U0OUT0001>" } },
    });
    await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.csm);

    const queue = t.fake.calls.find(
      (c) => c.body.channel === "C0QUEUE001" && textOf(c).includes(`CR-${request.number}`),
    )!;
    expect(request.links).toEqual([
      "https://x.example/a%3E%3C!channel%3E%3Chttps://y.example",
      "https://x.example/?q=%3C!here%3E&r=%3C@U0OUT0001%3E",
      "https://evil.example/%7CSigned-MSA-(legal-approved)",
    ]);
    expect(textOf(queue)).toContain("<https://x.example/?q=%3C!here%3E&amp;r=%3C@U0OUT0001%3E>");
    for (const call of chatCalls()) {
      expect(textOf(call)).not.toMatch(/<!(channel|here)|<@U0OUT0001|\|Signed/);
    }
  });

  it("refuses links with spaces, control characters or no http(s)", async () => {
    for (const bad of [
      "https://evil.example/ |Signed MSA (legal-approved)",
      "<!here>",
      "javascript:alert(1)",
      "https://a.example/\u0000",
      "https://docs.example.com@evil.example/",
    ]) {
      const res = await submit({ links: { links: { value: bad } } });
      expect(await res.json(), bad).toMatchObject({
        response_action: "errors",
        errors: { links: expect.any(String) },
      });
    }
    expect(await t.db.prisma.contractRequest.count()).toBe(0);
  });
});

describe("one request per submitted form", () => {
  it("stores one request, one queue post and one DM however often the same form arrives", async () => {
    const viewId = "V0DOUBLE01";
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit({}, { viewId })));
    const late = await submit({}, { viewId });

    for (const answer of [...answers, late]) {
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe("");
    }
    expect(await t.db.prisma.contractRequest.count()).toBe(1);
    await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.csm);
    await t.app.kuroko.outbox.idle();
    expect(t.fake.callsTo("chat.postMessage").map((c) => c.body.channel)).toEqual(["C0QUEUE001", USERS.csm]);
    // No request number was spent on a duplicate: the next form (the next term's renewal) gets the next one.
    const nextTerm = { start_date: { start_date: { type: "datepicker", selected_date: "2027-03-01" } } };
    expect(await (await submit(nextTerm, { viewId: "V0NEXT0001" })).text()).toBe("");
    const numbers = (await t.db.prisma.contractRequest.findMany({ orderBy: { id: "asc" } })).map(
      (r) => r.number,
    );
    expect(numbers[1]).toBe(numbers[0]! + 1);
  });

  it("answers within Slack's 3 s while the database stalls, and the retried form finds the first request", async () => {
    const form = viewSubmission("contract_intake", await acmeForm(), {
      privateMetadata: "{}",
      viewId: "V0STALL001",
    });
    const stall = await stallDatabase();
    const logs = () => t.app.logs.slice(logsBefore);
    const logsBefore = t.app.logs.length;

    const started = Date.now();
    const first = await t.app.slack.interaction(form);
    const firstMs = Date.now() - started;
    const retry = await t.app.slack.interaction(form);
    stall.release();
    await stall.done;

    expect(firstMs).toBeLessThan(3_000);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await first.text()).toBe("");
    expect(await retry.text()).toBe("");
    // Both deliveries finish their write after the form closed: the second finds the first.
    await vi.waitFor(
      () => expect(logs().filter((l) => l.includes("a form closed early is stored"))).toHaveLength(2),
      { timeout: 10_000 },
    );
    expect(logs().filter((l) => l.includes("(it had been already)"))).toHaveLength(1);
    await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.csm, 10_000);
    await t.app.kuroko.outbox.idle();
    expect(await t.db.prisma.contractRequest.count()).toBe(1);
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });
});

describe("a form closed before the slow database stored it", () => {
  it("is DMed to its requester when it could not be stored after all", async () => {
    const form = viewSubmission(
      "contract_intake",
      await acmeForm({
        account: { contract_account: { selected_option: { value: "99999" } } },
      }),
      { privateMetadata: "{}" },
    );
    const stall = await stallDatabase();

    const res = await t.app.slack.interaction(form);
    stall.release();
    await stall.done;

    expect(await res.text()).toBe("");
    const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.csm, 10_000);
    expect(String(dm.body.text)).toBe(
      "Your contract request was not logged: That account is not in Kuroko: choose one from the list.",
    );
    expect(await t.db.prisma.contractRequest.count()).toBe(0);
  });
});

describe("forged payloads", () => {
  it.each([
    ["an unknown type", { type: { contract_type: { selected_option: { value: "toString" } } } }, "type"],
    [
      "a prototype key as type",
      { type: { contract_type: { selected_option: { value: "__proto__" } } } },
      "type",
    ],
    [
      "an unknown priority",
      { priority: { priority: { selected_option: { value: "toString" } } } },
      "priority",
    ],
    ["a lower-case currency", { currency: { currency: { selected_option: { value: "usd" } } } }, "currency"],
    ["a made-up currency", { currency: { currency: { selected_option: { value: "ABC" } } } }, "currency"],
    ["an amount that rounds to 0", { amount: { amount: { value: "0.001" } } }, "amount"],
    ["an amount too large to store", { amount: { amount: { value: "1e20" } } }, "amount"],
    [
      "a date that does not exist",
      { start_date: { start_date: { selected_date: "2027-02-30" } } },
      "start_date",
    ],
    ["an absurd start date", { start_date: { start_date: { selected_date: "0001-01-01" } } }, "start_date"],
    ["an absurd due date", { due_date: { due_date: { selected_date: "9999-12-31" } } }, "due_date"],
    ["a date that is not one", { due_date: { due_date: { selected_date: "soon" } } }, "due_date"],
    ["a term that is not whole months", { term: { term: { value: "0x0C" } } }, "term"],
    ["a 1,000,000-character note", { notes: { notes: { value: "x".repeat(1_000_000) } } }, "notes"],
    ["a NUL byte in the notes", { notes: { notes: { value: "signed\u0000" } } }, "notes"],
    [
      "an account id beyond the column",
      { account: { contract_account: { selected_option: { value: "99999999999" } } } },
      "account",
    ],
  ])("answers %s with a field error", async (_what, overrides, block) => {
    const res = await submit(overrides);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      response_action: "errors",
      errors: { [block]: expect.any(String) },
    });
    expect(await t.db.prisma.contractRequest.count()).toBe(0);
  });

  it("answers an account search that is not text, or far longer than a name, with no options", async () => {
    const search = (value: unknown) =>
      t.app.slack.interaction({
        type: "block_suggestion",
        action_id: "contract_account",
        block_id: "account",
        value,
        team: TEAM,
        user: { id: USERS.csm },
        api_app_id: "A0KUROKO",
        view: { id: "V1", callback_id: "contract_intake" },
      });

    const answers = await Promise.all([search(12), search("acme ".repeat(100_000))]);

    for (const answer of answers) expect(await answer.json()).toEqual({ options: [] });
  });

  it("answers a form whose private_metadata is not JSON with a clear error", async () => {
    const intake = await submit({}, { privateMetadata: "{not json" });
    const review = await decide(1, USERS.approver, "approve", "", "{not json");

    expect(await intake.json()).toMatchObject({
      response_action: "errors",
      errors: { type: expect.any(String) },
    });
    expect(await review.json()).toMatchObject({
      response_action: "errors",
      errors: { decision: expect.stringMatching(/open Review again/) },
    });
    expect(await t.db.prisma.contractRequest.count()).toBe(0);
  });

  it("refuses a decision that is not one of the options, and an overlong or NUL comment", async () => {
    const request = await logRequest();

    const answers = await Promise.all([
      decide(request.id, USERS.approver, "toString"),
      decide(request.id, USERS.approver, "__proto__"),
      decide(request.id, USERS.approver, "reject", "x".repeat(2_001)),
      decide(request.id, USERS.approver, "reject", "no\u0000"),
    ]);

    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(bodies.map((b) => Object.keys((b as { errors: object }).errors))).toEqual([
      ["decision"],
      ["decision"],
      ["comment"],
      ["comment"],
    ]);
    expect(await t.db.prisma.contractEvent.count({ where: { requestId: request.id } })).toBe(1);
  });
});

describe("refused edits and resubmits", () => {
  it("audits an Edit click and a resubmission from someone who is not the requester", async () => {
    const request = await logRequest();
    await decide(request.id, USERS.approver, "request_changes", "Attach the PO");

    await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_edit", value: String(request.id) },
        { userId: USERS.outsider, responseUrl: t.fake.responseUrl("edit") },
      ),
    );
    await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/edit");
    const res = await submit(
      {},
      { userId: USERS.outsider, privateMetadata: JSON.stringify({ requestId: request.id }) },
    );

    expect(await res.json()).toMatchObject({ response_action: "errors" });
    expect(await refusals(request.id)).toMatchObject([
      { actorId: USERS.outsider, comment: "edit" },
      { actorId: USERS.outsider, comment: "resubmit" },
    ]);
  });

  it("audits a resubmission of a request that is no longer waiting for changes", async () => {
    const request = await logRequest();

    const res = await submit({}, { privateMetadata: JSON.stringify({ requestId: request.id }) });

    expect(await res.json()).toMatchObject({
      response_action: "errors",
      errors: { type: expect.any(String) },
    });
    expect(await refusals(request.id)).toMatchObject([{ actorId: USERS.csm, comment: "resubmit" }]);
  });
});
