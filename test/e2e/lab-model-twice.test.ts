import { describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { UPLOAD_METHOD } from "../../src/slack/outbox.js";
import { useApp } from "../support/harness.js";
import { slashCommand, USERS } from "../support/payloads.js";

/**
 * `/csops model` typed twice in a channel (or by two people there at once) while the back-test
 * runs: one post, not two identical ones. Here each answer waits for its handler
 * (processBeforeResponse), so both commands are done when both answers are in.
 */

const today = new Date("2026-11-23T00:00:00Z");

const t = useApp({
  now: new Date("2026-11-23T09:00:00Z"),
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 200, today, model: defaultHealthModel() });
  },
});

const command = (channel: string, responseId: string) =>
  t.app.slack.command(
    slashCommand("/csops", "model", t.fake.responseUrl(responseId), {
      user_id: USERS.approver,
      channel_id: channel,
    }),
  );

describe("/csops model asked twice at once", () => {
  it("posts once to a channel, and once to each other channel asking meanwhile", async () => {
    const answers = await Promise.all([
      command("C0LAB0001", "twice-1"),
      command("C0LAB0001", "twice-2"),
      command("C0LAB0002", "twice-3"),
    ]);

    for (const answer of answers) expect(answer.status).toBe(200);
    const uploads = await t.db.prisma.outboxMessage.findMany({
      where: { method: UPLOAD_METHOD },
      select: { channel: true },
    });
    expect(uploads.map((u) => u.channel).sort()).toEqual(["C0LAB0001", "C0LAB0002"]);
  });
});
