/**
 * The scheduled posts and DMs: alerts (messages, reasons, snooze modal, summaries), renewal reminders, the digest and /csops digest, the morning DM (src/alerts/, src/renewals/, src/digest/, src/morning/).
 * English and Japanese side by side: `scheduledJa` must have exactly `scheduledEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const scheduledEn = {
  // Why an alert was raised (src/health/alert-reason.ts), each condition a sentence.
  "alert.reason.enteredRed":
    "entered the red band (score {score}, was {was, select, red {red} yellow {yellow} other {green}})",
  "alert.reason.red": "in the red band (score {score})",
  "alert.reason.fell": "score fell {lost} points in {days} days ({from} → {to})",
  "alert.reason.componentFell": "{component} fell {lost} points in {days} days ({from} → {to})",
  "alert.reason.renewalAtRisk":
    "renewal at risk: {band, select, red {red} yellow {yellow} other {green}} and renews in {days, plural, one {# day} other {# days}}",
  "alert.reason.separator": "; ",

  // The alert message (src/alerts/views.ts) and its thread lines (src/alerts/service.ts).
  "alert.title": "{emoji} {name}: {meaning}",
  "alert.health": "health {band}",
  "alert.fallback": "{name} ({meaning}, health {score}/100): {reason}. {state}",
  "alert.state.acknowledged": "👀 <@{user}> has it in hand.",
  "alert.state.snoozedUntil": "😴 Snoozed until {until} by <@{user}>.",
  "alert.state.snoozedMoves": "😴 Snoozed by <@{user}> until the score moves by {points} points.",
  "alert.state.resolved": "✅ Resolved: {resolution}.",
  "alert.state.owner": "Owner: <@{user}>",
  "alert.state.noOwner": "No owner on record.",
  "alert.resolution.recovered": "the account recovered",
  "alert.resolution.notRed": "not red",
  "alert.resolution.noDecline": "no decline over {windows} days",
  "alert.resolution.or": " or ",
  "alert.resolution.noRenewal": "no renewal at risk",
  "alert.resolution.none": "no alert rule holds",
  "alert.button.ack": "Acknowledge",
  "alert.button.snooze7": "Snooze 7 days",
  "alert.button.snooze30": "Snooze 30 days",
  "alert.button.snoozeMove": "Snooze until the score moves",
  "alert.button.card": "Health card",
  "alert.thread.acknowledged": "👀 <@{user}> acknowledged it.",
  "alert.thread.snoozed": "😴 <@{user}> snoozed it for {days} days.",
  "alert.thread.snoozedMoves": "😴 <@{user}> snoozed it until the score moves by {points} points.",
  "alert.thread.awake": "⏰ The snooze is over: the alert is open again.",

  // What a click on an alert's button tells the clicker (src/alerts/listeners.ts).
  "alert.said.resolved": "That alert is already resolved.",
  "alert.said.changedMeanwhile":
    "That alert had just changed (a double click, or someone else at the same moment): this click changed nothing. Its message shows what was done.",
  "alert.did.ack": "👀 You acknowledged the alert on *{name}*.",
  "alert.did.snooze": "😴 You snoozed the alert on *{name}* for {days} days.",
  "alert.did.snoozeMove": "😴 You snoozed the alert on *{name}* until its score moves by {points} points.",
  "alert.cardSnooze.done":
    "{n, plural, one {Snoozed # open alert on this account for 7 days.} other {Snoozed # open alerts on this account for 7 days.}}",
  "alert.cardSnooze.none": "This account has no open alert to snooze.",

  // The sweep's summaries (src/alerts/summary-views.ts).
  "alert.list.baseline": "• *{name}* · {band} · {arr} · {renewal} · {owner}",
  "alert.list.more": "• *{name}*: {reason} · {arr} · {renewal}",
  "alert.list.moreNoReason": "• *{name}* · {arr} · {renewal}",
  "alert.list.arr": "{money} ARR",
  "alert.list.noArr": "ARR unknown",
  "alert.list.owner": "<@{user}>",
  "alert.list.noOwner": "no owner",
  "alert.list.part": "{what}: {from, number}–{to, number} of {total, number}",
  "alert.baseline.red": "{red, plural, one {# account is} other {# accounts are}} red today",
  "alert.baseline.renewals": "{renewals, plural, one {# renewal is} other {# renewals are}} at risk today",
  "alert.baseline.both":
    "{red, plural, one {# account is} other {# accounts are}} red today and {renewals, plural, one {# renewal is} other {# renewals are}} at risk",
  "alert.baseline.headline": "{headline}; Kuroko alerts on changes from now on.",
  "alert.baseline.detail":
    "{first, select, yes {This is Kuroko's first alert sweep here} other {The health model or the alert rules changed}}: accounts already in this state with no recent change are listed in the thread (name, score, ARR, renewal, owner) instead of alerted one by one. From tomorrow, an alert means something changed: entering red, a decline, a renewal coming near while not healthy.",
  "alert.baseline.thread": "Already red or renewing at risk",
  "alert.baseline.unlisted":
    "…and {n, plural, one {# more account} other {# more accounts}} not listed here, each with a smaller ARR. The whole list is in the reporting view `bi.account_health_daily` (today's red accounts).",
  "alert.more.text":
    "📋 {count, plural, one {# more alert} other {# more alerts}} today: the list is in the thread.",
  "alert.more.body":
    "📋 *{count, plural, one {# more alert} other {# more alerts}} today*: the list is in the thread, most severe first.",
  "alert.more.textTop":
    "📋 {count, plural, one {# more alert} other {# more alerts}} today: the {listed, number} most severe are listed in the thread.",
  "alert.more.bodyTop":
    "📋 *{count, plural, one {# more alert} other {# more alerts}} today*: the {listed, number} most severe are listed in the thread.",
  "alert.more.cap":
    "This channel gets at most {cap} messages from one alert sweep (KUROKO_ALERTS_MAX_PER_RUN). Every alert is recorded, and its owner hears of it in their morning DM.",
  "alert.more.thread": "More alerts today",
  "alert.more.unlisted":
    "…and {n, plural, one {# more alert} other {# more alerts}} not listed here, each less severe. Every alert is recorded: owners get theirs in their morning DM, and the whole list is in the reporting view `bi.alerts`.",

  // Renewal reminders (src/renewals/views.ts).
  "renewal.heading":
    "📅 {count, plural, one {# account enters} other {# accounts enter}} the {days}-day renewal window",
  "renewal.order": "Largest ARR first.",
  "renewal.orderUnhealthy": "Largest ARR first · ⚠️ not healthy: {list}.",
  "renewal.unhealthyCount": "{n} {emoji} {meaning}",
  "renewal.moreInThread": "…and {n, number} more in the thread.",
  "renewal.fallback": "{heading}: {names}.",
  "renewal.fallbackMore": "{heading}: {names}, and {more, number} more.",
  "renewal.fallbackName": "{name} ({money})",
  "renewal.continued":
    "The {days}-day renewal window, continued: {from, number}–{to, number} of {total, number}.",
  "renewal.unlisted":
    "…and {n, plural, one {# more account enters} other {# more accounts enter}} the {days}-day window, not listed here (each with a smaller ARR). Each owner has theirs in their morning DM; the whole list is in the reporting view `bi.renewal_reminders`.",
  "renewal.button.open": "Open {label}",
  "renewal.button.start": "Start renewal paperwork",

  // The digest and /csops digest (src/digest/view.ts).
  "digest.header": "Daily at-risk digest · {day}",
  "digest.generated":
    "Generated {time} from the scores of {day} · {red} at risk · {yellow} needs attention · {green} healthy",
  "digest.generatedPreview":
    "Preview, only you see it · Generated {time} from the scores of {day} · {red} at risk · {yellow} needs attention · {green} healthy",
  "digest.field.accounts":
    "*Accounts*\n{redEmoji} {red} at risk · {yellowEmoji} {yellow} need attention · {greenEmoji} {green} healthy",
  "digest.field.arrAtRisk": "*ARR at risk*\n{total}",
  "digest.field.moves":
    "*Fell {points}+ in 30 days / newly at risk / recovered*\n{fell} / {newly} / {recovered}",
  "digest.field.overdue": "*Overdue contract requests*\n{n}",
  "digest.list.collapses": "📉 Fell {points}+ points in 30 days, largest ARR first",
  "digest.list.newlyAtRisk": "🆕 Newly at risk (red) since the last snapshot",
  "digest.list.topAtRisk": "🔥 At risk (red), largest ARR first",
  "digest.list.renewalsAtRisk": "📅 Renewals in the next 30 days at risk (red or yellow)",
  "digest.list.recovered": "🌱 Recovered (no longer red)",
  "digest.list.overdue": "⏰ Overdue contract requests",
  "digest.list.stale": "🕸️ Data stale (no alerts until fresh metrics arrive)",
  "digest.list.title": "*{title}* ({count})",
  "digest.list.titleAll": "*{title}* (all {count})",
  "digest.list.none": "None.",
  "digest.list.namedAbove": "{emoji} *{name}* {band}: named above",
  "digest.bandWords": "{score}/100, {meaning}",
  "digest.bandWordsHeld": "{score}/100, {meaning} ({held})",
  "digest.fell": "{delta} in 30 days",
  "digest.collapse": "{delta} in 30 days ({from} → {to})",
  "digest.renewsIn": "renews in {days} d",
  "digest.arr": "{money} ARR",
  "digest.why": "_Why:_ {weakest}",
  "digest.weakest": "{square} {label} {score}/100",
  "digest.weakestReadings": "{square} {label} {score}/100 ({readings})",
  "digest.unassigned": "unassigned",
  "digest.moreInThread": "…{rest} more in the thread.",
  "digest.moreInPreview":
    "…{rest} more not shown here: the posted digest lists them in its thread; `kuroko accounts` lists every account.",
  "digest.continued": "Digest {day}, continued ({n})",
  "digest.moreLines": "…and {more} more lines: `kuroko accounts` and `kuroko requests` list everything.",
  "digest.total.none": "none",
  "digest.total.converted": "≈ {amount} at rates of {dates}: {parts}",
  "digest.total.unconverted": "{parts} not converted (no {currencies} rate on or before {day})",
  "digest.text":
    "Daily at-risk digest {day}: {red} red (at risk), {yellow} yellow (needs attention), {green} green; ARR at risk {arr}; {fell} fell {points}+ points in 30 days; {newly} newly at risk; {overdue} overdue contract requests.",

  // "Your morning", the DM each person gets (src/morning/view.ts).
  "morning.header": "☀️ Your morning",
  "morning.summary": "Your morning: {list}.",
  "morning.summary.alerts": "{n, plural, one {# new alert} other {# new alerts}}",
  "morning.summary.renewals": "{n, plural, one {# renewal} other {# renewals}}",
  "morning.summary.requests": "{n, plural, one {# request} other {# requests}} waiting on you",
  "morning.alerts.title": "*🚨 {n, plural, one {# new alert} other {# new alerts}} on your accounts*",
  "morning.alerts.more": "…and {n, plural, one {# more alert} other {# more alerts}}: see App Home.",
  "morning.renewals.title":
    "*📅 {n, plural, one {# renewal enters} other {# renewals enter}} a reminder window*",
  "morning.renewals.more": "…and {n, plural, one {# more renewal} other {# more renewals}}: see App Home.",
  "morning.requests.title":
    "*📝 {n, plural, one {# contract request waits} other {# contract requests wait}} on you*",
  "morning.requests.more":
    "…and {n, plural, one {# more request} other {# more requests}}: `/contract status` or `/csops queue` lists them.",
  "morning.alert": "{emoji}*{name}*: {reason}\n{context}",
  "morning.request.yours": "↩️ *{label} {type}* · {account}: CS Ops asked for changes. Edit it and resubmit.",
  "morning.request.review": "🔎 *{label} {type}* · {account}: {status}, assigned to you · answer due {day}",
  "morning.button.edit": "Edit and resubmit",
  "morning.button.review": "Review",
} as const;

export const scheduledJa: { readonly [K in keyof typeof scheduledEn]: string } = {
  "alert.reason.enteredRed":
    "解約リスクに入りました（スコア {score}、前回は{was, select, red {解約リスク} yellow {要注意} other {良好}}）",
  "alert.reason.red": "解約リスクの状態です（スコア {score}）",
  "alert.reason.fell": "{days}日間でスコアが{lost}ポイント低下しました（{from} → {to}）",
  "alert.reason.componentFell": "{days}日間で{component}が{lost}ポイント低下しました（{from} → {to}）",
  "alert.reason.renewalAtRisk":
    "更新リスク：{band, select, red {解約リスク} yellow {要注意} other {良好}}のまま{days, plural, other {#日後}}に更新を迎えます",
  "alert.reason.separator": "／",

  "alert.title": "{emoji} {name}：{meaning}",
  "alert.health": "ヘルススコア {band}",
  "alert.fallback": "{name}（{meaning}、ヘルススコア {score}/100）：{reason}。{state}",
  "alert.state.acknowledged": "👀 <@{user}> さんが対応しています。",
  "alert.state.snoozedUntil": "😴 <@{user}> さんが{until}まで一時停止しました。",
  "alert.state.snoozedMoves": "😴 <@{user}> さんが、スコアが{points}ポイント動くまで一時停止しました。",
  "alert.state.resolved": "✅ 解消しました：{resolution}。",
  "alert.state.owner": "担当：<@{user}> さん",
  "alert.state.noOwner": "担当者が登録されていません。",
  "alert.resolution.recovered": "アカウントの状態が回復しました",
  "alert.resolution.notRed": "解約リスクではありません",
  "alert.resolution.noDecline": "直近{windows}日間にスコアの低下はありません",
  "alert.resolution.or": "・",
  "alert.resolution.noRenewal": "更新リスクはありません",
  "alert.resolution.none": "該当するアラート条件はありません",
  "alert.button.ack": "確認済みにする",
  "alert.button.snooze7": "7日間停止",
  "alert.button.snooze30": "30日間停止",
  "alert.button.snoozeMove": "スコアが動くまで停止",
  "alert.button.card": "ヘルスカード",
  "alert.thread.acknowledged": "👀 <@{user}> さんが確認しました。",
  "alert.thread.snoozed": "😴 <@{user}> さんが{days}日間一時停止しました。",
  "alert.thread.snoozedMoves": "😴 <@{user}> さんが、スコアが{points}ポイント動くまで一時停止しました。",
  "alert.thread.awake": "⏰ 一時停止の期間が終わったため、アラートを再開しました。",

  "alert.said.resolved": "このアラートはすでに解消済みです。",
  "alert.said.changedMeanwhile":
    "このアラートは直前に更新されていました（ダブルクリック、またはほかの方が同時に操作した可能性があります）。今回の操作では何も変更していません。対応内容はアラートのメッセージでご確認ください。",
  "alert.did.ack": "👀 *{name}* のアラートを確認済みにしました。",
  "alert.did.snooze": "😴 *{name}* のアラートを{days}日間一時停止しました。",
  "alert.did.snoozeMove": "😴 *{name}* のアラートを、スコアが{points}ポイント動くまで一時停止しました。",
  "alert.cardSnooze.done":
    "このアカウントの対応中のアラート{n, plural, other {#}}件を7日間一時停止しました。",
  "alert.cardSnooze.none": "このアカウントに一時停止できるアラートはありません。",

  "alert.list.baseline": "• *{name}* · {band} · {arr} · {renewal} · {owner}",
  "alert.list.more": "• *{name}*：{reason} · {arr} · {renewal}",
  "alert.list.moreNoReason": "• *{name}* · {arr} · {renewal}",
  "alert.list.arr": "ARR {money}",
  "alert.list.noArr": "ARR不明",
  "alert.list.owner": "<@{user}> さん",
  "alert.list.noOwner": "担当者なし",
  "alert.list.part": "{what}：全{total, number}件中 {from, number}〜{to, number}件目",
  "alert.baseline.red": "本日、解約リスクのアカウントが{red, plural, other {#}}件あります",
  "alert.baseline.renewals": "本日、リスクを抱えた更新が{renewals, plural, other {#}}件あります",
  "alert.baseline.both":
    "本日、解約リスクのアカウントが{red, plural, other {#}}件、リスクを抱えた更新が{renewals, plural, other {#}}件あります",
  "alert.baseline.headline": "{headline}。今後は変化があったときにアラートでお知らせします。",
  "alert.baseline.detail":
    "{first, select, yes {このワークスペースで初めてのアラート確認です} other {ヘルスモデルまたはアラート条件が変更されました}}。すでにこの状態にあり最近の変化がないアカウントは、1件ずつアラートを出す代わりにスレッドに一覧でまとめています（アカウント名、スコア、ARR、更新日、担当者）。明日からは、アラートは何かが変化したことを表します：解約リスクへの移行、スコアの低下、良好でない状態での更新日の接近です。",
  "alert.baseline.thread": "すでに解約リスク、またはリスクを抱えて更新を迎えるアカウント",
  "alert.baseline.unlisted":
    "…ほか{n, plural, other {#}}件（ARRがより小さいアカウント）はここには載せていません。全件はレポート用ビュー `bi.account_health_daily`（本日の解約リスク）で確認できます。",
  "alert.more.text":
    "📋 本日のアラートがほかに{count, plural, other {#}}件あります。一覧はスレッドをご覧ください。",
  "alert.more.body":
    "📋 *本日のアラートがほかに{count, plural, other {#}}件あります*。一覧は重要度の高い順にスレッドに載せています。",
  "alert.more.textTop":
    "📋 本日のアラートがほかに{count, plural, other {#}}件あります。重要度の高い{listed, number}件をスレッドに載せています。",
  "alert.more.bodyTop":
    "📋 *本日のアラートがほかに{count, plural, other {#}}件あります*。重要度の高い{listed, number}件をスレッドに載せています。",
  "alert.more.cap":
    "このチャンネルへの投稿は、1回のアラート確認につき最大{cap}件です（`KUROKO_ALERTS_MAX_PER_RUN`）。アラートはすべて記録されており、各担当者には朝のお知らせでお伝えします。",
  "alert.more.thread": "本日のその他のアラート",
  "alert.more.unlisted":
    "…ほか{n, plural, other {#}}件のアラート（重要度がより低いもの）はここには載せていません。すべて記録済みで、各担当者には朝のお知らせでお伝えします。全件はレポート用ビュー `bi.alerts` で確認できます。",

  "renewal.heading":
    "📅 更新{days}日前のリマインド対象に{count, plural, other {#}}件のアカウントが入りました",
  "renewal.order": "ARRの大きい順です。",
  "renewal.orderUnhealthy": "ARRの大きい順です · ⚠️ 良好でないアカウント：{list}。",
  "renewal.unhealthyCount": "{emoji} {meaning} {n}件",
  "renewal.moreInThread": "…ほか{n, number}件はスレッドに続きます。",
  "renewal.fallback": "{heading}：{names}。",
  "renewal.fallbackMore": "{heading}：{names}、ほか{more, number}件。",
  "renewal.fallbackName": "{name}（{money}）",
  "renewal.continued":
    "更新{days}日前のリマインド（続き）：全{total, number}件中 {from, number}〜{to, number}件目",
  "renewal.unlisted":
    "…ほか{n, plural, other {#}}件（ARRがより小さいアカウント）も更新{days}日前に入りましたが、ここには載せていません。各担当者には朝のお知らせでお伝えします。全件はレポート用ビュー `bi.renewal_reminders` で確認できます。",
  "renewal.button.open": "{label}を開く",
  "renewal.button.start": "更新の申請を始める",

  "digest.header": "解約リスク日次ダイジェスト · {day}",
  "digest.generated": "{time}に{day}のスコアから作成 · {red} 解約リスク · {yellow} 要注意 · {green} 良好",
  "digest.generatedPreview":
    "プレビュー（あなたにだけ表示されています） · {time}に{day}のスコアから作成 · {red} 解約リスク · {yellow} 要注意 · {green} 良好",
  "digest.field.accounts":
    "*アカウント数*\n{redEmoji} 解約リスク {red}件 · {yellowEmoji} 要注意 {yellow}件 · {greenEmoji} 良好 {green}件",
  "digest.field.arrAtRisk": "*解約リスクのARR*\n{total}",
  "digest.field.moves":
    "*30日間で{points}ポイント以上低下 / 新たに解約リスク / 回復*\n{fell}件 / {newly}件 / {recovered}件",
  "digest.field.overdue": "*期限超過の契約申請*\n{n}件",
  "digest.list.collapses": "📉 30日間で{points}ポイント以上低下（ARRの大きい順）",
  "digest.list.newlyAtRisk": "🆕 前回の算出以降に新たに解約リスクとなったアカウント",
  "digest.list.topAtRisk": "🔥 解約リスクのアカウント（ARRの大きい順）",
  "digest.list.renewalsAtRisk": "📅 30日以内に更新を迎える要注意・解約リスクのアカウント",
  "digest.list.recovered": "🌱 解約リスクから回復したアカウント",
  "digest.list.overdue": "⏰ 期限を過ぎた契約申請",
  "digest.list.stale": "🕸️ データ更新が止まっているアカウント（新しい指標が届くまでアラートは出ません）",
  "digest.list.title": "*{title}*（{count}件）",
  "digest.list.titleAll": "*{title}*（全{count}件）",
  "digest.list.none": "該当なし。",
  "digest.list.namedAbove": "{emoji} *{name}* {band}：上記参照",
  "digest.bandWords": "{score}/100・{meaning}",
  "digest.bandWordsHeld": "{score}/100・{meaning}（{held}）",
  "digest.fell": "30日間で{delta}",
  "digest.collapse": "30日間で{delta}（{from} → {to}）",
  "digest.renewsIn": "{days}日後に更新",
  "digest.arr": "ARR {money}",
  "digest.why": "_要因：_ {weakest}",
  "digest.weakest": "{square} {label} {score}/100",
  "digest.weakestReadings": "{square} {label} {score}/100（{readings}）",
  "digest.unassigned": "担当者未割り当て",
  "digest.moreInThread": "…ほか{rest}件はスレッドに続きます。",
  "digest.moreInPreview":
    "…ほか{rest}件はここには表示していません。投稿されたダイジェストのスレッドに一覧があります。全アカウントは `kuroko accounts` で確認できます。",
  "digest.continued": "ダイジェスト {day}（続き{n}）",
  "digest.moreLines":
    "…ほか{more}行あります。すべての一覧は `kuroko accounts` と `kuroko requests` で確認できます。",
  "digest.total.none": "なし",
  "digest.total.converted": "≈ {amount}（{dates}のレートで換算：{parts}）",
  "digest.total.unconverted": "{parts}は未換算（{day}以前の{currencies}のレートがありません）",
  "digest.text":
    "解約リスク日次ダイジェスト {day}：解約リスク {red}件、要注意 {yellow}件、良好 {green}件。解約リスクのARR {arr}。30日間で{points}ポイント以上低下 {fell}件、新たに解約リスク {newly}件、期限超過の契約申請 {overdue}件。",

  "morning.header": "☀️ 今日の確認事項",
  "morning.summary": "今日の確認事項：{list}。",
  "morning.summary.alerts": "新しいアラート{n, plural, other {#}}件",
  "morning.summary.renewals": "更新{n, plural, other {#}}件",
  "morning.summary.requests": "対応待ちの申請{n, plural, other {#}}件",
  "morning.alerts.title": "*🚨 担当アカウントの新しいアラート：{n, plural, other {#}}件*",
  "morning.alerts.more": "…ほか{n, plural, other {#}}件のアラートはホームタブでご確認ください。",
  "morning.renewals.title": "*📅 リマインド期間に入った更新：{n, plural, other {#}}件*",
  "morning.renewals.more": "…ほか{n, plural, other {#}}件の更新はホームタブでご確認ください。",
  "morning.requests.title": "*📝 あなたの対応を待っている契約申請：{n, plural, other {#}}件*",
  "morning.requests.more":
    "…ほか{n, plural, other {#}}件。`/contract status` または `/csops queue` で一覧を確認できます。",
  "morning.alert": "{emoji}*{name}*：{reason}\n{context}",
  "morning.request.yours":
    "↩️ *{label} {type}* · {account}：カスタマーサクセス・オペレーションから差し戻されました。修正して再申請してください。",
  "morning.request.review": "🔎 *{label} {type}* · {account}：{status}、あなたの担当です · 回答期限 {day}",
  "morning.button.edit": "修正して再申請",
  "morning.button.review": "確認する",
};
