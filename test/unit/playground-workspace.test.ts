import { describe, expect, it } from "vitest";
import { PLAYGROUND_CHANNELS, PLAYGROUND_USERS } from "../../src/playground/people.js";
import { BOT, Workspace } from "../../src/playground/workspace.js";

const CSM = "U0CSM0001";
const QUEUE = PLAYGROUND_CHANNELS.contracts.id;

function workspace(clock = { now: Date.parse("2026-11-22T09:00:00Z") }) {
  return new Workspace(PLAYGROUND_USERS, Object.values(PLAYGROUND_CHANNELS), { now: () => clock.now });
}

const modal = (title = "Contract request", blocks: unknown[] = []) => ({
  type: "modal",
  title: { type: "plain_text", text: title },
  blocks,
});

describe("the playground's Web API", () => {
  it("delivers a message addressed to a user id to Kuroko's DM with that user", () => {
    const ws = workspace();
    const answer = ws.call("chat.postMessage", { channel: CSM, text: "Your request is in the queue" });
    expect(answer).toMatchObject({ ok: true, channel: `D${CSM.slice(1)}` });
    expect(ws.messages[0]).toMatchObject({ channel: `D${CSM.slice(1)}`, author: BOT.userId });
  });

  it("refuses what Slack refuses: unknown channels and methods, empty and oversized messages", () => {
    const ws = workspace();
    expect(ws.call("chat.postMessage", { channel: "C0NOWHERE1", text: "hi" }).error).toBe(
      "channel_not_found",
    );
    expect(ws.call("chat.postMessage", { channel: QUEUE }).error).toBe("no_text");
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    const tooBig = ws.call("chat.postMessage", { channel: QUEUE, text: "x", blocks });
    expect(tooBig).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(JSON.stringify(tooBig.response_metadata)).toContain("51 blocks");
    expect(ws.call("admin.users.invite", {}).error).toBe("unknown_method");
    expect(ws.messages).toEqual([]);
  });

  it("edits its own messages in place and puts replies in the thread's root", () => {
    const ws = workspace();
    const parent = ws.call("chat.postMessage", { channel: QUEUE, text: "CR-1001 submitted" });
    const reply = ws.call("chat.postMessage", { channel: QUEUE, text: "assigned", thread_ts: parent.ts });
    ws.call("chat.postMessage", { channel: QUEUE, text: "approved", thread_ts: reply.ts });
    expect(ws.call("chat.update", { channel: QUEUE, ts: parent.ts, text: "CR-1001 approved" }).ok).toBe(true);
    expect(ws.findMessage(QUEUE, String(parent.ts))).toMatchObject({
      text: "CR-1001 approved",
      edited: true,
    });
    expect(ws.messages.filter((m) => m.threadTs === parent.ts)).toHaveLength(2);
    const human = ws.postAsUser(CSM, QUEUE, "thanks!");
    expect(ws.call("chat.update", { channel: QUEUE, ts: human.ts, text: "x" }).error).toBe(
      "cant_update_message",
    );
    expect(ws.call("chat.update", { channel: QUEUE, ts: "1.000001", text: "x" }).error).toBe(
      "message_not_found",
    );
  });

  it("opens a modal once per trigger_id, and only while the trigger is fresh", () => {
    const clock = { now: Date.parse("2026-11-22T09:00:00Z") };
    const ws = workspace(clock);
    expect(ws.call("views.open", { trigger_id: "made-up", view: modal() }).error).toBe("invalid_trigger_id");
    const trigger = ws.issueTrigger(CSM);
    expect(ws.call("views.open", { trigger_id: trigger, view: modal() }).ok).toBe(true);
    expect(ws.call("views.open", { trigger_id: trigger, view: modal() }).error).toBe("invalid_trigger_id");
    const late = ws.issueTrigger(CSM);
    clock.now += 60_000;
    expect(ws.call("views.open", { trigger_id: late, view: modal() }).error).toBe("expired_trigger_id");
    expect(ws.modals.get(CSM)).toHaveLength(1);
  });

  it("checks modals as Slack does: title length, a submit button for inputs, at most three stacked", () => {
    const ws = workspace();
    const open = (view: unknown, method = "views.open") =>
      ws.call(method, { trigger_id: ws.issueTrigger(CSM), view });
    const longTitle = open(modal("A title far longer than Slack allows"));
    expect(longTitle).toMatchObject({ ok: false, error: "invalid_arguments" });
    const input = {
      type: "input",
      label: { type: "plain_text", text: "Amount" },
      element: { type: "number_input" },
    };
    expect(JSON.stringify(open(modal("Form", [input])).response_metadata)).toContain("needs submit");
    expect(open(modal("One")).ok).toBe(true);
    expect(open(modal("Two"), "views.push").ok).toBe(true);
    expect(open(modal("Three"), "views.push").ok).toBe(true);
    expect(open(modal("Four"), "views.push").error).toBe("push_limit_reached");
  });

  it("refuses a views.update with a stale hash (someone else changed the view first)", () => {
    const ws = workspace();
    const opened = ws.call("views.open", { trigger_id: ws.issueTrigger(CSM), view: modal() });
    const view = opened.view as { id: string; hash: string };
    expect(ws.call("views.update", { view_id: view.id, hash: view.hash, view: modal("Renewal") }).ok).toBe(
      true,
    );
    expect(ws.call("views.update", { view_id: view.id, hash: view.hash, view: modal("Upsell") }).error).toBe(
      "hash_conflict",
    );
    expect(ws.call("views.update", { view_id: "V0GONE", view: modal() }).error).toBe("not_found");
  });

  it("answers a response_url: replies only the asker sees, replace_original edits them in place, five uses at most", () => {
    const ws = workspace();
    const general = PLAYGROUND_CHANNELS.general.id;
    const command = ws.issueResponseUrl("http://127.0.0.1:1", { userId: CSM, channel: general });
    expect(ws.respond(command.id, { text: "Acme Corp: 45/100" }).status).toBe(200);
    const card = ws.messages.at(-1)!;
    expect(card).toMatchObject({ ephemeralFor: CSM, text: "Acme Corp: 45/100" });

    ws.respond(command.id, { replace_original: true, text: "Acme Corp: 46/100" });
    expect(ws.messages).toHaveLength(1);
    expect(card.text).toBe("Acme Corp: 46/100");

    const click = ws.issueResponseUrl("http://127.0.0.1:1", {
      userId: CSM,
      channel: general,
      messageTs: card.ts,
    });
    ws.respond(click.id, { replace_original: true, text: "Snoozed for 7 days" });
    expect(ws.messages).toHaveLength(1);
    expect(ws.messages[0]).toMatchObject({ text: "Snoozed for 7 days", ephemeralFor: CSM });
    for (let i = 0; i < 4; i++) ws.respond(click.id, { replace_original: true, text: `again ${i}` });
    expect(ws.respond(click.id, { text: "sixth" }).answer.error).toBe("used_url");
    expect(ws.respond("r-made-up", { text: "x" }).answer.error).toBe("expired_url");
  });

  it("issues response_urls nobody can guess from the last one: whoever knows one can post as Kuroko", () => {
    const ws = workspace();
    const target = { userId: CSM, channel: PLAYGROUND_CHANNELS.general.id };
    const ids = [1, 2, 3].map(() => ws.issueResponseUrl("http://127.0.0.1:1", target).id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(3);
  });
});
