import { describe, expect, it } from "vitest";
import { editDistance, prefixDistance, typoPatterns } from "../../src/accounts/search.js";

describe("editDistance", () => {
  it.each([
    ["acme", "acme", 0],
    ["acme", "acne", 1],
    ["acme", "amce", 1],
    ["acme", "acmee", 1],
    ["acme", "acm", 1],
    ["globex", "gloebx", 1],
    ["さくら", "さくろ", 1],
  ])("%s → %s: %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe("typoPatterns", () => {
  it("covers a wrong, missing, extra or swapped letter, each pattern starting with a literal", () => {
    const patterns = typoPatterns("acne");
    const matches = (key: string) =>
      patterns.some((p) => new RegExp(`^${p.replace(/_/g, ".").replace(/%$/, ".*")}$`).test(key));

    expect(matches("acmecorp")).toBe(true);
    expect(matches("acnecorp")).toBe(true);
    expect(patterns.every((p) => !p.startsWith("_"))).toBe(true);
    expect(typoPatterns("acm")).toEqual([]);
  });

  it("measures a typo against the start of a longer name", () => {
    expect(prefixDistance("acmr", "acmewidgets")).toBe(1);
  });
});
