import { createHash } from "node:crypto";

/**
 * Kuroko's outgoing events (pure): their names, ids and the body each delivery carries. See
 * docs/webhooks.md for every type's payload.
 */

/** Every event a webhook endpoint may ask for, in the words of docs/webhooks.md. */
export const WEBHOOK_EVENT_TYPES = [
  "alert.opened",
  "alert.acknowledged",
  "alert.resolved",
  "request.submitted",
  "request.approved",
  "request.rejected",
  "request.signed",
  "renewal.reminded",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An event as a feature reports it: `key` names the change once (a retried job gives the same key). */
export interface WebhookEventInput {
  type: WebhookEventType;
  /** What makes the change unique, e.g. "alert:12:v3": the event id is derived from it. */
  key: string;
  /** When the change happened. */
  at: Date;
  /** The event's data (snake_case JSON). */
  data: Record<string, unknown>;
}

/** The body of every delivery, as docs/webhooks.md describes it. */
export interface WebhookEventBody {
  id: string;
  type: WebhookEventType;
  created_at: string;
  data: Record<string, unknown>;
}

/**
 * The event's id: derived from its type and key, so the same change reported twice (a retried
 * job, a second replica) has the same id, and receivers can drop a repeated delivery by it.
 */
export function webhookEventId(type: WebhookEventType, key: string): string {
  return `evt_${createHash("sha256").update(`${type}\n${key}`).digest("hex").slice(0, 32)}`;
}

export function eventBody(input: WebhookEventInput): WebhookEventBody {
  return {
    id: webhookEventId(input.type, input.key),
    type: input.type,
    created_at: input.at.toISOString(),
    data: input.data,
  };
}

/** Does an endpoint asking for `wanted` get events of `type`? */
export function wants(wanted: "*" | readonly WebhookEventType[], type: WebhookEventType): boolean {
  return wanted === "*" || wanted.includes(type);
}

/** The outbox channel of an endpoint: its deliveries go out in order, one at a time. */
export const WEBHOOK_CHANNEL_PREFIX = "webhook:";
export const webhookChannel = (endpoint: string) => `${WEBHOOK_CHANNEL_PREFIX}${endpoint}`;
export const endpointOfChannel = (channel: string) =>
  channel.startsWith(WEBHOOK_CHANNEL_PREFIX) ? channel.slice(WEBHOOK_CHANNEL_PREFIX.length) : undefined;
