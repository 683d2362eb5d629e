import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays, isoDay } from "../../src/time.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, slashCommand, USERS, viewSubmission } from "../support/payloads.js";

/** Withdraw, reassign, unassign, and the stages after approval, driven as Slack drives them. */

const now = new Date("2026-11-22T09:00:00Z");
const t = useApp({
  now,
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", domain: "acme.com", currency: "USD" }],
      ["domain", "currency"],
    );
  },
});

const textOf = (call: RecordedCall) => JSON.stringify(call.body);
let submissions = 0;

async function submitRequest(overrides: Record<string, Record<string, unknown>> = {}) {
  const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } });
  const start = isoDay(addDays(new Date("2027-01-06T00:00:00Z"), 20 * ++submissions));
  await t.app.slack.interaction(
    viewSubmission(
      "contract_intake",
      intakeValues(account.id, { start_date: { start_date: { selected_date: start } }, ...overrides }),
      { userId: USERS.csm, privateMetadata: "{}" },
    ),
  );
  const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
  await t.fake.waitForCall(
    "chat.postMessage",
    (c) => c.body.channel === "C0QUEUE001" && textOf(c).includes(`CR-${request.number}`),
  );
  return request;
}

const click = (
  actionId: string,
  value: string | number,
  userId: string,
  responseUrl = t.fake.responseUrl(),
) =>
  t.app.slack.interaction(
    blockActions(
      { action_id: actionId, value: String(value) },
      { userId, responseUrl, channel: "C0QUEUE001", messageTs: "1.1" },
    ),
  );

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

/** Opens a modal from a button and returns its view. */
async function openModal(actionId: string, value: string | number, userId: string, callbackId: string) {
  await click(actionId, value, userId);
  const open = await t.fake.waitForCall(
    "views.open",
    (c) => (c.body.view as { callback_id: string }).callback_id === callbackId,
  );
  const view = open.body.view as { private_metadata: string };
  expect(slackLimitViolations(view as object, "modal")).toEqual([]);
  return view;
}

const stored = (id: number) => t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id } });
const actions = async (id: number) =>
  (await t.db.prisma.contractEvent.findMany({ where: { requestId: id }, orderBy: { id: "asc" } })).map(
    (e) => e.action,
  );

describe("reassigning and unassigning from the queue message", () => {
  it("hands a request to another approver, who is told; a second delivery of the form changes nothing", async () => {
    const request = await submitRequest();
    await click("contract_assign", request.id, USERS.approver);
    await t.fake.waitForCall("chat.update", (c) => textOf(c).includes("contract_reassign_open"));

    const view = await openModal("contract_reassign_open", request.id, USERS.approver, "contract_reassign");
    const form = viewSubmission(
      "contract_reassign",
      { assignee: { assignee: { type: "users_select", selected_user: USERS.secondApprover } } },
      { userId: USERS.approver, privateMetadata: view.private_metadata, viewId: "VREASSIGN1" },
    );
    const first = await t.app.slack.interaction(form);
    const again = await t.app.slack.interaction(form);

    expect(await first.text()).toBe("");
    expect(await again.text()).toBe("");
    expect(await stored(request.id)).toMatchObject({ assigneeId: USERS.secondApprover, status: "in_review" });
    expect(await actions(request.id)).toEqual(["submitted", "assigned", "reassigned"]);
    const told = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === USERS.secondApprover);
    // One DM, asking them (Review), naming the request, the account and who handed it over.
    expect(String(told.body.text)).toMatch(
      new RegExp(
        `^\\*CR-${request.number}\\* \\(Renewal, Acme Corp.*waits on you: <@${USERS.approver}> gave it to you to review`,
      ),
    );
    expect(JSON.stringify(told.body)).toContain("contract_review_open");
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) =>
        c.body.thread_ts !== undefined && textOf(c).includes(`reassigned it to <@${USERS.secondApprover}>`),
    );
  });

  it("refuses a person who is not a CS Ops approver as the new assignee, under the field", async () => {
    const request = await submitRequest();
    const view = await openModal("contract_reassign_open", request.id, USERS.approver, "contract_reassign");

    const res = await t.app.slack.interaction(
      viewSubmission(
        "contract_reassign",
        { assignee: { assignee: { type: "users_select", selected_user: USERS.outsider } } },
        { userId: USERS.approver, privateMetadata: view.private_metadata },
      ),
    );

    expect(await res.json()).toMatchObject({
      response_action: "errors",
      errors: { assignee: expect.stringMatching(/not a CS Ops approver/) },
    });
    expect((await stored(request.id)).assigneeId).toBeNull();
  });

  it("puts an assigned request back in the pool; a double click unassigns once; outsiders are refused and audited", async () => {
    const request = await submitRequest();
    await click("contract_assign", request.id, USERS.approver);
    await t.fake.waitForCall("chat.update", (c) => textOf(c).includes("contract_unassign"));

    await click("contract_unassign", request.id, USERS.outsider, t.fake.responseUrl("outsider"));
    await Promise.all([
      click("contract_unassign", request.id, USERS.approver),
      click("contract_unassign", request.id, USERS.approver, t.fake.responseUrl("second")),
    ]);

    expect(await stored(request.id)).toMatchObject({ assigneeId: null, status: "submitted" });
    expect((await actions(request.id)).filter((a) => a === "unassigned")).toHaveLength(1);
    const refused = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/outsider");
    expect(String(refused.body.text)).toMatch(/^Only CS Ops approvers/);
    expect(await actions(request.id)).toContain("refused");
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) =>
        c.body.channel === USERS.csm && /is back in the CS Ops queue, unassigned/.test(String(c.body.text)),
    );
  });
});

describe("withdrawing by the requester", () => {
  it("takes the request out of the queue with a reason: audited, the message redrawn without buttons", async () => {
    const request = await submitRequest();
    const view = await openModal("contract_withdraw_open", request.id, USERS.csm, "contract_withdraw");
    const submit = (reason: string) =>
      t.app.slack.interaction(
        viewSubmission(
          "contract_withdraw",
          { reason: { reason: { type: "plain_text_input", value: reason } } },
          { userId: USERS.csm, privateMetadata: view.private_metadata },
        ),
      );

    const empty = await submit("   ");
    const done = await submit("The customer signed the old terms after all");

    expect(await empty.json()).toMatchObject({ errors: { reason: expect.stringMatching(/Say why/) } });
    expect(await done.text()).toBe("");
    expect(await stored(request.id)).toMatchObject({
      status: "withdrawn",
      withdrawnReason: "The customer signed the old terms after all",
      closedAt: expect.any(Date),
    });
    expect(await actions(request.id)).toEqual(["submitted", "withdrawn"]);
    const redrawn = await t.fake.waitForCall("chat.update", (c) => textOf(c).includes("Withdrawn"));
    expect(textOf(redrawn)).not.toContain("contract_review_open");
    expect(textOf(redrawn)).not.toContain("contract_withdraw_open");
    const queue = (await (
      await t.app.slack.command(
        slashCommand("/csops", "queue", t.fake.responseUrl(), { user_id: USERS.approver }),
      )
    ).json()) as { text: string; blocks: unknown };
    expect(JSON.stringify(queue.blocks)).not.toContain(`CR-${request.number}`);
  });

  it("takes the button off the DM of whoever it waited on, and republishes their Home", async () => {
    const request = await submitRequest();
    await click("contract_assign", request.id, USERS.approver);
    const reassign = await openModal(
      "contract_reassign_open",
      request.id,
      USERS.approver,
      "contract_reassign",
    );
    await t.app.slack.interaction(
      viewSubmission(
        "contract_reassign",
        { assignee: { assignee: { type: "users_select", selected_user: USERS.secondApprover } } },
        { userId: USERS.approver, privateMetadata: reassign.private_metadata },
      ),
    );
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === USERS.secondApprover && textOf(c).includes("contract_review_open"),
    );
    const withdraw = await openModal("contract_withdraw_open", request.id, USERS.csm, "contract_withdraw");

    await t.app.slack.interaction(
      viewSubmission(
        "contract_withdraw",
        { reason: { reason: { type: "plain_text_input", value: "Logged twice" } } },
        { userId: USERS.csm, privateMetadata: withdraw.private_metadata },
      ),
    );

    const redrawn = await t.fake.waitForCall(
      "chat.update",
      (c) => textOf(c).includes(`CR-${request.number}`) && textOf(c).includes("withdrew it"),
    );
    expect(textOf(redrawn)).not.toContain("contract_review_open");
    await t.fake.waitForCall(
      "views.publish",
      (c) => c.body.user_id === USERS.secondApprover && !textOf(c).includes(`CR-${request.number}`),
    );
  });

  it("lets nobody else withdraw it, and not once an approval is given", async () => {
    const request = await submitRequest({ amount: { amount: { value: "264000" } } });

    await click("contract_withdraw_open", request.id, USERS.approver, t.fake.responseUrl("other"));
    await decide(request.id, USERS.approver);
    await click("contract_withdraw_open", request.id, USERS.csm, t.fake.responseUrl("late"));

    const other = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/other");
    const late = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/late");
    expect(String(other.body.text)).toMatch(/only the requester can withdraw it/);
    expect(String(late.body.text)).toMatch(/approval already: ask CS Ops to reject it/);
    expect((await stored(request.id)).status).toBe("awaiting_second_approval");
    expect(t.fake.callsTo("views.open")).toEqual([]);
  });
});

describe("after approval", () => {
  it("moves through sent for signature → signed (with the document's link) → booked, each audited once", async () => {
    const request = await submitRequest();
    await decide(request.id, USERS.approver);
    await t.fake.waitForCall("chat.update", (c) =>
      textOf(c).includes(`"value":"${request.id}:sent_for_signature"`),
    );

    await Promise.all([
      click("contract_stage", `${request.id}:sent_for_signature`, USERS.approver),
      click("contract_stage", `${request.id}:sent_for_signature`, USERS.approver),
    ]);
    await t.fake.waitForCall("chat.update", (c) => textOf(c).includes(`"value":"${request.id}:signed"`));
    const view = await openModal(
      "contract_stage",
      `${request.id}:signed`,
      USERS.approver,
      "contract_document",
    );
    const sign = (url: string) =>
      t.app.slack.interaction(
        viewSubmission(
          "contract_document",
          { document_url: { document_url: { type: "url_text_input", value: url } } },
          { userId: USERS.approver, privateMetadata: view.private_metadata },
        ),
      );
    const bad = await sign("ftp://files.example.com/acme.pdf");
    const good = await sign("https://docs.example.com/acme-signed.pdf");
    await click("contract_stage", `${request.id}:booked`, USERS.approver);

    expect(await bad.json()).toMatchObject({
      errors: { document_url: expect.stringMatching(/not a web link/) },
    });
    expect(await good.text()).toBe("");
    expect(await stored(request.id)).toMatchObject({
      status: "approved",
      stage: "booked",
      documentUrl: "https://docs.example.com/acme-signed.pdf",
      stageChangedAt: now,
    });
    expect(await actions(request.id)).toEqual([
      "submitted",
      "approved",
      "stage:sent_for_signature",
      "stage:signed",
      "stage:booked",
    ]);
    const dm = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === USERS.csm && textOf(c).includes("*Signed*"),
    );
    expect(String(dm.body.text)).toContain("<https://docs.example.com/acme-signed.pdf>");
    const last = await t.fake.waitForCall("chat.update", (c) => textOf(c).includes("Booked in the CRM"));
    expect(textOf(last)).not.toContain("contract_stage");
    for (const call of t.fake.calls.filter((c) => c.method.startsWith("chat.")))
      expect(slackLimitViolations(call.body)).toEqual([]);
  });

  it("refuses a stage to someone outside CS Ops, and audits the attempt", async () => {
    const request = await submitRequest();
    await decide(request.id, USERS.approver);

    await click("contract_stage", `${request.id}:sent_for_signature`, USERS.csm, t.fake.responseUrl("csm"));

    const refused = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/csm");
    expect(String(refused.body.text)).toMatch(/^Only CS Ops approvers/);
    expect((await stored(request.id)).stage).toBeNull();
    expect(await actions(request.id)).toContain("refused");
  });
});
