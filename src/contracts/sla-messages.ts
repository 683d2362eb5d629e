import { escapeMrkdwn, slackTime } from "../slack/blocks.js";
import { noticeInThreadAndDms } from "./announce.js";
import type { Tx } from "./repository.js";
import type { RequestDetails } from "./request.js";
import { neededByNote, type SlaPlan } from "./sla-plan.js";
import { REQUEST_TYPES, requestLabel } from "./types.js";
import { clipMrkdwn } from "./views/details.js";

/**
 * The needed-by flag: when the needed-by date comes before the SLA, the requester is told by DM
 * and the queue message's thread says so ("needed in 1 business day; the NDA SLA is 2"), once
 * per (re)submission (outbox dedupe keys on the due time).
 */
export function buildNeededByLines(
  request: RequestDetails,
  plan: SlaPlan,
): { dm: string; thread: string } | undefined {
  const note = neededByNote(plan, request);
  if (!note) return undefined;
  const label = requestLabel(request.number);
  const what = `${REQUEST_TYPES[request.type].label}, ${escapeMrkdwn(request.account.name)}`;
  const due = slackTime(plan.dueAt);
  return {
    dm: clipMrkdwn(
      `📅 *${label}* (${what}) is ${note}. CS Ops now owe an answer by your date: ${due}.`,
      3_000,
    ),
    thread: clipMrkdwn(`📅 ${capitalized(note)}: the answer is due by the needed-by date, ${due}.`, 3_000),
  };
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function announceNeededBy(
  tx: Tx,
  to: { queueChannel?: string },
  request: RequestDetails,
  plan: SlaPlan,
): Promise<void> {
  const lines = buildNeededByLines(request, plan);
  if (!lines) return;
  await noticeInThreadAndDms(tx, to.queueChannel, request, {
    key: `cr:${request.id}:needed-by:${request.submittedAt?.getTime()}:${plan.dueAt.getTime()}`,
    people: [request.requesterId],
    build: () => lines,
  });
}
