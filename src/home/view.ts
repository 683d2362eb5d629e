import type { types } from "@slack/bolt";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { canWithdraw } from "../contracts/lifecycle.js";
import { COVER_ACTIONS, LIFECYCLE_ACTIONS } from "../contracts/lifecycle-ids.js";
import type { RequestDetails } from "../contracts/request.js";
import { isOverdue, STATUSES } from "../contracts/state.js";
import { REQUEST_TYPES, requestLabel } from "../contracts/types.js";
import { queueButtons } from "../contracts/views/queue-message.js";
import { BAND_EMOJI, BAND_MEANING } from "../health/band.js";
import { type ContextOptions, contextLine } from "../health/context-view.js";
import type { HealthModel } from "../health/model.js";
import { describeTotal } from "../money.js";
import { button, escapeMrkdwn } from "../slack/blocks.js";
import { clip } from "../text.js";
import { daysBetween, isoDay } from "../time.js";
import type { HomeAccount, HomeData, HomePortfolio } from "./service.js";

/** What drawing Home needs besides its data: the model's bands (hysteresis notes), the CRM link. */
export interface HomeViewOptions {
  model?: Pick<HealthModel, "bands">;
  crmUrlTemplate?: string;
}

const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, 3_000) },
});
const header = (text: string): types.HeaderBlock => ({ type: "header", text: { type: "plain_text", text } });

/** A reader's own account: name, then its context (band in words, ARR, renewal, paperwork, CRM link). */
function accountLine(a: HomeAccount, data: HomeData, options: ContextOptions): string {
  const context = data.contexts.get(a.id);
  if (context) return `*${escapeMrkdwn(a.name)}* · ${contextLine(context, options, { owner: true })}`;
  const health =
    a.band && a.score !== null ? `${BAND_EMOJI[a.band]} ${a.score}/100, ${BAND_MEANING[a.band]}` : "no score";
  const renewal = a.renewalDate
    ? ` · renews ${isoDay(a.renewalDate)} (${daysBetween(options.today, a.renewalDate)} d)`
    : "";
  return `*${escapeMrkdwn(a.name)}* · ${health}${renewal}`;
}

/** A titled list of lines in one section, as many as fit in its 3,000 characters, then how many more. */
function linesSection(title: string, lines: string[], empty: string, moreHint = ""): types.SectionBlock {
  if (lines.length === 0) return section(`*${title}*\n${empty}`);
  const kept: string[] = [];
  let used = title.length + 80;
  for (const line of lines) {
    if (used + line.length + 1 > 3_000) break;
    kept.push(line);
    used += line.length + 1;
  }
  const more = lines.length - kept.length;
  return section(`*${title}*\n${kept.join("\n")}${more > 0 ? `\n…and ${more} more${moreHint}.` : ""}`);
}

/** CS Ops' portfolio: bands, ARR at risk (one total where rates exist), the accounts whose alerts matter most. */
function portfolioBlocks(p: HomePortfolio, options: ContextOptions): types.KnownBlock[] {
  const { red, yellow, green } = p.counts;
  const blocks: types.KnownBlock[] = [
    { type: "divider" },
    header("Portfolio"),
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: p.day
            ? `From the scores of ${p.day} · ${BAND_EMOJI.red} ${BAND_MEANING.red} · ${BAND_EMOJI.yellow} ${BAND_MEANING.yellow} · ${BAND_EMOJI.green} ${BAND_MEANING.green} · \`/csops digest\` previews today's digest`
            : "No account has been scored yet: import metrics, then the snapshot job scores them.",
        },
      ],
    },
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Accounts*\n${BAND_EMOJI.red} ${red} at risk · ${BAND_EMOJI.yellow} ${yellow} need attention · ${BAND_EMOJI.green} ${green} healthy`,
        },
        { type: "mrkdwn", text: clip(`*ARR at risk*\n${describeTotal(p.arrAtRisk)}`, 2_000) },
      ],
    },
  ];
  if (p.top.length === 0) {
    blocks.push(section("*Top accounts by alert severity*\nNo open alerts."));
    return blocks;
  }
  blocks.push(section("*Top accounts by alert severity*"));
  for (const a of p.top) {
    const alerts = a.openAlerts > 1 ? ` (${a.openAlerts} open alerts)` : "";
    blocks.push(
      section(
        `${a.context.band ? `${BAND_EMOJI[a.context.band]} ` : ""}*${escapeMrkdwn(a.context.name)}* · ${escapeMrkdwn(a.reason)}${alerts}\n${contextLine(a.context, options)}`,
      ),
    );
  }
  return blocks;
}

function requestBlock(r: RequestDetails, now: Date): types.KnownBlock {
  const overdue = isOverdue(r.status, r.slaDueAt, now) ? " · ⚠️ overdue" : "";
  return section(
    `*${requestLabel(r.number)}* ${REQUEST_TYPES[r.type].label} · ${escapeMrkdwn(r.account.name)} · ${STATUSES[r.status]}${
      r.assigneeId ? ` · <@${r.assigneeId}>` : ""
    }${overdue}`,
  );
}

/**
 * The reader's own request, with the one thing they can do on it beside it: edit and resubmit
 * what came back for changes, or withdraw it while nothing is decided (an accessory: no extra block).
 */
function ownRequestBlock(r: RequestDetails, now: Date): types.KnownBlock {
  const block = requestBlock(r, now) as types.SectionBlock;
  if (r.status === "changes_requested")
    return {
      ...block,
      accessory: button(CONTRACT_ACTIONS.edit, "Edit and resubmit", String(r.id), "primary"),
    };
  if (canWithdraw(r))
    return { ...block, accessory: button(LIFECYCLE_ACTIONS.withdraw, "Withdraw…", String(r.id)) };
  return block;
}

/** The one control that fits a request on a list: *Edit and resubmit* for its requester's changes, else the queue's. */
function requestButtons(r: RequestDetails, blockId: string): types.ActionsBlock | undefined {
  if (r.status === "changes_requested")
    return {
      type: "actions",
      block_id: blockId,
      elements: [button(CONTRACT_ACTIONS.edit, "Edit and resubmit", String(r.id), "primary")],
    };
  return queueButtons(r, blockId);
}

/** A list of requests; with buttons, each carries those that still apply (100 blocks at most in a Home tab: 10 a list). */
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
    const buttons = withButtons
      ? requestButtons(r, `home_${title.toLowerCase().replace(/\W+/g, "_")}_${r.id}`)
      : undefined;
    if (buttons) blocks.push(buttons);
  }
  return blocks;
}

/**
 * The App Home tab: a CSM's accounts and requests; for CS Ops, the portfolio and what waits on
 * them too. At most 100 blocks: greeting 2, cover 1, waiting on you 21, portfolio 13, queue 44,
 * the reader's accounts 4, requests 12.
 */
export function buildHomeView(
  data: HomeData,
  today: Date,
  now: Date,
  view: HomeViewOptions = {},
): types.HomeView {
  const options: ContextOptions = { today, model: view.model, crmUrlTemplate: view.crmUrlTemplate };
  const blocks: types.KnownBlock[] = [
    header("Kuroko: CS Ops, backstage"),
    section(
      `Hello <@${data.userId}>. \`/health &lt;account&gt;\` shows an account's health card; \`/contract\` logs a contract request.`,
    ),
  ];
  // CS Ops set their cover (away, and who stands in) from here, or with `/csops away`.
  if (data.queue)
    blocks.push({
      type: "actions",
      block_id: "home_cover",
      elements: [button(COVER_ACTIONS.open, "Away / cover…", "home")],
    });
  // What waits on the reader comes first; a CSM with nothing waiting on them is not told so.
  if (data.waiting.length || data.queue)
    blocks.push(...requestList("Waiting on you", data.waiting.slice(0, 10), now, "Nothing.", true));
  if (data.portfolio) blocks.push(...portfolioBlocks(data.portfolio, options));
  if (data.queue) {
    blocks.push(
      { type: "divider" },
      header("Waiting on CS Ops"),
      ...requestList("Unassigned", data.queue.unassigned, now, "Nothing.", true),
      ...requestList("Overdue", data.queue.overdue, now, "Nothing overdue. 🎉", true),
    );
  }
  blocks.push(
    { type: "divider" },
    header("Your accounts"),
    linesSection(
      `${BAND_EMOJI.red} At risk · ${BAND_EMOJI.yellow} needs attention`,
      data.atRisk.map((a) => accountLine(a, data, options)),
      "None: every account you own is healthy (or not scored yet).",
    ),
    linesSection(
      "📅 Renewing in the next 90 days",
      data.renewals.map((a) => accountLine(a, data, options)),
      "No renewals coming up.",
    ),
    { type: "divider" },
    ...(data.myRequests.length
      ? [section("*Your open contract requests*"), ...data.myRequests.map((r) => ownRequestBlock(r, now))]
      : [section("*Your open contract requests*\nNone: `/contract &lt;account&gt;` starts one.")]),
  );
  return { type: "home", blocks: blocks.slice(0, 100) };
}
