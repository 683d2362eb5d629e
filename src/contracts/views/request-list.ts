import type { types } from "@slack/bolt";
import { ENGLISH, type Translator } from "../../i18n/index.js";
import { escapeMrkdwn } from "../../slack/blocks.js";
import type { RequestDetails } from "../request.js";
import { isOverdue } from "../state.js";
import { requestLabel } from "../types.js";
import { clipMrkdwn, STATUS_EMOJI } from "./details.js";

/** A list of requests (for /csops queue and /contract status), within Slack's limits, in the reader's language. */
export function buildRequestList(
  heading: string,
  requests: RequestDetails[],
  now: Date,
  empty: string,
  tr: Translator = ENGLISH,
): types.KnownBlock[] {
  const shown = requests.slice(0, 20);
  const lines = shown.map((r) =>
    tr.t("requests.line", {
      emoji: STATUS_EMOJI[r.status],
      label: requestLabel(r.number),
      type: tr.t(`contract.type.${r.type}`),
      account: escapeMrkdwn(r.account.name),
      amount: r.amount !== null && r.currency ? tr.money(r.amount, r.currency) : tr.t("requests.noAmount"),
      status: tr.t(`requests.status.${r.status}`),
      assignee: r.assigneeId ?? "none",
      overdue: isOverdue(r.status, r.slaDueAt, now) ? "yes" : "no",
    }),
  );
  const more =
    requests.length > shown.length
      ? `\n${tr.t("requests.more", { count: requests.length - shown.length })}`
      : "";
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: clipMrkdwn(`*${heading}*\n${lines.length ? lines.join("\n") : empty}${more}`, 3_000),
      },
    },
  ];
}
