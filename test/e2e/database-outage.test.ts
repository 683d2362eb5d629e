import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEmptyPostgresDatabase, testPostgresUrl } from "../support/database.js";
import { FakeSlack } from "../support/fake-slack.js";
import { blockActions, slashCommand } from "../support/payloads.js";
import { freePort, type Started, startScript, waitForOutput } from "../support/process.js";
import { SlackSender, TEST_SIGNING_SECRET } from "../support/slack-requests.js";
import { TcpProxy } from "../support/tcp-proxy.js";

/**
 * The bot process (`npm start`) on PostgreSQL, reached through a relay the test can cut: the
 * database restarting, failing over, or closing idle sessions must never end the process.
 */
const server = testPostgresUrl();
let fake: FakeSlack;
let dir: string;
let postgres: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  dir = mkdtempSync(join(tmpdir(), "kuroko-outage-"));
  if (server) postgres = await createEmptyPostgresDatabase(server);
});
afterAll(async () => {
  await fake?.stop();
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function startBehind(proxy: TcpProxy): Promise<{ kuroko: Started; port: number }> {
  const port = await freePort();
  const kuroko = startScript("src/main.ts", [], {
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    KUROKO_DATA_DIR: join(dir, "data"),
    DATABASE_URL: proxy.urlFor(postgres!.url),
    PORT: String(port),
  });
  await waitForOutput(kuroko, /listening on http:\/\/localhost:\d+\/slack\/events/);
  return { kuroko, port };
}

const healthz = async (port: number) =>
  (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) })).status;

async function askHealth(port: number): Promise<string> {
  const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`);
  const response = await sender.command(slashCommand("/health", "acme", fake.responseUrl()));
  expect(response.status).toBe(200);
  return ((await response.json()) as { text: string }).text;
}

/** Clicks "show the card" on an alert: the answer comes through the response_url. */
async function clickShowCard(port: number): Promise<string> {
  const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`);
  const id = `show-${Math.random().toString(36).slice(2)}`;
  const response = await sender.interaction(
    blockActions({ action_id: "health_show", value: "1" }, { responseUrl: fake.responseUrl(id) }),
  );
  expect(response.status).toBe(200);
  const answer = await fake.waitForCall("response_url", (c) => c.body.url === `/response/${id}`);
  return String(answer.body.text);
}

describe.skipIf(!server)("the bot process when PostgreSQL goes away", () => {
  it("keeps running when the database drops its connections, and answers from new ones", async () => {
    const target = new URL(postgres!.url);
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).up();
    const { kuroko, port } = await startBehind(proxy);
    try {
      expect(await askHealth(port)).toBe('No account matches "acme".');

      proxy.dropConnections();

      await vi.waitFor(async () => expect(await healthz(port)).toBe(200), { timeout: 10_000 });
      expect(await askHealth(port)).toBe('No account matches "acme".');
      expect(kuroko.child.exitCode).toBeNull();
    } finally {
      kuroko.child.kill("SIGKILL");
      await proxy.down();
    }
  });

  it("answers 503 and apologises while the database is down, and recovers in the same process", async () => {
    const target = new URL(postgres!.url);
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).up();
    const { kuroko, port } = await startBehind(proxy);
    try {
      expect(await healthz(port)).toBe(200);

      await proxy.down();

      expect(await healthz(port)).toBe(503);
      expect(await askHealth(port)).toMatch(/could not .* try again/i);
      expect(await clickShowCard(port)).toMatch(/could not .* try again/i);
      expect(kuroko.child.exitCode).toBeNull();

      await proxy.up();

      await vi.waitFor(async () => expect(await healthz(port)).toBe(200), { timeout: 10_000, interval: 200 });
      expect(await askHealth(port)).toBe('No account matches "acme".');
      expect(kuroko.child.exitCode).toBeNull();
      expect(kuroko.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
    } finally {
      kuroko.child.kill("SIGKILL");
      await proxy.down();
    }
  });
});
