import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import type { Band, HealthModel } from "./model.js";

/**
 * Kuroko's one vocabulary for an account's state (pure): the card, alerts, reminders, the
 * digest, the morning DM and Home all say it with these words and colours.
 *
 * - red is **at risk**: the digest's "ARR at risk", Home's at-risk list;
 * - yellow **needs attention**: not at risk yet, not healthy either;
 * - green is **healthy**.
 *
 * A renewal is *at risk* when the account is not healthy (red or yellow) close to its renewal:
 * the paperwork cannot wait for yellow to turn red.
 */

/** How a band is shown wherever Kuroko names one. */
export const BAND_EMOJI: Record<Band, string> = { green: "🟢", yellow: "🟡", red: "🔴" };

/** A bar's cell in a band's colour (Slack draws inline code red, so bars are drawn with these). */
export const BAND_SQUARE: Record<Band, string> = { green: "🟩", yellow: "🟨", red: "🟥" };

/** What a band means, in words (English; `bandMeaning` in the reader's language). */
export const BAND_MEANING: Record<Band, string> = {
  red: "at risk",
  yellow: "needs attention",
  green: "healthy",
};

/** What a band means in the reader's language: 解約リスク, 要注意, 良好. */
export const bandMeaning = (band: Band, locale: Locale = "en"): string => t(locale, `band.${band}`);

/** At risk: red. */
export const isAtRisk = (band: Band | null | undefined): boolean => band === "red";

/** Not healthy: red or yellow (a renewal in this state is a renewal at risk). */
export const isUnhealthy = (band: Band | null | undefined): boolean => band === "red" || band === "yellow";

/**
 * Why the band is worse than the score alone says: the band's hysteresis holds an account that
 * climbs until it clears the threshold by the margin. "yellow until it reaches 75" (undefined
 * when the score alone gives this band).
 */
export function hysteresisNote(
  score: number,
  band: Band,
  model: Pick<HealthModel, "bands">,
  locale: Locale = "en",
): string | undefined {
  const { red, green, margin } = model.bands;
  if (band === "yellow" && score >= green) return t(locale, "band.held", { band, score: green + margin });
  if (band === "red" && score >= red) return t(locale, "band.held", { band, score: red + margin });
  return undefined;
}

/** "🟡 72/100, needs attention (yellow until it reaches 75)": a band in words, with its hysteresis. */
export function describeBand(
  score: number,
  band: Band,
  model?: Pick<HealthModel, "bands">,
  locale: Locale = "en",
): string {
  const held = model ? hysteresisNote(score, band, model, locale) : undefined;
  const words = { emoji: BAND_EMOJI[band], score, meaning: bandMeaning(band, locale) };
  return held ? t(locale, "band.describeHeld", { ...words, held }) : t(locale, "band.describe", words);
}

/** The legend under a card's coloured bars. */
export function bandLegend(model: Pick<HealthModel, "bands">, locale: Locale = "en"): string {
  const { red, green } = model.bands;
  return t(locale, "band.legend", {
    green: BAND_SQUARE.green,
    yellow: BAND_SQUARE.yellow,
    red: BAND_SQUARE.red,
    greenFrom: green,
    redFrom: red,
    yellowTo: green - 1,
  });
}

/** The band a component's own score falls in (no hysteresis: components have no history of their own). */
export function componentBand(score: number, model: Pick<HealthModel, "bands">): Band {
  if (score < model.bands.red) return "red";
  if (score < model.bands.green) return "yellow";
  return "green";
}
