/**
 * `/csops model` (src/lab/listeners.ts): the health model's fitness over the last year, posted
 * with its charts (src/lab/charts.ts, src/lab/fitness-view.ts). `modelLabJa` must have exactly
 * `modelLabEn`'s keys. See src/i18n/en.ts for the rules.
 */
export const modelLabEn = {
  "csops.usage.model":
    "`/csops model` shows how well the health model predicted churn over the last year, with charts",
  "modelLab.working":
    "Back-testing the last 52 weeks under the current model{candidate, select, yes { and the candidate} other {}}. The summary and charts will be posted in this channel in a moment.",
  "modelLab.noHistory":
    "There are no health readings in the last 52 weeks, so there is nothing to back-test yet. Import metrics first (`kuroko import metrics`).",
  "modelLab.noOutcomes":
    "No account is recorded as churned in the last 52 weeks, so the model cannot be measured against churn yet. Import outcomes (`kuroko import outcomes`) and try again.",
  "modelLab.failed":
    "The back-test could not be completed. Nothing was posted; the details are in Kuroko's log.",
  // The summary posted with the charts.
  "modelLab.summary.head":
    "*Health model fitness* · {from} → {to}: {weeks, plural, one {# week} other {# weeks}}, {accounts, plural, one {# account} other {# accounts}}, {churned, plural, one {# churned} other {# churned}} (a churn within {horizon} days of a week counts against it).",
  "modelLab.summary.variant":
    "*{variant, select, current {Current} other {Candidate}}* {name} ({version}): score AUC {auc} · red precision {precision}, recall {recall} · {flagged} of {churned} churned accounts flagged · {green, plural, one {# churned while green} other {# churned while green}} · {alerts} alerts a week",
  "modelLab.summary.legend":
    "_At risk = the red band. AUC 0.50 is a coin toss, 1.00 a perfect ranking. Per account and segment: `kuroko backtest`._",
  "modelLab.na": "n/a",
  // The charts.
  "modelLab.chart.alerts.title": "Alerts per week, and how many came before a churn",
  "modelLab.chart.week": "Week",
  "modelLab.chart.alerts": "Alerts",
  "modelLab.chart.legend": "Series",
  "modelLab.chart.series":
    "{variant, select, current {current} other {candidate}}: {kind, select, all {all alerts} other {before a churn}}",
  "modelLab.chart.signals.title": "Each signal alone: AUC (0.50 = coin toss)",
  "modelLab.chart.signal": "Signal",
  "modelLab.chart.auc": "AUC",
  "modelLab.chart.model": "Model",
  "modelLab.chart.variant": "{variant, select, current {current} other {candidate}}",
  "modelLab.file.alerts.title": "Alerts per week",
  "modelLab.file.alerts.alt":
    "Line chart of alerts per week over {weeks} weeks: {total} raised under the current model, {beforeChurn} of them before a churn.",
  "modelLab.file.signals.title": "Each signal's AUC",
  "modelLab.file.signals.alt": "Bar chart of each signal's AUC on its own: {list}.",
} as const;

export const modelLabJa: { readonly [K in keyof typeof modelLabEn]: string } = {
  "csops.usage.model":
    "`/csops model` で、過去1年間にヘルスモデルが解約をどれだけ予測できたかをグラフ付きで確認できます",
  "modelLab.working":
    "現行モデル{candidate, select, yes {と候補モデル} other {}}で直近52週間のバックテストを実行しています。まもなくこのチャンネルに要約とグラフを投稿します。",
  "modelLab.noHistory":
    "直近52週間のヘルススコアの記録がないため、バックテストできません。先にメトリクスを取り込んでください（`kuroko import metrics`）。",
  "modelLab.noOutcomes":
    "直近52週間に解約として記録されたアカウントがないため、まだ解約実績とモデルを照らし合わせられません。結果データを取り込んでから（`kuroko import outcomes`）もう一度お試しください。",
  "modelLab.failed":
    "バックテストを完了できませんでした。投稿は行っていません。詳細は Kuroko のログをご確認ください。",
  "modelLab.summary.head":
    "*ヘルスモデルの精度* · {from} → {to}：{weeks, plural, other {#}}週間、{accounts, plural, other {#}}アカウント、解約{churned, plural, other {#}}件（各週から{horizon}日以内の解約を対象に評価）",
  "modelLab.summary.variant":
    "*{variant, select, current {現行} other {候補}}* {name}（{version}）：スコアAUC {auc} · 解約リスクの適合率 {precision}、再現率 {recall} · 解約{churned}件中{flagged}件を事前に検知 · 良好のまま解約 {green, plural, other {#}}件 · アラート 週{alerts}件",
  "modelLab.summary.legend":
    "_解約リスク＝赤の区分です。AUC 0.50 は当て推量、1.00 は完全な順位付けを表します。アカウント別・セグメント別の内訳は `kuroko backtest` でご確認ください。_",
  "modelLab.na": "該当なし",
  "modelLab.chart.alerts.title": "週ごとのアラート件数と、そのうち解約に先立ったもの",
  "modelLab.chart.week": "週",
  "modelLab.chart.alerts": "アラート件数",
  "modelLab.chart.legend": "系列",
  "modelLab.chart.series":
    "{variant, select, current {現行} other {候補}}：{kind, select, all {全アラート} other {解約に先立ったもの}}",
  "modelLab.chart.signals.title": "シグナル単独のAUC（0.50＝当て推量）",
  "modelLab.chart.signal": "シグナル",
  "modelLab.chart.auc": "AUC",
  "modelLab.chart.model": "モデル",
  "modelLab.chart.variant": "{variant, select, current {現行} other {候補}}",
  "modelLab.file.alerts.title": "週ごとのアラート件数",
  "modelLab.file.alerts.alt":
    "{weeks}週間の週ごとのアラート件数の折れ線グラフ：現行モデルで{total}件、うち解約に先立ったもの{beforeChurn}件。",
  "modelLab.file.signals.title": "シグナルごとのAUC",
  "modelLab.file.signals.alt": "シグナル単独のAUCの棒グラフ：{list}。",
};
