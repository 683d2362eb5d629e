import type { types } from "@slack/bolt";

/** The App Home tab. It grows with each feature (at-risk accounts, renewals, requests). */
export function buildHomeView(userId: string): types.HomeView {
  return {
    type: "home",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Kuroko: CS Ops, backstage" } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text:
            `Hello <@${userId}>. Kuroko keeps customer health, renewals and contract paperwork in Slack.\n` +
            "• `/health <account>`: an account's health card\n" +
            "• `/contract`: log a contract request\n" +
            "• `/csops queue`: the CS Ops back-office queue",
        },
      },
    ],
  };
}
