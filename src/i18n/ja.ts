import type { Catalogue } from "./en.js";
import { cliJa } from "./messages/cli.js";
import { contractsJa } from "./messages/contracts.js";
import { digestChartJa } from "./messages/digest-chart.js";
import { homeJa } from "./messages/home.js";
import { labJa } from "./messages/lab.js";
import { modelLabJa } from "./messages/model-lab.js";
import { modelsJa } from "./messages/models.js";
import { reviewJa } from "./messages/review.js";
import { scheduledJa } from "./messages/scheduled.js";

/**
 * The Japanese catalogue: the same keys and placeholders as en.ts, written as a Japanese CS team
 * writes (です・ます; ヘルススコア, 解約リスク, 要注意, 良好, 更新, 申請/承認), not word for word.
 */
export const ja: Catalogue = {
  ...contractsJa,
  ...reviewJa,
  ...scheduledJa,
  ...homeJa,
  ...cliJa,
  ...labJa,
  ...modelsJa,
  ...modelLabJa,
  ...digestChartJa,
  "list.separator": "、",
  "value.days": "{days}日",

  "band.red": "解約リスク",
  "band.yellow": "要注意",
  "band.green": "良好",
  "band.name": "{band, select, red {解約リスク} yellow {要注意} other {良好}}",
  "band.held":
    "{score}点に達するまでは{band, select, red {解約リスク} yellow {要注意} other {良好}}のままです",
  "band.describe": "{emoji} {score}/100・{meaning}",
  "band.describeHeld": "{emoji} {score}/100・{meaning}（{held}）",
  "band.legend":
    "{green} {greenFrom}点以上 良好 · {yellow} {redFrom}〜{yellowTo}点 要注意 · {red} {redFrom}点未満 解約リスク",

  "relative.renewsIn": "{days, plural, =0 {本日更新} other {#日後に更新}}",
  "relative.renewedAgo": "{days, plural, other {#日前に更新}}",

  "context.arr": "💰 ARR {money}",
  "context.renews": "{day}更新（{days, plural, =0 {本日} other {#日後}}）",
  "context.renewed": "更新日 {day}（{days, plural, other {#日経過}}）",
  "context.noRenewal": "更新日未登録",
  "context.noScore": "ヘルススコアなし",
  "context.owner": "👤 <@{user}>",
  "context.noOwner": "👤 担当者未登録",
  "context.paperwork": "📝 {list}",
  "context.noPaperwork": "📝 進行中の申請なし",
  "context.paper": "{number} {type}：{status}",
  "context.crm": "<{url}|CRMレコード {id}>",
  "context.separator": " · ",

  "contract.type.renewal": "更新",
  "contract.type.upsell": "アップセル",
  "contract.type.amendment": "契約変更",
  "contract.type.cancellation": "解約",
  "contract.type.order_form": "注文書",
  "contract.type.nda": "NDA",
  "contract.type.dpa": "DPA",
  "contract.type.security_review": "セキュリティ審査",
  "contract.type.po_invoice": "発注書・請求書",
  "contract.status.submitted": "申請済み",
  "contract.status.in_review": "確認中",
  "contract.status.awaiting_second_approval": "二次承認待ち",
  "contract.status.changes_requested": "差し戻し",
  "contract.status.approved": "承認済み",
  "contract.status.rejected": "却下",
  "contract.status.withdrawn": "取り下げ",

  "signal.active_users": "アクティブユーザー数",
  "signal.licensed_seats": "契約ライセンス数",
  "signal.logins_30d": "ログイン数（30日）",
  "signal.feature_adoption": "機能活用率",
  "signal.open_tickets": "未解決の問い合わせ",
  "signal.p1_tickets_30d": "P1問い合わせ（30日）",
  "signal.nps": "NPS",
  "signal.csat": "CSAT",
  "signal.days_since_last_touch": "最終接点からの日数",
  "signal.days_overdue": "支払遅延日数",
  "signal.active_user_ratio": "アクティブ率",
  "signal.logins_per_seat": "1ライセンスあたりのログイン数（30日）",
  "component.usage": "利用状況",
  "component.adoption": "機能活用",
  "component.support": "サポート",
  "component.sentiment": "顧客満足度",
  "component.engagement": "エンゲージメント",
  "component.billing": "支払い",

  "change.head": "{days}日間で{delta}：{parts}",
  "change.still": "{days}日間で{delta}：1ポイント以上動いた項目はありません",
  "change.component": "{label} {delta}",
  "change.componentDrivers": "{label} {delta}（{drivers}）",
  "change.new": "{label}が新たに{value}",
  "change.gone": "{label}の報告が止まっています",
  "change.moved": "{label} {before} → {after}",

  "health.typed": "「{typed}」に近い *{name}* を表示しています。",
  "health.header": "{name}：{band}",
  "health.headerNoScore": "{name}：スコアはまだありません",
  "health.summary": "{name}：{band}",
  "health.summaryChange": "{name}：{band}、{change}",
  "health.summaryNoScore": "{name}：ヘルススコアはまだありません",
  "health.alert.none": "🔕 このアカウントに対応中のアラートはありません。",
  "health.alert.open": "🔔 {since}からアラートが出ています：{reason}",
  "health.alert.acknowledged": "👀 アラートは確認済みです（{since}から発生）：{reason}",
  "health.alert.acknowledgedBy": "👀 <@{user}> さんがアラートを確認済みです（{since}から発生）：{reason}",
  "health.alert.snoozedUntil": "😴 アラートは{until}まで一時停止中です：{reason}",
  "health.alert.snoozedByUntil": "😴 <@{user}> さんがアラートを{until}まで一時停止しています：{reason}",
  "health.alert.snoozedMoves": "😴 スコアが動くまでアラートを一時停止中です：{reason}",
  "health.alert.snoozedByMoves": "😴 <@{user}> さんがスコアが動くまでアラートを一時停止しています：{reason}",
  "health.trend": "*推移（90日間）* {trend}",
  "health.trend.none": "まだ十分な履歴がありません",
  "health.trend.point": "{day} {score}点",
  "health.trend.summary": "{spark}\n{start} → {end} · 最低 {low} · 最高 {high}",
  "health.why": "*変動の要因*\n{lines}",
  "health.why.none": "*変動の要因*\n比較できるだけの履歴がまだありません。",
  "health.components": "*内訳*\n{lines}",
  "health.component": "{bar} *{label}* {score}点 · 比重{share}% · {signals}",
  "health.noMetrics":
    "このアカウントにはまだ指標がありません。`kuroko import metrics FILE.csv` で取り込んでください。",
  "health.fresh.none": "指標はまだありません。",
  "health.fresh.asOf": "{day}時点の指標",
  "health.fresh.stale": "⚠️ 更新が止まっている指標：{list}",
  "health.fresh.staleSignal": "{label}（{days}日前）",
  "health.fresh.missing": "データなし：{list}（その比重は他の項目に配分しています）",
  "health.fresh.crm": "CRM ID {id}",
  "health.fresh.crmSegment": "CRM ID {id} · {segment}",
  "health.fresh.model": "モデル {name} {version}",
  "health.modelChanged":
    "ヘルスモデルは{day}より後に変更されました。それ以前の推移は別のモデルで算出されています。上記の変動はすべて現在のモデルで計算しています。",
  "health.sharedBy": "<@{user}> さんが共有しました",
  "health.button.share": "チャンネルに共有",
  "health.button.contract": "契約申請を登録",
  "health.button.snooze": "アラートを一時停止",
  "health.picker.text": "「{query}」に一致するアカウントが{count}件あります。1つ選んでください。",
  "health.picker.body":
    "*{query}* に一致するアカウントが複数あります。どれを表示しますか？\n{list}{more, select, yes {\nほかにも一致するアカウントがあります。名前をもう少し入力して絞り込んでください。} other {}}",
  "health.noMatch.text": "「{query}」に一致するアカウントはありません。",
  "health.noMatch.textNearest": "「{query}」に一致するアカウントはありません。近い候補：{names}",
  "health.noMatch.bodyNearest": "*{query}* に一致するアカウントはありません。近い名前はこちらです：",
  "health.noMatch.bodyHint":
    "*{query}* に一致するアカウントはありません。アカウント名、ドメイン（`acme.com`）、または CRM ID で検索してください。",
  "health.gone": "そのアカウントはすでに存在しません。",
  "health.usage":
    "使い方：`/health &lt;アカウント&gt;`。アカウント名（表記ゆれや法人格は省略できます：`acme`、`株式会社アクメ`）、ドメイン（`acme.com`）、または CRM ID（`CRM-0001`）を指定してください。",
  "health.apology":
    "申し訳ありません。アカウントのデータを読み込めませんでした。エラーは記録済みです。1分ほど置いてからもう一度お試しください。",
  "health.lookingUp": "「{query}」を検索しています…",
};
