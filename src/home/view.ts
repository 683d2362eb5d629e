import type { types } from "@slack/bolt";
import type { RequestDetails } from "../contracts/request.js";
import { isOverdue, STATUSES } from "../contracts/state.js";
import { REQUEST_TYPES, requestLabel } from "../contracts/types.js";
import { queueButtons } from "../contracts/views/queue-message.js";
import { BAND_EMOJI } from "../health/band.js";
import { escapeMrkdwn } from "../slack/blocks.js";
import { clip } from "../text.js";
import { daysBetween, isoDay } from "../time.js";
import type { HomeAccount, HomeData } from "./service.js";

const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, 3_000) },
});
const header = (text: string): types.HeaderBlock => ({ type: "header", text: { type: "plain_text", text } });

function accountLine(a: HomeAccount, today: Date): string {
  const health = a.band && a.score !== null ? `${BAND_EMOJI[a.band]} ${a.score}` : "no score";
  const renewal = a.renewalDate
    ? ` · renews ${isoDay(a.renewalDate)} (${daysBetween(today, a.renewalDate)} d)`
    : "";
  return `${health} *${escapeMrkdwn(a.name)}*${renewal}`;
}

function requestBlock(r: RequestDetails, now: Date): types.KnownBlock {
  const overdue = isOverdue(r.status, r.slaDueAt, now) ? " · ⚠️ overdue" : "";
  return section(
    `*${requestLabel(r.number)}* ${REQUEST_TYPES[r.type].label} · ${escapeMrkdwn(r.account.name)} · ${STATUSES[r.status]}${
      r.assigneeId ? ` · <@${r.assigneeId}>` : ""
    }${overdue}`,
  );
}

/** A list of requests; CS Ops' lists carry the queue's buttons (100 blocks at most in a Home tab: 10 a list). */
function requestList(
  title: string,
  requests: RequestDetails[],
  now: Date,
  empty: string,
  withButtons = false,
): types.KnownBlock[] {
  if (requests.length === 0) return [section(`*${title}*\n${empty}`)];
  const blocks: types.KnownBlock[] = [section(`*${title}*`)];
  for (const r of requests) {
    blocks.push(requestBlock(r, now));
    if (withButtons)
      blocks.push(queueButtons(r.id, `home_${title.toLowerCase().replace(/\W+/g, "_")}_${r.id}`));
  }
  return blocks;
}

/** The App Home tab: a CSM's accounts and requests; for CS Ops, what waits on them too. */
export function buildHomeView(data: HomeData, today: Date, now: Date): types.HomeView {
  const blocks: types.KnownBlock[] = [
    header("Kuroko: CS Ops, backstage"),
    section(
      `Hello <@${data.userId}>. \`/health &lt;account&gt;\` shows an account's health card; \`/contract\` logs a contract request.`,
    ),
  ];
  if (data.queue) {
    blocks.push(
      { type: "divider" },
      header("Waiting on CS Ops"),
      ...requestList("Assigned to you", data.queue.mine, now, "Nothing.", true),
      ...requestList("Unassigned", data.queue.unassigned, now, "Nothing.", true),
      ...requestList("Overdue", data.queue.overdue, now, "Nothing overdue. 🎉", true),
    );
  }
  blocks.push(
    { type: "divider" },
    header("Your accounts"),
    section(
      `*At risk*\n${data.atRisk.map((a) => accountLine(a, today)).join("\n") || "None of your accounts is at risk."}`,
    ),
    section(
      `*Renewing in the next 90 days*\n${data.renewals.map((a) => accountLine(a, today)).join("\n") || "No renewals coming up."}`,
    ),
    { type: "divider" },
    ...requestList(
      "Your open contract requests",
      data.myRequests,
      now,
      "None: `/contract &lt;account&gt;` starts one.",
    ),
  );
  return { type: "home", blocks: blocks.slice(0, 100) };
}
