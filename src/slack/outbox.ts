import type { WebClient } from "@slack/web-api";
import type { Prisma, PrismaClient } from "../db/database.js";
import type { Logger } from "../log.js";

/**
 * The outbox: every message a state change or a job sends is written in the same transaction
 * as the change, then delivered by `deliverOutbox`. Nothing is lost when Slack is down, and a
 * restart never re-sends what was delivered (see README, "Nothing lost, nothing doubled").
 */

/** A transaction client or the client itself. */
type Tx = Pick<PrismaClient, "outboxMessage">;

export interface OutboxMessageInput {
  method: "chat.postMessage" | "chat.update";
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

/** Writes a message to send. Call it inside the transaction that makes the change. */
export async function enqueue(tx: Tx, input: OutboxMessageInput): Promise<number> {
  const data = {
    method: input.method,
    channel: input.channel,
    payload: {
      message: input.message,
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

interface ClaimedRow {
  id: number;
  method: string;
  channel: string;
  payload: { message: Record<string, unknown>; linkTo?: number };
  parent_id: number | null;
  attempts: number;
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
/** Long enough for one Web API call to finish; a crashed sender's claim expires after it. */
const CLAIM_SECONDS = 60;

export const backoffMs = (attempts: number) => Math.min(5 * 60_000, 1_000 * 2 ** Math.min(attempts, 9));

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Slack asked us to wait, or is unreachable: the pass stopped early. */
  paused: boolean;
}

/**
 * One delivery pass: claims up to `limit` due messages (the oldest pending one of each channel,
 * so a channel's messages arrive in order; replies and edits only once their parent has a
 * `ts`), sends them one by one and records each result at once. Safe with several replicas:
 * claims use SKIP LOCKED and expire.
 */
export async function deliverOutbox(
  prisma: PrismaClient,
  client: WebClient,
  logger: Logger,
  options: { now?: Date; limit?: number } = {},
): Promise<DeliveryResult> {
  const now = options.now ?? new Date();
  const claimed = await prisma.$queryRawUnsafe<ClaimedRow[]>(
    `UPDATE outbox_messages SET locked_until = $1::timestamptz + interval '${CLAIM_SECONDS} seconds', attempts = attempts + 1
     WHERE id IN (
       SELECT o.id FROM outbox_messages o
       WHERE o.status = 'pending' AND o.next_attempt_at <= $1::timestamptz
         AND (o.locked_until IS NULL OR o.locked_until < $1::timestamptz)
         AND NOT EXISTS (SELECT 1 FROM outbox_messages e WHERE e.channel = o.channel AND e.status = 'pending' AND e.id < o.id)
         AND (o.parent_id IS NULL OR EXISTS (SELECT 1 FROM outbox_messages p WHERE p.id = o.parent_id AND p.ts IS NOT NULL))
       ORDER BY o.id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, method, channel, payload, parent_id, attempts`,
    now.toISOString(),
    options.limit ?? 50,
  );
  const result: DeliveryResult = { sent: 0, failed: 0, paused: false };
  for (const row of claimed.sort((a, b) => a.id - b.id)) {
    if (result.paused) {
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: { lockedUntil: null, attempts: { decrement: 1 } },
      });
      continue;
    }
    const outcome = await sendOne(prisma, client, row);
    if (outcome.kind === "sent") {
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: { status: "sent", ts: outcome.ts, sentAt: new Date(), lockedUntil: null, lastError: null },
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
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: {
          nextAttemptAt: new Date(now.getTime() + waitMs),
          lockedUntil: null,
          lastError: outcome.error,
          // A rate limit is Slack asking us to wait, not a failed try.
          ...(outcome.retryAfterMs !== undefined ? { attempts: { decrement: 1 } } : {}),
        },
      });
      result.paused = true;
    }
  }
  return result;
}

type Outcome =
  | { kind: "sent"; ts: string | null }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "permanent"; error: string };

async function sendOne(prisma: PrismaClient, client: WebClient, row: ClaimedRow): Promise<Outcome> {
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
            await client.chat.getPermalink({
              channel: target.resolvedChannel ?? target.channel,
              message_ts: target.ts,
            })
          ).permalink ?? "")
        : "";
      for (const key of ["text", "blocks"]) {
        if (args[key] !== undefined)
          args[key] = JSON.parse(JSON.stringify(args[key]).replaceAll("{permalink}", link));
      }
    }
    const response = (await client.apiCall(row.method, args)) as { ts?: string; channel?: string };
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
      // Network errors, time-outs: Slack may be unreachable for a while.
      return { kind: "retry", error: e.message };
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

export interface OutboxWorker {
  /** Ask for a delivery pass soon (after a change enqueued something). */
  kick(): void;
  start(): void;
  /** Stops polling and waits for a pass in progress. */
  stop(): Promise<void>;
  /** Resolves when no pass is running or asked for (tests). */
  idle(): Promise<void>;
}

/**
 * Runs delivery passes: at once when kicked, and every `pollMs` (messages due for a retry,
 * or enqueued by another replica). A pass that filled its batch is followed by another, up to
 * `maxPasses` in a row.
 */
export function createOutboxWorker(
  deliver: () => Promise<DeliveryResult>,
  logger: Logger,
  options: { pollMs?: number; maxPasses?: number } = {},
): OutboxWorker {
  const pollMs = options.pollMs ?? 2_000;
  const maxPasses = options.maxPasses ?? 20;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  const run = async () => {
    for (let pass = 0; pass < maxPasses; pass++) {
      again = false;
      try {
        const result = await deliver();
        if (result.paused || (result.sent === 0 && result.failed === 0 && !again)) break;
      } catch (error) {
        logger.error("outbox: delivery pass failed:", error);
        break;
      }
    }
  };
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = undefined;
    });
  };
  return {
    kick,
    start() {
      stopped = false;
      timer = setInterval(() => {
        if (!stopped) kick();
      }, pollMs);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    async idle() {
      while (running) await running;
    },
  };
}
