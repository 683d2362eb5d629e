import { z } from "zod";
import { loadAccountContext } from "../health/context.js";
import type { HealthModel } from "../health/model.js";
import { type Locale, t, translator } from "../i18n/index.js";
import type { Logger } from "../log.js";
import type { SlackMessage } from "../slack/blocks.js";
import type { LocaleResolver } from "../slack/locale.js";
import { enqueue, findByKey } from "../slack/outbox.js";
import { todayIn } from "../time.js";
import { coverFor } from "./cover-repository.js";
import { type StepMembers, type Waiting, waitingOn } from "./recipients.js";
import type { Tx } from "./repository.js";
import type { RequestDetails } from "./request.js";
import { type ApprovalPolicy, requiredSteps } from "./state.js";
import { requestLabel } from "./types.js";
import { buildOverdueLine, buildQueueMessage, buildThreadLine } from "./views/queue-message.js";
import { buildEditDm, buildRequesterDm } from "./views/requester-dm.js";
import { buildWaitingDm, noLongerWaitingLine, type WaitEvent, withoutButtons } from "./views/waiting-dm.js";

/**
 * What contracts send, written to the outbox in the transaction that made the change: the
 * request's queue message (posted once, then edited in place), lines in its thread, and the
 * requester's DMs.
 */

export interface Announcer {
  policy: ApprovalPolicy;
  logger: Logger;
  /** The CS Ops queue channel; unset, requests are stored and DMed but not posted. */
  queueChannel?: string;
  /** The team's time zone: the day the account's context is read for (default UTC). */
  timezone?: string;
  /** The health model's bands: the context's band in words, with its hysteresis. */
  model?: Pick<HealthModel, "bands">;
  /** KUROKO_CRM_URL_TEMPLATE: the context links to the account's CRM record (unset: no link). */
  crmUrlTemplate?: string;
  /** Each DM's reader's language (unset: KUROKO_LOCALE, `locale.default`). */
  locales?: LocaleResolver;
  /** KUROKO_LOCALE, and KUROKO_CHANNEL_LOCALE: the queue message and its thread (unset: English). */
  locale?: { default: Locale; channel: Locale };
}

/** The queue channel's language: KUROKO_CHANNEL_LOCALE. */
export const channelLocaleOf = (to: Pick<Announcer, "locale">): Locale => to.locale?.channel ?? "en";

/**
 * A DM's reader's language, composed per recipient. Asked of Slack at most once per user in
 * six hours (cached), and never waiting more than the resolver's bound (src/slack/locale.ts).
 */
export const readerLocaleOf = (to: Pick<Announcer, "locales" | "locale">, userId: string): Promise<Locale> =>
  to.locales ? to.locales.localeOf(userId) : Promise.resolve(to.locale?.default ?? "en");

/**
 * Asks Slack for these people's languages before a transaction that may DM them, so that
 * `readerLocaleOf` inside it answers from the cache rather than hold the transaction open while
 * Slack answers (up to the resolver's 1.5 s).
 */
export async function warmLocales(
  to: Pick<Announcer, "locales">,
  ...people: (string | null | undefined | readonly string[])[]
): Promise<void> {
  const ids = new Set(people.flat().filter((id): id is string => typeof id === "string"));
  if (to.locales) await Promise.all([...ids].map((id) => to.locales!.localeOf(id)));
}

/**
 * The queue message, with the account's context as of the change (read in its transaction:
 * the paperwork it lists includes the change itself).
 */
async function queueMessage(tx: Tx, to: Announcer, request: RequestDetails, now: Date) {
  const today = todayIn(to.timezone ?? "UTC", now);
  const context = await loadAccountContext(tx, request.account.id, today);
  const account = context && {
    context,
    options: { today, model: to.model, crmUrlTemplate: to.crmUrlTemplate },
  };
  return buildQueueMessage(
    request,
    requiredSteps(request, to.policy),
    now,
    account,
    to.policy.stages,
    channelLocaleOf(to),
  );
}

/** The dedupe key of a request's queue message in the outbox. */
export const queueKey = (id: number) => `cr:${id}:queue`;

/**
 * A notice about a request (an escalation step, a needed-by date): a line in its queue thread
 * (when it has a queue message), in the channel's language, and a DM to each of `people`
 * (linking the queue message when there is one: `dm` is told, for the DM's words), composed per
 * recipient in their language, each enqueued once under `key`.
 */
export async function noticeInThreadAndDms(
  tx: Tx,
  to: Pick<Announcer, "queueChannel" | "locales" | "locale">,
  request: Pick<RequestDetails, "id">,
  notice: {
    key: string;
    people: readonly string[];
    thread: (locale: Locale) => string;
    dm: (queueLinked: boolean, locale: Locale) => string;
  },
): Promise<void> {
  const queueChannel = to.queueChannel;
  const queueId = queueChannel ? await findByKey(tx, queueKey(request.id)) : undefined;
  if (queueId !== undefined)
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: queueChannel ?? "",
      parentId: queueId,
      message: { text: notice.thread(channelLocaleOf(to)) },
      dedupeKey: `${notice.key}:thread`,
    });
  for (const userId of notice.people)
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: userId,
      message: { text: notice.dm(queueId !== undefined, await readerLocaleOf(to, userId)) },
      ...(queueId !== undefined ? { linkTo: queueId } : {}),
      dedupeKey: `${notice.key}:dm:${userId}`,
    });
}

/** A new request: posted to the queue, and the requester told with a link to it, in their language. */
export async function announceSubmission(
  tx: Tx,
  to: Announcer,
  request: RequestDetails,
  now: Date,
  requesterLocale: Locale = "en",
): Promise<void> {
  let queueId: number | undefined;
  if (to.queueChannel) {
    queueId = await enqueue(tx, {
      method: "chat.postMessage",
      channel: to.queueChannel,
      message: { ...(await queueMessage(tx, to, request, now)) },
      dedupeKey: queueKey(request.id),
    });
  } else {
    to.logger.warn(`${requestLabel(request.number)} was not posted: KUROKO_CONTRACTS_CHANNEL is not set`);
  }
  // The DM links to the queue message: the outbox sends that first and fills in its link.
  await enqueue(tx, {
    method: "chat.postMessage",
    channel: request.requesterId,
    message: {
      ...buildRequesterDm(
        request,
        { action: "submitted", actorId: request.requesterId },
        { queueLink: queueId !== undefined },
        translator(requesterLocale),
      ),
    },
    linkTo: queueId,
  });
}

/** The dedupe key of the DM asking `userId` to act on a request's `step`, once per (re)submission. */
export const waitKey = (r: { id: number; submission?: number }, step: string, userId: string) =>
  `cr:${r.id}:s${r.submission ?? 0}:${step}:${userId}`;

/** What announceChange needs to tell who must act now, and to redraw the DMs that no longer apply. */
export interface WaitContext {
  /** The request as it was before the change: its DMs that no longer apply are redrawn. */
  previous?: RequestDetails & { submission?: number };
  /** The members of the request's approval steps, read before the transaction (waiting.ts). */
  members?: StepMembers;
  /** The requester's language, looked up before the transaction: their DM is written in it. */
  requesterLocale?: Locale;
}

const sentMessageSchema = z.object({
  message: z.object({ text: z.string(), blocks: z.array(z.looseObject({ type: z.string() })) }),
});

/**
 * The DMs of `previous` that waited on someone the request no longer waits on (for that step):
 * redrawn without their button. The DM is read back from the outbox, so its words stay.
 */
async function redrawStale(
  tx: Tx,
  to: Pick<Announcer, "locales" | "locale">,
  request: RequestDetails & { submission?: number },
  previous: RequestDetails & { submission?: number },
  waiting: { before?: Waiting; after?: Waiting },
  event: WaitEvent,
): Promise<void> {
  const { before, after } = waiting;
  if (!before) return;
  const sameStep = after?.step === before.step && request.submission === previous.submission;
  for (const userId of before.userIds) {
    if (sameStep && after?.userIds.includes(userId)) continue;
    const sent = await tx.outboxMessage.findUnique({
      where: { dedupeKey: waitKey(previous, before.step, userId) },
      select: { id: true, payload: true },
    });
    const parsed = sent && sentMessageSchema.safeParse(sent.payload);
    if (!sent || !parsed?.success) continue;
    const message = parsed.data.message as SlackMessage;
    await enqueue(tx, {
      method: "chat.update",
      channel: userId,
      parentId: sent.id,
      message: {
        ...withoutButtons(
          message,
          noLongerWaitingLine(request, event, userId, await readerLocaleOf(to, userId)),
        ),
      },
    });
  }
}

/**
 * A change: the queue message edited, a thread line; whoever it now waits on asked once (a DM
 * with the button that fits, deduplicated per person and step); the DMs that no longer apply
 * redrawn without their button; the requester told (unless they made it or are the one asked).
 */
export async function announceChange(
  tx: Tx,
  to: Announcer,
  request: RequestDetails & { submission?: number },
  event: { action: string; actorId: string; onBehalfOf?: string | null; comment?: string | null },
  now: Date,
  wait: WaitContext = {},
): Promise<void> {
  const queueId = await findByKey(tx, queueKey(request.id));
  if (queueId) {
    await enqueue(tx, {
      method: "chat.update",
      channel: to.queueChannel ?? "",
      parentId: queueId,
      message: { ...(await queueMessage(tx, to, request, now)) },
    });
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: to.queueChannel ?? "",
      parentId: queueId,
      message: { ...buildThreadLine({ ...event, status: request.status }, channelLocaleOf(to)) },
    });
  }
  const asked = await announceWaiting(tx, to, request, event, now, wait);
  if (asked.includes(request.requesterId)) return;
  if (event.actorId !== request.requesterId || event.action === "resubmitted") {
    await enqueue(tx, {
      method: "chat.postMessage",
      channel: request.requesterId,
      message: { ...buildRequesterDm(request, event, {}, translator(wait.requesterLocale ?? "en")) },
    });
  }
}

/**
 * Who a change leaves the request waiting on, told once each (a DM with the one button that fits,
 * deduplicated per request, submission, step and person); the DMs of those it no longer waits on
 * redrawn without their button. Cover applies: an away approver's delegate is asked instead.
 * Returns who was asked (the change's author never is: they are looking at it).
 */
export async function announceWaiting(
  tx: Tx,
  to: Announcer,
  request: RequestDetails & { submission?: number },
  event: WaitEvent,
  now: Date,
  wait: WaitContext = {},
): Promise<string[]> {
  const members = wait.members ?? new Map<string, string[]>();
  const uncovered = [
    ...(waitingOn(request, to.policy, members)?.userIds ?? []),
    ...((wait.previous && waitingOn(wait.previous, to.policy, members)?.userIds) ?? []),
  ];
  const cover = await coverFor(tx, uncovered, todayIn(to.timezone ?? "UTC", now));
  const after = waitingOn(request, to.policy, members, cover);
  const before = wait.previous && waitingOn(wait.previous, to.policy, members, cover);
  const asked = (after?.userIds ?? []).filter((id) => id !== event.actorId);
  if (after && asked.length) {
    const steps = requiredSteps(request, to.policy);
    for (const userId of asked) {
      // Composed per recipient, in their language. Waiting on the requester's edit: asked in
      // the requester's language, looked up before the transaction (views/requester-dm.ts).
      const edit = after.action === "edit";
      const locale = (edit ? wait.requesterLocale : undefined) ?? (await readerLocaleOf(to, userId));
      const message = edit
        ? buildEditDm(request, steps, event, translator(locale))
        : buildWaitingDm(request, steps, after, event, locale);
      // A delegate is told whom they stand in for: it was meant for the away approver.
      const awayFor = [...cover].filter(
        ([away, delegate]) => delegate === userId && uncovered.includes(away),
      );
      const covering: SlackMessage = awayFor.length
        ? {
            ...message,
            blocks: [
              ...message.blocks,
              {
                type: "context",
                elements: [
                  {
                    type: "mrkdwn",
                    text: t(locale, "review.wait.covering", {
                      people: awayFor.map(([away]) => `<@${away}>`).join(t(locale, "list.separator")),
                    }),
                  },
                ],
              },
            ],
          }
        : message;
      await enqueue(tx, {
        method: "chat.postMessage",
        channel: userId,
        message: { ...covering },
        dedupeKey: waitKey(request, after.step, userId),
      });
    }
  }
  if (wait.previous) await redrawStale(tx, to, request, wait.previous, { before, after }, event);
  return asked;
}

/** A request past its SLA: its queue message redrawn with the mark, and a line in its thread. */
export async function announceOverdue(
  tx: Tx,
  to: Announcer,
  request: RequestDetails,
  now: Date,
): Promise<void> {
  const queueId = await findByKey(tx, queueKey(request.id));
  if (!queueId) return;
  const channel = to.queueChannel ?? "";
  await enqueue(tx, {
    method: "chat.update",
    channel,
    parentId: queueId,
    message: { ...(await queueMessage(tx, to, request, now)) },
  });
  await enqueue(tx, {
    method: "chat.postMessage",
    channel,
    parentId: queueId,
    message: { ...buildOverdueLine(request, channelLocaleOf(to)) },
  });
}
