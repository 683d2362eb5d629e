import { describe, expect, it } from "vitest";
import { clip, shorten, wellFormed } from "../../src/text.js";

const wellFormedText = (text: string) => wellFormed(text) === text;

describe("clip", () => {
  it("keeps text within the limit, with an ellipsis where it cut", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("abc", 3)).toBe("abc");
  });

  it.each([3_000, 2_999, 150, 24])("never cuts an emoji in half at %i", (max) => {
    const cut = clip("🎉".repeat(2_000), max);

    expect(cut.length).toBeLessThanOrEqual(max);
    expect(wellFormedText(cut)).toBe(true);
  });
});

describe("shorten", () => {
  it("counts characters, not UTF-16 units, and never splits a pair", () => {
    expect(shorten("🎉".repeat(10), 4)).toBe("🎉🎉🎉…");
  });
});

describe("wellFormed", () => {
  it("replaces a lone half of a surrogate pair, and nothing else", () => {
    expect(wellFormed("ok 🎉")).toBe("ok 🎉");
    expect(wellFormed("🎉".slice(0, 1))).toBe("\uFFFD");
  });
});
