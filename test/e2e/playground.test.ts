import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { PLAYGROUND_CHANNELS } from "../../src/playground/people.js";
import { type Playground, startPlayground } from "../../src/playground/playground.js";
import type { Message } from "../../src/playground/workspace.js";
import { isoDay, todayIn } from "../../src/time.js";

const CSM = "U0CSM0001";
const APPROVER = "U0OPS0001";
const OUTSIDER = "U0OUT0001";
const SECOND_APPROVER = "U0OPS0002";
const QUEUE = PLAYGROUND_CHANNELS.contracts.id;

interface PageState {
  messages: Message[];
  modals: { id: string; hash: string; view: { callback_id?: string; blocks: Record<string, unknown>[] } }[];
  home: { id: string; view: { blocks: unknown[] } } | null;
  notices: { text: string }[];
}

let playground: Playground;
const logs: string[] = [];

beforeAll(async () => {
  playground = await startPlayground({
    env: {},
    port: 0,
    accounts: 40,
    logger: createLogger("warn", (line) => logs.push(line)),
  });
});
afterAll(async () => {
  await playground?.stop();
});

/** What the page does: POST to the playground's page API as a user. */
async function page(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${playground.url}/playground/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function state(user: string): Promise<PageState> {
  const response = await fetch(`${playground.url}/playground/state?user=${user}`);
  return (await response.json()) as PageState;
}

/** Polls the page state (bounded) until `check` finds what it wants. */
async function waitFor<T>(user: string, check: (s: PageState) => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = check(await state(user));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}. Logs:\n${logs.join("\n")}`);
}

const topModal = (s: PageState) => s.modals.at(-1);

const general = PLAYGROUND_CHANNELS.general.id;
const dmOf = (user: string) => `D${user.slice(1)}`;
const textOf = (m: Message) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`;

/** The block and action ids of a button in a message, as the page finds them. */
function buttonIn(message: Message, actionId: string): { blockId: string; actionId: string } {
  for (const block of (message.blocks ?? []) as Record<string, unknown>[]) {
    const elements = [
      ...((block.elements as { action_id?: string }[]) ?? []),
      block.accessory as { action_id?: string },
    ];
    if (elements.some((e) => e?.action_id === actionId))
      return { blockId: String(block.block_id ?? ""), actionId };
  }
  throw new Error(`No ${actionId} button in ${message.text}`);
}

const option = (value: string) => ({ type: "static_select", selected_option: { value } });

async function openIntake(user: string): Promise<PageState["modals"][number]> {
  const before = topModal(await state(user))?.id;
  await page("type", { user, channel: general, text: "/contract" });
  return waitFor(
    user,
    (s) => (topModal(s) && topModal(s)?.id !== before ? topModal(s) : undefined),
    "the intake modal",
  );
}

describe("the playground", () => {
  it("refuses to start with NODE_ENV=production", async () => {
    await expect(
      startPlayground({
        env: { NODE_ENV: "production" },
        port: 0,
        accounts: 1,
        logger: createLogger("error", () => {}),
      }),
    ).rejects.toThrow(/does not run with NODE_ENV=production/);
  });

  it("reports a bad setting it takes from the environment, and lets go of its port", async () => {
    const { createServer } = await import("node:net");
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));

    await expect(
      startPlayground({
        env: { KUROKO_TIMEZONE: "Mars/Olympus_Mons" },
        port,
        accounts: 1,
        logger: createLogger("error", () => {}),
      }),
    ).rejects.toThrow(/KUROKO_TIMEZONE is not an IANA time zone/);
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once("error", reject);
      again.listen(port, "127.0.0.1", resolve);
    });
    await new Promise((resolve) => again.close(resolve));
  });

  it("listens on 127.0.0.1 only and turns away requests for another host name", async () => {
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${playground.url}/playground/state?user=${CSM}`,
        { headers: { host: "evil.example:80" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it("answers its own page only: no form posts from another site, no other bot token", async () => {
    const before = (await state(CSM)).messages.length;
    const body = JSON.stringify({ user: CSM, channel: general, text: "hello from elsewhere" });
    const asForm = await fetch(`${playground.url}/playground/type`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body,
    });
    expect(asForm.status).toBe(403);
    const crossSite = await fetch(`${playground.url}/playground/type`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body,
    });
    expect(crossSite.status).toBe(403);
    expect((await state(CSM)).messages).toHaveLength(before);
    const api = await fetch(`${playground.url}/api/chat.postMessage`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-someone-else", "content-type": "application/json" },
      body: JSON.stringify({ channel: general, text: "hi" }),
    });
    expect(await api.json()).toEqual({ ok: false, error: "invalid_auth" });
  });

  it("answers /health acme with Acme's card, visible only to the person who asked", async () => {
    await page("type", { user: CSM, channel: general, text: "/health acme" });
    const card = await waitFor(
      CSM,
      (s) =>
        s.messages.find(
          (m) => m.channel === general && /Acme Corp/.test(textOf(m)) && m.ephemeralFor === CSM,
        ),
      "the health card",
    );
    expect(textOf(card)).toMatch(/ARR/);
    const seenByApprover = (await state(APPROVER)).messages.filter((m) => m.ts === card.ts);
    expect(seenByApprover).toEqual([]);
  });

  it("tells the person when a slash command does not exist", async () => {
    await page("type", { user: CSM, channel: general, text: "/nope acme" });
    await waitFor(
      CSM,
      (s) => s.messages.find((m) => /\/nope is not a valid command/.test(m.text)),
      "Slackbot's line",
    );
  });

  it("redraws the intake modal when the type changes, keeping what was typed", async () => {
    const modal = await openIntake(CSM);
    await page("action", {
      user: CSM,
      source: { kind: "view", viewId: modal.id },
      action: { blockId: "type", actionId: "contract_type", selectedOption: { value: "cancellation" } },
      values: { type: { contract_type: option("cancellation") } },
    });
    const redrawn = await waitFor(
      CSM,
      (s) => (topModal(s)?.hash !== modal.hash ? topModal(s) : undefined),
      "the redraw",
    );
    expect(redrawn.id).toBe(modal.id);
    expect(JSON.stringify(redrawn.view.blocks)).not.toEqual(JSON.stringify(modal.view.blocks));
    await page("close", { user: CSM, viewId: modal.id });
    expect(topModal(await state(CSM))).toBeUndefined();
  });

  it("logs a contract request through the modal, and an approver approves it from the review modal", async () => {
    const modal = await openIntake(CSM);
    const suggested = (await page("suggest", {
      user: CSM,
      viewId: modal.id,
      blockId: "account",
      actionId: "contract_account",
      value: "acme",
    })) as { options: { text: { text: string }; value: string }[] };
    const acme = suggested.options.find((o) => o.text.text.startsWith("Acme Corp"));
    expect(acme).toBeDefined();
    const values = (dueDate: string) => ({
      account: {
        contract_account: {
          type: "external_select",
          selected_option: { value: acme!.value, text: acme!.text },
        },
      },
      type: { contract_type: option("upsell") },
      amount: { amount: { type: "number_input", value: "12000" } },
      currency: { currency: option("USD") },
      due_date: { due_date: { type: "datepicker", selected_date: dueDate } },
      priority: { priority: option("normal") },
    });

    const refused = (await page("submit", { user: CSM, viewId: modal.id, values: values("2020-01-01") })) as {
      errors?: Record<string, string>;
    };
    expect(refused.errors?.due_date).toMatch(/passed/);
    expect(topModal(await state(CSM))?.id).toBe(modal.id);
    expect((await state(CSM)).messages.filter((m) => m.channel === QUEUE)).toEqual([]);

    const accepted = (await page("submit", {
      user: CSM,
      viewId: modal.id,
      values: values("2099-01-15"),
    })) as {
      errors?: Record<string, string>;
    };
    expect(accepted.errors).toBeUndefined();
    expect(topModal(await state(CSM))).toBeUndefined();
    const queued = await waitFor(
      APPROVER,
      (s) => s.messages.find((m) => m.channel === QUEUE && !m.threadTs),
      "the queue message",
    );
    expect(textOf(queued)).toMatch(/CR-\d+/);
    await waitFor(
      CSM,
      (s) => s.messages.find((m) => m.channel === dmOf(CSM) && /is in the CS Ops queue/.test(m.text)),
      "the requester's DM",
    );

    // Someone outside CS Ops may look, not decide.
    await page("action", {
      user: OUTSIDER,
      source: { kind: "message", channel: QUEUE, ts: queued.ts },
      action: buttonIn(queued, "contract_review_open"),
    });
    await waitFor(
      OUTSIDER,
      (s) => s.messages.find((m) => /Only CS Ops approvers/.test(m.text)),
      "the refusal",
    );
    expect(topModal(await state(OUTSIDER))).toBeUndefined();

    await page("action", {
      user: APPROVER,
      source: { kind: "message", channel: QUEUE, ts: queued.ts },
      action: buttonIn(queued, "contract_review_open"),
    });
    const review = await waitFor(APPROVER, topModal, "the review modal");
    expect(review.view.callback_id).toBe("contract_review");
    const decided = (await page("submit", {
      user: APPROVER,
      viewId: review.id,
      values: {
        decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } },
        comment: { comment: { type: "plain_text_input", value: "Looks good" } },
      },
    })) as { errors?: Record<string, string> };
    expect(decided.errors).toBeUndefined();
    const edited = await waitFor(
      APPROVER,
      (s) => s.messages.find((m) => m.ts === queued.ts && /Approved/.test(textOf(m))),
      "the edited queue message",
    );
    expect(edited.edited).toBe(true);
    await waitFor(
      CSM,
      (s) => s.messages.find((m) => m.channel === dmOf(CSM) && /approved/i.test(m.text)),
      "the requester told",
    );
  });

  it("sends a request back for changes; the requester edits and resubmits it from the DM", async () => {
    const modal = await openIntake(CSM);
    const [acme] = (
      (await page("suggest", {
        user: CSM,
        viewId: modal.id,
        blockId: "account",
        actionId: "contract_account",
        value: "CRM-0001",
      })) as { options: { text: unknown; value: string }[] }
    ).options;
    await page("submit", {
      user: CSM,
      viewId: modal.id,
      values: {
        account: { contract_account: { type: "external_select", selected_option: acme } },
        type: { contract_type: option("nda") },
        due_date: { due_date: { type: "datepicker", selected_date: "2099-02-01" } },
        priority: { priority: option("high") },
      },
    });
    const queued = await waitFor(
      APPROVER,
      (s) => s.messages.find((m) => m.channel === QUEUE && !m.threadTs && /NDA/.test(textOf(m))),
      "the NDA in the queue",
    );
    const number = textOf(queued).match(/CR-\d+/)![0];

    await page("action", {
      user: APPROVER,
      source: { kind: "message", channel: QUEUE, ts: queued.ts },
      action: buttonIn(queued, "contract_review_open"),
    });
    const review = await waitFor(APPROVER, topModal, "the review modal");
    const withoutComment = (await page("submit", {
      user: APPROVER,
      viewId: review.id,
      values: {
        decision: { decision: { type: "radio_buttons", selected_option: { value: "request_changes" } } },
      },
    })) as { errors?: Record<string, string> };
    expect(Object.keys(withoutComment.errors ?? {})).toEqual(["comment"]);
    await page("submit", {
      user: APPROVER,
      viewId: review.id,
      values: {
        decision: { decision: { type: "radio_buttons", selected_option: { value: "request_changes" } } },
        comment: { comment: { type: "plain_text_input", value: "Please attach the counterparty's draft." } },
      },
    });

    const askedToEdit = await waitFor(
      CSM,
      (s) =>
        s.messages.find(
          (m) =>
            m.channel === dmOf(CSM) &&
            m.text.includes(number) &&
            JSON.stringify(m.blocks ?? []).includes("contract_edit"),
        ),
      "the DM asking for changes",
    );
    await page("action", {
      user: CSM,
      source: { kind: "message", channel: dmOf(CSM), ts: askedToEdit.ts },
      action: buttonIn(askedToEdit, "contract_edit"),
    });
    const edit = await waitFor(CSM, topModal, "the edit modal");
    expect(edit.view.callback_id).toBe("contract_intake");
    const resubmitted = (await page("submit", {
      user: CSM,
      viewId: edit.id,
      values: {
        account: { contract_account: { type: "external_select", selected_option: acme } },
        type: { contract_type: option("nda") },
        due_date: { due_date: { type: "datepicker", selected_date: "2099-02-01" } },
        priority: { priority: option("high") },
        links: { links: { type: "plain_text_input", value: "https://docs.example.com/nda-draft" } },
      },
    })) as { errors?: Record<string, string> };
    expect(resubmitted.errors).toBeUndefined();
    await waitFor(
      APPROVER,
      (s) => s.messages.find((m) => m.ts === queued.ts && textOf(m).includes("nda-draft")),
      "the queue message with the new link",
    );
  });

  it("sends a large request to a second, different approver", async () => {
    const modal = await openIntake(CSM);
    const [acme] = (
      (await page("suggest", {
        user: CSM,
        viewId: modal.id,
        blockId: "account",
        actionId: "contract_account",
        value: "CRM-0001",
      })) as { options: { text: unknown; value: string }[] }
    ).options;
    await page("submit", {
      user: CSM,
      viewId: modal.id,
      values: {
        account: { contract_account: { type: "external_select", selected_option: acme } },
        type: { contract_type: option("amendment") },
        amount: { amount: { type: "number_input", value: "80000" } },
        currency: { currency: option("USD") },
        due_date: { due_date: { type: "datepicker", selected_date: "2099-03-01" } },
        priority: { priority: option("normal") },
      },
    });
    const queued = await waitFor(
      APPROVER,
      (s) => s.messages.find((m) => m.channel === QUEUE && !m.threadTs && /Amendment/.test(textOf(m))),
      "the amendment in the queue",
    );
    const approve = async (user: string) => {
      await page("action", {
        user,
        source: { kind: "message", channel: QUEUE, ts: queued.ts },
        action: buttonIn(queued, "contract_review_open"),
      });
      const review = await waitFor(user, topModal, "the review modal");
      const answer = (await page("submit", {
        user,
        viewId: review.id,
        values: { decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } } },
      })) as { errors?: Record<string, string> };
      if (answer.errors) await page("close", { user, viewId: review.id });
      return answer;
    };

    expect((await approve(APPROVER)).errors).toBeUndefined();
    await waitFor(
      APPROVER,
      (s) => s.messages.find((m) => m.ts === queued.ts && /Awaiting second approval/.test(textOf(m))),
      "the first approval",
    );
    const twice = await approve(APPROVER);
    expect(Object.values(twice.errors ?? {}).join(" ")).toMatch(/must be someone else/);
    expect((await approve(SECOND_APPROVER)).errors).toBeUndefined();
    await waitFor(
      CSM,
      (s) => s.messages.find((m) => m.ts === queued.ts && /Approved/.test(textOf(m))),
      "the second approval",
    );
  });

  it("publishes the Home tab when a person opens it", async () => {
    await page("home", { user: APPROVER });
    const home = await waitFor(APPROVER, (s) => s.home ?? undefined, "the Home tab");
    expect(home.view.blocks.length).toBeGreaterThan(0);
  });

  it("runs the morning jobs: alerts, renewals and the digest land in their channels", async () => {
    const answer = (await page("morning", {})) as { lines: string[] };
    expect(answer.lines.map((l) => l.split(":")[0])).toEqual([
      "snapshot",
      "alerts",
      "renewals",
      "digest",
      "outbox",
    ]);
    // Today's digest, whatever the weekday (the schedule alone would pick the last weekday's).
    expect(answer.lines.find((l) => l.startsWith("digest"))).toContain(isoDay(todayIn("UTC")));
    const s = await state(CSM);
    const inChannel = (id: string) => s.messages.filter((m) => m.channel === id).length;
    expect(inChannel(PLAYGROUND_CHANNELS.digest.id)).toBeGreaterThan(0);
    expect(inChannel(PLAYGROUND_CHANNELS.alerts.id)).toBeGreaterThan(0);
    expect(s.notices).toEqual([]);
  });
});
