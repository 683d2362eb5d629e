import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { type Playground, startPlayground } from "../../src/playground/playground.js";
import { addDays, isoDay, todayIn } from "../../src/time.js";

/** Debian's chromium package (`apt-get install -y chromium`); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** A screenshot of each step, kept as the test's artifacts. */
const SHOTS = join(process.cwd(), "test-results", "playground");
const WAIT = { timeout: 15_000 };

let playground: Playground;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const logs: string[] = [];
let step = 0;

async function shot(name: string): Promise<void> {
  step += 1;
  await page.screenshot({ path: join(SHOTS, `${String(step).padStart(2, "0")}-${name}.png`) });
}

async function actAs(userId: string): Promise<void> {
  await page.selectOption("#user-select", userId);
  await expect.poll(() => page.locator("#user-select").inputValue(), WAIT).toBe(userId);
}

async function openChannel(id: string): Promise<void> {
  await page.click(`#channel-list a[data-channel="${id}"]`);
  await page.locator(`#channel-list a.active[data-channel="${id}"]`).waitFor(WAIT);
}

async function openKurokoMessages(): Promise<void> {
  await page.click("#app-list a");
  await page.locator(".tabs button", { hasText: "Messages" }).click();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium).`);
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  playground = await startPlayground({
    env: {},
    port: 0,
    accounts: 40,
    logger: createLogger("warn", (line) => logs.push(line)),
  });
  userDataDir = mkdtempSync(join(tmpdir(), "kuroko-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => logs.push(`page error: ${error.message}`));
}, 90_000);

afterAll(async () => {
  await context?.close();
  await playground?.stop();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe("the playground in a browser", () => {
  it("shows /health acme, takes a contract request through the modal, and an approver approves it", async () => {
    await page.goto(`${playground.url}/?as=U0CSM0001`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    await expect.poll(() => page.locator(".banner").innerText(), WAIT).toContain("not Slack");

    // The CSM asks for Acme's health card.
    await page.fill("#composer-input", "/health acme");
    await page.press("#composer-input", "Enter");
    const card = page.locator("article[data-ephemeral=true]", { hasText: "Acme Corp" });
    await card.waitFor(WAIT);
    await expect.poll(() => card.innerText(), WAIT).toContain("ARR");
    await expect.poll(() => card.innerText(), WAIT).toContain("Only visible to you");
    await shot("health-card");

    // Escape closes a modal, as in Slack.
    await page.fill("#composer-input", "/contract");
    await page.press("#composer-input", "Enter");
    await page.locator('.modal[data-callback-id="contract_intake"]').waitFor(WAIT);
    await page.keyboard.press("Escape");
    await page.locator(".modal").waitFor({ state: "detached", ...WAIT });

    // ...and logs a contract request from the card.
    await card.locator("button", { hasText: "Log contract request" }).click();
    const intake = page.locator('.modal[data-callback-id="contract_intake"]');
    await intake.waitFor(WAIT);
    await expect
      .poll(() => intake.locator('[data-block-id="account"] input').inputValue(), WAIT)
      .toMatch(/Acme Corp/);
    const typeChanged = async (type: string) => {
      const hash = await intake.getAttribute("data-hash");
      await intake.locator('[data-block-id="type"] select').selectOption(type);
      await expect.poll(() => intake.getAttribute("data-hash"), WAIT).not.toBe(hash);
    };
    await typeChanged("nda");
    await intake.locator('[data-block-id="due_date"] input').fill("2020-01-01");
    await intake.locator("button", { hasText: "Submit" }).click();
    const error = intake.locator('[data-block-id="due_date"] .field-error');
    await error.waitFor(WAIT);
    await expect.poll(() => error.innerText(), WAIT).toContain("passed");
    await shot("intake-field-error");

    // Changing the type redraws the modal (views.update): as in Slack, the errors go with it.
    const due = isoDay(addDays(todayIn("UTC"), 14));
    await intake.locator('[data-block-id="due_date"] input').fill(due);
    await typeChanged("upsell");
    await expect.poll(() => intake.locator(".field-error").count(), WAIT).toBe(0);
    await intake.locator('[data-block-id="amount"] input').fill("12000");
    // A new submission shows its own errors only.
    await intake.locator('[data-block-id="links"] textarea').fill("docs.example.com/acme-upsell");
    await intake.locator("button", { hasText: "Submit" }).click();
    await intake.locator('[data-block-id="links"] .field-error').waitFor(WAIT);
    expect(await intake.locator(".field-error").count()).toBe(1);
    await shot("intake-redrawn-new-error");

    await intake.locator('[data-block-id="links"] textarea').fill("https://docs.example.com/acme-upsell");
    await shot("intake-filled");
    await intake.locator("button", { hasText: "Submit" }).click();
    await intake.waitFor({ state: "detached", ...WAIT });

    // It lands in the CS Ops queue, and the requester hears so.
    await openChannel("C0PGCONTRACT");
    const queued = page.locator("#messages article", { hasText: "Acme Corp" });
    await queued.waitFor(WAIT);
    await expect.poll(() => queued.innerText(), WAIT).toMatch(/CR-\d+/);
    await expect.poll(() => queued.innerText(), WAIT).toContain("Submitted");
    await shot("queue-submitted");
    await openKurokoMessages();
    await page.locator("#messages article", { hasText: "is in the CS Ops queue" }).waitFor(WAIT);
    await shot("requester-dm-submitted");

    // A CS Ops approver reviews and approves it.
    await actAs("U0OPS0001");
    await openChannel("C0PGCONTRACT");
    await page
      .locator("#messages article", { hasText: "Acme Corp" })
      .locator("button", { hasText: "Review" })
      .click();
    const review = page.locator('.modal[data-callback-id="contract_review"]');
    await review.waitFor(WAIT);
    await review.locator('input[type=radio][value="approve"]').check();
    await review.locator('[data-block-id="comment"] textarea').fill("Looks good: approved for signature.");
    await shot("review-modal");
    await review.locator(".modal-footer button.primary").click();
    await review.waitFor({ state: "detached", ...WAIT });
    const decided = page.locator("#messages article", { hasText: "Acme Corp" });
    await expect.poll(() => decided.innerText(), WAIT).toContain("Approved");
    await expect.poll(() => decided.innerText(), WAIT).toContain("(edited)");
    await shot("queue-approved");
    // Each step is also a line in the request's thread.
    await decided.locator("button.replies").click();
    await page.locator("#thread article").nth(1).waitFor(WAIT);
    await shot("queue-thread");

    // The requester's DM says so.
    await actAs("U0CSM0001");
    await openKurokoMessages();
    await page.locator("#messages article", { hasText: "approved by" }).waitFor(WAIT);
    await shot("requester-dm-approved");

    expect(logs.filter((line) => line.startsWith("page error"))).toEqual([]);
  }, 120_000);

  it("answers a Japanese-speaking CSM in Japanese: /health acme as Yuki Tanaka (ja-JP)", async () => {
    await page.goto(`${playground.url}/?as=U0CSM0003`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    await page.fill("#composer-input", "/health acme");
    await page.press("#composer-input", "Enter");
    const card = page.locator("article[data-ephemeral=true]", { hasText: "Acme Corp" });
    await card.waitFor(WAIT);
    await expect.poll(() => card.innerText(), WAIT).toContain("推移（90日間）");
    await shot("health-card-ja");
  });

  it("shows Yuki Tanaka (ja-JP) her App Home in Japanese, and opens the intake modal for her", async () => {
    await page.goto(`${playground.url}/?as=U0CSM0003#/C0PGGENERAL`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    // Her accounts, their alerts and renewals, with yen and Japanese days.
    await page.click("#app-list a");
    await page.locator(".tabs button.active", { hasText: "Home" }).waitFor(WAIT);
    const home = page.locator("#messages .home");
    await home.waitFor(WAIT);
    await expect.poll(() => home.innerText(), WAIT).toContain("担当アカウント");
    await expect.poll(() => home.innerText(), WAIT).toContain("90日以内に更新");
    await shot("home-ja");

    // The intake modal as she opens it (Japanese once the contracts' modals are converted).
    await page.click('#channel-list a[data-channel="C0PGGENERAL"]');
    await expect.poll(() => page.locator("#composer").isVisible(), WAIT).toBe(true);
    await page.fill("#composer-input", "/contract");
    await page.press("#composer-input", "Enter");
    const intake = page.locator('.modal[data-callback-id="contract_intake"]');
    await intake.waitFor(WAIT);
    await shot("intake-ja");
    await page.keyboard.press("Escape");
    await intake.waitFor({ state: "detached", ...WAIT });
  });

  it("offers no composer on Kuroko's Home tab, where nothing typed would go anywhere", async () => {
    await page.goto(`${playground.url}/?as=U0CSM0001`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    await page.fill("#composer-input", "half-typed in #general");
    await page.click("#app-list a");
    await page.locator(".tabs button.active", { hasText: "Home" }).waitFor(WAIT);
    await page.locator("#messages .home").waitFor(WAIT);
    await expect.poll(() => page.locator("#composer").isVisible(), WAIT).toBe(false);
    await shot("home-no-composer");
    await page.locator(".tabs button", { hasText: "Messages" }).click();
    await expect.poll(() => page.locator("#composer").isVisible(), WAIT).toBe(true);
  }, 60_000);

  it("draws what people typed as text: a request's links cannot add markup to the page", async () => {
    await page.goto(`${playground.url}/?as=U0CSM0001#/C0PGGENERAL`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    await page.evaluate("window.ran = []");
    // A request's Documents section as Kuroko might post what was typed into its Links field,
    // each line meant to break out of the markup of the one before; then more hostile mrkdwn.
    const links = [
      "https://a.example/ onmouseover=window.ran.push(1) autofocus onfocus=window.ran.push(2) x",
      "https://b.example/\uE0000\uE000 \uE0001\uE001 \uE0002\uE000",
      'https://c.example/"><img src=x onerror=window.ran.push(3)>',
      "https://d.example/|<img src=x onerror=window.ran.push(4)>",
    ];
    const hostile = [
      `*Documents*\n${links.map((l) => `• <${l}>`).join("\n")}`,
      "*<script>window.ran.push(5)</script>* `<img src=x onerror=window.ran.push(6)>` &lt;b&gt;",
      '<https://e.example|<https://f.example|nested>> ```<@U0CSM0001|"><img src=x onerror=window.ran.push(7)>```',
    ];
    const posted = await playground.app.bolt.client.chat.postMessage({
      channel: "C0PGGENERAL",
      text: "Hostile mrkdwn",
      blocks: hostile.map((text) => ({ type: "section", text: { type: "mrkdwn", text } })),
    });
    const message = page.locator(`#messages article[data-ts="${posted.ts}"]`);
    await message.waitFor(WAIT);
    await expect.poll(() => message.innerText(), WAIT).toContain("a.example");
    await message.locator("a").first().hover();
    await shot("hostile-mrkdwn");
    const drawn = await message.evaluate((article) =>
      [...article.querySelectorAll(".mrkdwn *")].map((e) => ({
        tag: e.tagName.toLowerCase(),
        attributes: [...e.attributes].map((a) => a.name),
      })),
    );
    for (const element of drawn) {
      expect(["a", "b", "i", "s", "code", "pre", "blockquote", "span", "br"]).toContain(element.tag);
      for (const name of element.attributes) expect(["class", "href", "target", "rel"]).toContain(name);
    }
    expect(await page.evaluate("window.ran")).toEqual([]);
  }, 60_000);

  it("draws every kind of modal input and reports what was entered as Slack's view.state.values", async () => {
    await page.goto(`${playground.url}/?as=U0CSM0001`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    const label = (text: string) => ({ type: "plain_text", text });
    const option = (value: string) => ({ text: label(value.toUpperCase()), value });
    const blocks = [
      {
        type: "input",
        block_id: "name",
        label: label("Name"),
        element: { type: "plain_text_input", action_id: "v" },
      },
      {
        type: "input",
        block_id: "seats",
        label: label("Seats"),
        element: { type: "number_input", action_id: "v", is_decimal_allowed: false },
      },
      {
        type: "input",
        block_id: "link",
        label: label("Link"),
        element: { type: "url_text_input", action_id: "v" },
      },
      {
        type: "input",
        block_id: "day",
        label: label("Day"),
        element: { type: "datepicker", action_id: "v" },
      },
      {
        type: "input",
        block_id: "plan",
        label: label("Plan"),
        element: { type: "static_select", action_id: "v", options: [option("pro"), option("max")] },
      },
      {
        type: "input",
        block_id: "account",
        label: label("Account"),
        element: { type: "external_select", action_id: "v", min_query_length: 2 },
      },
      {
        type: "input",
        block_id: "tier",
        label: label("Tier"),
        element: { type: "radio_buttons", action_id: "v", options: [option("gold"), option("silver")] },
      },
      {
        type: "actions",
        block_id: "decide",
        elements: [
          { type: "button", action_id: "approve", style: "primary", text: label("承認する") },
          { type: "button", action_id: "reject", text: label("差し戻す") },
          { type: "static_select", action_id: "why", options: [option("契約更新")] },
        ],
      },
      {
        type: "input",
        block_id: "tags",
        label: label("Tags"),
        element: {
          type: "checkboxes",
          action_id: "v",
          options: [option("vip"), option("risk"), option("new")],
        },
      },
    ];
    // The page's own Block Kit module, in the page, with a stand-in for the app's typeahead answer.
    // (A string, so that the test runner leaves its import() alone.)
    await page.evaluate(`(async () => {
      const blocks = ${JSON.stringify(blocks)};
      const kit = await import(location.origin + "/blocks.js");
      const values = kit.viewState(blocks);
      const surface = {
        ctx: { userName: (id) => id, channelName: (id) => id },
        key: "test",
        values,
        act: async () => {},
        confirm: async () => true,
        suggest: async (_block, _element, query) => ({
          options: [{ text: { type: "plain_text", text: "Acme (" + query + ")" }, value: "42" }],
        }),
      };
      const root = document.createElement("div");
      root.id = "kit-test";
      root.append(...kit.renderBlocks(blocks, surface));
      document.body.replaceChildren(root);
      window.kitValues = values;
    })()`);
    const field = (blockId: string, selector: string) =>
      page.locator(`#kit-test [data-block-id="${blockId}"] ${selector}`);
    await field("name", "input").fill("Renewal 2027");
    await field("seats", "input[type=number]").fill("25");
    await field("link", "input[type=url]").fill("https://docs.example.com/order");
    await field("day", "input[type=date]").fill("2027-01-15");
    await field("plan", "select").selectOption("max");
    await field("account", "input[role=combobox]").fill("ac");
    await field("account", "[role=option]").click();
    await field("tier", "input[value=silver]").check();
    await field("tags", "input[value=vip]").check();
    await field("tags", "input[value=new]").check();
    await page.screenshot({ path: join(SHOTS, "block-kit-inputs.png") });
    // Buttons, selects and inputs draw in the page's font (with its Japanese fallback), not the
    // browser's own control font.
    const fonts = await page.evaluate(`(() => {
      const font = (selector) => getComputedStyle(document.querySelector(selector)).fontFamily;
      return {
        page: font("body"),
        button: font('#kit-test [data-block-id="decide"] button'),
        select: font('#kit-test [data-block-id="decide"] select'),
        input: font('#kit-test [data-block-id="name"] input'),
      };
    })()`);
    const { page: pageFont, ...controls } = fonts as Record<string, string>;
    expect(pageFont).toContain("Noto Sans JP");
    expect(controls).toEqual({ button: pageFont, select: pageFont, input: pageFont });
    await page.locator('#kit-test [data-block-id="decide"]').screenshot({
      path: join(SHOTS, "block-kit-japanese-buttons.png"),
    });
    const values = await page.evaluate("window.kitValues");
    expect(values).toEqual({
      name: { v: { type: "plain_text_input", value: "Renewal 2027" } },
      seats: { v: { type: "number_input", value: "25" } },
      link: { v: { type: "url_text_input", value: "https://docs.example.com/order" } },
      day: { v: { type: "datepicker", selected_date: "2027-01-15" } },
      plan: { v: { type: "static_select", selected_option: { text: label("MAX"), value: "max" } } },
      account: { v: { type: "external_select", selected_option: { text: label("Acme (ac)"), value: "42" } } },
      decide: { why: { type: "static_select", selected_option: null } },
      tier: { v: { type: "radio_buttons", selected_option: { text: label("SILVER"), value: "silver" } } },
      tags: {
        v: {
          type: "checkboxes",
          selected_options: [
            { text: label("VIP"), value: "vip" },
            { text: label("NEW"), value: "new" },
          ],
        },
      },
    });
  }, 60_000);

  it("runs the morning jobs from the page: the digest lands in its channel", async () => {
    await page.goto(`${playground.url}/?as=U0CSM0001`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    await page.click("#morning");
    await expect
      .poll(() => page.locator("#morning-result").innerText(), { timeout: 60_000 })
      .toContain("digest:");
    await openChannel("C0PGDIGEST");
    await page.locator("#messages article").first().waitFor(WAIT);
    await shot("digest");
    // The rest of the morning as a CS Ops team sees it: the alerts channel (baseline summary,
    // alerts by severity), the renewals channel (one message per window), and one "Your morning" DM.
    await openChannel("C0PGALERTS");
    await page.locator("#messages article").first().waitFor(WAIT);
    await shot("alerts-channel");
    await openChannel("C0PGRENEWAL");
    await page.locator("#messages article").first().waitFor(WAIT);
    await shot("renewals-channel");
    await openKurokoMessages();
    await expect.poll(() => page.locator("#messages").innerText(), WAIT).toContain("Your morning");
    await shot("your-morning-dm");
  }, 90_000);

  it("shows /csops model's charts, uploaded through files.uploadV2, as images in the conversation", async () => {
    await page.goto(`${playground.url}/?as=U0OPS0001#/C0PGGENERAL`);
    await page.locator("body[data-ready=true]").waitFor(WAIT);
    await page.fill("#composer-input", "/csops model");
    await page.press("#composer-input", "Enter");
    // The back-test runs after the answer; the summary and charts arrive as one shared message.
    const chart = page.locator("#messages figure.shared-file img").first();
    await chart.waitFor({ timeout: 90_000 });
    // Displayed: the PNG fetched from the playground's server and decoded.
    await expect
      .poll(
        () =>
          chart.evaluate((img) => {
            const image = img as unknown as { complete: boolean; naturalWidth: number };
            return image.complete ? image.naturalWidth : 0;
          }),
        WAIT,
      )
      .toBeGreaterThan(0);
    expect(await chart.getAttribute("alt")).toMatch(/^Line chart of alerts per week over 52 weeks: /);
    // Earlier steps' notices (the hostile mrkdwn) would cover the summary: dismissed.
    const dismiss = page.locator("button", { hasText: "Dismiss" });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await chart.scrollIntoViewIfNeeded();
    await shot("model-chart");
    expect(logs.filter((line) => line.startsWith("page error"))).toEqual([]);
  }, 150_000);
});
