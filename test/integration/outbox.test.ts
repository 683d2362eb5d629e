import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { enqueue } from "../../src/slack/outbox.js";
import { deliverOutbox } from "../../src/slack/outbox-delivery.js";
import { FakeSlack } from "../support/fake-slack.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });
let fake: FakeSlack;
let client: WebClient;
const logs: string[] = [];
const logger = createLogger("debug", (line) => logs.push(line));
// Rows take the database's now() as their first attempt time: each test's clock starts just after it.
let start = new Date();
beforeEach(() => {
  start = new Date(Date.now() + 60_000);
});
const later = (seconds: number) => new Date(start.getTime() + seconds * 1_000);

beforeAll(async () => {
  fake = await new FakeSlack().start();
  client = new WebClient("xoxb-test", {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger,
  });
});
afterAll(async () => {
  await fake?.stop();
});
afterEach(() => fake.reset());

const deliver = (now: Date) => deliverOutbox(t.db.prisma, client, logger, { now });
const post = (channel: string, text: string, extra: object = {}) =>
  enqueue(t.db.prisma, { method: "chat.postMessage", channel, message: { text }, ...extra });

describe("the outbox sender", () => {
  it("posts, threads replies under their parent and edits in place, recording each ts", async () => {
    const parent = await post("C0QUEUE001", "CR-1001 submitted");
    await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "C0QUEUE001",
      parentId: parent,
      message: { text: "assigned" },
    });
    await enqueue(t.db.prisma, {
      method: "chat.update",
      channel: "C0QUEUE001",
      parentId: parent,
      message: { text: "CR-1001 in review" },
    });

    for (let pass = 0; pass < 3; pass++) await deliver(start);

    const [posted, reply, update] = fake.calls;
    expect(fake.calls.map((c) => c.method)).toEqual(["chat.postMessage", "chat.postMessage", "chat.update"]);
    const ts = (await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: parent } })).ts;
    expect(posted?.body).toMatchObject({ channel: "C0QUEUE001", text: "CR-1001 submitted" });
    expect(reply?.body).toMatchObject({ thread_ts: ts, text: "assigned" });
    expect(update?.body).toMatchObject({ ts, channel: "C0QUEUE001", text: "CR-1001 in review" });
  });

  it("edits a DM in the D... channel Slack put it in, and fills in a permalink", async () => {
    const queue = await post("C0QUEUE001", "CR-1001");
    const dm = await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "U0CSM0001",
      message: { text: "In the queue: {permalink}" },
      linkTo: queue,
    });
    await enqueue(t.db.prisma, {
      method: "chat.update",
      channel: "U0CSM0001",
      parentId: dm,
      message: { text: "edited" },
    });

    for (let pass = 0; pass < 3; pass++) await deliver(start);

    expect(fake.callsTo("chat.postMessage")[1]?.body.text).toMatch(
      /^In the queue: https:\/\/kuroko-test\.slack\.com\/archives\/C0QUEUE001\/p/,
    );
    expect(fake.callsTo("chat.update")[0]?.body.channel).toBe("D0CSM0001");
  });

  it("waits out a 429's Retry-After and a 500, then delivers exactly once, in order", async () => {
    fake.fail("chat.postMessage", { kind: "ratelimit", retryAfter: 30 });
    fake.fail("chat.postMessage", { kind: "http", status: 500 });
    await post("C0ALERTS01", "first");
    await post("C0ALERTS01", "second");

    const first = await deliver(start);
    const tooEarly = await deliver(later(10));
    const afterRetry = await deliver(later(31));
    const afterBackoff = await deliver(later(120));
    await deliver(later(121));

    expect(first).toMatchObject({ sent: 0, paused: true });
    expect(tooEarly).toMatchObject({ sent: 0 });
    expect(afterRetry).toMatchObject({ sent: 0, paused: true });
    expect(afterBackoff.sent).toBe(2); // the channel's messages one after the other, in one pass
    const delivered = fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.body.text);
    expect(delivered).toEqual(["first", "first", "first", "second"]); // two refusals, then each once
    expect(await t.db.prisma.outboxMessage.count({ where: { status: "sent" } })).toBe(2);
  });

  it("gives up on a permanent error, with the message's replies, and says so in the log", async () => {
    fake.fail("chat.postMessage", { kind: "error", error: "channel_not_found" });
    const parent = await post("C0GONE0001", "lost");
    await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "C0GONE0001",
      parentId: parent,
      message: { text: "reply" },
    });

    await deliver(start);

    const rows = await t.db.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["failed", "channel_not_found"],
      ["failed", "its parent failed: channel_not_found"],
    ]);
    expect(logs.some((l) => l.includes("giving up on message") && l.includes("channel_not_found"))).toBe(
      true,
    );
  });

  it("enqueues a message once per dedupe key", async () => {
    const a = await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "C0DIGEST01",
      message: { text: "digest" },
      dedupeKey: "digest:2026-11-22",
    });
    const b = await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "C0DIGEST01",
      message: { text: "digest" },
      dedupeKey: "digest:2026-11-22",
    });

    expect(a).toBe(b);
    expect(await t.db.prisma.outboxMessage.count()).toBe(1);
  });

  it("resends a message whose sender died before recording it, once its claim expires, and never a sent one", async () => {
    await post("C0ALERTS01", "claimed by a sender that crashed");
    await t.db.prisma.outboxMessage.updateMany({ data: { lockedUntil: later(60) } });

    const whileClaimed = await deliver(later(30));
    const afterExpiry = await deliver(later(61));
    const again = await deliver(later(300));

    expect(whileClaimed.sent).toBe(0);
    expect(afterExpiry.sent).toBe(1);
    expect(again.sent).toBe(0);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
  });
});

describe("the outbox sender when Slack is slow", () => {
  /** A clock the test moves: each Web API call below takes `latencyMs` of it. */
  const virtualClock = (from: Date) => {
    let at = from.getTime();
    return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
  };
  class SlowSlack extends WebClient {
    constructor(
      private readonly clock: { advance(ms: number): void },
      private readonly latencyMs: number,
    ) {
      super("xoxb-test", {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });
    }
    override async apiCall(method: string, options?: Record<string, unknown>) {
      const response = await super.apiCall(method, options);
      this.clock.advance(this.latencyMs);
      return response;
    }
  }

  it("sends each message once when a pass takes longer than a claim, with another sender polling meanwhile", async () => {
    const clock = virtualClock(start);
    const slow = new SlowSlack(clock, 2_000);
    for (let i = 0; i < 45; i++) await post(`C0CHAN${String(i % 9).padStart(4, "0")}`, `message ${i}`);

    const first = deliverOutbox(t.db.prisma, slow, logger, { clock: clock.now });
    // A second sender (the scheduled job, another replica) passing every few messages.
    let second = { sent: 0 };
    for (let poll = 0; poll < 30; poll++) {
      const result = await deliverOutbox(t.db.prisma, slow, logger, { clock: clock.now, limit: 1 });
      second = { sent: second.sent + result.sent };
    }
    const firstResult = await first;

    const texts = fake.callsTo("chat.postMessage").map((c) => c.body.text as string);
    expect(texts).toHaveLength(45);
    expect(new Set(texts).size).toBe(45);
    expect(firstResult.sent + second.sent).toBe(45);
    for (let channel = 0; channel < 9; channel++) {
      const inChannel = fake
        .callsTo("chat.postMessage")
        .filter((c) => c.body.channel === `C0CHAN000${channel}`)
        .map((c) => Number(String(c.body.text).split(" ")[1]));
      expect(inChannel).toEqual([...inChannel].sort((a, b) => a - b));
    }
  });

  it("keeps the claim of a send that got no answer until it runs out, then sends it again once", async () => {
    fake.fail("chat.postMessage", { kind: "hang" });
    await post("C0ALERTS01", "no answer");
    // A client with no time-out of its own: the sender's own deadline (100 ms) ends the wait.
    const options = { sendTimeoutMs: 100, leaseMs: 600 };

    const timedOut = await deliverOutbox(t.db.prisma, client, logger, { ...options, now: start });
    const row = await t.db.prisma.outboxMessage.findFirstOrThrow();
    const beforeLeaseEnds = await deliverOutbox(t.db.prisma, client, logger, {
      ...options,
      now: new Date(start.getTime() + 400),
    });
    const afterLeaseEnds = await deliverOutbox(t.db.prisma, client, logger, { ...options, now: later(2) });

    expect(timedOut).toMatchObject({ sent: 0, paused: true });
    expect(row.status).toBe("pending");
    expect(beforeLeaseEnds.sent).toBe(0);
    expect(afterLeaseEnds.sent).toBe(1);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("does not send again before its lease runs out when the client gave up waiting for Slack", async () => {
    fake.fail("chat.postMessage", { kind: "slow", ms: 1_000 });
    await post("C0ALERTS01", "accepted, answered late");
    const impatient = new WebClient("xoxb-test", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      timeout: 200,
    });

    const timedOut = await deliverOutbox(t.db.prisma, impatient, logger, { now: start });
    const withinLease = await deliverOutbox(t.db.prisma, client, logger, { now: later(30) });
    const afterLease = await deliverOutbox(t.db.prisma, client, logger, { now: later(61) });

    expect(timedOut).toMatchObject({ sent: 0, paused: true });
    expect(withinLease.sent).toBe(0);
    expect(afterLease.sent).toBe(1);
  });

  it("keeps its claim for as long as Slack takes to answer, so no other sender sends it again", async () => {
    // Slack takes longer than three leases to answer; a second sender polls all the while.
    fake.fail("chat.postMessage", { kind: "slow", ms: 1_000 });
    await post("C0ALERTS01", "slow to answer");
    const options = { leaseMs: 300 };

    const first = deliverOutbox(t.db.prisma, client, logger, options);
    let polled = 0;
    let sentBySecond = 0;
    for (let poll = 0; poll < 100 && fake.callsTo("chat.postMessage").length < 2; poll++) {
      const settled = await Promise.race([
        first.then(() => true),
        new Promise((r) => setTimeout(r, 50, false)),
      ]);
      if (settled) break;
      sentBySecond += (await deliverOutbox(t.db.prisma, client, logger, options)).sent;
      polled++;
    }
    const firstResult = await first;

    expect(polled).toBeGreaterThan(10);
    expect(firstResult.sent).toBe(1);
    expect(sentBySecond).toBe(0);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(await t.db.prisma.outboxMessage.findFirstOrThrow()).toMatchObject({
      status: "sent",
      lockedUntil: null,
    });
  });
});

describe("a message linking to another", () => {
  it("waits for the message it links to, then carries its permalink", async () => {
    fake.fail("chat.postMessage", { kind: "ratelimit", retryAfter: 30 });
    await post("C0QUEUE001", "an earlier queue message, rate limited");
    const queue = await post("C0QUEUE001", "CR-1001");
    await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "U0CSM0001",
      message: { text: "Logged. <{permalink}|See it in the queue>." },
      linkTo: queue,
    });

    await deliver(start);
    await deliver(later(5));
    const before = fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "U0CSM0001");
    for (let pass = 0; pass < 3; pass++) await deliver(later(31 + pass));

    expect(before).toEqual([]);
    const dm = fake.callsTo("chat.postMessage").find((c) => c.body.channel === "U0CSM0001");
    expect(dm?.body.text).toMatch(
      /^Logged\. <https:\/\/kuroko-test\.slack\.com\/archives\/C0QUEUE001\/p\d+\|See it in the queue>\.$/,
    );
  });

  it("goes without the link, keeping its words, when the message it links to could not be sent", async () => {
    fake.fail("chat.postMessage", { kind: "error", error: "channel_not_found" });
    const queue = await post("C0GONE0001", "CR-1002");
    await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "U0CSM0001",
      message: { text: "Logged. <{permalink}|See it in the queue>." },
      linkTo: queue,
    });

    for (let pass = 0; pass < 2; pass++) await deliver(start);

    const dm = fake.callsTo("chat.postMessage").find((c) => c.body.channel === "U0CSM0001");
    expect(dm?.body.text).toBe("Logged. See it in the queue.");
  });
});

describe("a message with text cut in the middle of an emoji", () => {
  it("is stored and sent, the half emoji replaced", async () => {
    const cut = `${"🎉".repeat(3)}`.slice(0, 5);

    await post("C0ALERTS01", `notes: ${cut}`);
    await deliver(start);

    expect(fake.callsTo("chat.postMessage")[0]?.body.text).toBe("notes: 🎉🎉\uFFFD");
  });
});
