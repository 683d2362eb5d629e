import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFxRates } from "../../src/fx-file.js";
import { rateOn } from "../../src/money.js";

const dir = mkdtempSync(join(tmpdir(), "kuroko-fx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function problemsOf(reporting: { currency?: string; fxRatesPath?: string }): string {
  try {
    loadFxRates(reporting);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the file to be refused");
}

describe("the exchange-rates file (KUROKO_FX_RATES_PATH)", () => {
  it("reads dated rates from YAML into the reporting currency, the latest on or before a day in force", () => {
    const path = file(
      "rates.yaml",
      [
        "currency: USD",
        "rates:",
        "  - date: 2026-10-01",
        "    EUR: 1.05",
        "  - date: 2026-11-01",
        "    EUR: 1.08",
        "    JPY: 0.0067",
      ].join("\n"),
    );

    const fx = loadFxRates({ currency: "USD", fxRatesPath: path })!;

    expect(fx.currency).toBe("USD");
    expect(rateOn(fx, "EUR", "2026-10-15")).toEqual({ date: "2026-10-01", rate: 1.05 });
    expect(rateOn(fx, "EUR", "2026-11-23")).toEqual({ date: "2026-11-01", rate: 1.08 });
    expect(rateOn(fx, "JPY", "2026-10-15")).toBeUndefined();
  });

  it("reads the same from JSON, the file's currency optional", () => {
    const path = file("rates.json", JSON.stringify({ rates: [{ date: "2026-11-01", EUR: 1.08 }] }));

    expect(loadFxRates({ currency: "USD", fxRatesPath: path })).toEqual({
      currency: "USD",
      rates: { EUR: [{ date: "2026-11-01", rate: 1.08 }] },
    });
  });

  it("is none when no file is configured", () => {
    expect(loadFxRates({ currency: "USD" })).toBeUndefined();
  });

  it("refuses a wrong YAML file listing every problem, each with where it is", () => {
    const path = file(
      "wrong.yaml",
      [
        "currency: EUR",
        "rates:",
        "  - date: 2026-13-01",
        "    eur: 1.08",
        "    JPY: -1",
        "  - date: 2026-11-01",
        "    USD: 1",
        "    GBP: many",
        "  - date: 2026-11-01",
        "    EUR: 1.1",
        "  - EUR: 1.2",
      ].join("\n"),
    );

    const message = problemsOf({ currency: "USD", fxRatesPath: path });

    expect(message).toContain(`The exchange rates in KUROKO_FX_RATES_PATH=${path} are not valid:`);
    expect(message.split("\n").slice(1)).toEqual([
      '  - currency: the rates are into "EUR" but KUROKO_REPORTING_CURRENCY is USD',
      '  - rates[0].date: "2026-13-01" is not a date written YYYY-MM-DD',
      "  - rates[0].eur: is not a three-letter currency code in capitals such as EUR",
      "  - rates[0].JPY: the rate must be a positive number (USD for one JPY), not -1",
      "  - rates[1].USD: USD is the reporting currency itself (its rate is always 1): remove it",
      '  - rates[1].GBP: the rate must be a positive number (USD for one GBP), not "many"',
      "  - rates[2].date: 2026-11-01 is also the date of rates[1]: one entry per date",
      "  - rates[3]: has no date (YYYY-MM-DD)",
    ]);
  });

  it("refuses a JSON file with no rates, or of another shape", () => {
    expect(problemsOf({ currency: "USD", fxRatesPath: file("empty.json", '{"rates": []}') })).toContain(
      "  - rates: needs at least one dated entry",
    );
    expect(
      problemsOf({
        currency: "USD",
        fxRatesPath: file("shape.json", '{"EUR": 1.08, "rates": [{"date": "2026-11-01", "EUR": 1}]}'),
      }),
    ).toMatch(/Unrecognized key.*EUR/);
  });

  it("says so when the file cannot be read, or is not JSON", () => {
    expect(problemsOf({ currency: "USD", fxRatesPath: join(dir, "missing.yaml") })).toMatch(
      /^Cannot read KUROKO_FX_RATES_PATH=/,
    );
    expect(problemsOf({ currency: "USD", fxRatesPath: file("bad.json", "{rates:") })).toMatch(
      /is not valid JSON/,
    );
  });
});
