import { describe, expect, it } from "vitest";
import {
  baselineLine,
  buildBaselineThread,
  buildMoreAlerts,
  buildMoreThread,
  LISTED_IN_THREAD,
} from "../../src/alerts/summary-views.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

const model = defaultHealthModel();
const today = new Date("2026-11-22T00:00:00Z");
const { green, margin } = model.bands;

describe("the baseline's list", () => {
  it("says why an account over the green line is still yellow (the band's hysteresis)", () => {
    const line = baselineLine({ name: "Pied Health SA", score: green + 1, band: "yellow" }, today, model);

    expect(line).toContain(
      `🟡 ${green + 1}/100, needs attention (yellow until it reaches ${green + margin})`,
    );
  });

  it("names red accounts at risk, escapes names, and stays within Slack's limits however long", () => {
    const accounts = Array.from({ length: 400 }, (_, i) => ({
      name: `<!channel> 株式会社${"あ".repeat(150)} ${i}`,
      score: 20,
      band: "red" as const,
    }));

    const thread = buildBaselineThread(accounts, today, model);

    expect(thread[0]!.blocks.length).toBeGreaterThan(0);
    expect(JSON.stringify(thread)).not.toContain("<!channel>");
    expect(JSON.stringify(thread[0])).toContain("🔴 20/100, at risk");
    for (const message of thread) expect(slackLimitViolations(message)).toEqual([]);
  });
});

describe("a summary's thread on a large portfolio", () => {
  const red = (i: number) => ({ name: `Account ${i}`, score: 20, band: "red" as const });

  it("lists the first 200 of a baseline, counts the rest, and says where they are", () => {
    const thread = buildBaselineThread(
      Array.from({ length: 250 }, (_, i) => red(i)),
      today,
      model,
    );
    const all = JSON.stringify(thread);

    expect(all.match(/• \*Account \d+\*/g)).toHaveLength(LISTED_IN_THREAD);
    expect(all).toContain("Account 199*");
    expect(all).not.toContain("Account 200*");
    expect(String(thread.at(-1)!.text)).toMatch(/of 250$/);
    expect(JSON.stringify(thread.at(-1)!.blocks.at(-1))).toContain(
      "…and 50 more accounts not listed here, each with a smaller ARR. The whole list is in the reporting view `bi.account_health_daily`",
    );
    for (const message of thread) expect(slackLimitViolations(message)).toEqual([]);
  });

  it("lists every account, and no pointer, when they all fit", () => {
    const thread = buildBaselineThread(
      Array.from({ length: 12 }, (_, i) => red(i)),
      today,
      model,
    );

    expect(JSON.stringify(thread)).not.toContain("not listed here");
    expect(String(thread.at(-1)!.text)).toMatch(/1–12 of 12$/);
  });

  it("says how many more alerts there are, in English and Japanese, when the thread lists only the most severe", () => {
    const listed = Array.from({ length: LISTED_IN_THREAD }, (_, i) => ({ ...red(i), reason: "entered red" }));

    const thread = buildMoreThread(listed, today, "en", 80_160);
    const headline = buildMoreAlerts(80_160, 20, "en");
    const ja = buildMoreThread(listed, today, "ja", 80_160);

    expect(JSON.stringify(thread.at(-1)!.blocks.at(-1))).toContain("…and 79,960 more alerts not listed here");
    expect(String(thread.at(-1)!.text)).toMatch(/of 80,160$/);
    expect(headline.text).toBe("📋 80,160 more alerts today: the 200 most severe are listed in the thread.");
    expect(buildMoreAlerts(150, 20, "en").text).toBe("📋 150 more alerts today: the list is in the thread.");
    expect(JSON.stringify(ja.at(-1)!.blocks.at(-1))).toContain("ほか79,960件のアラート");
    expect(buildMoreAlerts(80_160, 20, "ja").text).toContain("重要度の高い200件をスレッドに載せています");
  });
});
