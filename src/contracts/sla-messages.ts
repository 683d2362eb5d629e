import { type Locale, translator } from "../i18n/index.js";
import { escapeMrkdwn, slackTime } from "../slack/blocks.js";
import { type Announcer, noticeInThreadAndDms } from "./announce.js";
import type { Tx } from "./repository.js";
import type { RequestDetails } from "./request.js";
import type { SlaPlan } from "./sla-plan.js";
import { requestLabel } from "./types.js";
import { clipMrkdwn } from "./views/details.js";
import { neededByValues } from "./views/sla-words.js";

/**
 * The needed-by flag: when the needed-by date comes before the SLA, the requester is told by DM
 * (in their language) and the queue message's thread says so (in the channel's: "needed in 1
 * business day; the NDA SLA is 2"), once per (re)submission (outbox dedupe keys on the due time).
 */
export function buildNeededByLines(
  request: RequestDetails,
  plan: SlaPlan,
  locales: { dm: Locale; thread: Locale } = { dm: "en", thread: "en" },
): { dm: string; thread: string } | undefined {
  if (!plan.neededBy) return undefined;
  const dm = translator(locales.dm);
  const thread = translator(locales.thread);
  const due = slackTime(plan.dueAt);
  const dmValues = neededByValues(dm, plan, request);
  const threadValues = neededByValues(thread, plan, request);
  if (!dmValues || !threadValues) return undefined;
  return {
    dm: clipMrkdwn(
      dm.t("requester.neededBy", {
        ...dmValues,
        label: requestLabel(request.number),
        account: escapeMrkdwn(request.account.name),
        due,
      }),
      3_000,
    ),
    thread: clipMrkdwn(thread.t("review.neededBy.thread", { ...threadValues, due }), 3_000),
  };
}

export async function announceNeededBy(
  tx: Tx,
  to: Pick<Announcer, "queueChannel" | "locales" | "locale">,
  request: RequestDetails,
  plan: SlaPlan,
): Promise<void> {
  if (!plan.neededBy) return;
  await noticeInThreadAndDms(tx, to, request, {
    key: `cr:${request.id}:needed-by:${request.submittedAt?.getTime()}:${plan.dueAt.getTime()}`,
    people: [request.requesterId],
    thread: (locale) => buildNeededByLines(request, plan, { dm: locale, thread: locale })?.thread ?? "",
    dm: (_linked, locale) => buildNeededByLines(request, plan, { dm: locale, thread: locale })?.dm ?? "",
  });
}
