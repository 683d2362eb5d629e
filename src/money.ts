/**
 * Money across currencies (pure). Amounts are kept in their own currency; a total in one
 * reporting currency needs dated exchange rates (`KUROKO_REPORTING_CURRENCY` and
 * `KUROKO_FX_RATES_PATH`, loaded by fx-file.ts), and always says which rate's date it used.
 */

/** Dated rates into one reporting currency: 1 unit of `from` = `rate` units of `currency`. */
export interface FxRates {
  /** The reporting currency (ISO 4217). */
  currency: string;
  /** Per source currency, its rates, oldest first. */
  rates: Record<string, readonly { date: string; rate: number }[]>;
}

/** The rate into the reporting currency in force on `day` (YYYY-MM-DD): the latest dated on or before it. */
export function rateOn(
  fx: FxRates,
  from: string,
  day: string,
): { rate: number; date: string | null } | undefined {
  if (from === fx.currency) return { rate: 1, date: null };
  let found: { rate: number; date: string } | undefined;
  for (const entry of fx.rates[from] ?? []) if (entry.date <= day) found = entry;
  return found;
}

/**
 * Rough rates to US dollars, only to *order* accounts in different currencies by size when no
 * rates are configured. Never shown as an amount.
 */
const ROUGH_USD: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067 };

/**
 * An amount made comparable across currencies, for ordering and severity only: converted with
 * the configured rate when there is one, else roughly to US dollars.
 */
export function comparableAmount(amount: number, currency: string, fx?: FxRates, day?: string): number {
  const rate = fx && day ? rateOn(fx, currency, day) : undefined;
  if (rate) return amount * rate.rate;
  const usd = amount * (ROUGH_USD[currency] ?? 1);
  const reportingPerUsd = fx ? (ROUGH_USD[fx.currency] ? 1 / ROUGH_USD[fx.currency]! : 1) : 1;
  return usd * reportingPerUsd;
}
