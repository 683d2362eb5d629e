import type { types } from "@slack/bolt";
import { type Locale, type Translator, translator } from "../../i18n/index.js";
import type { SlackMessage } from "../../slack/blocks.js";
import { escapeMrkdwn } from "../../slack/blocks.js";
import type { Cover } from "../cover.js";
import { COVER_VIEWS, LIFECYCLE_BLOCKS } from "../lifecycle-ids.js";
import type { RequestDetails } from "../request.js";
import { requestLabel } from "../types.js";
import { clipMrkdwn } from "./details.js";
import { reasonIn, typeWord } from "./review-words.js";

/** `/csops away`'s answers, the cover modal, and the delegate's DMs. */

const message = (line: string): SlackMessage => {
  const text = clipMrkdwn(line, 3_000);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
};

/** A cover's days as the catalogue's sentences take them: one day, or from … to …. */
const daysOf = (tr: Translator, c: Cover) => ({
  one: c.startsOn.getTime() === c.endsOn.getTime() ? "yes" : "no",
  from: tr.day(c.startsOn),
  to: tr.day(c.endsOn),
});

/** Who covers, as the catalogue's sentences take it: a named delegate, or the team. */
const delegateOf = (c: Cover) => ({ named: c.delegateId ? "yes" : "no", delegate: c.delegateId ?? "" });

/** What `/csops away` (alone) answers: the person's covers from today on, both ways; in their language. */
export function buildCoverSummary(
  covers: { away: Cover[]; covering: Cover[] },
  locale: Locale = "en",
): string {
  const tr = translator(locale);
  const lines: string[] = [];
  for (const c of covers.away) lines.push(tr.t("review.cover.away", { ...daysOf(tr, c), ...delegateOf(c) }));
  for (const c of covers.covering)
    lines.push(tr.t("review.cover.covering", { ...daysOf(tr, c), user: c.userId }));
  return lines.length ? clipMrkdwn(lines.join("\n"), 3_000) : tr.t("review.cover.none");
}

/** The answer once a cover is set, naming what it replaced; in the person's language. */
export function buildCoverSetReply(cover: Cover, replaced: Cover[], locale: Locale = "en"): string {
  const tr = translator(locale);
  const sentences = [tr.t("review.cover.set", { ...daysOf(tr, cover), ...delegateOf(cover) })];
  if (cover.delegateId) sentences.push(tr.t("review.cover.setDelegate", { user: cover.delegateId }));
  if (replaced.length)
    sentences.push(
      tr.t("review.cover.replaces", {
        list: replaced
          .map((c) => tr.t("review.cover.replaced", daysOf(tr, c)))
          .join(tr.t("review.cover.and")),
      }),
    );
  sentences.push(tr.t("review.cover.endIt"));
  return clipMrkdwn(sentences.join(locale === "en" ? " " : ""), 3_000);
}

/** `/csops away off`'s answer. */
export const buildCoverEndedReply = (ended: boolean, locale: Locale = "en") =>
  translator(locale).t(ended ? "review.cover.ended" : "review.cover.noneToEnd");

/** The cover rules' refusals (cover.ts, cover-service.ts: English) in the reader's language. */
const COVER_REASONS = {
  "The person who covers must be a CS Ops approver: pick one who is.": "review.cover.delegateNotApprover",
  "Give the days as YYYY-MM-DD, `today` or `tomorrow`: the first and the last day away.":
    "review.cover.daysFormat",
  "Name the person who covers with an @-mention, picked from Slack's list.": "review.cover.mention",
  "The last day comes before the first.": "review.cover.toBeforeFrom",
  "That time has passed: pick a last day from today on.": "review.cover.past",
  "You cannot cover for yourself: pick another CS Ops approver.": "review.cover.self",
} as const;

export function coverReasonIn(locale: Locale, reason: string): string {
  if (locale === "en") return reason;
  const tr = translator(locale);
  if (Object.hasOwn(COVER_REASONS, reason)) return tr.t(COVER_REASONS[reason as keyof typeof COVER_REASONS]);
  const days = /^Cover lasts (\d+) days at most\.$/.exec(reason);
  if (days) return tr.t("review.cover.tooLong", { n: Number(days[1]) });
  return reasonIn(locale, reason);
}

/** The delegate's DM, in their language: who they cover for, when, and what is waiting now. */
export function buildDelegateDm(
  cover: Cover,
  waiting: RequestDetails[],
  locale: Locale = "en",
): SlackMessage {
  const tr = translator(locale);
  const list = waiting.length
    ? `\n${tr.t("review.cover.delegateWaiting", {
        list: tr.list(
          waiting.map((r) =>
            tr.t("review.phrase", {
              label: requestLabel(r.number),
              type: typeWord(tr, r.type),
              account: escapeMrkdwn(r.account.name),
            }),
          ),
        ),
      })}`
    : "";
  return message(`${tr.t("review.cover.delegateDm", { ...daysOf(tr, cover), user: cover.userId })}${list}`);
}

export function buildCoverEndedDm(cover: Cover, locale: Locale = "en"): SlackMessage {
  const tr = translator(locale);
  return message(tr.t("review.cover.endedDm", { ...daysOf(tr, cover), user: cover.userId }));
}

/** The cover modal: first and last day away, and who covers (a CS Ops approver); in the reader's language. */
export function buildCoverModal(
  initial: {
    from: string;
    to?: string;
    delegateId?: string;
  },
  locale: Locale = "en",
): types.ModalView {
  const tr = translator(locale);
  return {
    type: "modal",
    callback_id: COVER_VIEWS.set,
    title: { type: "plain_text", text: tr.t("review.cover.title") },
    submit: { type: "plain_text", text: tr.t("review.cover.submit") },
    close: { type: "plain_text", text: tr.t("review.modal.cancel") },
    private_metadata: "{}",
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: tr.t("review.cover.intro") },
      },
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.from,
        label: { type: "plain_text", text: tr.t("review.cover.from") },
        element: { type: "datepicker", action_id: LIFECYCLE_BLOCKS.from, initial_date: initial.from },
      },
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.to,
        label: { type: "plain_text", text: tr.t("review.cover.to") },
        element: {
          type: "datepicker",
          action_id: LIFECYCLE_BLOCKS.to,
          ...(initial.to ? { initial_date: initial.to } : {}),
        },
      },
      {
        type: "input",
        block_id: LIFECYCLE_BLOCKS.delegate,
        optional: true,
        label: { type: "plain_text", text: tr.t("review.cover.delegate") },
        element: {
          type: "users_select",
          action_id: LIFECYCLE_BLOCKS.delegate,
          ...(initial.delegateId ? { initial_user: initial.delegateId } : {}),
        },
      },
    ],
  };
}
