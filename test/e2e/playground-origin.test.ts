import { readdirSync, readFileSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { PLAYGROUND_CHANNELS } from "../../src/playground/people.js";
import { type Playground, startPlayground } from "../../src/playground/playground.js";

const CSM = "U0CSM0001";
const general = PLAYGROUND_CHANNELS.general.id;

/** What Chromium sends with a form that a page on another site posts to the playground. */
const CROSS_SITE_FORM = {
  "content-type": "application/x-www-form-urlencoded",
  origin: "http://evil.example",
  "sec-fetch-site": "cross-site",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
};

let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground({
    env: {},
    port: 0,
    accounts: 1,
    logger: createLogger("error", () => {}),
  });
});
afterAll(async () => {
  await playground?.stop();
});

const messagesIn = (channel: string) => playground.workspace.messages.filter((m) => m.channel === channel);
const botToken = () => playground.app.bolt.client.token ?? "";

/** A GET with exactly these headers (fetch would set its own Sec-Fetch-Mode). */
function get(path: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${playground.url}${path}`, { headers }, (res) => {
      res.resume();
      resolve(res);
    });
    req.on("error", reject);
    req.end();
  });
}

async function post(path: string, headers: Record<string, string>, body: string) {
  const response = await fetch(`${playground.url}${path}`, { method: "POST", headers, body });
  return { status: response.status, answer: (await response.json()) as { ok: boolean; error?: string } };
}

describe("the playground's defences", () => {
  it("makes its bot token for this run: it is nowhere in the playground's source", () => {
    expect(botToken()).toMatch(/^xoxb-[0-9a-z-]{40,}$/);
    const dir = new URL("../../src/playground/", import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.[jt]s$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(new URL(file, dir), "utf8")).not.toContain(botToken());
  });

  it("refuses a form posted to its Web API from a browser, even one carrying the bot token", async () => {
    const form = new URLSearchParams({ token: botToken(), channel: general, text: "posted by a form" });
    const posts: Record<string, string>[] = [
      CROSS_SITE_FORM,
      // Another port on this machine is the same site, not the same origin.
      { ...CROSS_SITE_FORM, origin: "http://127.0.0.1:1", "sec-fetch-site": "same-site" },
      // Sandboxed frames and no-referrer pages send `Origin: null`.
      { "content-type": "application/x-www-form-urlencoded", origin: "null" },
      // A browser that says nothing of where it posts from: a token in a form body is not taken.
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "text/plain" },
    ];
    for (const headers of posts) {
      const { answer } = await post("/api/chat.postMessage", headers, form.toString());
      expect(answer.ok, JSON.stringify(headers)).toBe(false);
    }
    expect(messagesIn(general).filter((m) => m.text === "posted by a form")).toEqual([]);
  });

  it("still answers Kuroko's own Web API client, server to server", async () => {
    const answer = await playground.app.bolt.client.chat.postMessage({
      channel: general,
      text: "posted by Kuroko's client",
    });
    expect(answer.ok).toBe(true);
    expect(messagesIn(general).some((m) => m.text === "posted by Kuroko's client")).toBe(true);
  });

  it("takes a response_url post from Kuroko (JSON, server to server) but not from a browser", async () => {
    const { url } = playground.workspace.issueResponseUrl(playground.url, { userId: CSM, channel: general });
    const path = new URL(url).pathname;
    const form = new URLSearchParams({ text: "answered by a form" }).toString();
    expect((await post(path, CROSS_SITE_FORM, form)).status).toBe(403);
    expect((await post(path, { "content-type": "application/x-www-form-urlencoded" }, form)).status).toBe(
      400,
    );
    expect(
      (
        await post(
          path,
          { "content-type": "application/json", origin: playground.url, "sec-fetch-site": "same-origin" },
          JSON.stringify({ text: "answered by the page" }),
        )
      ).status,
    ).toBe(403);
    expect(messagesIn(general).filter((m) => /answered by/.test(m.text))).toEqual([]);

    const bolt = await post(
      path,
      { "content-type": "application/json" },
      JSON.stringify({ text: "answered" }),
    );
    expect(bolt.status).toBe(200);
    expect(messagesIn(general).at(-1)).toMatchObject({ text: "answered", ephemeralFor: CSM });
  });

  it("shows a person's messages and takes their actions from its own page only", async () => {
    const elsewhere: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
      { "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "script" },
      { origin: "http://localhost:1" },
    ];
    for (const headers of elsewhere) {
      for (const path of [`/playground/state?user=${CSM}`, "/playground/events", "/page.js"]) {
        const response = await fetch(`${playground.url}${path}`, { headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        await response.body?.cancel();
      }
    }
    const typed = JSON.stringify({ user: CSM, channel: general, text: "typed elsewhere" });
    const cors = { "content-type": "application/json", "sec-fetch-site": "same-site" };
    expect((await post("/playground/type", cors, typed)).status).toBe(403);
    expect(messagesIn(general).filter((m) => m.text === "typed elsewhere")).toEqual([]);

    const own = { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", origin: playground.url };
    expect((await fetch(`${playground.url}/playground/state?user=${CSM}`, { headers: own })).status).toBe(
      200,
    );
  });

  it("opens from a link on another site, but no other site can frame it", async () => {
    const navigate = { "sec-fetch-mode": "navigate", "sec-fetch-site": "cross-site" };
    const opened = await get("/", { ...navigate, "sec-fetch-dest": "document" });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(opened.headers["x-frame-options"]).toBe("DENY");
    expect((await get("/", { ...navigate, "sec-fetch-dest": "iframe" })).statusCode).toBe(403);
  });
});
