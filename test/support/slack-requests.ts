import { signatureHeaders as sign } from "../../src/slack/signature.js";

export const TEST_SIGNING_SECRET = "test-signing-secret-0123456789";

/** Slack's request signature headers for a raw body (the test secret unless told otherwise). */
export function signatureHeaders(
  rawBody: string,
  options: { secret?: string; timestamp?: number } = {},
): Record<string, string> {
  return sign(rawBody, options.secret ?? TEST_SIGNING_SECRET, options.timestamp);
}

export interface SendOptions {
  secret?: string;
  timestamp?: number;
  /** Leave the signature headers out entirely. */
  unsigned?: boolean;
}

/** Sends signed requests to the app's /slack/events, as Slack does. */
export class SlackSender {
  constructor(private readonly eventsUrl: string) {}

  /** A slash command: form-encoded fields. */
  command(payload: Record<string, string>, options?: SendOptions): Promise<Response> {
    return this.post(new URLSearchParams(payload).toString(), "application/x-www-form-urlencoded", options);
  }

  /** A shortcut, block action, view submission...: `payload=<json>`, form-encoded. */
  interaction(payload: object, options?: SendOptions): Promise<Response> {
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(raw, "application/x-www-form-urlencoded", options);
  }

  /** An Events API callback: JSON. */
  event(payload: object, options?: SendOptions): Promise<Response> {
    return this.post(JSON.stringify(payload), "application/json", options);
  }

  private post(raw: string, contentType: string, options: SendOptions = {}): Promise<Response> {
    const headers = {
      "content-type": contentType,
      ...(options.unsigned ? {} : signatureHeaders(raw, options)),
    };
    return fetch(this.eventsUrl, { method: "POST", headers, body: raw, signal: AbortSignal.timeout(10_000) });
  }
}
