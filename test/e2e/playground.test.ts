import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import type { Message } from "../../src/playground/page-state.js";
import { PLAYGROUND_CHANNELS } from "../../src/playground/people.js";
import { type Playground, startPlayground } from "../../src/playground/playground.js";
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

/** What the page does: POST to the playground's page API as a user (which must accept it). */
async function page(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${playground.url}/playground/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (answer.ok !== true) throw new Error(`The page API refused ${path}: ${String(answer.error)}`);
  return answer;
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

type Answer = { errors?: Record<string, string> };
type Option = { text: { text: string }; value: string };

/** Acme Corp as the account typeahead offers it (block_suggestion through the real app). */
async function acmeOption(viewId: string, query = "CRM-0001"): Promise<Option> {
  const answer = (await page("suggest", {
    user: CSM,
    viewId,
    blockId: "account",
    actionId: "contract_account",
    value: query,
  })) as { options: Option[] };
  const acme = answer.options.find((o) => o.text.text.startsWith("Acme Corp"));
  if (!acme) throw new Error(`No Acme Corp among ${JSON.stringify(answer.options)}`);
  return acme;
}

/** The intake modal's view.state.values. */
function intake(account: Option, fields: { type: string; due: string; amount?: string }) {
  return {
    account: { contract_account: { type: "external_select", selected_option: account } },
    type: { contract_type: option(fields.type) },
    ...(fields.amount
      ? {
          amount: { amount: { type: "number_input", value: fields.amount } },
          currency: { currency: option("USD") },
        }
      : {}),
    due_date: { due_date: { type: "datepicker", selected_date: fields.due } },
    priority: { priority: option("normal") },
  };
}

/** A modal's submit button: Kuroko's field errors come back in the answer. */
const submit = async (user: string, viewId: string, values: Record<string, unknown>) =>
  (await page("submit", { user, viewId, values })) as Answer;

const click = (user: string, message: Message, actionId: string) =>
  page("action", {
    user,
    source: { kind: "message", channel: message.channel, ts: message.ts },
    action: buttonIn(message, actionId),
  });

const queueMessage = (type: RegExp) =>
  waitFor(
    APPROVER,
    (s) => s.messages.find((m) => m.channel === QUEUE && !m.threadTs && type.test(textOf(m))),
    `the ${type.source} request in the queue`,
  );

async function openReview(user: string, queued: Message) {
  await click(user, queued, "contract_review_open");
  return waitFor(user, topModal, "the review modal");
}

const decide = (user: string, viewId: string, decision: string, comment?: string) =>
  submit(user, viewId, {
    decision: { decision: { type: "radio_buttons", selected_option: { value: decision } } },
    ...(comment ? { comment: { comment: { type: "plain_text_input", value: comment } } } : {}),
  });

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
    const malformed = await fetch(`${playground.url}/playground/type`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "nobody", channel: general }),
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/^bad request: .*user/s);
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
    const acme = await acmeOption(modal.id, "acme");
    expect(acme.text.text).toMatch(/^Acme Corp/);

    const refused = await submit(
      CSM,
      modal.id,
      intake(acme, { type: "upsell", amount: "12000", due: "2020-01-01" }),
    );
    expect(refused.errors?.due_date).toMatch(/passed/);
    expect(topModal(await state(CSM))?.id).toBe(modal.id);
    expect((await state(CSM)).messages.filter((m) => m.channel === QUEUE)).toEqual([]);

    const accepted = await submit(
      CSM,
      modal.id,
      intake(acme, { type: "upsell", amount: "12000", due: "2099-01-15" }),
    );
    expect(accepted.errors).toBeUndefined();
    expect(topModal(await state(CSM))).toBeUndefined();
    const queued = await queueMessage(/Upsell/);
    expect(textOf(queued)).toMatch(/CR-\d+/);
    await waitFor(
      CSM,
      (s) => s.messages.find((m) => m.channel === dmOf(CSM) && /is in the CS Ops queue/.test(m.text)),
      "the requester's DM",
    );

    // Someone outside CS Ops may look, not decide.
    await click(OUTSIDER, queued, "contract_review_open");
    await waitFor(
      OUTSIDER,
      (s) => s.messages.find((m) => /Only CS Ops approvers/.test(m.text)),
      "the refusal",
    );
    expect(topModal(await state(OUTSIDER))).toBeUndefined();

    const review = await openReview(APPROVER, queued);
    expect(review.view.callback_id).toBe("contract_review");
    expect((await decide(APPROVER, review.id, "approve", "Looks good")).errors).toBeUndefined();
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
    const nda = intake(await acmeOption(modal.id), { type: "nda", due: "2099-02-01" });
    await submit(CSM, modal.id, nda);
    const queued = await queueMessage(/NDA/);
    const number = textOf(queued).match(/CR-\d+/)![0];

    const review = await openReview(APPROVER, queued);
    const withoutComment = await decide(APPROVER, review.id, "request_changes");
    expect(Object.keys(withoutComment.errors ?? {})).toEqual(["comment"]);
    await decide(APPROVER, review.id, "request_changes", "Please attach the counterparty's draft.");

    const askedToEdit = await waitFor(
      CSM,
      (s) =>
        s.messages.find(
          (m) => m.channel === dmOf(CSM) && m.text.includes(number) && textOf(m).includes("contract_edit"),
        ),
      "the DM asking for changes",
    );
    await click(CSM, askedToEdit, "contract_edit");
    const edit = await waitFor(CSM, topModal, "the edit modal");
    expect(edit.view.callback_id).toBe("contract_intake");
    const links = {
      links: { links: { type: "plain_text_input", value: "https://docs.example.com/nda-draft" } },
    };
    expect((await submit(CSM, edit.id, { ...nda, ...links })).errors).toBeUndefined();
    await waitFor(
      APPROVER,
      (s) => s.messages.find((m) => m.ts === queued.ts && textOf(m).includes("nda-draft")),
      "the queue message with the new link",
    );
  });

  it("sends a large request to a second, different approver", async () => {
    const modal = await openIntake(CSM);
    const acme = await acmeOption(modal.id);
    await submit(CSM, modal.id, intake(acme, { type: "amendment", amount: "80000", due: "2099-03-01" }));
    const queued = await queueMessage(/Amendment/);
    const approve = async (user: string) => {
      const review = await openReview(user, queued);
      const answer = await decide(user, review.id, "approve");
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
      "morning",
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
