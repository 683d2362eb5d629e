import { describe, expect, it } from "vitest";
import { baselineLine, buildBaselineThread } from "../../src/alerts/summary-views.js";
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
