import { BUILT_IN_SIGNALS } from "../accounts/signals.js";
import type { MessageKey } from "../i18n/en.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { DEFAULT_MODEL_SPEC } from "./default-model.js";

/**
 * A model's words in the reader's language (pure). Built-in signals and the default model's
 * components have a message in the catalogue (`signal.<name>`, `component.<key>`); a label the
 * health model declares itself is the team's own word and stays as declared.
 */

const BUILT_IN_LABELS = new Map(BUILT_IN_SIGNALS.map((s) => [s.name, s.label]));
const DEFAULT_COMPONENTS = new Map(DEFAULT_MODEL_SPEC.components.map((c) => [c.key, c.label]));

/** A signal's label: the catalogue's for a built-in signal still labelled as built in, else as declared. */
export function signalLabel(locale: Locale, name: string, label: string): string {
  if (locale === "en" || BUILT_IN_LABELS.get(name) !== label) return label;
  return t(locale, `signal.${name}` as MessageKey & `signal.${string}`);
}

/** A component's label: the catalogue's for a default-model component still so labelled, else as declared. */
export function componentLabel(locale: Locale, key: string, label: string): string {
  if (locale === "en" || DEFAULT_COMPONENTS.get(key) !== label) return label;
  return t(locale, `component.${key}` as MessageKey & `component.${string}`);
}

/**
 * A signal's value with its unit, as score.ts `formatValue` shows it in English ("61%", "12 d");
 * in Japanese, days as "12日".
 */
export function valueText(locale: Locale, unit: string, value: number): string {
  const shown =
    Number.isInteger(value) || Math.abs(value) >= 10 ? Math.round(value).toString() : value.toFixed(1);
  if (locale !== "en" && unit === " d") return t(locale, "value.days", { days: shown });
  return `${shown}${unit}`;
}
