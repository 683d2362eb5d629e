import { describe, expect, it, vi } from "vitest";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { PNG_SIGNATURE } from "../../src/lab/render.js";
import { NEWER_METHODS, SLACK_METHODS } from "../../src/playground/slack-methods.js";
import description from "../../src/playground/slack-methods.json" with { type: "json" };
import type { RecordedCall } from "../support/fake-slack.js";
import { useApp } from "../support/harness.js";
import { slashCommand, USERS } from "../support/payloads.js";

/**
 * `/csops model` through the real app: a signed command from CS Ops, the back-test of the demo
 * portfolio (with its outcomes), and the charts uploaded through the outbox with Slack's upload
 * flow (files.getUploadURLExternal → the bytes → files.completeUploadExternal), as the fake
 * Slack receives them. Acknowledged at once (processBeforeResponse off, as in production).
 */

const now = new Date("2026-11-23T09:00:00Z");
const today = new Date("2026-11-23T00:00:00Z");

const t = useApp({
  now,
  processBeforeResponse: false,
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 200, today, model: defaultHealthModel() });
  },
});

/** Each call as Slack's method description has it: a known method, its required arguments, no others. */
function checkedAgainstSlack(call: RecordedCall): void {
  const method = SLACK_METHODS.get(call.method);
  expect(method, call.method).toBeDefined();
  for (const name of method!.required) expect(call.body[name], `${call.method}: ${name}`).toBeDefined();
  const unknown = Object.keys(call.body).filter(
    (name) => name !== "token" && !method!.arguments.includes(name),
  );
  expect(unknown, `${call.method}: arguments Slack does not describe`).toEqual([]);
}

async function command(user: string, responseId: string) {
  const started = Date.now();
  const response = await t.app.slack.command(
    slashCommand("/csops", "model", t.fake.responseUrl(responseId), {
      user_id: user,
      channel_id: "C0LAB0001",
    }),
  );
  return { response, ackedInMs: Date.now() - started, body: (await response.json()) as { text?: string } };
}

const filesOf = (call: RecordedCall) =>
  JSON.parse(String(call.body.files)) as { id: string; title: string }[];

describe("/csops model", () => {
  it("answers at once, then uploads the summary and two PNG charts to the channel, as Slack's methods describe", async () => {
    const { response, ackedInMs, body } = await command(USERS.approver, "model-en");
    expect(response.status).toBe(200);
    expect(ackedInMs).toBeLessThan(3_000);
    expect(body.text).toMatch(/^Back-testing the last 52 weeks under the current model\. /);

    const complete = await t.fake.waitForCall("files.completeUploadExternal", () => true, 60_000);
    const asked = t.fake.callsTo("files.getUploadURLExternal");
    expect(asked.map((c) => c.body.filename)).toEqual(["alerts-per-week.png", "signal-auc.png"]);
    expect(String(asked[0]!.body.alt_txt)).toMatch(
      /^Line chart of alerts per week over 52 weeks: \d+ raised/,
    );
    for (const call of [...asked, complete]) checkedAgainstSlack(call);

    const files = filesOf(complete);
    expect(files.map((f) => f.title)).toEqual(["Alerts per week", "Each signal's AUC"]);
    files.forEach((file, i) => {
      const bytes = t.fake.uploads.get(file.id)!;
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(bytes.length).toBe(Number(asked[i]!.body.length));
      expect(bytes.length).toBeGreaterThan(5_000);
    });
    expect(complete.body.channel_id).toBe("C0LAB0001");
    const text = String(complete.body.initial_comment);
    expect(text).toMatch(
      /^\*Health model fitness\* · 2025-12-01 → 2026-11-23: 52 weeks, 200 accounts, \d+ churned/,
    );
    expect(text).toMatch(
      /\*Current\* kuroko-default \(\w+\): score AUC \d\.\d\d · red precision \d+%, recall \d+%/,
    );
    // Nothing said privately besides the first answer.
    expect(t.fake.callsTo("response_url")).toEqual([]);
  });

  it("speaks the reader's language: a Japanese CS Ops lead gets the summary and charts in Japanese", async () => {
    t.fake.users.set(USERS.secondApprover, { name: "tanaka", locale: "ja-JP" });
    const { body } = await command(USERS.secondApprover, "model-ja");
    expect(body.text).toMatch(/^現行モデルで直近52週間のバックテストを実行しています。/);

    const complete = await t.fake.waitForCall("files.completeUploadExternal", () => true, 60_000);
    expect(String(complete.body.initial_comment)).toMatch(
      /^\*ヘルスモデルの精度\* · 2025年12月1日\(月\) → 2026年11月23日\(月\)：52週間、200アカウント/,
    );
    expect(filesOf(complete).map((f) => f.title)).toEqual(["週ごとのアラート件数", "シグナルごとのAUC"]);
    expect(String(t.fake.callsTo("files.getUploadURLExternal")[1]!.body.alt_txt)).toMatch(
      /^シグナル単独のAUCの棒グラフ：/,
    );
  });

  it("refuses someone outside CS Ops, in their words, and uploads nothing", async () => {
    const { body } = await command(USERS.outsider, "model-outsider");
    expect(body.text).toBe("Only CS Ops approvers can do that. If you should be one, ask your CS Ops team.");
    expect(t.fake.callsTo("files.getUploadURLExternal")).toEqual([]);
  });

  it("retries an upload Slack failed, and shares it once", async () => {
    t.fake.fail("upload", { kind: "http", status: 503 });
    await command(USERS.approver, "model-retry");

    const complete = await t.fake.waitForCall("files.completeUploadExternal", () => true, 60_000);
    // The first byte upload failed: the whole upload started again from new upload URLs.
    expect(t.fake.callsTo("upload").length).toBe(3);
    expect(t.fake.callsTo("files.getUploadURLExternal").length).toBe(3);
    expect(
      filesOf(complete).every((f) => t.fake.uploads.get(f.id)?.subarray(0, 8).equals(PNG_SIGNATURE)),
    ).toBe(true);
    // Recorded as sent once Slack answered the completion.
    await vi.waitFor(async () =>
      expect(
        await t.db.prisma.outboxMessage.count({ where: { method: "files.uploadV2", status: "pending" } }),
      ).toBe(0),
    );
    expect(t.fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });

  it("says so when no churn is recorded, and when there is no history at all", async () => {
    await t.db.prisma.accountOutcome.deleteMany();
    await command(USERS.approver, "model-no-outcomes");
    const noOutcomes = await t.fake.waitForCall(
      "response_url",
      (c) => c.body.url === "/response/model-no-outcomes",
      60_000,
    );
    expect(noOutcomes.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(noOutcomes.body.text)).toMatch(/^No account is recorded as churned in the last 52 weeks/);

    await t.db.prisma.metricSample.deleteMany();
    await command(USERS.approver, "model-no-history");
    const noHistory = await t.fake.waitForCall(
      "response_url",
      (c) => c.body.url === "/response/model-no-history",
      60_000,
    );
    expect(String(noHistory.body.text)).toMatch(/^There are no health readings in the last 52 weeks/);
    expect(t.fake.callsTo("files.getUploadURLExternal")).toEqual([]);
  });
});

describe("the upload methods' description", () => {
  it("comes from Slack's method reference, for methods Slack's 2020 OpenAPI description lacks", () => {
    const described = description.methods as Record<string, unknown>;
    for (const method of ["files.getUploadURLExternal", "files.completeUploadExternal"]) {
      expect(described[method]).toBeUndefined();
      expect(NEWER_METHODS[method]).toBeDefined();
    }
  });
});
