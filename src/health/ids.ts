/** Slack action ids of the health feature. */
export const HEALTH_ACTIONS = {
  share: "health_share",
  pick: "health_pick",
  /** Shows an account's card privately (from an alert or a reminder). */
  show: "health_show",
  /** Snoozes the account's open alerts for 7 days. */
  snooze: "health_snooze",
} as const;
