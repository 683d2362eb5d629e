import { describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, slashCommand, USERS, viewSubmission } from "../support/payloads.js";

/** Cover while an approver is away: `/csops away`, its modal, and decisions on behalf. */

const now = new Date("2026-11-22T09:00:00Z");
const KENJI = USERS.approver;
const MAYA = USERS.secondApprover;
const AIKO = "U0OPS0003";
const t = useApp({
  now,
  env: { CS_OPS_APPROVER_IDS: `${KENJI},${MAYA},${AIKO}` },
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", currency: "USD" }],
      ["currency"],
    );
  },
});

const textOf = (call: RecordedCall) => JSON.stringify(call.body);

const away = async (userId: string, text: string) =>
  (await (
    await t.app.slack.command(
      slashCommand("/csops", `away ${text}`.trim(), t.fake.responseUrl(), { user_id: userId }),
    )
  ).json()) as { text: string };

let submissions = 0;
/** A $264,000 renewal (two approvals), assigned to Kenji. */
async function largeRequestForKenji() {
  const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } });
  const start = `2027-0${1 + ++submissions}-06`;
  await t.app.slack.interaction(
    viewSubmission(
      "contract_intake",
      intakeValues(account.id, {
        amount: { amount: { value: "264000" } },
        start_date: { start_date: { selected_date: start } },
      }),
      { userId: USERS.csm, privateMetadata: "{}" },
    ),
  );
  const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
  await t.app.slack.interaction(
    blockActions(
      { action_id: "contract_assign", value: String(request.id) },
      { userId: KENJI, responseUrl: t.fake.responseUrl(), channel: "C0QUEUE001", messageTs: "1.1" },
    ),
  );
  return request;
}

const decide = (requestId: number, userId: string) =>
  t.app.slack.interaction(
    viewSubmission(
      "contract_review",
      {
        decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } },
        comment: { comment: { type: "plain_text_input", value: "" } },
      },
      { userId, privateMetadata: JSON.stringify({ requestId }) },
    ),
  );

describe("/csops away", () => {
  it("sets cover with a CS Ops delegate, tells the delegate once, shows it, and ends it", async () => {
    const set = await away(KENJI, `2026-11-22 2026-11-28 <@${MAYA}|maya>`);
    const shown = await away(KENJI, "");
    const off = await away(KENJI, "off");

    expect(set.text).toMatch(/^Away from 2026-11-22 to 2026-11-28; <@U0OPS0002> covers\./);
    expect(shown.text).toBe("• You are away from 2026-11-22 to 2026-11-28; <@U0OPS0002> covers.");
    expect(off.text).toMatch(/your cover has ended/);
    const dm = await t.fake.waitForCall("chat.postMessage", (c) => c.body.channel === MAYA);
    expect(String(dm.body.text)).toMatch(
      /^<@U0OPS0001> is away from 2026-11-22 to 2026-11-28 and asked you to cover/,
    );
    expect((await away(KENJI, "")).text).toMatch(/^No cover set/);
    expect(
      t.fake.callsTo("chat.postMessage").filter((c) => textOf(c).includes("asked you to cover")),
    ).toHaveLength(1);
  });

  it("refuses a delegate outside CS Ops, covering for oneself, and anyone outside CS Ops", async () => {
    expect((await away(KENJI, `today tomorrow <@${USERS.outsider}>`)).text).toMatch(
      /must be a CS Ops approver/,
    );
    expect((await away(KENJI, `today tomorrow <@${KENJI}>`)).text).toMatch(/cannot cover for yourself/);
    expect((await away(USERS.outsider, "today tomorrow")).text).toMatch(/^Only CS Ops approvers/);
    expect(await t.db.prisma.approverCover.count({ where: { cancelledAt: null } })).toBe(0);
  });

  it("replaces an overlapping cover, saying so", async () => {
    await away(AIKO, `2026-12-01 2026-12-10 <@${MAYA}>`);
    const second = await away(AIKO, `2026-12-05 2026-12-20 <@${KENJI}>`);

    expect(second.text).toContain("It replaces your cover from 2026-12-01 to 2026-12-10.");
    const live = await t.db.prisma.approverCover.findMany({ where: { userId: AIKO, cancelledAt: null } });
    expect(live).toMatchObject([{ delegateId: KENJI }]);
    await away(AIKO, "off");
  });

  it("sets cover from the modal, with field errors for bad dates", async () => {
    await t.app.slack.interaction(
      blockActions(
        { action_id: "cover_open", value: "" },
        { userId: KENJI, responseUrl: t.fake.responseUrl() },
      ),
    );
    const open = await t.fake.waitForCall("views.open");
    expect((open.body.view as { callback_id: string }).callback_id).toBe("cover_set");
    const submit = (from: string, to: string) =>
      t.app.slack.interaction(
        viewSubmission(
          "cover_set",
          {
            from: { from: { type: "datepicker", selected_date: from } },
            to: { to: { type: "datepicker", selected_date: to } },
            delegate: { delegate: { type: "users_select", selected_user: MAYA } },
          },
          { userId: KENJI, privateMetadata: "{}" },
        ),
      );

    const backwards = await submit("2026-11-30", "2026-11-25");
    const ok = await submit("2026-11-23", "2026-11-30");

    expect(await backwards.json()).toMatchObject({
      errors: { to: expect.stringMatching(/before the first/) },
    });
    expect(await ok.text()).toBe("");
    expect(
      await t.db.prisma.approverCover.findFirst({ where: { userId: KENJI, cancelledAt: null } }),
    ).toMatchObject({
      delegateId: MAYA,
      startsOn: new Date("2026-11-23T00:00:00Z"),
      endsOn: new Date("2026-11-30T00:00:00Z"),
    });
    await away(KENJI, "off");
  });
});

describe("deciding while covering", () => {
  it("audits the delegate's approval on behalf of the away approver, and refuses both of them the second", async () => {
    const request = await largeRequestForKenji();
    await away(KENJI, `today 2026-11-28 <@${MAYA}>`);

    const first = await decide(request.id, MAYA);
    const mayaAgain = await decide(request.id, MAYA);
    const kenji = await decide(request.id, KENJI);
    const aiko = await decide(request.id, AIKO);

    expect(await first.text()).toBe("");
    expect(await mayaAgain.json()).toMatchObject({
      errors: { decision: expect.stringMatching(/must be someone else/) },
    });
    expect(await kenji.json()).toMatchObject({
      errors: { decision: expect.stringMatching(/on your behalf/) },
    });
    expect(await aiko.text()).toBe("");
    const events = await t.db.prisma.contractEvent.findMany({
      where: { requestId: request.id, action: { in: ["approved_step", "approved"] } },
      orderBy: { id: "asc" },
    });
    expect(events).toMatchObject([
      { action: "approved_step", actorId: MAYA, onBehalfOf: KENJI },
      { action: "approved", actorId: AIKO, onBehalfOf: null },
    ]);
    expect(
      (await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } })).approvals,
    ).toMatchObject([{ userId: MAYA, onBehalfOf: KENJI }, { userId: AIKO }]);
    await away(KENJI, "off");
  });

  it("lets a delegate give the second approval as themselves when the away approver gave the first", async () => {
    const request = await largeRequestForKenji();
    await decide(request.id, KENJI);
    await away(KENJI, `today tomorrow <@${MAYA}>`);

    const maya = await decide(request.id, MAYA);

    // Kenji's approval is counted already: Maya approves in her own right, two people in all.
    expect(await maya.text()).toBe("");
    const stored = await t.db.prisma.contractRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored.status).toBe("approved");
    expect(stored.approvals).toEqual([
      expect.objectContaining({ userId: KENJI }),
      expect.not.objectContaining({ onBehalfOf: expect.anything() }),
    ]);
    expect((stored.approvals as { userId: string }[])[1]!.userId).toBe(MAYA);
    const events = await t.db.prisma.contractEvent.findMany({
      where: { requestId: request.id, action: "approved", actorId: MAYA },
    });
    expect(events).toMatchObject([{ onBehalfOf: null }]);
    await away(KENJI, "off");
    await t.fake.waitForCall("chat.postMessage", (c) => textOf(c).includes("ended their cover"));
  });
});

describe("routing while covering", () => {
  it("asks the delegate, not the away approver, and lists it under their Waiting on you", async () => {
    await away(KENJI, `today 2026-11-28 <@${MAYA}>`);
    t.fake.reset();

    const request = await largeRequestForKenji();
    await t.app.kuroko.outbox.drain?.();

    const asked = (user: string) =>
      t.fake
        .callsTo("chat.postMessage")
        .filter(
          (c) =>
            c.body.channel === user &&
            textOf(c).includes(`CR-${request.number}`) &&
            textOf(c).includes("contract_review_open"),
        );
    expect(asked(MAYA)).toHaveLength(1);
    expect(textOf(asked(MAYA)[0]!)).toContain(`You are covering for <@${KENJI}>, who is away.`);
    expect(asked(KENJI)).toHaveLength(0);
    // Her Home is republished with it (she stands in for the one it waits on).
    await t.fake.waitForCall(
      "views.publish",
      (c) => c.body.user_id === MAYA && textOf(c).includes(`CR-${request.number}`),
    );
    const queue = (await (
      await t.app.slack.command(slashCommand("/csops", "queue", t.fake.responseUrl(), { user_id: MAYA }))
    ).json()) as { text: string; blocks: unknown };
    expect(queue.text).toMatch(/^CS Ops queue: [1-9]\d* yours/);
    expect(JSON.stringify(queue.blocks)).toContain(`CR-${request.number}`);
    await away(KENJI, "off");
  });
});
