/** The languages Kuroko speaks (pure). */
export const LOCALES = ["en", "ja"] as const;
export type Locale = (typeof LOCALES)[number];

/** The BCP 47 tag Intl formats each locale with. */
export const INTL_TAG: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };

/**
 * A Slack user's locale (`users.info` with `include_locale`: "ja-JP", "en-US", "en-GB", "fr-FR"…)
 * as Kuroko's: Japanese for any `ja` tag, English for anything else; undefined for none.
 */
export function localeOfTag(tag: string | null | undefined): Locale | undefined {
  const trimmed = tag?.trim();
  if (!trimmed) return undefined;
  return /^ja(?:[-_]|$)/i.test(trimmed) ? "ja" : "en";
}
