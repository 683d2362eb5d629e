import type { Prisma, PrismaClient } from "../db/database.js";
import { wellFormed } from "../text.js";

/**
 * The outbox: every message a state change or a job sends is written in the same transaction
 * as the change (`enqueue`, here), then delivered by `deliverOutbox` (outbox-delivery.ts), run by
 * the worker (outbox-worker.ts). Nothing is lost when Slack is down, and a
 * restart never re-sends what was delivered (see docs/outbox.md).
 */

/** The outbox method of a webhook delivery (src/webhooks/emit.ts enqueues them, the sender POSTs them). */
export const WEBHOOK_METHOD = "webhook.post";

/**
 * The outbox method of a file upload (src/slack/upload.ts): its message is an `UploadMessage`,
 * the files' bytes in base64, delivered with files.getUploadURLExternal, a POST of the bytes and
 * files.completeUploadExternal (what the WebClient's filesUploadV2 does), retried as a whole.
 */
export const UPLOAD_METHOD = "files.uploadV2";

/** An upload's message: the files (PNG, base64) shared in one message, with its text. */
export interface UploadMessage {
  files: { filename: string; title: string; alt_text?: string; base64: string }[];
  /** The message introducing the files (mrkdwn). */
  initial_comment?: string;
}

/** A transaction client or the client itself. */
type Tx = Pick<PrismaClient, "outboxMessage">;

export interface OutboxMessageInput {
  /** "webhook.post": an event for a webhook endpoint, POSTed by the sender (src/webhooks/). */
  method: "chat.postMessage" | "chat.update" | typeof WEBHOOK_METHOD | typeof UPLOAD_METHOD;
  /** A channel id, or a user id for a direct message from the app. */
  channel: string;
  /** The Web API arguments besides channel/ts/thread_ts: text, blocks... */
  message: Record<string, unknown>;
  /**
   * chat.update: the outbox message to edit. chat.postMessage: the message whose thread to
   * reply in. Either way it is sent first and its `ts` used.
   */
  parentId?: number;
  /** Replace `{permalink}` in the message with the link to this outbox message, once sent. */
  linkTo?: number;
  /** The same key enqueues once: a repeated job run or a retried handler adds nothing. */
  dedupeKey?: string;
}

/** Every string in a message made well-formed (see `wellFormed`): a cut emoji never stops a message. */
function wellFormedDeep(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormedDeep(v)]));
  return value;
}

/** Writes a message to send. Call it inside the transaction that makes the change. */
export async function enqueue(tx: Tx, input: OutboxMessageInput): Promise<number> {
  const data = {
    method: input.method,
    channel: input.channel,
    payload: {
      message: wellFormedDeep(input.message),
      ...(input.linkTo ? { linkTo: input.linkTo } : {}),
    } as Prisma.InputJsonValue,
    parentId: input.parentId,
    dedupeKey: input.dedupeKey,
  };
  const row = input.dedupeKey
    ? await tx.outboxMessage.upsert({ where: { dedupeKey: input.dedupeKey }, create: data, update: {} })
    : await tx.outboxMessage.create({ data });
  return row.id;
}

/** The outbox message enqueued under a dedupe key, if any. */
export async function findByKey(tx: Tx, dedupeKey: string): Promise<number | undefined> {
  return (await tx.outboxMessage.findUnique({ where: { dedupeKey }, select: { id: true } }))?.id;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Slack asked us to wait, or is unreachable: the pass stopped early. */
  paused: boolean;
}
