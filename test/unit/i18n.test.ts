import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { STATUSES } from "../../src/contracts/state.js";
import { REQUEST_TYPES } from "../../src/contracts/types.js";
import {
  CATALOGUES,
  en,
  formatDay,
  formatMoney,
  formatNumber,
  INTL_TAG,
  ja,
  LOCALES,
  localeOfTag,
  type MessageKey,
  renewalFromNow,
  t,
  translator,
} from "../../src/i18n/index.js";

/** Each argument a message takes, with its kind ("count:plural", "name:argument"), sorted. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
      found.add(`${e.value}:${TYPE[e.type]}`);
      if (e.type === TYPE.plural || e.type === TYPE.select)
        for (const option of Object.values(e.options)) walk(option.value);
      if (e.type === TYPE.tag) walk(e.children);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...found].sort();
}

/** Sample values for a message's placeholders, by kind. */
function sampleValues(message: string): Record<string, string | number | Date> {
  return Object.fromEntries(
    placeholders(message).map((p) => {
      const [name, kind] = p.split(":") as [string, string];
      const value =
        kind === "plural" || kind === "number" ? 3 : kind === "date" || kind === "time" ? new Date(0) : "x";
      return [name, value];
    }),
  );
}

const keys = Object.keys(en) as MessageKey[];

describe("the catalogues", () => {
  it("have the same keys", () => {
    expect(Object.keys(ja).sort()).toEqual([...keys].sort());
  });

  it("have the same placeholders, of the same kinds, in every message", () => {
    const differing = keys.filter((key) => placeholders(en[key]).join() !== placeholders(ja[key]).join());
    expect(differing.map((key) => `${key}: en ${placeholders(en[key])} ja ${placeholders(ja[key])}`)).toEqual(
      [],
    );
  });

  it("compile, and format with their values, in every language", () => {
    for (const locale of LOCALES)
      for (const key of keys) {
        const message = CATALOGUES[locale][key];
        const out = new IntlMessageFormat(message, INTL_TAG[locale], undefined, { ignoreTag: true }).format(
          sampleValues(en[key]),
        );
        expect(typeof out, `${locale} ${key}`).toBe("string");
        expect(String(out), `${locale} ${key}`).not.toMatch(/\{[a-zA-Z]/);
      }
  });

  it("leave no English word in the Japanese catalogue's text (outside code, Slack tokens and terms kept as is)", () => {
    const literals = (elements: MessageFormatElement[]): string =>
      elements
        .map((e) =>
          e.type === TYPE.literal
            ? e.value
            : e.type === TYPE.plural || e.type === TYPE.select
              ? Object.values(e.options)
                  .map((o) => literals(o.value))
                  .join(" ")
              : " ",
        )
        .join("");
    const untranslated = keys.filter((key) => {
      const text = literals(parse(ja[key], { ignoreTag: true })).replace(/`[^`]*`|<[^>]*>/g, " ");
      return /[A-Za-z]{2,}/.test(text.replace(/\b(NPS|CSAT|CRM|ID|NDA|DPA|ARR|AUC|P1|CS|Ops|Kuroko)\b/g, ""));
    });
    expect(untranslated).toEqual([]);
  });

  it("name contract types and statuses as the contracts do, until those move to the catalogue", () => {
    for (const [type, spec] of Object.entries(REQUEST_TYPES))
      expect(t("en", `contract.type.${type}` as MessageKey & `contract.type.${string}`)).toBe(spec.label);
    for (const [status, label] of Object.entries(STATUSES))
      expect(t("en", `contract.status.${status}` as MessageKey & `contract.status.${string}`)).toBe(
        label.toLowerCase(),
      );
  });
});

describe("t and translator", () => {
  it("fill placeholders and plurals", () => {
    expect(t("en", "context.renews", { day: "2027-01-06", days: 45 })).toBe("renews 2027-01-06 (in 45 days)");
    expect(t("en", "context.renews", { day: "2027-01-06", days: 1 })).toBe("renews 2027-01-06 (in 1 day)");
    expect(t("en", "context.renews", { day: "2027-01-06", days: 0 })).toBe("renews 2027-01-06 (today)");
    expect(t("ja", "context.renews", { day: "2027年1月6日(水)", days: 45 })).toBe(
      "2027年1月6日(水)更新（45日後）",
    );
    expect(t("ja", "health.sharedBy", { user: "U1" })).toBe("<@U1> さんが共有しました");
    expect(translator("ja").t("band.held", { band: "yellow", score: 75 })).toBe(
      "75点に達するまでは要注意のままです",
    );
  });

  it("check the values' types at compile time", () => {
    // @ts-expect-error: a plural's count is a number.
    expect(() => t("en", "relative.renewsIn", { days: "45" })).toBeDefined();
    // @ts-expect-error: a placeholder left out.
    expect(() => t("en", "health.header", { name: "Acme" })).toBeDefined();
    // @ts-expect-error: a message without placeholders takes no values.
    expect(() => t("en", "health.gone", { x: 1 })).toBeDefined();
  });
});

describe("formats", () => {
  const day = new Date("2026-11-22T00:00:00Z");
  it("write days as each reader expects", () => {
    expect(formatDay("ja", day)).toBe("2026年11月22日(日)");
    expect(formatDay("en", day)).toBe("2026-11-22");
  });
  it("group numbers and write money in whole units, yen without decimals", () => {
    expect(formatNumber("ja", 1234567)).toBe("1,234,567");
    expect(formatNumber("en", 1234567.89, 1)).toBe("1,234,567.9");
    expect(formatMoney("ja", 18_000_000.4, "JPY")).toBe("18,000,000円");
    expect(formatMoney("ja", 240_000, "USD")).toBe("$240,000");
    expect(formatMoney("en", 18_000_000, "JPY")).toBe("¥18,000,000");
    expect(formatMoney("en", 240_000, "USD")).toBe("$240,000");
  });
  it("say relative renewals from the catalogue", () => {
    expect(renewalFromNow("ja", 45)).toBe("45日後に更新");
    expect(renewalFromNow("en", 45)).toBe("renews in 45 days");
    expect(renewalFromNow("en", 1)).toBe("renews in 1 day");
    expect(renewalFromNow("en", -3)).toBe("renewed 3 days ago");
    expect(renewalFromNow("ja", 0)).toBe("本日更新");
  });
  it("lists as each language joins them", () => {
    expect(translator("ja").list(["a", "b"])).toBe("a、b");
    expect(translator("en").list(["a", "b"])).toBe("a, b");
  });
});

describe("Slack locales", () => {
  it("map ja-JP to Japanese, any other tag to English, none to undefined", () => {
    expect(localeOfTag("ja-JP")).toBe("ja");
    expect(localeOfTag("en-US")).toBe("en");
    expect(localeOfTag("fr-FR")).toBe("en");
    expect(localeOfTag("")).toBeUndefined();
    expect(localeOfTag(undefined)).toBeUndefined();
  });
});
