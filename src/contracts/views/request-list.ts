import type { types } from "@slack/bolt";
import { escapeMrkdwn } from "../../slack/blocks.js";
import type { RequestDetails } from "../request.js";
import { isOverdue, STATUSES } from "../state.js";
import { REQUEST_TYPES, requestLabel } from "../types.js";
import { amountText, clipMrkdwn, STATUS_EMOJI } from "./details.js";

/** A list of requests (for /csops queue and /contract status), within Slack's limits. */
export function buildRequestList(
  heading: string,
  requests: RequestDetails[],
  now: Date,
  empty: string,
): types.KnownBlock[] {
  const shown = requests.slice(0, 20);
  const lines = shown.map((r) => {
    const overdue = isOverdue(r.status, r.slaDueAt, now) ? " ⚠️ overdue" : "";
    const who = r.assigneeId ? ` · <@${r.assigneeId}>` : " · unassigned";
    return `${STATUS_EMOJI[r.status]} *${requestLabel(r.number)}* ${REQUEST_TYPES[r.type].label} · ${escapeMrkdwn(r.account.name)} · ${amountText(r)} · ${STATUSES[r.status]}${who}${overdue}`;
  });
  const more =
    requests.length > shown.length
      ? `\n…and ${requests.length - shown.length} more (\`kuroko requests\` lists them all).`
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
