/**
 * How account names are compared when someone types one: `/health acme` must find
 * "ACME Corp.", "Acme, Inc." and "ａｃｍｅ", and `/health アクメ` must find "株式会社アクメ".
 * Pure; the same key is stored on every account (accounts.search_key) and computed from queries.
 */

/**
 * Legal-form words, removed wherever they stand: they say nothing about which customer it is.
 * Latin ones only as whole words; Japanese ones anywhere (they are written without spaces).
 */
const LATIN_LEGAL_FORMS = [
  "incorporated",
  "inc",
  "corporation",
  "corp",
  "company",
  "co",
  "limited",
  "ltd",
  "llc",
  "llp",
  "lp",
  "plc",
  "gmbh",
  "ag",
  "kg",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "bv",
  "nv",
  "ab",
  "as",
  "oy",
  "pty",
  "pte",
  "kk",
  "holdings",
];
const JAPANESE_LEGAL_FORMS = [
  "株式会社",
  "有限会社",
  "合同会社",
  "合資会社",
  "合名会社",
  "(株)",
  "(有)",
  "(同)",
  "㈱",
  "㈲",
];

const LATIN_PATTERN = new RegExp(
  `(^|[^\\p{L}\\p{N}])(?:${LATIN_LEGAL_FORMS.join("|")})(?=$|[^\\p{L}\\p{N}])`,
  "gu",
);

/** Hiragana to katakana, so あくめ and アクメ compare equal. */
const toKatakana = (text: string) =>
  text.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));

/**
 * The comparable form of a name: NFKC (full-width Latin and digits to ASCII, half-width kana
 * to full-width), lower case, katakana for hiragana, legal forms dropped ("k.k." and "co., ltd."
 * included), and every space and punctuation mark removed.
 */
export function searchKey(name: string): string {
  let text = toKatakana(name.normalize("NFKC").toLowerCase());
  for (const form of JAPANESE_LEGAL_FORMS) text = text.split(form.normalize("NFKC")).join(" ");
  text = text.replace(/\b([a-z])\.([a-z])\.(?=\s|$)/g, "$1$2"); // k.k. → kk
  text = text.replace(LATIN_PATTERN, "$1");
  const key = text.replace(/[^\p{L}\p{N}]+/gu, "");
  // A name that is nothing but a legal form ("Company Ltd") keeps its letters.
  return (
    key ||
    name
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "")
  );
}
