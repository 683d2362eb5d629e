/** Slack action ids of the health feature. */
export const HEALTH_ACTIONS = {
  share: "health_share",
  pick: "health_pick",
} as const;
