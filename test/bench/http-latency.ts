import type { SlackSender } from "../support/slack-requests.js";

export interface LatencyStats {
  requests: number;
  medianMs: number;
  p99Ms: number;
  meanMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Sends `requests` signed slash commands one after another (after `warmup` unmeasured ones)
 * and reports the HTTP round-trip times. Sequential on purpose: it measures latency, not
 * throughput, and stays gentle on a shared 2-core machine.
 */
export async function measureCommandLatency(
  sender: SlackSender,
  payload: (i: number) => Record<string, string>,
  options: { requests: number; warmup: number },
): Promise<LatencyStats> {
  for (let i = 0; i < options.warmup; i++) await expectOk(sender.command(payload(i)));
  const times: number[] = [];
  for (let i = 0; i < options.requests; i++) {
    const start = performance.now();
    await expectOk(sender.command(payload(i)));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    requests: times.length,
    medianMs: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
  };
}

async function expectOk(response: Promise<Response>): Promise<void> {
  const res = await response;
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`The app answered HTTP ${res.status}`);
}
