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
