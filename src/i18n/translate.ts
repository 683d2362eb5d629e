import { IntlMessageFormat } from "intl-messageformat";
import { formatMoney as formatMoneyEn } from "../format.js";
import { type Catalogue, en, type MessageKey } from "./en.js";
import { ja } from "./ja.js";
import { INTL_TAG, type Locale } from "./locale.js";
import type { MessageValues } from "./values.js";

/**
 * Messages in the reader's language (pure): `t(locale, key, values)`, or a `translator(locale)`
 * that also formats days, numbers and money as that reader expects. Values are checked against
 * the English message's placeholders at compile time.
 */

export const CATALOGUES: Record<Locale, Catalogue> = { en, ja };

/** The values a key's message takes: none, or exactly its placeholders. */
export type ValuesOf<K extends MessageKey> = keyof MessageValues<(typeof en)[K]> extends never
  ? []
  : [values: MessageValues<(typeof en)[K]>];

/** Compiled messages, by locale and key (a message is parsed once per process). */
const compiled = new Map<string, IntlMessageFormat>();

function compile(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let message = compiled.get(id);
  if (!message) {
    // Tags off: Slack's own <@U123> and <url|text> are literal text, not rich-text tags.
    message = new IntlMessageFormat(CATALOGUES[locale][key], INTL_TAG[locale], undefined, {
      ignoreTag: true,
    });
    compiled.set(id, message);
  }
  return message;
}

/** The message `key` in `locale`, with its values in place. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...values: ValuesOf<K>): string {
  const out = compile(locale, key).format(values[0] as Record<string, string | number | Date> | undefined);
  return Array.isArray(out) ? out.join("") : String(out);
}

/** "2026年11月22日(日)" in Japanese; the house style (2026-11-22) in English. A calendar day (UTC midnight). */
export function formatDay(locale: Locale, day: Date): string {
  if (locale === "en") return day.toISOString().slice(0, 10);
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "short",
  }).format(day);
}

/** A number with the reader's grouping: "1,234,567" (both languages group by thousands). */
export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits }).format(value);
}

/**
 * Whole units of money: "$240,000" and "¥18,000,000" in English (src/format.ts), "18,000,000円"
 * for yen in Japanese (as invoices and 稟議 write it), other currencies with their symbol.
 */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  if (locale === "en") return formatMoneyEn(amount, currency);
  if (currency === "JPY") return `${formatNumber(locale, Math.round(amount))}円`;
  try {
    return new Intl.NumberFormat(INTL_TAG[locale], {
      style: "currency",
      currency,
      maximumFractionDigits: 0,
    }).format(amount);
  } catch {
    return `${formatNumber(locale, amount)} ${currency}`;
  }
}

/** "renews in 45 days" / "45日後に更新"; a past day: "renewed 3 days ago" / "3日前に更新". */
export function renewalFromNow(locale: Locale, days: number): string {
  return days >= 0
    ? t(locale, "relative.renewsIn", { days })
    : t(locale, "relative.renewedAgo", { days: -days });
}

/** Everything a view needs to speak to one reader. */
export interface Translator {
  readonly locale: Locale;
  t<K extends MessageKey>(key: K, ...values: ValuesOf<K>): string;
  day(day: Date): string;
  number(value: number, maximumFractionDigits?: number): string;
  money(amount: number, currency: string): string;
  /** Items joined as the language lists them ("a, b" / "a、b"). */
  list(items: readonly string[]): string;
}

const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  let made = translators.get(locale);
  if (!made) {
    made = {
      locale,
      t: (key, ...values) => t(locale, key, ...values),
      day: (day) => formatDay(locale, day),
      number: (value, digits) => formatNumber(locale, value, digits),
      money: (amount, currency) => formatMoney(locale, amount, currency),
      list: (items) => items.join(t(locale, "list.separator")),
    };
    translators.set(locale, made);
  }
  return made;
}

/** English: what a surface not yet converted, the logs and the CLI's default speak. */
export const ENGLISH = translator("en");
