import { readDataFile } from "./data-file.js";
import { KurokoError } from "./errors.js";
import { type FxRates, parseFxRates } from "./money.js";

/**
 * The exchange rates in force: `KUROKO_FX_RATES_PATH` (JSON or YAML, dated rates into
 * `KUROKO_REPORTING_CURRENCY`), or none. A wrong file stops start-up with every problem listed.
 */
export function loadFxRates(reporting: { currency?: string; fxRatesPath?: string }): FxRates | undefined {
  const path = reporting.fxRatesPath;
  if (!path) return undefined;
  if (!reporting.currency)
    throw new KurokoError(
      "KUROKO_FX_RATES_PATH is set but KUROKO_REPORTING_CURRENCY is not: name the currency the rates convert into.",
    );
  const parsed = parseFxRates(readDataFile(path, "KUROKO_FX_RATES_PATH"), reporting.currency);
  if ("problems" in parsed)
    throw new KurokoError(
      `The exchange rates in KUROKO_FX_RATES_PATH=${path} are not valid:\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  return parsed.fx;
}
