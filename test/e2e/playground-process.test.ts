import { type ChildProcess, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

/** `npm run playground` as a person runs it: a real process, its address read from its output. */
const root = new URL("../..", import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startPlaygroundProcess(args: string[], env: Record<string, string> = {}): Started {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/playground/index.ts", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(
  started: Started,
  pattern: RegExp,
  timeoutMs = 45_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = started.output().match(pattern);
    if (match) return match;
    if (Date.now() > deadline || started.child.exitCode !== null)
      throw new Error(`No ${pattern} in the output:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("npm run playground", () => {
  it("prints the page's address on 127.0.0.1, serves the page there, and stops on SIGTERM", async () => {
    const started = startPlaygroundProcess(["--port", "0", "--accounts", "5"]);
    try {
      const [, url] = await waitForOutput(started, /Open (http:\/\/127\.0\.0\.1:\d+)\//);
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
