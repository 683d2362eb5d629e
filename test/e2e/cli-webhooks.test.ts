import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { openDatabase } from "../../src/db/database.js";
import { createLogger } from "../../src/log.js";
import { deliverOutbox } from "../../src/slack/outbox-delivery.js";
import { createWebhookSender } from "../../src/webhooks/deliver.js";
import { emitWebhookEvent } from "../../src/webhooks/emit.js";
import { webhookEventId } from "../../src/webhooks/events.js";
import { FakeWebhookReceiver } from "../support/fake-webhook.js";

/** `kuroko webhooks --failed` shows what did not go through; `--retry ID` sends a given-up one again. */
let dir: string;
let env: Record<string, string>;
const receiver = new FakeWebhookReceiver();
const NOW = new Date(Date.now() + 60_000);

async function kuroko(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (x) => out.push(x), err: (x) => err.push(x), env, now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kuroko-cli-webhooks-"));
  env = { KUROKO_DATA_DIR: join(dir, "data"), KUROKO_TIMEZONE: "UTC" };
  await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("lists a given-up delivery and one still retrying, and sends the given-up one again", {
  timeout: 60_000,
}, async () => {
  expect((await kuroko("migrate")).code).toBe(0);
  const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
  const endpoints = ["crm", "bi"].map((name) => ({
    name,
    url: receiver.url(`/${name}`),
    events: "*" as const,
    secret: "cli-test-secret-0123456789",
  }));
  await db.prisma.$transaction((tx) =>
    emitWebhookEvent(tx, { endpoints }, { type: "request.rejected", key: "request:1:v4", at: NOW, data: {} }),
  );
  receiver.fail(410, 1, { body: "this hook was deleted" });
  receiver.fail(503, 1, { body: "maintenance" });
  await deliverOutbox(
    db.prisma,
    new WebClient(),
    createLogger("error", () => {}),
    {
      now: NOW,
      webhooks: createWebhookSender(endpoints),
    },
  );
  await db.close();
  const eventId = webhookEventId("request.rejected", "request:1:v4");

  const table = await kuroko("webhooks", "--failed");
  const json = await kuroko("webhooks", "--failed", "--json");

  expect(table.code).toBe(0);
  expect(table.out).toMatch(
    new RegExp(`crm +failed +request\\.rejected +${eventId} +1 +\\S+ \\S+ +HTTP 410: this hook was deleted`),
  );
  expect(table.out).toMatch(
    new RegExp(`bi +retrying +request\\.rejected +${eventId} +1 .*HTTP 503: maintenance`),
  );
  const listed = JSON.parse(json.out) as { id: number; endpoint: string; state: string; lastError: string }[];
  expect(listed.map((d) => [d.endpoint, d.state, d.lastError])).toEqual([
    ["crm", "failed", "HTTP 410: this hook was deleted"],
    ["bi", "retrying", "HTTP 503: maintenance"],
  ]);

  const given = listed[0]!.id;
  const retried = await kuroko("webhooks", "--retry", String(given));
  const again = await kuroko("webhooks", "--retry", String(given));
  const none = await kuroko("webhooks");

  expect(retried).toMatchObject({ code: 0, out: `Delivery ${given} will be sent again.` });
  expect(again.code).toBe(1);
  expect(again.err).toMatch(/There is no given-up webhook delivery/);
  expect(none.code).toBe(2);
  const after = JSON.parse((await kuroko("webhooks", "--failed", "--json")).out) as { state: string }[];
  expect(after.map((d) => d.state)).toEqual(["retrying", "retrying"]);
});
