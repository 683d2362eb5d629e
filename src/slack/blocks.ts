import type { types } from "@slack/bolt";

/** A Slack message: blocks, and the text Slack shows in notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Escapes what Slack's mrkdwn would read as markup: names and notes come from people. */
export const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A button; `value` carries the id the click is about. */
export function button(
  actionId: string,
  label: string,
  value: string,
  style?: "primary" | "danger",
): types.Button {
  return {
    type: "button",
    action_id: actionId,
    text: { type: "plain_text", text: label },
    value,
    ...(style ? { style } : {}),
  };
}

/**
 * An instant as Slack's date token: each reader sees it in their own time zone and language
 * ("Nov 22, 2026 at 9:15 AM"); `fallback` (UTC, explicit) is what clients that cannot format
 * it show. Calendar dates (a renewal date) are not instants: write them as dates instead.
 */
export function slackTime(
  at: Date,
  format = "{date_short_pretty} {time}",
  fallback = `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`,
): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}
