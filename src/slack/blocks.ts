import type { types } from "@slack/bolt";

/** A Slack message: blocks, and the text Slack shows in notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Escapes what Slack's mrkdwn would read as markup: names and notes come from people. */
export const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
