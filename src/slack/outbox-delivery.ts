import type { WebClient } from "@slack/web-api";
import type { Prisma, PrismaClient } from "../db/database.js";
import type { Logger } from "../log.js";
import { type DeliveryResult, UPLOAD_METHOD, WEBHOOK_METHOD } from "./outbox.js";
import { type LeaseKeeper, leaseKeeper } from "./outbox-lease.js";
import { uploadFiles } from "./upload.js";

/**
 * The outbox's sender: claims due messages one at a time, sends each, records the result (see
 * outbox.ts for what enqueues them, and docs/outbox.md).
 */

interface ClaimedRow {
  id: number;
  method: string;
  channel: string;
  payload: { message: Record<string, unknown>; linkTo?: number };
  parent_id: number | null;
  attempts: number;
  /** The lease this claim holds: results are recorded only while it is still ours. */
  locked_until: Date | string;
}

/** Slack errors worth another try; any other `ok: false` is permanent (bad channel, bad blocks). */
const TRANSIENT_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);
/** About a day of tries at the longest backoff, then the message is marked failed. */
const MAX_ATTEMPTS = 300;

/**
 * A claim's lease: long enough that a crashed sender's claim soon expires, and renewed every
 * third of it while Slack has not answered, so that no other sender (another pass, another
 * replica) takes a message whose send may still succeed, however slow Slack is.
 */
export const CLAIM_MS = 60_000;
/**
 * The longest the sender waits for Slack's answer to one call (its client's time-out). Past it
 * the call is given up, and the message sent again once its lease has run out: Slack's Web API
 * has no idempotency key, so only a send with no answer for this long can ever arrive twice.
 */
export const SEND_TIMEOUT_MS = 5 * 60_000;

/** What an HTTP delivery came to: 2xx sent; 5xx, 408, 429, time-outs and network errors retried; other answers permanent. */
export type HttpOutcome =
  | { kind: "sent" }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "permanent"; error: string };

/**
 * Sends a webhook row (its channel `webhook:<endpoint>` and stored message) over HTTP: given by
 * the process that loaded the webhooks file (src/webhooks/deliver.ts). Without it, webhook rows
 * are left to a process that has it.
 */
export type HttpSender = (row: { channel: string; message: Record<string, unknown> }) => Promise<HttpOutcome>;

export const backoffMs = (attempts: number) => Math.min(5 * 60_000, 1_000 * 2 ** Math.min(attempts, 9));

/**
 * Claims the next due message: the oldest pending one of its channel (so a channel's messages
 * arrive in order), a reply or an edit only once its parent has a `ts`, a message linking to
 * another only once that one was sent or gave up. One message per claim, under a lease that
 * covers its own send. SKIP LOCKED: concurrent senders claim different messages.
 */
async function claimNext(
  prisma: PrismaClient,
  now: Date,
  leaseMs: number,
  webhooks: boolean,
): Promise<ClaimedRow | undefined> {
  const rows = await prisma.$queryRawUnsafe<ClaimedRow[]>(
    `UPDATE outbox_messages SET locked_until = $1::timestamptz + $2 * interval '1 millisecond', attempts = attempts + 1
     WHERE id = (
       SELECT o.id FROM outbox_messages o
       WHERE o.status = 'pending' AND o.next_attempt_at <= $1::timestamptz
         AND ($3::boolean OR o.method <> '${WEBHOOK_METHOD}')
         AND (o.locked_until IS NULL OR o.locked_until < $1::timestamptz)
         AND NOT EXISTS (SELECT 1 FROM outbox_messages e WHERE e.channel = o.channel AND e.status = 'pending' AND e.id < o.id)
         AND (o.parent_id IS NULL OR EXISTS (SELECT 1 FROM outbox_messages p WHERE p.id = o.parent_id AND p.ts IS NOT NULL))
         AND (o.payload->>'linkTo' IS NULL OR EXISTS (
           SELECT 1 FROM outbox_messages l WHERE l.id = (o.payload->>'linkTo')::int AND l.status <> 'pending'))
       ORDER BY o.id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, method, channel, payload, parent_id, attempts, locked_until`,
    now.toISOString(),
    leaseMs,
    webhooks,
  );
  return rows[0];
}

/**
 * One delivery pass: up to `limit` messages, each claimed, sent and recorded in turn, so that
 * each lease covers its own send whatever Slack's latency. Stops early when Slack asks to wait
 * or cannot be reached. Safe with any number of passes and replicas at once.
 */
export async function deliverOutbox(
  prisma: PrismaClient,
  client: WebClient,
  logger: Logger,
  options: {
    now?: Date;
    clock?: () => Date;
    limit?: number;
    /** A claim's lease (renewed every third of it while a send is under way). */
    leaseMs?: number;
    /** The longest the sender waits for one answer (the client's own time-out should be this). */
    sendTimeoutMs?: number;
    /** Delivers webhook rows; unset, this pass leaves them alone. */
    webhooks?: HttpSender;
  } = {},
): Promise<DeliveryResult> {
  const leaseMs = options.leaseMs ?? CLAIM_MS;
  const sendTimeoutMs = options.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  const result: DeliveryResult = { sent: 0, failed: 0, paused: false };
  const limit = options.limit ?? 50;
  const fixed = options.now;
  const clock = options.clock ?? (fixed ? () => fixed : () => new Date());
  for (let i = 0; i < limit && !result.paused; i++) {
    // Read for each claim: a lease starts when its message is claimed, not when the pass began.
    const now = clock();
    const row = await claimNext(prisma, now, leaseMs, options.webhooks !== undefined);
    if (!row) break;
    const lease = leaseKeeper(prisma, row.id, new Date(row.locked_until), leaseMs, clock);
    // Recorded only under this claim's own lease: never over another sender's.
    const record = async (data: Prisma.OutboxMessageUpdateManyMutationInput) => {
      const { count } = await prisma.outboxMessage.updateMany({
        where: { id: row.id, lockedUntil: lease.current() },
        data,
      });
      if (count === 0)
        logger.warn(`outbox: message ${row.id} was claimed again before its result was recorded`);
    };
    const webhook = row.method === WEBHOOK_METHOD;
    const outcome =
      webhook && options.webhooks
        ? await postOne(options.webhooks, row, lease)
        : await sendOne(prisma, client, row, lease, sendTimeoutMs);
    if (outcome.kind === "lost") {
      logger.warn(`outbox: message ${row.id} was claimed by another sender before it was sent; left to it`);
    } else if (outcome.kind === "sent") {
      await record({
        status: "sent",
        ts: outcome.ts,
        sentAt: new Date(),
        lockedUntil: null,
        lastError: null,
      });
      result.sent++;
    } else if (outcome.kind === "permanent" || row.attempts >= MAX_ATTEMPTS) {
      logger.error(
        `outbox: giving up on message ${row.id} (${row.method} to ${row.channel}): ${outcome.error}`,
      );
      await failWithReplies(prisma, row.id, outcome.error);
      result.failed++;
    } else {
      const waitMs = outcome.retryAfterMs ?? backoffMs(row.attempts);
      logger.warn(
        `outbox: ${row.method} to ${row.channel} will be retried in ${Math.round(waitMs / 1000)} s: ${outcome.error}`,
      );
      await record({
        nextAttemptAt: new Date(now.getTime() + waitMs),
        // A send that may still reach Slack keeps its lease until it runs out.
        ...(outcome.mayBeInFlight ? {} : { lockedUntil: null }),
        lastError: outcome.error,
        // A rate limit is Slack asking us to wait, not a failed try. (An endpoint answering
        // 429 for ever must still give up some day: its tries count.)
        ...(outcome.retryAfterMs !== undefined && !webhook ? { attempts: { decrement: 1 } } : {}),
      });
      // One endpoint failing holds back its own later events (its channel), nothing else.
      if (!webhook) result.paused = true;
    }
  }
  return result;
}

type Outcome =
  | { kind: "sent"; ts: string | null }
  | { kind: "retry"; error: string; retryAfterMs?: number; mayBeInFlight?: boolean }
  | { kind: "permanent"; error: string }
  | { kind: "lost" };

/** A webhook row: POSTed under its claim's lease, like a Slack call. */
async function postOne(send: HttpSender, row: ClaimedRow, lease: LeaseKeeper): Promise<Outcome> {
  if (!(await lease.renew())) return { kind: "lost" };
  lease.keepAlive();
  try {
    const outcome = await send({ channel: row.channel, message: row.payload.message });
    return outcome.kind === "sent" ? { kind: "sent", ts: null } : outcome;
  } catch (error) {
    return { kind: "retry", error: (error as Error).message };
  } finally {
    await lease.stop();
  }
}

/** Rejects after `ms`: a guard for a client without a time-out of its own. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("no answer in time"), { inFlight: true })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The message with `{permalink}` filled in, or its link dropped (keeping the words) when there is none. */
function withPermalink(value: unknown, link: string): unknown {
  const json = JSON.stringify(value);
  return JSON.parse(
    link
      ? json.replaceAll("{permalink}", link)
      : json.replace(/<\{permalink\}\|([^>]*)>/g, "$1").replaceAll("{permalink}", ""),
  );
}

async function sendOne(
  prisma: PrismaClient,
  client: WebClient,
  row: ClaimedRow,
  lease: LeaseKeeper,
  timeoutMs: number,
): Promise<Outcome> {
  const args: Record<string, unknown> = { ...row.payload.message, channel: row.channel };
  if (row.parent_id) {
    const parent = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.parent_id } });
    if (row.method === "chat.update") {
      args.channel = parent.resolvedChannel ?? parent.channel;
      args.ts = parent.ts;
    } else {
      args.thread_ts = parent.ts;
    }
  }
  try {
    if (row.payload.linkTo) {
      const target = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.payload.linkTo } });
      const link = target.ts
        ? ((
            await withDeadline(
              client.chat.getPermalink({
                channel: target.resolvedChannel ?? target.channel,
                message_ts: target.ts,
              }),
              timeoutMs,
            )
          ).permalink ?? "")
        : "";
      for (const key of ["text", "blocks"]) {
        if (args[key] !== undefined) args[key] = withPermalink(args[key], link);
      }
    }
    // Checked again, in the database, just before sending: still ours, and renewed.
    if (!(await lease.renew())) return { kind: "lost" };
    lease.keepAlive();
    let response: { ts?: string; channel?: string };
    try {
      const call: Promise<unknown> =
        row.method === UPLOAD_METHOD
          ? uploadFiles(client, args, timeoutMs)
          : client.apiCall(row.method, args);
      response = (await withDeadline(call, timeoutMs)) as typeof response;
    } finally {
      await lease.stop();
    }
    if (response.channel && response.channel !== row.channel) {
      // A DM sent to a user id lands in a D... channel: edits must name that channel.
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: { resolvedChannel: response.channel },
      });
    }
    return { kind: "sent", ts: response.ts ?? null };
  } catch (error) {
    return classify(error);
  }
}

function classify(error: unknown): Outcome {
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message: string;
  };
  switch (e.code) {
    case "slack_webapi_rate_limited_error":
      return { kind: "retry", error: "rate limited", retryAfterMs: (e.retryAfter ?? 1) * 1_000 };
    case "slack_webapi_platform_error": {
      const name = e.data?.error ?? e.message;
      return TRANSIENT_ERRORS.has(name) ? { kind: "retry", error: name } : { kind: "permanent", error: name };
    }
    case "slack_webapi_http_error":
      return (e.statusCode ?? 500) >= 500 || e.statusCode === 408
        ? { kind: "retry", error: `HTTP ${e.statusCode}` }
        : { kind: "permanent", error: `HTTP ${e.statusCode}` };
    default:
      // Network errors: Slack may be unreachable for a while. A call that got no answer in
      // time (the client's time-out, or our deadline) may still have reached Slack: its lease
      // is kept until it runs out.
      return {
        kind: "retry",
        error: e.message,
        mayBeInFlight:
          (error as { inFlight?: boolean }).inFlight === true || /time.?out|aborted/i.test(e.message),
      };
  }
}

/** A message that cannot be sent takes its replies and edits with it. Bounded by the tree's depth. */
async function failWithReplies(prisma: PrismaClient, id: number, error: string): Promise<void> {
  let ids = [id];
  for (let depth = 0; ids.length > 0 && depth < 20; depth++) {
    await prisma.outboxMessage.updateMany({
      where: { id: { in: ids } },
      data: {
        status: "failed",
        lastError: depth === 0 ? error : `its parent failed: ${error}`,
        lockedUntil: null,
      },
    });
    ids = (
      await prisma.outboxMessage.findMany({
        where: { parentId: { in: ids }, status: "pending" },
        select: { id: true },
      })
    ).map((r) => r.id);
  }
}
