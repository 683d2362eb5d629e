import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { enqueue, UPLOAD_METHOD, type UploadMessage } from "../../src/slack/outbox.js";
import { deliverOutbox } from "../../src/slack/outbox-delivery.js";
import { FakeSlack } from "../support/fake-slack.js";
import { useDatabase } from "../support/harness.js";

/**
 * The outbox's upload method (`files.uploadV2`): delivered with Slack's upload flow, under the
 * same rules as a message (threads, rate limits, transient and permanent errors, sent once).
 */

const t = useDatabase({ resetEachTest: true });
let fake: FakeSlack;
let client: WebClient;
const logger = createLogger("error");
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
    logger: createLogger("error"),
  });
});
afterAll(async () => {
  await fake?.stop();
});
afterEach(() => fake.reset());

const deliver = (now: Date) => deliverOutbox(t.db.prisma, client, logger, { now });
const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const upload = (extra: { parentId?: number } = {}) => {
  const message: UploadMessage = {
    files: [
      {
        filename: "chart.png",
        title: "A chart",
        alt_text: "A line going up",
        base64: bytes.toString("base64"),
      },
    ],
    initial_comment: "Here is the chart",
  };
  return enqueue(t.db.prisma, {
    method: UPLOAD_METHOD,
    channel: "C0LAB0001",
    message: message as unknown as Record<string, unknown>,
    ...extra,
  });
};
const status = async (id: number) =>
  (await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status;

describe("an upload in the outbox", () => {
  it("asks for an upload URL, sends the bytes there and shares the file in the parent's thread", async () => {
    const parent = await enqueue(t.db.prisma, {
      method: "chat.postMessage",
      channel: "C0LAB0001",
      message: { text: "Digest" },
    });
    const id = await upload({ parentId: parent });

    for (let pass = 0; pass < 2; pass++) await deliver(start);

    expect(fake.calls.map((c) => c.method)).toEqual([
      "chat.postMessage",
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    const [, asked, , complete] = fake.calls;
    expect(asked!.body).toMatchObject({
      filename: "chart.png",
      length: String(bytes.length),
      alt_txt: "A line going up",
    });
    const fileId = JSON.parse(String(complete!.body.files))[0].id as string;
    expect(fake.uploads.get(fileId)).toEqual(bytes);
    const parentTs = (await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: parent } })).ts;
    expect(complete!.body).toMatchObject({
      channel_id: "C0LAB0001",
      thread_ts: parentTs,
      initial_comment: "Here is the chart",
      files: JSON.stringify([{ id: fileId, title: "A chart" }]),
    });
    expect(await status(id)).toBe("sent");
  });

  it("waits as long as Slack asks when rate limited, then shares once", async () => {
    const id = await upload();
    fake.fail("files.completeUploadExternal", { kind: "ratelimit", retryAfter: 30 });

    expect(await deliver(start)).toMatchObject({ sent: 0, paused: true });
    await deliver(later(10));
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
    expect(await status(id)).toBe("pending");

    expect(await deliver(later(31))).toMatchObject({ sent: 1 });
    await deliver(later(120));
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(2);
    expect(fake.callsTo("files.getUploadURLExternal")).toHaveLength(2);
    expect(await status(id)).toBe("sent");
  });

  it("retries an upload URL's server error; gives up, with the reason, on a permanent Slack error", async () => {
    const retried = await upload();
    fake.fail("upload", { kind: "http", status: 502 });
    expect(await deliver(start)).toMatchObject({ sent: 0, paused: true });
    expect(await deliver(later(5))).toMatchObject({ sent: 1 });
    expect(await status(retried)).toBe("sent");

    const refused = await upload();
    fake.fail("files.getUploadURLExternal", { kind: "error", error: "file_uploads_disabled" });
    expect(await deliver(later(10))).toMatchObject({ failed: 1 });
    const row = await t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: refused } });
    expect(row).toMatchObject({ status: "failed", lastError: "file_uploads_disabled" });
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });
});
