import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runJob } from "../../src/jobs/runner.js";
import { jobNamed } from "../../src/jobs/schedule.js";
import { createLogger } from "../../src/log.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { testConfig } from "../support/app.js";
import { useApp } from "../support/harness.js";
import { slashCommand, USERS } from "../support/payloads.js";

/**
 * The daily digest on the demo portfolio, through the real app: the job's message as the fake
 * Slack receives it, and `/csops digest`'s private preview.
 */

const dir = mkdtempSync(join(tmpdir(), "kuroko-digest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rates = join(dir, "rates.yaml");
writeFileSync(rates, "rates:\n  - date: 2026-11-01\n    EUR: 1.08\n    JPY: 0.0067\n");

/** 08:30 on Monday 23 November 2026 in UTC (the test config's time zone): the digest's slot. */
const now = new Date("2026-11-23T08:30:00Z");
const today = new Date("2026-11-23T00:00:00Z");
const model = defaultHealthModel();

const t = useApp({
  now,
  env: { KUROKO_REPORTING_CURRENCY: "USD", KUROKO_FX_RATES_PATH: rates },
  seed: async (db) => {
    await seedDemo(db.prisma, { accounts: 200, today, model });
  },
});

const textOf = (blocks: unknown) => JSON.stringify(blocks);

describe("the daily digest on the demo portfolio", () => {
  it("names Acme Corp's 30-day collapse with why, its context and a button to its card, and one ARR-at-risk total", async () => {
    await runJob(jobNamed("digest"), t.app.kuroko.jobDeps, { now });

    const posted = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.body.channel === "C0DIGEST01" && c.body.thread_ts === undefined,
    );
    expect(slackLimitViolations(posted.body)).toEqual([]);
    const blocks = posted.body.blocks as {
      type: string;
      text?: { text: string };
      accessory?: { value: string };
    }[];
    const acme = blocks.find((b) => b.text?.text.includes("*Acme Corp*") && b.accessory);
    expect(acme?.text?.text).toMatch(/^🟡 \*Acme Corp\* · −47 in 30 days: /);
    // Why: its weakest components, with the readings behind them.
    expect(acme?.text?.text).toMatch(/_Why:_ 🟥 \w[\w ]* \d+\/100 \([^)]*\d/);
    expect(acme?.text?.text).toContain("💰 $240,000 ARR");
    expect(acme?.text?.text).toMatch(/renews 2027-01-07 \(in 45 days\)/);
    expect(acme?.accessory).toMatchObject({ action_id: "health_show" });
    // The list it is in: the 30-day collapses.
    const index = blocks.indexOf(acme!);
    expect(blocks.slice(0, index).findLast((b) => b.text?.text.startsWith("*"))?.text?.text).toMatch(
      /^\*📉 Fell 20\+ points in 30 days, largest ARR first\*/,
    );
    expect(textOf(posted.body.blocks)).toMatch(
      /\*ARR at risk\*\\n≈ \$[\d,]+ at rates of 2026-11-01: \$[\d,]+ \+ /,
    );
    expect(String(posted.body.text)).toMatch(/ARR at risk ≈ \$[\d,]+ at rates of 2026-11-01/);
  });

  it("previews privately with /csops digest, its lists inline and no promise of a thread", async () => {
    await t.app.slack.command(
      slashCommand("/csops", "digest", t.fake.responseUrl("digest"), { user_id: USERS.approver }),
    );

    const preview = await t.fake.waitForCall("response_url", (c) => c.body.url === "/response/digest");
    expect(preview.body.response_type).toBe("ephemeral");
    expect(slackLimitViolations(preview.body)).toEqual([]);
    const text = textOf(preview.body.blocks);
    expect(text).not.toContain("in the thread");
    expect(text).toContain("Preview, only you see it");
    expect(text).toContain("*Acme Corp* · −47 in 30 days");
  });
});

describe("starting with a wrong exchange-rates file", () => {
  it("refuses to start, listing every problem", () => {
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ rates: [{ date: "2026-11-31", USD: 1, EUR: 0 }] }));
    const config = testConfig(t.fake, { KUROKO_REPORTING_CURRENCY: "USD", KUROKO_FX_RATES_PATH: wrong });

    expect(() =>
      createApp({
        config,
        db: t.db,
        logger: createLogger("error"),
        identity: { botId: "B0BOT", botUserId: "U0BOT" },
        model,
      }),
    ).toThrow(
      [
        `The exchange rates in KUROKO_FX_RATES_PATH=${wrong} are not valid:`,
        '  - rates[0].date: "2026-11-31" is not a date written YYYY-MM-DD',
        "  - rates[0].USD: USD is the reporting currency itself (its rate is always 1): remove it",
        "  - rates[0].EUR: the rate must be a positive number (USD for one EUR), not 0",
      ].join("\n"),
    );
  });
});
