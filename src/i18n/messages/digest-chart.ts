/**
 * The digest's weekly chart of ARR at risk over 90 days (src/digest/chart.ts), shared in the
 * thread of the week's first digest, in the channel's language. `digestChartJa` must have exactly
 * `digestChartEn`'s keys. See src/i18n/en.ts for the rules.
 */
export const digestChartEn = {
  "digestChart.message":
    "*📈 ARR at risk over the last 90 days* (this week's chart): {first} on {from}, {last} on {to}; the highest was {max} on {maxDay}. Needs attention: {yellow} on {to}.",
  "digestChart.note":
    "_Each point: the current ARR of the accounts at risk (red) and needing attention (yellow) on that day{converted, select, yes {, converted at the rates in force that day} other {}}._",
  "digestChart.leftOut.noRate": "_Left out on the days with no exchange rate in force: ARR in {currencies}._",
  "digestChart.leftOut.noRates":
    "_The chart is in {currency} only; ARR in other currencies ({currencies}) is left out (set `KUROKO_REPORTING_CURRENCY` and `KUROKO_FX_RATES_PATH` to include it)._",
  "digestChart.title": "ARR at risk over the last 90 days ({currency})",
  "digestChart.day": "Date",
  "digestChart.arr": "ARR ({currency})",
  "digestChart.legend": "Band",
  "digestChart.series": "{band, select, red {At risk (red)} other {Needs attention (yellow)}}",
  "digestChart.file.title": "ARR at risk, last 90 days",
  "digestChart.alt":
    "Line chart of ARR at risk in {currency} from {from} to {to} ({days, plural, one {# day} other {# days}} with health scores): {first} on {from}, {last} on {to}, highest {max} on {maxDay}. Needs attention (yellow): {yellow} on {to}.",
} as const;

export const digestChartJa: { readonly [K in keyof typeof digestChartEn]: string } = {
  "digestChart.message":
    "*📈 直近90日間の解約リスクARR*（今週のグラフ）：{from} {first}、{to} {last}。期間中の最大は{maxDay}の{max}です。要注意のARRは{to}時点で{yellow}です。",
  "digestChart.note":
    "_各点の値は、その日に解約リスク（赤）・要注意（黄）だったアカウントの現在のARRの合計です{converted, select, yes {（その日に有効な為替レートで換算）} other {}}。_",
  "digestChart.leftOut.noRate": "_有効な為替レートがない日は、{currencies}建てのARRを含めていません。_",
  "digestChart.leftOut.noRates":
    "_グラフは{currency}建てのみです。{currencies}建てのARRは含めていません（含めるには `KUROKO_REPORTING_CURRENCY` と `KUROKO_FX_RATES_PATH` を設定してください）。_",
  "digestChart.title": "直近90日間の解約リスクARR（{currency}）",
  "digestChart.day": "日付",
  "digestChart.arr": "ARR（{currency}）",
  "digestChart.legend": "区分",
  "digestChart.series": "{band, select, red {解約リスク（赤）} other {要注意（黄）}}",
  "digestChart.file.title": "解約リスクARR（直近90日間）",
  "digestChart.alt":
    "{from}から{to}まで（ヘルススコアのある{days, plural, other {#}}日分）の解約リスクARR（{currency}）の折れ線グラフ：{from} {first}、{to} {last}、最大は{maxDay}の{max}。要注意（黄）は{to}時点で{yellow}。",
};
