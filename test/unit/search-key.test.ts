import { describe, expect, it } from "vitest";
import { searchKey } from "../../src/accounts/search-key.js";

describe("searchKey", () => {
  it.each([
    ["Acme Corp", "acme"],
    ["ACME Corp.", "acme"],
    ["Acme, Inc.", "acme"],
    ["ａｃｍｅ　ｃｏｒｐ", "acme"],
    ["Acme Co., Ltd.", "acme"],
    ["Acme K.K.", "acme"],
    ["Blue Harbor Logistics GmbH", "blueharborlogistics"],
    ["株式会社アクメ", "アクメ"],
    ["アクメ株式会社", "アクメ"],
    ["(株)アクメ", "アクメ"],
    ["（株）アクメ", "アクメ"],
    ["㈱アクメ", "アクメ"],
    ["ｱｸﾒ", "アクメ"],
    ["あくめ", "アクメ"],
  ])("%s → %s", (name, key) => {
    expect(searchKey(name)).toBe(key);
  });

  it("keeps legal-form letters inside other words", () => {
    expect(searchKey("Incognito Software")).toBe("incognitosoftware");
    expect(searchKey("Cobalt Labs")).toBe("cobaltlabs");
  });

  it("keeps a name made only of legal-form words", () => {
    expect(searchKey("The Company Ltd")).toBe("the");
    expect(searchKey("Inc")).toBe("inc");
  });
});
