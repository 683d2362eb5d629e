import { describe, expect, it } from "vitest";
import { shareWhileRunning } from "../../src/lab/fitness.js";

describe("a back-test shared while it runs (/csops model asked twice)", () => {
  it("runs once for askers of the same day while it runs, and afresh once it finished", async () => {
    const started: string[] = [];
    const finish: (() => void)[] = [];
    const run = shareWhileRunning(
      (day: string) =>
        new Promise<string>((resolve) => {
          started.push(day);
          finish.push(() => resolve(`report of ${day} #${started.length}`));
        }),
    );

    const first = run("2026-11-23");
    const second = run("2026-11-23");
    const otherDay = run("2026-11-24");
    expect(started).toEqual(["2026-11-23", "2026-11-24"]);
    for (const done of finish) done();
    expect(await first).toBe("report of 2026-11-23 #2");
    expect(await second).toBe(await first);
    expect(await otherDay).toBe("report of 2026-11-24 #2");

    const later = run("2026-11-23");
    expect(started).toHaveLength(3);
    finish[2]!();
    expect(await later).toBe("report of 2026-11-23 #3");
  });

  it("shares a failure with whoever waited, then forgets it", async () => {
    let calls = 0;
    const run = shareWhileRunning(async () => {
      calls++;
      if (calls === 1) throw new Error("database restarting");
      return "report";
    });

    const [a, b] = await Promise.allSettled([run("d"), run("d")]);
    expect(a.status).toBe("rejected");
    expect(b.status).toBe("rejected");
    expect(await run("d")).toBe("report");
    expect(calls).toBe(2);
  });
});
