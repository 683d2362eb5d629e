import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyPostgresDatabase, testPostgresUrl } from "../support/database.js";
import { FakeSlack } from "../support/fake-slack.js";
import { slashCommand } from "../support/payloads.js";
import { freePort, type Started, startScript, waitForOutput } from "../support/process.js";
import { SlackSender, TEST_SIGNING_SECRET } from "../support/slack-requests.js";

/** `npm start` as an operator runs it: a real process, configured only by its environment. */
let fake: FakeSlack;
let dir: string;
let postgres: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  dir = mkdtempSync(join(tmpdir(), "kuroko-proc-"));
  const server = testPostgresUrl();
  if (server) postgres = await createEmptyPostgresDatabase(server);
});
afterAll(async () => {
  await fake?.stop();
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function startKuroko(env: Record<string, string>): Started {
  return startScript("src/main.ts", [], env);
}

const baseEnv = () => ({
  SLACK_BOT_TOKEN: "xoxb-test-token",
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
  KUROKO_DATA_DIR: join(dir, "data"),
  ...(postgres ? { DATABASE_URL: postgres.url } : {}),
});

describe("the bot process", { timeout: 60_000 }, () => {
  it("serves signed requests at /slack/events, refuses unsigned ones, reports /healthz, and stops on SIGTERM", async () => {
    const port = await freePort();
    const kuroko = startKuroko({ ...baseEnv(), PORT: String(port) });
    try {
      await waitForOutput(kuroko, /listening on http:\/\/localhost:\d+\/slack\/events/);
      const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`);

      const signed = await sender.command(slashCommand("/health", "acme", fake.responseUrl("proc")));
      const unsigned = await sender.command(slashCommand("/health", "acme", fake.responseUrl("nope")), {
        unsigned: true,
      });
      const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);

      expect(signed.status).toBe(200);
      expect(await signed.json()).toMatchObject({ text: 'No account matches "acme".' });
      expect(unsigned.status).toBe(401);
      expect(fake.calls.some((c) => c.body.url === "/response/nope")).toBe(false);
      expect(healthz.status).toBe(200);

      kuroko.child.kill("SIGTERM");
      expect(await kuroko.exited).toBe(0);
      expect(kuroko.output()).toContain("Stopped");
    } finally {
      kuroko.child.kill("SIGKILL");
    }
  });

  it("stops at once with a plain message when Slack rejects the token", async () => {
    fake.fail("auth.test", { kind: "error", error: "invalid_auth" });
    const kuroko = startKuroko({ ...baseEnv(), PORT: String(await freePort()) });

    expect(await kuroko.exited).toBe(1);
    expect(kuroko.output()).toMatch(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
  });

  it("gives up after a bounded retry, saying so, when Slack cannot be reached", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/api/`;
    const kuroko = startKuroko({ ...baseEnv(), SLACK_API_URL: nowhere, PORT: String(await freePort()) });

    expect(await kuroko.exited).toBe(1);
    expect(kuroko.output()).toMatch(
      /Cannot reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ after 4 attempts/,
    );
  });

  it("lists every missing setting at once and exits", async () => {
    const kuroko = startKuroko({ KUROKO_DATA_DIR: join(dir, "data"), PORT: "not-a-port" });

    expect(await kuroko.exited).toBe(1);
    const output = kuroko.output();
    expect(output).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(output).toMatch(/SLACK_SIGNING_SECRET is missing/);
    expect(output).toMatch(/PORT /);
  });
});

describe("the bot process in Socket Mode", { timeout: 60_000 }, () => {
  it("gives up after a bounded retry, saying so, when the Socket Mode connection cannot be opened", async () => {
    fake.fail("apps.connections.open", { kind: "error", error: "invalid_auth" }, 10);
    const kuroko = startKuroko({
      ...baseEnv(),
      SLACK_APP_TOKEN: "xapp-1-A0KUROKO-1-secret",
      PORT: String(await freePort()),
    });

    expect(await kuroko.exited).toBe(1);
    expect(kuroko.output()).toMatch(/Opening the Socket Mode connection failed after 4 attempts/);
    expect(fake.callsTo("apps.connections.open")).toHaveLength(4);
  });
});
