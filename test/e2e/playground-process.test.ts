import { describe, expect, it } from "vitest";
import { startScript, waitForOutput } from "../support/process.js";

/** `npm run playground` as a person runs it: a real process, its address read from its output. */
const startPlaygroundProcess = (args: string[], env: Record<string, string> = {}) =>
  startScript("src/playground/index.ts", args, env);

describe("npm run playground", () => {
  it("prints the page's address on 127.0.0.1, serves the page there, and stops on SIGTERM", async () => {
    const started = startPlaygroundProcess(["--port", "0", "--accounts", "5"]);
    try {
      const [, url] = await waitForOutput(started, /Open (http:\/\/127\.0\.0\.1:\d+)\//, 45_000);
      expect(started.output()).toContain("NOT Slack");
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("this is not Slack");
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
    } finally {
      started.child.kill("SIGKILL");
    }
  }, 60_000);

  it("refuses to start with NODE_ENV=production, saying why", async () => {
    const started = startPlaygroundProcess(["--port", "0"], { NODE_ENV: "production" });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/does not run with NODE_ENV=production/);
  }, 30_000);

  it("explains a bad --port", async () => {
    const started = startPlaygroundProcess(["--port", "nope"]);
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/--port must be a port number/);
  }, 30_000);
});
