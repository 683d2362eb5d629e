import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { enqueue } from "../../src/slack/outbox.js";
import { deliverOutbox } from "../../src/slack/outbox-delivery.js";
import { createWebhookSender } from "../../src/webhooks/deliver.js";
import { emitWebhookEvent, type Webhooks } from "../../src/webhooks/emit.js";
import type { WebhookEndpoint } from "../../src/webhooks/endpoints.js";
import type { WebhookEventType } from "../../src/webhooks/events.js";
import { verifyWebhook } from "../../src/webhooks/signature.js";
import { FakeSlack } from "../support/fake-slack.js";
import { FakeWebhookReceiver } from "../support/fake-webhook.js";
import { useDatabase } from "../support/harness.js";

/** Events through the outbox to a receiver on 127.0.0.1: in order per endpoint, retried, signed. */
const t = useDatabase({ resetEachTest: true });
const SECRET = "integration-secret-0123456789";
let fake: FakeSlack;
let receiver: FakeWebhookReceiver;
let client: WebClient;
let webhooks: Webhooks;
const logger = createLogger("debug", () => {});
// Rows take the database's now() as their first attempt time: each test's clock starts just after it.
let start = new Date();
beforeEach(() => {
  start = new Date(Date.now() + 60_000);
});
const later = (seconds: number) => new Date(start.getTime() + seconds * 1_000);

beforeAll(async () => {
  fake = await new FakeSlack().start();
  receiver = await new FakeWebhookReceiver().start();
  client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger });
  const endpoint = (name: string, events: WebhookEndpoint["events"]): WebhookEndpoint => ({
    name,
    url: receiver.url(`/${name}`),
    events,
    secret: SECRET,
  });
  webhooks = { endpoints: [endpoint("crm", "*"), endpoint("bi", ["alert.opened"])] };
});
afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
});
afterEach(() => {
  fake.reset();
  receiver.reset();
});

const deliver = (now: Date, withWebhooks = true) =>
  deliverOutbox(t.db.prisma, client, logger, {
    now,
    ...(withWebhooks ? { webhooks: createWebhookSender(webhooks.endpoints, { clock: () => now }) } : {}),
  });

const emit = (type: WebhookEventType, key: string) =>
  t.db.prisma.$transaction((tx) =>
    emitWebhookEvent(tx, webhooks, { type, key, at: new Date("2026-11-22T09:00:00Z"), data: { key } }),
  );

const keysAccepted = (path: string) =>
  receiver.received
    .filter((r) => r.path === path && r.status === 200)
    .map((r) => (JSON.parse(r.body) as { data: { key: string } }).data.key);

describe("webhook deliveries", () => {
  it("enqueue one row per endpoint that wants the event, once however often it is reported", async () => {
    expect(await emit("alert.opened", "alert:1:opened")).toBe(2);
    expect(await emit("alert.opened", "alert:1:opened")).toBe(2);
    expect(await emit("request.approved", "request:1:v3")).toBe(1);

    const rows = await t.db.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.method, r.channel])).toEqual([
      ["webhook.post", "webhook:crm"],
      ["webhook.post", "webhook:bi"],
      ["webhook.post", "webhook:crm"],
    ]);
  });

  it("emit nothing when the transaction that reported the change rolls back", async () => {
    await expect(
      t.db.prisma.$transaction(async (tx) => {
        await emitWebhookEvent(tx, webhooks, { type: "alert.opened", key: "k", at: start, data: {} });
        throw new Error("the change failed after it was reported");
      }),
    ).rejects.toThrow("the change failed");

    expect(await t.db.prisma.outboxMessage.count()).toBe(0);
  });

  it("sign each try afresh, with the same body and event id", async () => {
    await emit("request.approved", "request:7:v2");
    receiver.fail(503);

    await deliver(start);
    await deliver(later(10));

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.body).toBe(first!.body);
    expect(second!.headers["x-kuroko-event-id"]).toBe(JSON.parse(first!.body).id);
    expect(first!.headers["x-kuroko-timestamp"]).toBe(String(Math.floor(start.getTime() / 1000)));
    expect(second!.headers["x-kuroko-timestamp"]).toBe(String(Math.floor(later(10).getTime() / 1000)));
    for (const r of receiver.received)
      expect(
        verifyWebhook(
          SECRET,
          {
            timestamp: String(r.headers["x-kuroko-timestamp"]),
            signature: String(r.headers["x-kuroko-signature"]),
          },
          r.body,
          Number(r.headers["x-kuroko-timestamp"]),
        ),
      ).toBe(true);
  });

  it("keep an endpoint's order: a later event waits while an earlier one is retried, other channels go on", async () => {
    await emit("request.submitted", "first");
    await emit("request.approved", "second");
    await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "C0QUEUE001",
      message: { text: "hi" },
    });
    receiver.fail(500);

    const pass = await deliver(start);

    expect(receiver.received.map((r) => r.status)).toEqual([500]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(pass.paused).toBe(false);
    // Not due yet (backoff): nothing goes, not even the later event.
    await deliver(later(1));
    expect(receiver.received).toHaveLength(1);

    await deliver(later(10));
    expect(keysAccepted("/crm")).toEqual(["first", "second"]);
  });

  it("give up on a 4xx, keeping the error, and go on with the endpoint's next event", async () => {
    await emit("request.submitted", "gone");
    await emit("request.approved", "next");
    receiver.fail(410, 1, { body: "no such hook" });

    await deliver(start);

    const failed = await t.db.prisma.outboxMessage.findFirstOrThrow({ where: { status: "failed" } });
    expect(failed.lastError).toBe("HTTP 410: no such hook");
    expect(keysAccepted("/crm")).toEqual(["next"]);
  });

  it("wait as long as a 429's Retry-After says", async () => {
    await emit("request.rejected", "limited");
    receiver.fail(429, 1, { headers: { "retry-after": "120" } });

    await deliver(start);
    const row = await t.db.prisma.outboxMessage.findFirstOrThrow();
    expect(row.nextAttemptAt).toEqual(later(120));
    await deliver(later(119));
    expect(receiver.received).toHaveLength(1);
    await deliver(later(120));
    expect(keysAccepted("/crm")).toEqual(["limited"]);
  });

  it("retry when the endpoint cannot be reached", async () => {
    await emit("request.signed", "unreachable");
    // A port that was just listened on and closed: nobody answers there.
    const closed = await new FakeWebhookReceiver().start();
    await closed.stop();
    const nowhere = { ...webhooks.endpoints[0]!, url: closed.url() };
    await deliverOutbox(t.db.prisma, client, logger, {
      now: start,
      webhooks: createWebhookSender([nowhere]),
    });

    const row = await t.db.prisma.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toBe(`${closed.url()}: ECONNREFUSED`);
  });

  it("are left alone by a sender without the webhooks file", async () => {
    await emit("request.approved", "elsewhere");

    await deliver(start, false);

    expect(receiver.received).toHaveLength(0);
    expect(await t.db.prisma.outboxMessage.findFirstOrThrow()).toMatchObject({
      status: "pending",
      attempts: 0,
    });
  });
});
