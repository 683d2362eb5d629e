/** Kuroko's languages: catalogues, the translator and the formatters (docs/i18n.md). */
export { type Catalogue, en, type MessageKey } from "./en.js";
export { ja } from "./ja.js";
export { INTL_TAG, LOCALES, type Locale, localeOfTag } from "./locale.js";
export {
  CATALOGUES,
  ENGLISH,
  formatDay,
  formatMoney,
  formatNumber,
  renewalFromNow,
  type Translator,
  t,
  translator,
  type ValuesOf,
} from "./translate.js";
export type { MessageValues } from "./values.js";
