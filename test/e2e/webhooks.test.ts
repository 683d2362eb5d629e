import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import { createLogger } from "../../src/log.js";
import { deliverOutbox } from "../../src/slack/outbox-delivery.js";
import { FakeWebhookReceiver } from "../support/fake-webhook.js";
import { useApp } from "../support/harness.js";
import { blockActions, intakeValues, USERS, viewSubmission } from "../support/payloads.js";

/**
 * Webhooks out, end to end: a request approved through the Bolt app (signed Slack requests, the
 * real database) reaches an endpoint on 127.0.0.1, signed, once, however often it failed first.
 */
const SECRET = "e2e-webhook-secret-0123456789abcdef";
const dir = mkdtempSync(join(tmpdir(), "kuroko-webhooks-e2e-"));
const file = join(dir, "webhooks.yaml");
const crm = new FakeWebhookReceiver();
const everything = new FakeWebhookReceiver();

// Before the app starts (hooks run in the order registered): the receivers, the file, the secret.
beforeAll(async () => {
  await crm.start();
  await everything.start();
  vi.stubEnv("KUROKO_WEBHOOK_SECRET_E2E", SECRET);
  writeFileSync(
    file,
    [
      "endpoints:",
      "  - name: crm",
      `    url: ${crm.url("/kuroko")}`,
      "    events: [request.approved]",
      "    secret_env: KUROKO_WEBHOOK_SECRET_E2E",
      "  - name: everything",
      `    url: ${everything.url("/all")}`,
      '    events: "*"',
      "    secret_env: KUROKO_WEBHOOK_SECRET_E2E",
      "",
    ].join("\n"),
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await crm.stop();
  await everything.stop();
  rmSync(dir, { recursive: true, force: true });
});

const t = useApp({
  env: { KUROKO_WEBHOOKS_PATH: file },
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [{ line: 0, externalId: "CRM-0001", name: "Acme Corp", domain: "acme.com", currency: "USD" }],
      ["domain", "currency"],
    );
  },
});

const click = (actionId: string, requestId: number, userId: string) =>
  t.app.slack.interaction(
    blockActions(
      { action_id: actionId, value: String(requestId) },
      { userId, responseUrl: t.fake.responseUrl(), channel: "C0QUEUE001", messageTs: "1.1" },
    ),
  );

/** The outbox's delivery as a later pass would run it: `minutes` from now, past any backoff. */
async function deliverLater(minutes: number) {
  const client = new WebClient("xoxb-test-token", {
    slackApiUrl: t.fake.apiUrl,
    retryConfig: { retries: 0 },
  });
  const at = new Date(Date.now() + minutes * 60_000);
  await deliverOutbox(
    t.db.prisma,
    client,
    createLogger("error", () => {}),
    {
      clock: () => at,
      webhooks: t.app.kuroko.wired.webhooks.sender,
    },
  );
}

describe("webhooks out", () => {
  it("delivers a correctly signed request.approved once, after the endpoint answered 500 twice", async () => {
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "CRM-0001" } });
    await t.app.slack.interaction(
      viewSubmission("contract_intake", intakeValues(account.id), {
        userId: USERS.csm,
        privateMetadata: "{}",
      }),
    );
    const request = await t.db.prisma.contractRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    await everything.waitForRequests(1);
    crm.fail(500, 2);

    await click("contract_assign", request.id, USERS.approver);
    const decided = await t.app.slack.interaction(
      viewSubmission(
        "contract_review",
        {
          decision: { decision: { type: "radio_buttons", selected_option: { value: "approve" } } },
          comment: { comment: { type: "plain_text_input", value: "Looks right" } },
        },
        { userId: USERS.approver, privateMetadata: JSON.stringify({ requestId: request.id, version: 0 }) },
      ),
    );
    expect(decided.status).toBe(200);
    // The commit asked for delivery at once: the endpoint's first answer is a 500.
    await crm.waitForRequests(1);
    // Each pass runs minutes ahead, where a claim still in flight in the app's own sender would
    // look expired: let the app's sender finish first (in real time leases never jump).
    for (let pass = 1; pass <= 10 && crm.received.length < 3; pass++) {
      await t.app.kuroko.outbox.drain();
      await deliverLater(10 * pass);
    }
    await t.app.kuroko.outbox.drain();
    await deliverLater(120);
    await t.app.kuroko.outbox.drain();

    expect(crm.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const bodies = new Set(crm.received.map((r) => r.body));
    expect(bodies.size).toBe(1);
    const delivered = crm.received[2]!;
    const event = JSON.parse(delivered.body);
    expect(event).toMatchObject({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      type: "request.approved",
      data: {
        account: { id: account.id, external_id: "CRM-0001", name: "Acme Corp" },
        request: {
          id: request.id,
          label: `CR-${request.number}`,
          status: "approved",
          amount: 20000,
          currency: "USD",
        },
        actor_id: USERS.approver,
        comment: "Looks right",
      },
    });
    expect(delivered.headers["x-kuroko-event-id"]).toBe(event.id);
    // Checked as docs/webhooks.md tells a receiver to: HMAC-SHA256 over "v1:" + timestamp + ":" + body.
    const timestamp = String(delivered.headers["x-kuroko-timestamp"]);
    const expected = createHmac("sha256", SECRET).update(`v1:${timestamp}:${delivered.body}`).digest("hex");
    expect(delivered.headers["x-kuroko-signature"]).toBe(`v1=${expected}`);
    expect(
      await t.db.prisma.outboxMessage.findFirstOrThrow({ where: { channel: "webhook:crm" } }),
    ).toMatchObject({ status: "sent", attempts: 3 });

    // The endpoint taking everything heard of it in the order it happened.
    expect(everything.accepted().map((e) => e.type)).toEqual(["request.submitted", "request.approved"]);
  });
});
