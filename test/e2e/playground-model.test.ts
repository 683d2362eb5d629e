import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG_SIGNATURE } from "../../src/lab/render.js";
import { createLogger } from "../../src/log.js";
import type { Message } from "../../src/playground/page-state.js";
import { PLAYGROUND_CHANNELS } from "../../src/playground/people.js";
import { type Playground, startPlayground } from "../../src/playground/playground.js";

/**
 * `/csops model` in the playground: its stand-in for Slack takes the upload (the upload URL on
 * its own server, the bytes, the completion) and shows the charts in the conversation, served
 * from its own server on 127.0.0.1.
 */

const APPROVER = "U0OPS0001";
const general = PLAYGROUND_CHANNELS.general.id;
let playground: Playground;
const logs: string[] = [];

beforeAll(async () => {
  playground = await startPlayground({
    env: {},
    port: 0,
    accounts: 200,
    logger: createLogger("warn", (line) => logs.push(line)),
  });
});
afterAll(async () => {
  await playground?.stop();
});

async function state(user: string): Promise<{ messages: Message[]; notices: { text: string }[] }> {
  return (await (await fetch(`${playground.url}/playground/state?user=${user}`)).json()) as {
    messages: Message[];
    notices: { text: string }[];
  };
}

describe("/csops model in the playground", () => {
  it("posts the summary with both charts, and the page can show them", async () => {
    const typed = await fetch(`${playground.url}/playground/type`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: APPROVER, channel: general, text: "/csops model" }),
    });
    expect(typed.status).toBe(200);

    let posted: Message | undefined;
    const deadline = Date.now() + 60_000;
    while (!posted && Date.now() < deadline) {
      posted = (await state(APPROVER)).messages.find((m) => m.channel === general && m.files?.length);
      if (!posted) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(posted, `no files shared. Logs:\n${logs.join("\n")}`).toBeDefined();
    expect(posted!.text).toMatch(/^\*Health model fitness\* · /);
    expect(posted!.files!.map((f) => f.title)).toEqual(["Alerts per week", "Each signal's AUC"]);
    for (const file of posted!.files!) {
      expect(file.altText).not.toBe("");
      const image = await fetch(`${playground.url}${file.url}`);
      expect(image.headers.get("content-type")).toBe("image/png");
      expect(
        Buffer.from(await image.arrayBuffer())
          .subarray(0, 8)
          .equals(PNG_SIGNATURE),
      ).toBe(true);
    }
    expect((await state(APPROVER)).notices.filter((n) => /would refuse/.test(n.text))).toEqual([]);
  });
});
