import type { PrismaClient } from "../db/database.js";
import { KurokoError } from "../errors.js";
import { WEBHOOK_METHOD } from "../slack/outbox.js";
import { endpointOfChannel } from "./events.js";

/**
 * Webhook deliveries that did not go through (`kuroko webhooks --failed`): those the outbox gave
 * up on, and those still being retried after a failure; and a given-up one sent again (--retry).
 */

export interface FailedDelivery {
  /** The outbox row: `kuroko webhooks --retry ID`. */
  id: number;
  endpoint: string;
  /** failed: given up; retrying: pending after a failed try. */
  state: "failed" | "retrying";
  type: string;
  eventId: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  /** When the next try is due (retrying only). */
  nextAttemptAt: Date | null;
}

/** The most deliveries listed at once: the oldest first; `more` says how many were left out. */
const LIST_LIMIT = 500;

export async function failedDeliveries(
  prisma: Pick<PrismaClient, "outboxMessage">,
): Promise<{ deliveries: FailedDelivery[]; more: number }> {
  const where = {
    method: WEBHOOK_METHOD,
    OR: [{ status: "failed" }, { status: "pending", lastError: { not: null } }],
  };
  const [rows, total] = await Promise.all([
    prisma.outboxMessage.findMany({ where, orderBy: { id: "asc" }, take: LIST_LIMIT }),
    prisma.outboxMessage.count({ where }),
  ]);
  const deliveries = rows.map((row): FailedDelivery => {
    const message = ((row.payload as { message?: Record<string, unknown> }).message ?? {}) as Record<
      string,
      unknown
    >;
    const failed = row.status === "failed";
    return {
      id: row.id,
      endpoint: endpointOfChannel(row.channel) ?? row.channel,
      state: failed ? "failed" : "retrying",
      type: String(message.type ?? ""),
      eventId: String(message.id ?? ""),
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt,
      nextAttemptAt: failed ? null : row.nextAttemptAt,
    };
  });
  return { deliveries, more: total - deliveries.length };
}

/**
 * Sends a given-up delivery again, as a new first try (now). It goes out after any event of its
 * endpoint still pending before it, and before the later ones (the outbox's order is by row).
 */
export async function retryDelivery(
  prisma: Pick<PrismaClient, "outboxMessage">,
  id: number,
  now: Date,
): Promise<void> {
  const { count } = await prisma.outboxMessage.updateMany({
    where: { id, method: WEBHOOK_METHOD, status: "failed" },
    data: { status: "pending", attempts: 0, nextAttemptAt: now, lockedUntil: null },
  });
  if (count === 0)
    throw new KurokoError(
      `There is no given-up webhook delivery ${id}: see \`kuroko webhooks --failed\` for their ids.`,
    );
}
