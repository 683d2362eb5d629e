/**
 * The English catalogue: every sentence a Slack reader sees, as one ICU message each (FormatJS
 * syntax: `{name}` placeholders, `{n, plural, one {…} other {…}}`, `{x, select, …}`). Whole
 * sentences, never fragments glued together, so another language may order them its own way.
 * Keys are `surface.what`; the Japanese catalogue (ja.ts) must have exactly these keys and the
 * same placeholders (the compiler checks the keys, test/unit/i18n.test.ts the placeholders).
 * Slack mrkdwn (`*bold*`, `<@{user}>`, `<{url}|…>`) is literal text here (tags are off).
 * docs/i18n.md says how to add one.
 */
import { cliEn } from "./messages/cli.js";
import { contractsEn } from "./messages/contracts.js";
import { digestChartEn } from "./messages/digest-chart.js";
import { homeEn } from "./messages/home.js";
import { labEn } from "./messages/lab.js";
import { modelLabEn } from "./messages/model-lab.js";
import { modelsEn } from "./messages/models.js";
import { reviewEn } from "./messages/review.js";
import { scheduledEn } from "./messages/scheduled.js";

/** Each surface's own messages (src/i18n/messages/), merged into the catalogue below. */
const surfaces = {
  ...contractsEn,
  ...reviewEn,
  ...scheduledEn,
  ...homeEn,
  ...cliEn,
  ...labEn,
  ...modelLabEn,
  ...digestChartEn,
} as const;

export const en = {
  ...surfaces,
  ...modelsEn,
  // Lists and values.
  "list.separator": ", ",
  "value.days": "{days} d",

  // The band vocabulary (src/health/band.ts).
  "band.red": "at risk",
  "band.yellow": "needs attention",
  "band.green": "healthy",
  "band.name": "{band, select, red {red} yellow {yellow} other {green}}",
  "band.held": "{band, select, red {red} yellow {yellow} other {green}} until it reaches {score}",
  "band.describe": "{emoji} {score}/100, {meaning}",
  "band.describeHeld": "{emoji} {score}/100, {meaning} ({held})",
  "band.legend":
    "{green} {greenFrom}+ healthy · {yellow} {redFrom}–{yellowTo} needs attention · {red} under {redFrom} at risk",

  // Relative phrases.
  "relative.renewsIn": "{days, plural, =0 {renews today} one {renews in # day} other {renews in # days}}",
  "relative.renewedAgo": "{days, plural, one {renewed # day ago} other {renewed # days ago}}",

  // The account at a glance (src/health/context-view.ts).
  "context.arr": "💰 {money} ARR",
  "context.renews": "renews {day} ({days, plural, =0 {today} one {in # day} other {in # days}})",
  "context.renewed": "renewal was {day} ({days, plural, one {# day ago} other {# days ago}})",
  "context.noRenewal": "no renewal date",
  "context.noScore": "no health score yet",
  "context.owner": "👤 <@{user}>",
  "context.noOwner": "👤 no owner on record",
  "context.paperwork": "📝 {list}",
  "context.noPaperwork": "📝 no open paperwork",
  "context.paper": "{number} {type}: {status}",
  "context.crm": "<{url}|CRM record {id}>",
  "context.separator": " · ",

  // Contract requests' words, as the context line names open paperwork.
  "contract.type.renewal": "Renewal",
  "contract.type.upsell": "Upsell",
  "contract.type.amendment": "Amendment",
  "contract.type.cancellation": "Cancellation",
  "contract.type.order_form": "Order form",
  "contract.type.nda": "NDA",
  "contract.type.dpa": "DPA",
  "contract.type.security_review": "Security review",
  "contract.type.po_invoice": "PO / invoice",
  "contract.status.submitted": "submitted",
  "contract.status.in_review": "in review",
  "contract.status.awaiting_second_approval": "awaiting second approval",
  "contract.status.changes_requested": "changes requested",
  "contract.status.approved": "approved",
  "contract.status.rejected": "rejected",
  "contract.status.withdrawn": "withdrawn",

  // Built-in signals (src/accounts/signals.ts) and the default model's components.
  "signal.active_users": "active users",
  "signal.licensed_seats": "licensed seats",
  "signal.logins_30d": "logins (30 d)",
  "signal.feature_adoption": "feature adoption",
  "signal.open_tickets": "open tickets",
  "signal.p1_tickets_30d": "P1 tickets (30 d)",
  "signal.nps": "NPS",
  "signal.csat": "CSAT",
  "signal.days_since_last_touch": "days since last touch",
  "signal.days_overdue": "days overdue",
  "signal.active_user_ratio": "active users",
  "signal.logins_per_seat": "logins per seat (30 d)",
  "component.usage": "Usage",
  "component.adoption": "Adoption",
  "component.support": "Support",
  "component.sentiment": "Sentiment",
  "component.engagement": "Engagement",
  "component.billing": "Billing",

  // Why a score moved (src/health/score.ts describeChange).
  "change.head": "{delta} in {days} days: {parts}",
  "change.still": "{delta} in {days} days: no component moved by a point or more",
  "change.component": "{label} {delta}",
  "change.componentDrivers": "{label} {delta} ({drivers})",
  "change.new": "{label} now {value}",
  "change.gone": "{label} no longer reported",
  "change.moved": "{label} {before} → {after}",

  // The health card (src/health/view.ts).
  "health.typed": "Showing *{name}* for “{typed}”.",
  "health.header": "{name}: {band}",
  "health.headerNoScore": "{name}: no score yet",
  "health.summary": "{name}: {band}",
  "health.summaryChange": "{name}: {band}, {change}",
  "health.summaryNoScore": "{name}: no health score yet",
  "health.alert.none": "🔕 No alert open on this account.",
  "health.alert.open": "🔔 Alert open since {since}: {reason}",
  "health.alert.acknowledged": "👀 Alert acknowledged (open since {since}): {reason}",
  "health.alert.acknowledgedBy": "👀 Alert acknowledged by <@{user}> (open since {since}): {reason}",
  "health.alert.snoozedUntil": "😴 Alert snoozed until {until}: {reason}",
  "health.alert.snoozedByUntil": "😴 Alert snoozed by <@{user}> until {until}: {reason}",
  "health.alert.snoozedMoves": "😴 Alert snoozed until the score moves: {reason}",
  "health.alert.snoozedByMoves": "😴 Alert snoozed by <@{user}> until the score moves: {reason}",
  "health.trend": "*Trend (90 d)* {trend}",
  "health.trend.none": "not enough history yet",
  "health.trend.point": "{score} on {day}",
  "health.trend.summary": "{spark}\n{start} → {end} · low {low} · high {high}",
  "health.why": "*Why*\n{lines}",
  "health.why.none": "*Why*\nNot enough history to compare yet.",
  "health.components": "*Components*\n{lines}",
  "health.component": "{bar} *{label}* {score} · {share}% of score · {signals}",
  "health.noMetrics": "No metrics yet for this account: import some with `kuroko import metrics FILE.csv`.",
  "health.fresh.none": "No metrics yet.",
  "health.fresh.asOf": "Metrics as of {day}",
  "health.fresh.stale": "⚠️ stale: {list}",
  "health.fresh.staleSignal": "{label} ({days} d old)",
  "health.fresh.missing": "missing: {list} (its weight is shared by the rest)",
  "health.fresh.crm": "CRM id {id}",
  "health.fresh.crmSegment": "CRM id {id} · {segment}",
  "health.fresh.model": "model {name} {version}",
  "health.modelChanged":
    "The health model changed after {day}: earlier points of the trend were scored by another model. The changes above use today's model throughout.",
  "health.sharedBy": "Shared by <@{user}>",
  "health.button.share": "Share in channel",
  "health.button.contract": "Log contract request",
  "health.button.snooze": "Snooze alerts",
  "health.picker.text": '{count} accounts match "{query}": pick one.',
  "health.picker.body":
    "Several accounts match *{query}*. Which one?\n{list}{more, select, yes {\nMore accounts match too: type more of the name to narrow it down.} other {}}",
  "health.noMatch.text": 'No account matches "{query}".',
  "health.noMatch.textNearest": 'No account matches "{query}". Nearest: {names}',
  "health.noMatch.bodyNearest": "No account matches *{query}*. The nearest names:",
  "health.noMatch.bodyHint": "No account matches *{query}*. Try a name, a domain (acme.com) or a CRM id.",
  "health.gone": "That account no longer exists.",
  "health.usage":
    "Usage: `/health &lt;account&gt;`: a name (typos and legal forms forgiven: `acme`, `株式会社アクメ`), a domain (`acme.com`) or a CRM id (`CRM-0001`).",
  "health.apology":
    "Sorry: Kuroko could not read the account data just now. It has been logged; please try again in a minute.",
  "health.lookingUp": 'Looking up "{query}"…',
} as const;

/** A message's key. */
export type MessageKey = keyof typeof en;
/** A catalogue: one message for every key of the English one, no more. */
export type Catalogue = { readonly [K in MessageKey]: string };
