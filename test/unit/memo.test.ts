import { describe, expect, it } from "vitest";
import { memoized } from "../../src/memo.js";

describe("memoized", () => {
  it("makes each distinct key once and gives back the same value after", () => {
    const made: string[] = [];
    const dayOf = memoized((text: string) => {
      made.push(text);
      return new Date(`${text}T00:00:00Z`);
    });
    const first = dayOf("2026-11-23");
    expect(dayOf("2026-11-23")).toBe(first);
    expect(dayOf("2026-11-24")).not.toBe(first);
    expect(made).toEqual(["2026-11-23", "2026-11-24"]);
  });

  it("remembers a value that is undefined too", () => {
    let calls = 0;
    const nothing = memoized((_: number) => {
      calls++;
      return undefined;
    });
    nothing(1);
    nothing(1);
    expect(calls).toBe(1);
  });
});
