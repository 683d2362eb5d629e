import type { Prisma } from "../db/database.js";
import { enqueue, WEBHOOK_METHOD } from "../slack/outbox.js";
import type { WebhookEndpoint } from "./endpoints.js";
import { eventBody, type WebhookEventInput, wants, webhookChannel } from "./events.js";

/** Where events go: the endpoints of the webhooks file (none when KUROKO_WEBHOOKS_PATH is unset). */
export interface Webhooks {
  endpoints: readonly WebhookEndpoint[];
}

/** What an event's data says of its account: the ids a CRM or warehouse joins on. */
export interface EventAccount {
  id: number;
  external_id: string | null;
  name: string | null;
}

type Tx = Pick<Prisma.TransactionClient, "outboxMessage" | "account">;

/**
 * Reports a change to every endpoint that wants it: one outbox row each, written in `tx`, the
 * transaction making the change (rolled back, nothing was reported; committed, the event will be
 * delivered). Under a dedupe key from the event's id, so a retried job or a second replica
 * reporting the same change adds nothing. `accountId` adds the account's CRM id and name to the
 * data. Returns how many deliveries were enqueued.
 */
export async function emitWebhookEvent(
  tx: Tx,
  webhooks: Webhooks | undefined,
  event: WebhookEventInput & { accountId?: number },
): Promise<number> {
  const targets = webhooks?.endpoints.filter((e) => wants(e.events, event.type)) ?? [];
  if (targets.length === 0) return 0;
  const { accountId, ...input } = event;
  const data =
    accountId === undefined ? input.data : { account: await eventAccount(tx, accountId), ...input.data };
  const body = eventBody({ ...input, data });
  for (const endpoint of targets)
    await enqueue(tx, {
      method: WEBHOOK_METHOD,
      channel: webhookChannel(endpoint.name),
      // The body as sent, so that every retry sends (and signs) the same bytes.
      message: { id: body.id, type: body.type, body: JSON.stringify(body) },
      dedupeKey: `webhook:${endpoint.name}:${body.id}`,
    });
  return targets.length;
}

async function eventAccount(tx: Tx, id: number): Promise<EventAccount> {
  const account = await tx.account.findUnique({ where: { id }, select: { externalId: true, name: true } });
  return { id, external_id: account?.externalId ?? null, name: account?.name ?? null };
}
