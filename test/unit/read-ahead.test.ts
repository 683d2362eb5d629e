import { describe, expect, it } from "vitest";
import { eachSliceReadAhead } from "../../src/read-ahead.js";

describe("reading slices ahead", () => {
  it("hands every slice over in id order, with no more than `ahead` reads waiting at once", async () => {
    let waiting = 0;
    let most = 0;
    const used: string[] = [];
    await eachSliceReadAhead(
      { min: 1, max: 95, size: 20 },
      2,
      async (from, to) => {
        waiting++;
        most = Math.max(most, waiting);
        // Later slices answer sooner: the order handed over must not follow the answers.
        await new Promise((resolve) => setTimeout(resolve, 100 - from));
        waiting--;
        return `${from}-${to}`;
      },
      (slice) => {
        used.push(slice);
      },
    );

    expect(used).toEqual(["1-20", "21-40", "41-60", "61-80", "81-100"]);
    expect(most).toBe(2);
  });

  it("reads nothing for an empty range, and fails as a whole when a read fails", async () => {
    const reads: number[] = [];
    await eachSliceReadAhead(
      { min: 1, max: 0, size: 10 },
      2,
      async (from) => reads.push(from),
      () => {},
    );
    expect(reads).toEqual([]);

    const used: number[] = [];
    await expect(
      eachSliceReadAhead(
        { min: 1, max: 50, size: 10 },
        2,
        async (from) => {
          if (from === 21) throw new Error("database restarting");
          return from;
        },
        (slice) => {
          used.push(slice);
        },
      ),
    ).rejects.toThrow("database restarting");
    expect(used).toEqual([1, 11]);
  });
});
