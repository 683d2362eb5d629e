import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature of a delivery (pure), like Slack's v0 scheme: HMAC-SHA256, keyed with the
 * endpoint's secret, over "v1:" + the unix timestamp + ":" + the raw body, sent as
 * `X-Kuroko-Signature: v1=<hex>` with `X-Kuroko-Timestamp` (docs/webhooks.md).
 */

export const SIGNATURE_HEADER = "X-Kuroko-Signature";
export const TIMESTAMP_HEADER = "X-Kuroko-Timestamp";
export const EVENT_ID_HEADER = "X-Kuroko-Event-Id";
export const EVENT_TYPE_HEADER = "X-Kuroko-Event-Type";

/** `v1=<hex>` for this body at this unix time (seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`v1:${timestamp}:${body}`).digest("hex")}`;
}

/**
 * What a receiver checks (the snippet in docs/webhooks.md does the same): the signature matches,
 * compared in constant time, and the timestamp is within `toleranceSeconds` of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
