import type { types } from "@slack/bolt";
import { CONTRACT_ACTIONS } from "../contracts/ids.js";
import { canWithdraw } from "../contracts/lifecycle.js";
import { COVER_ACTIONS, LIFECYCLE_ACTIONS } from "../contracts/lifecycle-ids.js";
import type { RequestDetails } from "../contracts/request.js";
import { isOverdue } from "../contracts/state.js";
import { requestLabel } from "../contracts/types.js";
import { queueButtons } from "../contracts/views/queue-message.js";
import { alertReasonText } from "../health/alert-reason.js";
import { BAND_EMOJI, bandMeaning, describeBand } from "../health/band.js";
import { type ContextOptions, contextLine, renewalPhrase } from "../health/context-view.js";
import { BANDS, type HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { type Translator, translator } from "../i18n/translate.js";
import type { ReportedTotal } from "../money.js";
import { button, escapeMrkdwn } from "../slack/blocks.js";
import { clip } from "../text.js";
import type { HomeAccount, HomeData, HomePortfolio } from "./service.js";

/** What drawing Home needs besides its data: the model's bands (hysteresis notes), the CRM link, the reader's language. */
export interface HomeViewOptions {
  model?: Pick<HealthModel, "bands">;
  crmUrlTemplate?: string;
  /** The reader's language (default English). */
  locale?: Locale;
}

const section = (text: string): types.SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, 3_000) },
});
const header = (text: string): types.HeaderBlock => ({ type: "header", text: { type: "plain_text", text } });

/** A reader's own account: name, then its context (band in words, ARR, renewal, paperwork, CRM link). */
function accountLine(a: HomeAccount, data: HomeData, options: ContextOptions, tr: Translator): string {
  const name = escapeMrkdwn(a.name);
  const context = data.contexts.get(a.id);
  if (context) return tr.t("home.account", { name, context: contextLine(context, options, { owner: true }) });
  // Not in the contexts (changed in between): what the owned row says.
  const health =
    a.band && a.score !== null
      ? describeBand(a.score, a.band, undefined, tr.locale)
      : tr.t("context.noScore");
  const renewal = a.renewalDate ? `📅 ${renewalPhrase(a.renewalDate, options.today, tr.locale)}` : "";
  return tr.t("home.account", {
    name,
    context: renewal ? `${health}${tr.t("context.separator")}${renewal}` : health,
  });
}

/** A titled list of lines in one section, as many as fit in its 3,000 characters, then how many more. */
function linesSection(title: string, lines: string[], empty: string, tr: Translator): types.SectionBlock {
  if (lines.length === 0) return section(tr.t("home.listEmpty", { title, empty }));
  const kept: string[] = [];
  let used = title.length + 80;
  for (const line of lines) {
    if (used + line.length + 1 > 3_000) break;
    kept.push(line);
    used += line.length + 1;
  }
  const more = lines.length - kept.length;
  return section(`*${title}*\n${kept.join("\n")}${more > 0 ? `\n${tr.t("home.more", { n: more })}` : ""}`);
}

/**
 * A total across currencies in the reader's words: "≈ $2,400,947 at rates of 2026-11-01:
 * $2,270,955 + €120,363"; "約2,400,947ドル（2026年11月1日(日)のレートで換算：…）". As
 * `describeTotal` (src/money.ts) says it in English.
 */
export function describeTotalIn(total: ReportedTotal, tr: Translator): string {
  const parts = (entries: [string, number][]) =>
    entries.map(([currency, amount]) => tr.money(amount, currency)).join(" + ");
  if (total.byCurrency.length === 0) return tr.t("home.total.none");
  const c = total.converted;
  if (!c) return parts(total.byCurrency);
  const converted = total.byCurrency.filter(([currency]) => !c.unconverted.includes(currency));
  const left = parts(total.byCurrency.filter(([currency]) => c.unconverted.includes(currency)));
  const day = tr.day(new Date(`${c.day}T00:00:00Z`));
  const currencies = c.unconverted.join(tr.t("home.total.or"));
  if (converted.length === 0) return tr.t("home.total.unconverted", { left, currencies, day });
  const amount = tr.money(c.amount, c.currency);
  if (c.rateDates.length === 0)
    return c.unconverted.length ? tr.t("home.total.sameApart", { amount, left, currencies, day }) : amount;
  const dates = tr.list(c.rateDates.map((d) => tr.day(new Date(`${d}T00:00:00Z`))));
  return c.unconverted.length
    ? tr.t("home.total.convertedApart", { amount, dates, parts: parts(converted), left, currencies, day })
    : tr.t("home.total.converted", { amount, dates, parts: parts(converted) });
}

/** CS Ops' portfolio: bands, ARR at risk (one total where rates exist), the accounts whose alerts matter most. */
function portfolioBlocks(p: HomePortfolio, options: ContextOptions, tr: Translator): types.KnownBlock[] {
  const legend = BANDS.map((band) => `${BAND_EMOJI[band]} ${bandMeaning(band, tr.locale)}`).join(" · ");
  const blocks: types.KnownBlock[] = [
    { type: "divider" },
    header(tr.t("home.portfolio")),
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: p.day
            ? tr.t("home.portfolio.from", { day: tr.day(new Date(`${p.day}T00:00:00Z`)), legend })
            : tr.t("home.portfolio.none"),
        },
      ],
    },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: tr.t("home.portfolio.accounts", p.counts) },
        {
          type: "mrkdwn",
          text: clip(tr.t("home.portfolio.arrAtRisk", { total: describeTotalIn(p.arrAtRisk, tr) }), 2_000),
        },
      ],
    },
  ];
  if (p.top.length === 0) {
    blocks.push(section(tr.t("home.portfolio.topNone")));
    return blocks;
  }
  blocks.push(section(tr.t("home.portfolio.top")));
  for (const a of p.top) {
    blocks.push(
      section(
        tr.t("home.portfolio.alerted", {
          emoji: a.context.band ? `${BAND_EMOJI[a.context.band]} ` : "",
          name: escapeMrkdwn(a.context.name),
          reason: escapeMrkdwn(alertReasonText(a, tr.locale)),
          alerts: a.openAlerts,
          context: contextLine(a.context, options),
        }),
      ),
    );
  }
  return blocks;
}

function requestBlock(r: RequestDetails, now: Date, tr: Translator): types.SectionBlock {
  return section(
    tr.t("home.request", {
      number: requestLabel(r.number),
      type: tr.t(`contract.type.${r.type}`),
      account: escapeMrkdwn(r.account.name),
      status: tr.t(`contract.status.${r.status}`),
      assignee: r.assigneeId ?? "none",
      overdue: isOverdue(r.status, r.slaDueAt, now) ? "yes" : "no",
    }),
  );
}

/**
 * The reader's own request, with the one thing they can do on it beside it: edit and resubmit
 * what came back for changes, or withdraw it while nothing is decided (an accessory: no extra block).
 */
function ownRequestBlock(r: RequestDetails, now: Date, tr: Translator): types.KnownBlock {
  const block = requestBlock(r, now, tr);
  if (r.status === "changes_requested")
    return {
      ...block,
      accessory: button(CONTRACT_ACTIONS.edit, tr.t("home.button.edit"), String(r.id), "primary"),
    };
  if (canWithdraw(r))
    return {
      ...block,
      accessory: button(LIFECYCLE_ACTIONS.withdraw, tr.t("home.button.withdraw"), String(r.id)),
    };
  return block;
}

/** The queue's buttons (which apply is the queue's rule), labelled in the reader's language. */
const QUEUE_LABELS: Record<string, "home.button.assign" | "home.button.review"> = {
  [CONTRACT_ACTIONS.assign]: "home.button.assign",
  [CONTRACT_ACTIONS.review]: "home.button.review",
};

/** The one control that fits a request on a list: *Edit and resubmit* for its requester's changes, else the queue's. */
function requestButtons(r: RequestDetails, blockId: string, tr: Translator): types.ActionsBlock | undefined {
  if (r.status === "changes_requested")
    return {
      type: "actions",
      block_id: blockId,
      elements: [button(CONTRACT_ACTIONS.edit, tr.t("home.button.edit"), String(r.id), "primary")],
    };
  const queue = queueButtons(r, blockId);
  if (!queue) return undefined;
  return {
    ...queue,
    elements: queue.elements.map((e) => {
      const key = e.type === "button" ? QUEUE_LABELS[e.action_id ?? ""] : undefined;
      return key && e.type === "button" ? { ...e, text: { type: "plain_text", text: tr.t(key) } } : e;
    }),
  };
}

/**
 * A list of requests; with buttons, each carries those that still apply (100 blocks at most in a
 * Home tab: 10 a list). `list` names the list in its blocks' ids, whatever the reader's language.
 */
function requestList(
  list: string,
  title: string,
  requests: RequestDetails[],
  now: Date,
  empty: string,
  tr: Translator,
  withButtons = false,
): types.KnownBlock[] {
  if (requests.length === 0) return [section(tr.t("home.listEmpty", { title, empty }))];
  const blocks: types.KnownBlock[] = [section(`*${title}*`)];
  for (const r of requests) {
    blocks.push(requestBlock(r, now, tr));
    const buttons = withButtons ? requestButtons(r, `home_${list}_${r.id}`, tr) : undefined;
    if (buttons) blocks.push(buttons);
  }
  return blocks;
}

/**
 * The App Home tab, in the reader's language: a CSM's accounts and requests; for CS Ops, the
 * portfolio and what waits on them too. At most 100 blocks: greeting 2, cover 1, waiting on you
 * 21, portfolio 13, queue 44, the reader's accounts 4, requests 12.
 */
export function buildHomeView(
  data: HomeData,
  today: Date,
  now: Date,
  view: HomeViewOptions = {},
): types.HomeView {
  const tr = translator(view.locale ?? "en");
  const options: ContextOptions = {
    today,
    model: view.model,
    crmUrlTemplate: view.crmUrlTemplate,
    locale: tr.locale,
  };
  const blocks: types.KnownBlock[] = [
    header(tr.t("home.title")),
    section(tr.t("home.hello", { user: data.userId })),
  ];
  // CS Ops set their cover (away, and who stands in) from here, or with `/csops away`.
  if (data.queue)
    blocks.push({
      type: "actions",
      block_id: "home_cover",
      elements: [button(COVER_ACTIONS.open, tr.t("home.button.cover"), "home")],
    });
  const nothing = tr.t("home.nothing");
  // What waits on the reader comes first; a CSM with nothing waiting on them is not told so.
  if (data.waiting.length || data.queue)
    blocks.push(
      ...requestList(
        "waiting_on_you",
        tr.t("home.waitingOnYou"),
        data.waiting.slice(0, 10),
        now,
        nothing,
        tr,
        true,
      ),
    );
  if (data.portfolio) blocks.push(...portfolioBlocks(data.portfolio, options, tr));
  if (data.queue) {
    blocks.push(
      { type: "divider" },
      header(tr.t("home.waitingOnCsOps")),
      ...requestList("unassigned", tr.t("home.unassigned"), data.queue.unassigned, now, nothing, tr, true),
      ...requestList(
        "overdue",
        tr.t("home.overdue"),
        data.queue.overdue,
        now,
        tr.t("home.nothingOverdue"),
        tr,
        true,
      ),
    );
  }
  blocks.push(
    { type: "divider" },
    header(tr.t("home.yourAccounts")),
    linesSection(
      tr.t("home.atRisk"),
      data.atRisk.map((a) => accountLine(a, data, options, tr)),
      tr.t("home.atRisk.none"),
      tr,
    ),
    linesSection(
      tr.t("home.renewals"),
      data.renewals.map((a) => accountLine(a, data, options, tr)),
      tr.t("home.renewals.none"),
      tr,
    ),
    { type: "divider" },
    ...(data.myRequests.length
      ? [section(tr.t("home.myRequests")), ...data.myRequests.map((r) => ownRequestBlock(r, now, tr))]
      : [section(tr.t("home.myRequests.none"))]),
  );
  return { type: "home", blocks: blocks.slice(0, 100) };
}
