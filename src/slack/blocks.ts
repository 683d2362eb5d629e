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
