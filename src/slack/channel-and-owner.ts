import type { SlackMessage } from "./blocks.js";
import { enqueue } from "./outbox.js";

/** A transaction client (or the client itself), as `enqueue` takes it. */
type Tx = Parameters<typeof enqueue>[0];

/** Where a message goes, each copy under its own outbox dedupe key. */
export interface ChannelAndOwner {
  /** A team channel; unset (not configured), the owner alone is told. */
  channel?: { id: string | undefined; dedupeKey: string };
  /** The account's owner, by DM; no owner on record, the channel alone. */
  owner?: { id: string | null; dedupeKey: string };
}

/**
 * Posts one message to a team channel and DMs it to the account's owner (an alert, a renewal
 * reminder), through the outbox inside the caller's transaction. Each copy is enqueued once
 * under its key, so a repeated run adds nothing. Returns the outbox ids of the copies.
 */
export async function postToChannelAndOwner(
  tx: Tx,
  message: SlackMessage,
  to: ChannelAndOwner,
): Promise<{ channel?: number; owner?: number }> {
  const sent: { channel?: number; owner?: number } = {};
  for (const who of ["channel", "owner"] as const) {
    const target = to[who];
    if (!target?.id) continue;
    sent[who] = await enqueue(tx, {
      method: "chat.postMessage",
      channel: target.id,
      message: { ...message },
      dedupeKey: target.dedupeKey,
    });
  }
  return sent;
}
