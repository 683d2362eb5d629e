import description from "./slack-methods.json" with { type: "json" };

/** A Web API method as Slack describes it: its arguments, and those a call must carry. */
export interface SlackMethod {
  arguments: readonly string[];
  required: readonly string[];
}

/**
 * Methods newer than Slack's published OpenAPI description (2020), which Kuroko calls. The file
 * upload methods (2023) as Slack's method reference describes them:
 * https://docs.slack.dev/reference/methods/files.getUploadURLExternal and
 * https://docs.slack.dev/reference/methods/files.completeUploadExternal (the alt text is
 * `alt_txt` there, not `alt_text`).
 */
export const NEWER_METHODS: Record<string, SlackMethod> = {
  "apps.connections.open": { arguments: [], required: [] },
  "files.getUploadURLExternal": {
    arguments: ["filename", "length", "alt_txt", "snippet_type"],
    required: ["filename", "length"],
  },
  "files.completeUploadExternal": {
    arguments: ["files", "channel_id", "thread_ts", "channels", "initial_comment", "blocks"],
    required: ["files"],
  },
};

/**
 * Slack's Web API methods, from Slack's OpenAPI description (slack-methods.json) and
 * NEWER_METHODS. The playground's workspace and the tests' fake Slack both check calls against
 * it, so that neither accepts a call Slack would refuse, nor refuses it differently.
 */
export const SLACK_METHODS: ReadonlyMap<string, SlackMethod> = new Map<string, SlackMethod>([
  ...Object.entries(description.methods),
  ...Object.entries(NEWER_METHODS),
]);

/** Slack's answer to a call it refuses before reading further. */
export type CallRefusal =
  | { ok: false; error: "unknown_method" }
  | { ok: false; error: "invalid_arguments"; response_metadata: { messages: string[] } };

/**
 * How Slack refuses a call before doing anything: a method it does not have (`unknown_method`),
 * or a call without one of the method's required arguments (`invalid_arguments`, naming those
 * missing; an empty string is missing). Undefined when neither.
 */
export function refuseCall(method: string, args: Record<string, unknown>): CallRefusal | undefined {
  const known = SLACK_METHODS.get(method);
  if (!known) return { ok: false, error: "unknown_method" };
  const missing = known.required.filter((name) => args[name] === undefined || args[name] === "");
  if (missing.length > 0)
    return { ok: false, error: "invalid_arguments", response_metadata: { messages: missing } };
  return undefined;
}
