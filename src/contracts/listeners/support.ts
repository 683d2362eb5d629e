import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { type Locale, t } from "../../i18n/index.js";
import type { ButtonClick } from "../../slack/registry.js";

/** What the contracts listeners share: their arguments, answering the person, and form keys. */

export type Click = SlackActionMiddlewareArgs<ButtonClick> & AllMiddlewareArgs;
export type Submission = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** What a form whose private_metadata is not ours (forged, or from an older Kuroko) is told, in the reader's language. */
export const staleForm = (locale: Locale) => t(locale, "review.lc.stale");

/**
 * Tells the person who clicked: privately where the click came from a message (its
 * response_url), by DM from the App Home tab, which has none.
 */
export async function tell({ body, respond, client }: Click, text: string): Promise<void> {
  if (body.response_url) await respond({ response_type: "ephemeral", replace_original: false, text });
  else await client.chat.postMessage({ channel: body.user.id, text });
}

/**
 * The key of one submitted form: Slack's view id (stable across the modal's updates, unique
 * to the modal) and the user submitting it. Undefined for an id Slack would never send.
 */
export function viewKeyOf(viewId: unknown, userId: string): string | undefined {
  return typeof viewId === "string" && /^[A-Za-z0-9]{1,64}$/.test(viewId) ? `${viewId}:${userId}` : undefined;
}
