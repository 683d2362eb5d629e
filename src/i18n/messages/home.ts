/**
 * App Home, /csops help and other ephemeral answers, apologies (src/home/, src/slack/).
 * English and Japanese side by side: `homeJa` must have exactly `homeEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const homeEn = {
  // App Home (src/home/view.ts): the greeting and the reader's cover.
  "home.title": "Kuroko: CS Ops, backstage",
  "home.hello":
    "Hello <@{user}>. `/health &lt;account&gt;` shows an account's health card; `/contract` logs a contract request.",
  "home.button.cover": "Away / cover…",

  // Lists of requests.
  "home.waitingOnYou": "Waiting on you",
  "home.waitingOnCsOps": "Waiting on CS Ops",
  "home.unassigned": "Unassigned",
  "home.overdue": "Overdue",
  "home.nothing": "Nothing.",
  "home.nothingOverdue": "Nothing overdue. 🎉",
  "home.listEmpty": "*{title}*\n{empty}",
  "home.request":
    "*{number}* {type} · {account} · {status}{assignee, select, none {} other { · <@{assignee}>}}{overdue, select, yes { · ⚠️ overdue} other {}}",
  "home.button.edit": "Edit and resubmit",
  "home.button.withdraw": "Withdraw…",
  "home.button.assign": "Assign to me",
  "home.button.review": "Review",
  "home.more": "…and {n, number} more.",

  // CS Ops' portfolio.
  "home.portfolio": "Portfolio",
  "home.portfolio.from": "From the scores of {day} · {legend} · `/csops digest` previews today's digest",
  "home.portfolio.none": "No account has been scored yet: import metrics, then the snapshot job scores them.",
  "home.portfolio.accounts":
    "*Accounts*\n🔴 {red, number} at risk · 🟡 {yellow, plural, one {# needs attention} other {# need attention}} · 🟢 {green, number} healthy",
  "home.portfolio.arrAtRisk": "*ARR at risk*\n{total}",
  "home.portfolio.top": "*Top accounts by alert severity*",
  "home.portfolio.topNone": "*Top accounts by alert severity*\nNo open alerts.",
  "home.portfolio.alerted":
    "{emoji}*{name}* · {reason}{alerts, plural, =0 {} =1 {} other { (# open alerts)}}\n{context}",

  // A total across currencies (src/money.ts ReportedTotal), in the reader's words.
  "home.total.none": "none",
  "home.total.converted": "≈ {amount} at rates of {dates}: {parts}",
  "home.total.convertedApart":
    "≈ {amount} at rates of {dates}: {parts}, plus {left} not converted (no {currencies} rate on or before {day})",
  "home.total.sameApart": "{amount}, plus {left} not converted (no {currencies} rate on or before {day})",
  "home.total.unconverted": "{left} (no {currencies} rate on or before {day})",
  "home.total.or": " or ",

  // The reader's own accounts and requests.
  "home.yourAccounts": "Your accounts",
  "home.atRisk": "🔴 At risk · 🟡 needs attention",
  "home.atRisk.none": "None: every account you own is healthy (or not scored yet).",
  "home.renewals": "📅 Renewing in the next 90 days",
  "home.renewals.none": "No renewals coming up.",
  "home.account": "*{name}* · {context}",
  "home.myRequests": "*Your open contract requests*",
  "home.myRequests.none": "*Your open contract requests*\nNone: `/contract &lt;account&gt;` starts one.",

  // /csops (src/slack/registry.ts): the router's own answers; each sub-command gives its usage.
  "csops.usage": "Usage: {usages}.",
  "csops.unknown": "`/csops {word}` is not a command Kuroko knows. Usage: {usages}.",
  "csops.separator": "; ",
  "csops.usage.queue": "`/csops queue` lists open contract requests (waiting on you, unassigned, overdue)",
  "csops.usage.digest": "`/csops digest` previews today's at-risk digest",
  "csops.usage.away":
    "`/csops away 2026-12-24 2027-01-05 @maya` (or `today`, `tomorrow`) sets cover; `/csops away off` ends it; `/csops away` shows it",

  // The global failure middleware (src/slack/failure.ts).
  "failure.apology":
    ":warning: Sorry: Kuroko could not do that just now. It has been logged; please try again in a minute.",
} as const;

export const homeJa: { readonly [K in keyof typeof homeEn]: string } = {
  "home.title": "Kuroko：CS Ops の裏方",
  "home.hello":
    "<@{user}> さん、こんにちは。`/health &lt;アカウント&gt;` でアカウントのヘルスカードを表示し、`/contract` で契約申請を登録できます。",
  "home.button.cover": "不在・代理の設定…",

  "home.waitingOnYou": "あなたの対応待ち",
  "home.waitingOnCsOps": "CS Ops の対応待ち",
  "home.unassigned": "担当者未定",
  "home.overdue": "期限超過",
  "home.nothing": "ありません。",
  "home.nothingOverdue": "期限を過ぎた申請はありません。🎉",
  "home.listEmpty": "*{title}*\n{empty}",
  "home.request":
    "*{number}* {type} · {account} · {status}{assignee, select, none {} other { · 担当 <@{assignee}> さん}}{overdue, select, yes { · ⚠️ 期限超過} other {}}",
  "home.button.edit": "修正して再申請",
  "home.button.withdraw": "取り下げる…",
  "home.button.assign": "自分が担当する",
  "home.button.review": "審査する",
  "home.more": "…ほか{n, number}件。",

  "home.portfolio": "ポートフォリオ",
  "home.portfolio.from":
    "{day}のスコアに基づく集計です · {legend} · `/csops digest` で本日のダイジェストをプレビューできます",
  "home.portfolio.none":
    "まだスコアが算出されたアカウントはありません。指標を取り込むと、スナップショットのジョブがスコアを算出します。",
  "home.portfolio.accounts":
    "*アカウント数*\n🔴 解約リスク {red, number}件 · 🟡 要注意 {yellow, plural, other {#件}} · 🟢 良好 {green, number}件",
  "home.portfolio.arrAtRisk": "*解約リスクのARR*\n{total}",
  "home.portfolio.top": "*アラートの重大度が高いアカウント*",
  "home.portfolio.topNone": "*アラートの重大度が高いアカウント*\n未解決のアラートはありません。",
  "home.portfolio.alerted":
    "{emoji}*{name}* · {reason}{alerts, plural, =0 {} =1 {} other {（未解決のアラート #件）}}\n{context}",

  "home.total.none": "なし",
  "home.total.converted": "約{amount}（{dates}のレートで換算：{parts}）",
  "home.total.convertedApart":
    "約{amount}（{dates}のレートで換算：{parts}）、ほかに未換算の{left}（{day}以前の{currencies}のレートがありません）",
  "home.total.sameApart": "{amount}、ほかに未換算の{left}（{day}以前の{currencies}のレートがありません）",
  "home.total.unconverted": "{left}（{day}以前の{currencies}のレートがありません）",
  "home.total.or": "・",

  "home.yourAccounts": "担当アカウント",
  "home.atRisk": "🔴 解約リスク · 🟡 要注意",
  "home.atRisk.none": "ありません。担当アカウントはすべて良好です（またはまだスコアがありません）。",
  "home.renewals": "📅 90日以内に更新",
  "home.renewals.none": "近く更新を迎えるアカウントはありません。",
  "home.account": "*{name}* · {context}",
  "home.myRequests": "*進行中の契約申請*",
  "home.myRequests.none":
    "*進行中の契約申請*\nありません。`/contract &lt;アカウント&gt;` で申請を始められます。",

  "csops.usage": "使い方：{usages}。",
  "csops.unknown": "`/csops {word}` というコマンドはありません。使い方：{usages}。",
  "csops.separator": "／",
  "csops.usage.queue":
    "`/csops queue` で進行中の契約申請（あなたの対応待ち・担当者未定・期限超過）を一覧します",
  "csops.usage.digest": "`/csops digest` で本日の解約リスク日次ダイジェストを確認できます",
  "csops.usage.away":
    "`/csops away 2026-12-24 2027-01-05 @maya`（`today`・`tomorrow` も可）で不在時の代理を設定、`/csops away off` で終了、`/csops away` で確認できます",

  "failure.apology":
    "⚠️ 申し訳ありません。Kuroko は今この操作を完了できませんでした。エラーは記録済みです。1分ほど置いてからもう一度お試しください。",
};
