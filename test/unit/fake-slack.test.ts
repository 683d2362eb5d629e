import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../support/process.js";

/**
 * The fake Slack in a process of its own, as the end-to-end tests run it inside theirs: whatever
 * a client does to it must not end that process. Commands on stdin: `hang`, `reset`, `stop`.
 */
const RUNNER = `
const { FakeSlack } = await import("./test/support/fake-slack.ts");
const fake = await new FakeSlack().start();
process.stdin.setEncoding("utf8");
process.stdin.on("data", async (line) => {
  if (line.includes("hang")) { fake.fail("chat.postMessage", { kind: "hang" }); console.log("hanging"); }
  if (line.includes("reset")) { fake.reset(); console.log("reset"); }
  if (line.includes("stop")) { await fake.stop(); console.log("stopped"); process.exit(0); }
});
console.log("listening " + fake.port);
`;

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
  /** Waits (bounded) until `text` has been printed `times` times. */
  waitFor(text: string, times?: number): Promise<void>;
}

const running: Running[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill("SIGKILL");
});

async function startFakeSlack(): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", RUNNER], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      resolve(code);
      for (const wake of waiters.splice(0)) wake();
    }),
  );
  const waitFor = async (text: string, times = 1) => {
    const deadline = Date.now() + 20_000;
    while (output.split(text).length - 1 < times) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`No "${text}" from the fake Slack (exit ${child.exitCode}):\n${output}`);
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };
  const r: Running = { child, port: 0, output: () => output, exited, waitFor };
  running.push(r);
  await waitFor("listening ");
  r.port = Number(/listening (\d+)/.exec(output)![1]);
  return r;
}

/** A Web API call as the app makes it; the fake must still be there to answer it. */
async function authTest(fake: Running) {
  const response = await fetch(`http://127.0.0.1:${fake.port}/api/auth.test`, {
    method: "POST",
    headers: { authorization: "Bearer xoxb-test", "content-type": "application/x-www-form-urlencoded" },
    body: "",
  }).catch((error: unknown) => {
    throw new Error(`The fake Slack is gone (${String(error)}); it said:\n${fake.output()}`);
  });
  return (await response.json()) as { ok: boolean };
}

/** Sends a request's head and part of its body, then leaves as `leave` says. */
function leaveMidBody(port: number, leave: "close" | "reset"): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        "POST /api/chat.postMessage HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
          "Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n" +
          '{"channel":"C1","text":"',
      );
      // Once the fake has the head (it answers nothing yet), the client goes away.
      setImmediate(() => (leave === "reset" ? socket.resetAndDestroy() : socket.destroy()));
    });
    socket.on("close", () => resolve());
    socket.on("error", reject);
  });
}

describe("the fake Slack", () => {
  it("keeps serving when a client closes its connection while sending a body, or resets it", async () => {
    const fake = await startFakeSlack();
    await leaveMidBody(fake.port, "close");
    await leaveMidBody(fake.port, "reset");
    expect(await authTest(fake)).toMatchObject({ ok: true });
    fake.child.stdin!.write("stop\n");
    expect(await fake.exited).toBe(0);
    expect(fake.output()).not.toMatch(/Error|aborted|ECONNRESET/);
  });

  it("keeps serving when a client gives up on a hanging call, and lets go of it on reset and stop", async () => {
    const fake = await startFakeSlack();
    const post = () =>
      fetch(`http://127.0.0.1:${fake.port}/api/chat.postMessage`, {
        method: "POST",
        headers: { authorization: "Bearer xoxb-test", "content-type": "application/json" },
        body: JSON.stringify({ channel: "C1", text: "hi" }),
        signal: AbortSignal.timeout(300),
      });
    const command = async (line: string, answer: string) => {
      const seen = fake.output().split(answer).length - 1;
      fake.child.stdin!.write(`${line}\n`);
      await fake.waitFor(answer, seen + 1);
    };
    await command("hang", "hanging");
    await expect(post()).rejects.toThrow(/aborted|timeout/i);
    expect(await authTest(fake)).toMatchObject({ ok: true });
    await command("reset", "reset");
    await command("hang", "hanging");
    await expect(post()).rejects.toThrow(/aborted|timeout/i);
    expect(await authTest(fake)).toMatchObject({ ok: true });
    fake.child.stdin!.write("stop\n");
    expect(await fake.exited).toBe(0);
    expect(fake.output()).not.toMatch(/Error|aborted|ECONNRESET/);
  });
});
