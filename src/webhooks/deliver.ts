import type { HttpOutcome, HttpSender } from "../slack/outbox-delivery.js";
import type { WebhookEndpoint } from "./endpoints.js";
import { endpointOfChannel } from "./events.js";
import {
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from "./signature.js";

/**
 * The outbox's webhook sender: POSTs a stored event to its endpoint, signed with a fresh
 * timestamp, and says what came of it (see HttpOutcome; docs/webhooks.md, "Delivery").
 */

/** How long an endpoint has to answer. Well inside the outbox's 60 s claim. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The longest a 429's Retry-After is honoured: past it, the outbox's own backoff resumes. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** How much of an endpoint's answer is kept in the delivery's last error. */
const ERROR_BODY_CHARS = 200;

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim())
    ? Number(header.trim()) * 1_000
    : Date.parse(header) - now.getTime();
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(1_000, seconds));
}

/** What an endpoint's status means for the delivery. */
export function outcomeOf(status: number, body: string, retryAfter?: number): HttpOutcome {
  if (status >= 200 && status < 300) return { kind: "sent" };
  const said = body.trim().replace(/\s+/g, " ").slice(0, ERROR_BODY_CHARS);
  const error = `HTTP ${status}${said ? `: ${said}` : ""}`;
  if (status === 429)
    return retryAfter === undefined
      ? { kind: "retry", error }
      : { kind: "retry", error, retryAfterMs: retryAfter };
  if (status >= 500 || status === 408) return { kind: "retry", error };
  if (status >= 300 && status < 400)
    return {
      kind: "permanent",
      error: `${error} (redirects are not followed: put the final URL in the webhooks file)`,
    };
  return { kind: "permanent", error };
}

export function createWebhookSender(
  endpoints: readonly WebhookEndpoint[],
  options: { timeoutMs?: number; clock?: () => Date } = {},
): HttpSender {
  const byName = new Map(endpoints.map((e) => [e.name, e]));
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return async ({ channel, message }) => {
    const name = endpointOfChannel(channel) ?? channel;
    const endpoint = byName.get(name);
    if (!endpoint)
      return { kind: "permanent", error: `the endpoint "${name}" is no longer in the webhooks file` };
    const body = String(message.body);
    const timestamp = Math.floor(clock().getTime() / 1_000);
    let response: Response;
    try {
      response = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Kuroko-Webhooks/1",
          [EVENT_ID_HEADER]: String(message.id),
          [EVENT_TYPE_HEADER]: String(message.type),
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(endpoint.secret, timestamp, body),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const why =
        e.name === "TimeoutError"
          ? `no answer within ${Math.round(timeoutMs / 1_000)} s`
          : (e.cause?.code ?? e.cause?.message ?? e.message);
      return { kind: "retry", error: `${endpoint.url}: ${why}` };
    }
    const text = await response.text().catch(() => "");
    return outcomeOf(response.status, text, retryAfterMs(response.headers.get("retry-after"), clock()));
  };
}
