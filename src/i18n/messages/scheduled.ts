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
};
