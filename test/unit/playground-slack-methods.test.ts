import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { PLAYGROUND_CHANNELS, PLAYGROUND_USERS, playgroundEmail } from "../../src/playground/people.js";
import { type PlaygroundServer, startPlaygroundServer } from "../../src/playground/server.js";
import { Workspace } from "../../src/playground/workspace.js";
import { FakeSlack } from "../support/fake-slack.js";

const TOKEN = "xoxb-slack-methods-test";

let playground: PlaygroundServer;
let fake: FakeSlack;

beforeAll(async () => {
  const workspace = new Workspace(PLAYGROUND_USERS, Object.values(PLAYGROUND_CHANNELS));
  playground = await startPlaygroundServer(workspace, {
    port: 0,
    logger: createLogger("error", () => {}),
    botToken: TOKEN,
  });
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await playground?.stop();
  await fake?.stop();
});

/** A Web API call as Kuroko's WebClient makes it: a form, the token in the Authorization header. */
async function call(apiUrl: string, method: string, args: Record<string, string>) {
  const response = await fetch(`${apiUrl}${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(args).toString(),
  });
  return response.json();
}

const askBoth = (method: string, args: Record<string, string>) =>
  Promise.all([call(`${playground.url}/api/`, method, args), call(fake.apiUrl, method, args)]);

describe("the playground's Web API and the tests' fake Slack", () => {
  it("refuse a method Slack does not have, the same way", async () => {
    const [fromPlayground, fromFake] = await askBoth("chat.sendMessage", {
      channel: "C0PGGENERAL",
      text: "hi",
    });
    expect(fromPlayground).toEqual({ ok: false, error: "unknown_method" });
    expect(fromFake).toEqual(fromPlayground);
  });

  it("refuse a call without a required argument, the same way, naming what is missing", async () => {
    const [fromPlayground, fromFake] = await askBoth("chat.postMessage", { text: "Renewal due" });
    expect(fromPlayground).toEqual({
      ok: false,
      error: "invalid_arguments",
      response_metadata: { messages: ["channel"] },
    });
    expect(fromFake).toEqual(fromPlayground);
  });

  it("count an empty argument as missing, the same way", async () => {
    const [fromPlayground, fromFake] = await askBoth("chat.getPermalink", { channel: "", message_ts: "" });
    expect(fromPlayground).toMatchObject({
      error: "invalid_arguments",
      response_metadata: { messages: ["channel", "message_ts"] },
    });
    expect(fromFake).toEqual(fromPlayground);
  });

  it("find a person by e-mail, and answer users_not_found for an address nobody has, the same way", async () => {
    const hana = PLAYGROUND_USERS[0]!;
    fake.users.set(hana.id, { name: "hana.sato", email: playgroundEmail(hana) });

    const [found, foundByFake] = await askBoth("users.lookupByEmail", { email: "Hana.Sato@example.com" });
    const [missing, missingByFake] = await askBoth("users.lookupByEmail", { email: "ghost@example.com" });

    expect(found).toMatchObject({ ok: true, user: { id: "U0CSM0001" } });
    expect(foundByFake).toMatchObject({ ok: true, user: { id: "U0CSM0001" } });
    expect(missing).toEqual({ ok: false, error: "users_not_found" });
    expect(missingByFake).toEqual(missing);
  });
});
