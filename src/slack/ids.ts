/**
 * The names Slack knows us by. Commands and shortcuts must match manifest.yml (a test holds
 * the two together); action and view ids live with their feature.
 */
export const COMMANDS = {
  health: "/health",
  contract: "/contract",
  csops: "/csops",
} as const;

export const SHORTCUTS = {
  logContractRequest: "log_contract_request",
} as const;
