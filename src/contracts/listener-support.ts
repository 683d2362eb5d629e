import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { z } from "zod";

/** What the contracts listeners share: answering the person, and reading what Slack carried. */

/** A form whose private_metadata is not ours (forged, or from an older Kuroko). */
export const STALE_FORM = "This form is out of date: close it and open it again.";

/**
 * Tells the person who clicked: privately where the click came from a message (its
 * response_url), by DM from the App Home tab, which has none.
 */
export async function tell(
  body: { user: { id: string }; response_url?: string },
  respond: RespondFn,
  client: WebClient,
  text: string,
) {
  if (body.response_url) await respond({ response_type: "ephemeral", replace_original: false, text });
  else await client.chat.postMessage({ channel: body.user.id, text });
}

/**
 * A modal's private_metadata, checked: anything that is not JSON of the expected shape (Slack
 * caps it at 3,000 characters) reads as undefined, never as an exception.
 */
export function parseMetadata<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== "string" || raw.length > 3_000) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw || "{}"));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key of one submitted form: Slack's view id (stable across the modal's updates, unique
 * to the modal) and the user submitting it. Undefined for an id Slack would never send.
 */
export function viewKeyOf(viewId: unknown, userId: string): string | undefined {
  return typeof viewId === "string" && /^[A-Za-z0-9]{1,64}$/.test(viewId) ? `${viewId}:${userId}` : undefined;
}
