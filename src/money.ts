import { z } from "zod";
import { describeIssues } from "./data-checks.js";
import { formatMoney } from "./format.js";

/**
 * Money across currencies (pure). Amounts are kept in their own currency; a total in one
 * reporting currency needs dated exchange rates (`KUROKO_REPORTING_CURRENCY` and
 * `KUROKO_FX_RATES_PATH`, loaded by fx-file.ts), and always says which rate's date it used.
 */

/**
 * ISO 4217 codes in use, as the runtime's ICU data knows them (the same list that formats
 * amounts, so every stored currency can be shown; funds and test codes such as XTS are not in
 * it). Upper case only: "usd" is not a code (callers fold case first where people type it).
 */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));
export const isCurrencyCode = (value: string): boolean => ISO_CURRENCIES.has(value);

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

/** A day written YYYY-MM-DD that is a real calendar day. */
function isCalendarDay(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)
  );
}

const describeValue = (value: unknown) => (typeof value === "string" ? `"${value}"` : String(value));

/**
 * The rates file: `{ currency?, rates: [{ date: "2026-11-01", EUR: 1.08, JPY: 0.0067 }, …] }`,
 * each rate the reporting currency's units for one unit of the named currency. `currency`,
 * when given, must be the reporting currency (so a file written for another cannot be misread).
 */
const fxFileSchema = (reporting: string) =>
  z
    .object({
      currency: z.string().optional(),
      rates: z.array(z.record(z.string(), z.unknown())).min(1, "needs at least one dated entry"),
    })
    .strict()
    .superRefine((file, ctx) => {
      if (file.currency !== undefined && file.currency.toUpperCase() !== reporting)
        ctx.addIssue({
          code: "custom",
          path: ["currency"],
          message: `the rates are into ${describeValue(file.currency)} but KUROKO_REPORTING_CURRENCY is ${reporting}`,
        });
      const seen = new Map<string, number>();
      file.rates.forEach((entry, i) => {
        const date = entry.date instanceof Date ? entry.date.toISOString().slice(0, 10) : entry.date;
        if (date === undefined)
          ctx.addIssue({ code: "custom", path: ["rates", i], message: "has no date (YYYY-MM-DD)" });
        else if (typeof date !== "string" || !isCalendarDay(date))
          ctx.addIssue({
            code: "custom",
            path: ["rates", i, "date"],
            message: `${describeValue(date)} is not a date written YYYY-MM-DD`,
          });
        else if (seen.has(date))
          ctx.addIssue({
            code: "custom",
            path: ["rates", i, "date"],
            message: `${date} is also the date of rates[${seen.get(date)}]: one entry per date`,
          });
        else seen.set(date, i);
        const codes = Object.keys(entry).filter((key) => key !== "date");
        if (codes.length === 0)
          ctx.addIssue({ code: "custom", path: ["rates", i], message: "names no currency and its rate" });
        for (const code of codes) {
          const rate = entry[code];
          if (!/^[A-Z]{3}$/.test(code))
            ctx.addIssue({
              code: "custom",
              path: ["rates", i, code],
              message: "is not a three-letter currency code in capitals such as EUR",
            });
          else if (code === reporting)
            ctx.addIssue({
              code: "custom",
              path: ["rates", i, code],
              message: `${reporting} is the reporting currency itself (its rate is always 1): remove it`,
            });
          if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0)
            ctx.addIssue({
              code: "custom",
              path: ["rates", i, code],
              message: `the rate must be a positive number (${reporting} for one ${code}), not ${describeValue(rate)}`,
            });
        }
      });
    });

/**
 * Checks a rates file's content against the reporting currency: the rates, or every problem
 * found (each with where it is, "rates[2].JPY: …").
 */
export function parseFxRates(input: unknown, reporting: string): { fx: FxRates } | { problems: string[] } {
  const parsed = fxFileSchema(reporting).safeParse(input);
  if (!parsed.success)
    return {
      problems: describeIssues(parsed.error.issues),
    };
  const rates: Record<string, { date: string; rate: number }[]> = {};
  for (const entry of parsed.data.rates) {
    const raw = entry.date;
    const date = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
    for (const [code, rate] of Object.entries(entry)) {
      if (code === "date") continue;
      rates[code] = [...(rates[code] ?? []), { date, rate: rate as number }];
    }
  }
  for (const list of Object.values(rates)) list.sort((x, y) => x.date.localeCompare(y.date));
  return { fx: { currency: reporting, rates } };
}

/**
 * Amounts in several currencies, summed per currency and, with rates, into one reporting
 * currency: the one rule the digest and App Home report ARR by.
 */
export interface ReportedTotal {
  /** Per currency, as summed: the reporting currency first, then the largest. */
  byCurrency: [currency: string, amount: number][];
  /** With rates: the total in the reporting currency, and what it rests on. */
  converted?: {
    currency: string;
    amount: number;
    /** The dates of the rates used, oldest first (none when nothing needed converting). */
    rateDates: string[];
    /** Currencies with no rate on or before `day`: left out of `amount`, and said so. */
    unconverted: string[];
    day: string;
  };
}

/** Sums per currency and, with rates in force on `day` (YYYY-MM-DD), into the reporting currency. */
export function reportTotal(
  amounts: Iterable<{ amount: number; currency: string }>,
  fx: FxRates | undefined,
  day: string,
): ReportedTotal {
  const sums = new Map<string, number>();
  for (const { amount, currency } of amounts) sums.set(currency, (sums.get(currency) ?? 0) + amount);
  // The reporting currency first, then the largest sums (roughly compared) first.
  const byCurrency = [...sums.entries()].sort(
    ([x, a], [y, b]) =>
      Number(y === fx?.currency) - Number(x === fx?.currency) ||
      comparableAmount(b, y, fx, day) - comparableAmount(a, x, fx, day) ||
      x.localeCompare(y),
  );
  if (!fx) return { byCurrency };
  let amount = 0;
  const dates = new Set<string>();
  const unconverted: string[] = [];
  for (const [currency, sum] of byCurrency) {
    const rate = rateOn(fx, currency, day);
    if (!rate) {
      unconverted.push(currency);
      continue;
    }
    amount += sum * rate.rate;
    if (rate.date) dates.add(rate.date);
  }
  return {
    byCurrency,
    converted: { currency: fx.currency, amount, rateDates: [...dates].sort(), unconverted, day },
  };
}

/**
 * A total as a CS Ops lead reports it, never converted silently: "≈ $3,412,000 at rates of
 * 2026-11-01: $2,270,955 + €120,363 + ¥51,873,300"; a currency with no rate is listed apart,
 * unconverted; without rates, the per-currency sums; nothing: "none".
 */
export function describeTotal(total: ReportedTotal): string {
  const parts = (entries: [string, number][]) =>
    entries.map(([currency, amount]) => formatMoney(amount, currency)).join(" + ");
  if (total.byCurrency.length === 0) return "none";
  const c = total.converted;
  if (!c) return parts(total.byCurrency);
  const converted = total.byCurrency.filter(([currency]) => !c.unconverted.includes(currency));
  const left = total.byCurrency.filter(([currency]) => c.unconverted.includes(currency));
  const apart = left.length
    ? `${converted.length ? ", plus " : ""}${parts(left)} not converted (no ${c.unconverted.join(" or ")} rate on or before ${c.day})`
    : "";
  if (converted.length === 0)
    return `${parts(left)} (no ${c.unconverted.join(" or ")} rate on or before ${c.day})`;
  if (c.rateDates.length === 0) return `${formatMoney(c.amount, c.currency)}${apart}`;
  return `≈ ${formatMoney(c.amount, c.currency)} at rates of ${c.rateDates.join(", ")}: ${parts(converted)}${apart}`;
}

/**
 * An amount as US dollars, roughly: for scales that are fixed in dollars (an alert's severity
 * gives its full ARR weight from $1,000,000), whatever the reporting currency. Converted with the
 * configured rates when they reach USD (the reporting currency is USD, or the file has a USD
 * rate), else with the rough rates; a currency known to neither counts one for one.
 */
export function usdEquivalent(amount: number, currency: string, fx?: FxRates, day?: string): number {
  if (fx && day) {
    const inReporting = rateOn(fx, currency, day);
    const usd = rateOn(fx, "USD", day);
    if (inReporting && usd) return (amount * inReporting.rate) / usd.rate;
  }
  return amount * (ROUGH_USD[currency] ?? 1);
}
