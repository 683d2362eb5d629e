import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { BacktestReport } from "../../src/lab/backtest.js";

/** `kuroko backtest` as an operator runs it, on the demo in its own embedded database. */
let dir: string;
let env: Record<string, string>;
const NOW = new Date("2026-06-01T00:30:00Z");

async function kurokoIn(extra: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { ...env, ...extra },
    now: () => NOW,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
const kuroko = (...argv: string[]) => kurokoIn({}, ...argv);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kuroko-backtest-"));
  env = { KUROKO_DATA_DIR: join(dir, "data"), KUROKO_TIMEZONE: "Asia/Tokyo" };
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("kuroko backtest", () => {
  it("replays the demo against its outcomes, the current model beside a candidate, as text and as JSON", {
    timeout: 180_000,
  }, async () => {
    expect((await kuroko("seed", "--accounts", "200")).code).toBe(0);

    const text = await kuroko("backtest");
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /^Back-test 2025-06-09 → 2026-06-01: 52 weeks, 200 accounts, churn horizon 90 days\./,
    );
    expect(text.out).toMatch(/Outcomes: \d+ churned, .*\d+ renewed/);
    expect(text.out).toMatch(/Score AUC \(churn ranking\) +0\.\d\d/);
    expect(text.out).toMatch(/At risk \(red\): precision +\d+%/);
    expect(text.out).toContain("Churned accounts (current):");
    expect(text.out).toMatch(/ \d+(\.\d)? wk /);
    expect(text.out).toContain("Alerts per week (raised / followed by a churn):");
    expect(text.out).toMatch(/2026-06-01 +\d+ \/ \d+/);
    expect(text.out).toMatch(/feature adoption +0\.\d\d/);
    expect(text.out).toMatch(/Enterprise +current +\d+/);

    const candidate = join(dir, "candidate.yaml");
    writeFileSync(
      candidate,
      [
        "name: usage-only",
        "components:",
        "  - key: usage",
        "    label: Usage",
        "    weight: 1",
        "    metrics:",
        "      - signal: active_user_ratio",
        "        direction: higher_is_better",
        "        points: [[10, 0], [80, 100]]",
        "bands: { red: 40, green: 70, margin: 5 }",
        "freshness: { staleAfterDays: 14, ignoreAfterDays: 180 }",
      ].join("\n"),
    );
    const rules = join(dir, "rules.yaml");
    writeFileSync(rules, "drop: { points: 10 }\n");
    const json = await kuroko(
      "backtest",
      "--model",
      candidate,
      "--rules",
      rules,
      "--from",
      "2026-03-01",
      "--horizon",
      "60",
      "--json",
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as BacktestReport;
    expect(report).toMatchObject({
      from: "2026-03-02",
      to: "2026-06-01",
      horizonDays: 60,
      weeks: 14,
      atRisk: "red",
    });
    expect(report.accounts).toBeGreaterThan(190);
    expect(report.current.model.name).toBe("kuroko-default");
    expect(report.candidate!.model.name).toBe("usage-only");
    expect(report.candidate!.overall.signals.map((s) => s.signal)).toEqual(["active_user_ratio"]);
    expect(report.current.overall.auc).toBeGreaterThan(0.5);
    expect(report.current.churned.length).toBeGreaterThan(0);
    expect(report.current.alertsPerWeek).toHaveLength(14);
    expect(Object.keys(report.current.segments).sort()).toEqual(["Enterprise", "Mid-Market", "SMB"]);

    // In Japanese (KUROKO_LOCALE=ja): no English left but the data's names, the flags and `AUC`.
    const ja = await kurokoIn({ KUROKO_LOCALE: "ja" }, "backtest");
    expect(ja.code).toBe(0);
    expect(ja.out).toMatch(
      /^バックテスト 2025-06-09 → 2026-06-01: 52週分、200アカウント、解約の判定期間は90日です。/,
    );
    expect(ja.out).toContain("解約したアカウント(現行):");
    expect(ja.out).toContain("機能活用率");
    const names = JSON.parse((await kuroko("backtest", "--json")).out) as BacktestReport;
    const left = names.current.churned
      .map((c) => c.name)
      .concat(["kuroko-default", "Enterprise", "Mid-Market", "SMB"])
      .reduce((text, name) => text.split(name).join(" "), ja.out)
      .replace(/`[^`]*`|--[\w-]+|\([0-9a-f]{12}\)|\b(NPS|CSAT|P1)\b/g, " ");
    expect(left.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);

    const wrong = await kuroko("backtest", "--from", "March");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("--from must be a day as YYYY-MM-DD");
  });
});
