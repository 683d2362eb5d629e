import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AlertRulesError,
  type AlertSubject,
  baselineFingerprint,
  buildAlertRules,
  DEFAULT_ALERT_RULES,
  evaluate,
  isBaselineState,
} from "../../src/alerts/rules.js";
import { loadAlertRules } from "../../src/alerts/rules-file.js";
import { addDays } from "../../src/time.js";

const day = new Date("2026-11-22T00:00:00Z");
const week = addDays(day, -7);

/** An account scored today and a week ago, steady, renewing in a year. */
const subject = (over: Partial<AlertSubject> = {}): AlertSubject => ({
  accountId: 1,
  day,
  score: 60,
  band: "yellow",
  previous: { band: "yellow", day: week },
  renewalDate: addDays(day, 365),
  components: { usage: 60 },
  before: { 7: { score: 60, components: { usage: 60 } }, 30: { score: 60, components: { usage: 60 } } },
  stale: false,
  ...over,
});

const causes = (s: AlertSubject) => evaluate(s, DEFAULT_ALERT_RULES).changes.map((c) => c.cause);

describe("the alert rules", () => {
  it("alert on a 30-day decline of 20 points even when the last week lost less than 15", () => {
    const acme = subject({
      score: 45,
      before: { 7: { score: 56, components: { usage: 50 } }, 30: { score: 92, components: {} } },
    });

    expect(evaluate(acme, DEFAULT_ALERT_RULES).changes).toEqual([
      {
        cause: "decline",
        reason: "score fell 47 points in 30 days (92 → 45)",
        facts: { kind: "decline", lost: 47, days: 30, from: 92, to: 45 },
      },
    ]);
  });

  it("alert on a renewal at risk when the renewal came inside the window while the account was not healthy", () => {
    const came = subject({ renewalDate: addDays(day, 60) }); // 67 days away at the previous snapshot

    expect(causes(came)).toEqual(["renewal_at_risk"]);
  });

  it("alert on a renewal at risk when the account became unhealthy inside the window", () => {
    const turned = subject({ renewalDate: addDays(day, 30), previous: { band: "green", day: week } });

    expect(causes(turned)).toEqual(["renewal_at_risk"]);
  });

  it("hold a renewal at risk that was already one, without calling it a change", () => {
    const still = evaluate(subject({ renewalDate: addDays(day, 30) }), DEFAULT_ALERT_RULES);

    expect(still.changes).toEqual([]);
    expect(still.holding.map((c) => c.cause)).toEqual(["renewal_at_risk"]);
    expect(isBaselineState(still)).toBe(true);
  });

  it("see no renewal at risk for a healthy account, or a renewal already past", () => {
    expect(causes(subject({ band: "green", score: 80, renewalDate: addDays(day, 10) }))).toEqual([]);
    expect(evaluate(subject({ renewalDate: addDays(day, -1) }), DEFAULT_ALERT_RULES).holding).toEqual([]);
  });

  it("alert on entering red only when the previous snapshot was not red", () => {
    const entered = subject({ score: 35, band: "red", before: {} });
    const stayed = subject({ score: 35, band: "red", previous: { band: "red", day: week }, before: {} });

    expect(causes(entered)).toEqual(["entered_red"]);
    expect(causes(stayed)).toEqual([]);
    expect(isBaselineState(evaluate(stayed, DEFAULT_ALERT_RULES))).toBe(true);
  });

  it("stay quiet on a red account that improved", () => {
    const improved = subject({
      score: 35,
      band: "red",
      previous: { band: "red", day: week },
      before: { 7: { score: 30, components: {} }, 30: { score: 31, components: {} } },
    });

    expect(causes(improved)).toEqual([]);
  });

  it("say nothing about stale data", () => {
    expect(evaluate(subject({ score: 20, band: "red", stale: true }), DEFAULT_ALERT_RULES).holding).toEqual(
      [],
    );
  });
});

describe("the alert rules file", () => {
  const dir = mkdtempSync(join(tmpdir(), "kuroko-rules-"));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it("reads YAML, the keys left out keeping their defaults", () => {
    const rules = loadAlertRules(file("rules.yaml", "decline:\n  points: 25\nrenewalAtRisk: { days: 90 }\n"));

    expect(rules.decline).toEqual({ enabled: true, points: 25, days: 30 });
    expect(rules.renewalAtRisk).toEqual({ enabled: true, days: 90 });
    expect(rules.drop).toEqual(DEFAULT_ALERT_RULES.drop);
  });

  it("reads JSON", () => {
    expect(loadAlertRules(file("rules.json", '{"cliff": {"enabled": false}}')).cliff.enabled).toBe(false);
  });

  it("lists every problem in a wrong file", () => {
    const path = file(
      "bad.yaml",
      "drop: { points: 0 }\ndecline: { days: 2.5 }\ncooldownDays: -1\nsurprise: 1\n",
    );

    const error = (() => {
      try {
        loadAlertRules(path);
      } catch (e) {
        return e as AlertRulesError;
      }
    })();

    expect(error).toBeInstanceOf(AlertRulesError);
    expect(error!.problems).toEqual([
      "drop.points: must be at least 1",
      "decline.days: must be whole days",
      "cooldownDays: must be 0 or more",
      expect.stringContaining("surprise"),
    ]);
    expect(error!.message).toContain(path);
  });

  it("refuses an empty file (a truncated copy is not the defaults)", () => {
    expect(() => buildAlertRules(null, "rules.yaml")).toThrow(/rules.yaml[\s\S]*the file is empty/);
    expect(buildAlertRules({}, "rules.yaml")).toEqual(DEFAULT_ALERT_RULES);
  });

  it("gives the defaults without a file", () => {
    expect(loadAlertRules(undefined)).toEqual(DEFAULT_ALERT_RULES);
  });

  it("change the baseline's fingerprint when they change, not when their keys are reordered", () => {
    const a = loadAlertRules(file("a.json", '{"drop": {"points": 10, "days": 7}}'));
    const b = loadAlertRules(file("b.json", '{"drop": {"days": 7, "points": 10}}'));

    expect(baselineFingerprint("v1", a)).toBe(baselineFingerprint("v1", b));
    expect(baselineFingerprint("v1", a)).not.toBe(baselineFingerprint("v1", DEFAULT_ALERT_RULES));
    expect(baselineFingerprint("v2", a)).not.toBe(baselineFingerprint("v1", a));
  });
});
