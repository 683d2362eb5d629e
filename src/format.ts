/** Formatting shared by Slack views and the command line. Pure. */

/**
 * One formatter per currency, made once: creating an `Intl.NumberFormat` costs far more than
 * formatting with one (a morning lists hundreds of thousands of amounts). null: not a currency
 * Intl knows.
 */
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/** "$240,000", "¥18,000,000", "€42,000": whole units, the currency's own symbol. */
export function formatMoney(amount: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 });
    } catch {
      format = null;
    }
    // A memo of a pure function, bounded (currency codes are few; a bad one is not kept growing it).
    if (moneyFormats.size < 1_000) moneyFormats.set(currency, format);
  }
  return format ? format.format(amount) : `${amount.toLocaleString("en-US")} ${currency}`;
}

/**
 * C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates. A
 * terminal acts on the first (ESC and CSI start sequences that recolour, move the cursor, retitle
 * the window or write the clipboard; CR rewinds a line); the last reorder what follows them, so
 * `bidi‮gnp.exe` reads as a PNG. Stored text is cleaned of them on the way in and shown escaped
 * on the way out.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A control character written out as its escape, as JSON writes it (ESC as `\u001b`). */
export const escapeControl = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
