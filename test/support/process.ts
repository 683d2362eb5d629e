import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** The repository's root: processes run there, as `npm run ...` runs them. */
export const ROOT = new URL("../..", import.meta.url).pathname;

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs one of our TypeScript entry points (through tsx) with only PATH and `env` in its environment. */
export function startScript(script: string, args: string[], env: Record<string, string>): Started {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits (bounded) for `pattern` in the output; fails early if the process exits first. */
export async function waitForOutput(
  started: Started,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = started.output().match(pattern);
    if (match) return match;
    if (Date.now() > deadline || started.child.exitCode !== null)
      throw new Error(`Never printed ${pattern}; output:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port free on 127.0.0.1 right now, for a process to listen on. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
