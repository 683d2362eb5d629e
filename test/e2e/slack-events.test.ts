import { describe, expect, it } from "vitest";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { useApp } from "../support/harness.js";
import { appHomeOpened, blockActions, globalShortcut, slashCommand, USERS } from "../support/payloads.js";
import type { SendOptions } from "../support/slack-requests.js";

const t = useApp();

describe("requests at /slack/events", () => {
  it("runs a signed /health command and answers it in Slack's request", async () => {
    const res = await t.app.slack.command(slashCommand("/health", "acme", t.fake.responseUrl("cmd1")));

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      response_type: "ephemeral",
      text: 'No account matches "acme".',
    });
  });

  it("runs a signed button click whose answer goes through the response_url", async () => {
    const res = await t.app.slack.interaction(
      blockActions(
        { action_id: "contract_assign", value: "999" },
        { userId: USERS.outsider, responseUrl: t.fake.responseUrl("btn") },
      ),
    );

    expect(res.status).toBe(200);
    const answer = await t.fake.waitForCall("response_url");
    expect(answer.body).toMatchObject({ url: "/response/btn", response_type: "ephemeral" });
    expect(String(answer.body.text)).toMatch(/^Only CS Ops approvers can do that/);
  });

  /**
   * Sends a shortcut (whose listener opens a modal) as `options` say, then a correctly signed
   * one: once the second has opened its modal, the first has had every chance to run. The app
   * answers only after its listener (processBeforeResponse), so no waiting is needed.
   */
  async function opensNothing(options: SendOptions): Promise<{ status: number; opened: string[] }> {
    const refused = globalShortcut("log_contract_request");
    const { status } = await t.app.slack.interaction(refused, options);
    const accepted = globalShortcut("log_contract_request");
    await t.app.slack.interaction(accepted);
    await t.fake.waitForCall("views.open", (c) => c.body.trigger_id === accepted.trigger_id);
    return { status, opened: t.fake.callsTo("views.open").map((c) => String(c.body.trigger_id)) };
  }

  it("refuses a request signed with the wrong secret, and runs nothing", async () => {
    const { status, opened } = await opensNothing({ secret: "not-the-secret-at-all" });

    expect(status).toBe(401);
    expect(opened).toHaveLength(1);
  });

  it("refuses a correctly signed request older than five minutes (a replay)", async () => {
    const { status, opened } = await opensNothing({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });

    expect(status).toBe(401);
    expect(opened).toHaveLength(1);
  });

  it.each([6 * 60, 60 * 60, 365 * 24 * 3600])(
    "refuses a correctly signed request stamped %i seconds in the future, and runs nothing",
    async (ahead) => {
      const { status, opened } = await opensNothing({ timestamp: Math.floor(Date.now() / 1000) + ahead });

      expect(status).toBe(401);
      expect(opened).toHaveLength(1);
    },
  );

  it("accepts a clock a few minutes ahead of ours, as Slack allows", async () => {
    const res = await t.app.slack.command(slashCommand("/health", "acme", t.fake.responseUrl()), {
      timestamp: Math.floor(Date.now() / 1000) + 4 * 60,
    });

    expect(res.status).toBe(200);
  });

  it("apologises privately for a command that failed, and logs who ran it", async () => {
    await t.db.prisma.$executeRawUnsafe("ALTER TABLE contract_requests RENAME TO contract_requests_away");
    try {
      const res = await t.app.slack.command(
        slashCommand("/contract", "status", t.fake.responseUrl("status-failed"), { user_id: USERS.approver }),
      );

      expect(res.status).toBe(200);
      const answer = await t.fake.waitForCall(
        "response_url",
        (c) => c.body.url === "/response/status-failed",
      );
      expect(answer.body).toMatchObject({ response_type: "ephemeral" });
      expect(String(answer.body.text)).toMatch(/^:warning: Sorry: Kuroko could not do that just now/);
      expect(t.app.logs.some((l) => /ERROR .*\/contract failed .*U0OPS0001/.test(l))).toBe(true);
    } finally {
      await t.db.prisma.$executeRawUnsafe("ALTER TABLE contract_requests_away RENAME TO contract_requests");
    }
  });

  it("refuses an unsigned request", async () => {
    const res = await t.app.slack.command(slashCommand("/health", "acme", t.fake.responseUrl()), {
      unsigned: true,
    });

    expect(res.status).toBe(401);
    expect(t.fake.calls).toEqual([]);
  });

  it("opens a modal from the global shortcut with the request's trigger_id", async () => {
    const shortcut = globalShortcut("log_contract_request");

    const res = await t.app.slack.interaction(shortcut);

    expect(res.status).toBe(200);
    const call = await t.fake.waitForCall("views.open");
    expect(call.body.trigger_id).toBe(shortcut.trigger_id);
    expect(call.token).toBe("xoxb-test-token");
  });

  it("publishes the App Home tab when a user opens it", async () => {
    await t.app.slack.event(appHomeOpened(USERS.csm));

    const call = await t.fake.waitForCall("views.publish");
    expect(call.body.user_id).toBe(USERS.csm);
    expect((call.body.view as { type: string }).type).toBe("home");
    expect(slackLimitViolations(call.body.view as { blocks: unknown[] }, "home")).toEqual([]);
  });
});

describe("GET /healthz", () => {
  it("reports a reachable database", async () => {
    const res = await fetch(`${t.app.baseUrl}/healthz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });
});
