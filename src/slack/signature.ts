import { createHmac } from "node:crypto";

/**
 * Slack's request signature: `v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")`, sent as
 * `x-slack-signature` with `x-slack-request-timestamp`. Bolt checks both (and refuses
 * timestamps more than five minutes old). The playground and the tests sign with it.
 */
export function signatureHeaders(
  rawBody: string,
  secret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const hmac = createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex");
  return { "x-slack-signature": `v0=${hmac}`, "x-slack-request-timestamp": String(timestamp) };
}

/** How far a request's timestamp may stand from the clock, either way (Slack's rule). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * A signed request stamped more than five minutes ahead of the clock. Bolt refuses old
 * timestamps only; a future one would let a captured request be replayed until that time.
 */
export function stampedInTheFuture(
  headers: Record<string, string | string[] | undefined>,
  nowMs: number,
): boolean {
  const stamp = headers["x-slack-request-timestamp"];
  if (typeof stamp !== "string") return false;
  const seconds = Number(stamp);
  return Number.isFinite(seconds) && seconds > Math.floor(nowMs / 1000) + MAX_CLOCK_SKEW_SECONDS;
}
