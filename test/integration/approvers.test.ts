import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CS_OPS_STEP } from "../../src/contracts/state.js";
import { createLogger } from "../../src/log.js";
import { createApprovers } from "../../src/slack/approvers.js";
import { FakeSlack } from "../support/fake-slack.js";

let fake: FakeSlack;
let client: WebClient;
const logs: string[] = [];
const logger = createLogger("debug", (line) => logs.push(line));

beforeAll(async () => {
  fake = await new FakeSlack().start();
  client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger });
});
afterAll(async () => {
  await fake?.stop();
});
afterEach(() => fake.reset());

describe("CS Ops approvers", () => {
  it("are the configured users plus the user group's members, looked up at most every five minutes", async () => {
    fake.answer("usergroups.users.list", () => ({ users: ["U0GROUP001"] }));
    let now = new Date("2026-11-22T09:00:00Z");
    const approvers = createApprovers(
      { userIds: ["U0OPS0001"], groupId: "S0CSOPS01" },
      client,
      logger,
      () => now,
    );

    const answers = [
      await approvers.isApprover("U0OPS0001"),
      await approvers.isApprover("U0GROUP001"),
      await approvers.isApprover("U0OUT0001"),
    ];
    await approvers.isApprover("U0GROUP001");
    now = new Date(now.getTime() + 6 * 60_000);
    await approvers.isApprover("U0GROUP001");

    expect(answers).toEqual([true, true, false]);
    expect(fake.callsTo("usergroups.users.list")).toHaveLength(2);
    expect(
      await approvers.stepsOf("U0GROUP001", [
        CS_OPS_STEP,
        { key: "legal", label: "Legal", members: { userIds: ["U0LEGAL01"] } },
      ]),
    ).toEqual(["cs_ops"]);
  });

  it("refuses (and logs) when the group cannot be read", async () => {
    fake.fail("usergroups.users.list", { kind: "error", error: "missing_scope" });
    const approvers = createApprovers({ userIds: [], groupId: "S0CSOPS01" }, client, logger);

    expect(await approvers.isApprover("U0GROUP001")).toBe(false);
    expect(logs.some((l) => l.includes("cannot read the members of user group S0CSOPS01"))).toBe(true);
  });
});
