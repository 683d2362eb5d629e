import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_RULES, evaluate } from "../../src/alerts/rules.js";
import { alertReasonText, type CauseFacts, causesText, causeText } from "../../src/health/alert-reason.js";
import { addDays } from "../../src/time.js";
import { englishWords } from "../support/english-words.js";

/** An alert's reason, from facts, in each reader's language (issue 15). */

const every: CauseFacts[] = [
  { kind: "entered_red", score: 31, was: "yellow" },
  { kind: "red", score: 28 },
  { kind: "score_drop", lost: 18, days: 7, from: 70, to: 52 },
  { kind: "decline", lost: 1, days: 30, from: 60, to: 59 },
  { kind: "cliff", component: "usage", label: "Usage", lost: 25, days: 7, from: 80, to: 55 },
  { kind: "renewal_at_risk", band: "red", days: 1 },
  { kind: "renewal_at_risk", band: "yellow", days: 0 },
];

describe("an alert's reason", () => {
  it("says each condition in English as alerts always have", () => {
    expect(every.map((f) => causeText(f, "en"))).toEqual([
      "entered the red band (score 31, was yellow)",
      "in the red band (score 28)",
      "score fell 18 points in 7 days (70 → 52)",
      "score fell 1 points in 30 days (60 → 59)",
      "usage fell 25 points in 7 days (80 → 55)",
      "renewal at risk: red and renews in 1 day",
      "renewal at risk: yellow and renews in 0 days",
    ]);
  });

  it("says each condition in Japanese, with no English word left", () => {
    const ja = every.map((f) => causeText(f, "ja"));
    expect(ja[0]).toBe("解約リスクに入りました（スコア 31、前回は要注意）");
    expect(ja[4]).toBe("7日間で利用状況が25ポイント低下しました（80 → 55）");
    expect(ja[5]).toBe("更新リスク：解約リスクのまま1日後に更新を迎えます");
    expect(englishWords({ text: causesText(every, "ja") })).toEqual([]);
  });

  it("keeps a component label the team declared", () => {
    const own: CauseFacts = {
      kind: "cliff",
      component: "usage",
      label: "製品利用",
      lost: 20,
      days: 7,
      from: 70,
      to: 50,
    };
    expect(causeText(own, "ja")).toContain("製品利用が20ポイント");
  });

  it("is the sentence recorded when an alert has no facts (recorded before them)", () => {
    expect(alertReasonText({ reason: "score fell 3 points" }, "ja")).toBe("score fell 3 points");
    expect(alertReasonText({ reason: "x", causes: [every[1]!] }, "ja")).toBe(
      "解約リスクの状態です（スコア 28）",
    );
  });

  it("is what the rules record: facts and the English sentence made from them", () => {
    const day = new Date("2026-11-22T00:00:00Z");
    const evaluation = evaluate(
      {
        accountId: 1,
        day,
        score: 30,
        band: "red",
        previous: { band: "yellow", day: addDays(day, -1) },
        renewalDate: addDays(day, 20),
        components: { usage: 20 },
        before: { 7: { score: 62, components: { usage: 70 } } },
        stale: false,
      },
      DEFAULT_ALERT_RULES,
      { usage: "Usage" },
    );
    for (const c of evaluation.holding) expect(c.reason).toBe(causeText(c.facts, "en"));
    expect(evaluation.holding.map((c) => c.facts.kind)).toEqual(
      expect.arrayContaining(["entered_red", "score_drop", "cliff", "renewal_at_risk"]),
    );
    expect(evaluation.holding.find((c) => c.facts.kind === "cliff")?.facts).toMatchObject({ label: "Usage" });
  });
});
