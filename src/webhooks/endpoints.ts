import { z } from "zod";
import { describeIssues } from "../data-checks.js";
import { KurokoError } from "../errors.js";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events.js";

/**
 * The webhooks file (KUROKO_WEBHOOKS_PATH, YAML or JSON; pure): each endpoint's name, URL, the
 * events it wants and the environment variable holding its signing secret. Secrets never sit in
 * the file: a missing variable is a start-up error, like every other problem, all listed at once.
 */

/** A secret shorter than this is refused: it signs what other systems act on. */
export const MIN_SECRET_LENGTH = 16;

const ALL_EVENTS = `the events are ${WEBHOOK_EVENT_TYPES.join(", ")}, or "*" for all`;

/** "*", or a list of known events, each unknown one named with the known ones. */
const events = z.unknown().transform((value, ctx): "*" | WebhookEventType[] => {
  if (value === "*") return "*";
  if (!Array.isArray(value) || value.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be "*" (all events) or a list of events: ${WEBHOOK_EVENT_TYPES.join(", ")}`,
    });
    return z.NEVER;
  }
  value.forEach((item, i) => {
    if (!(WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(item))
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `${JSON.stringify(item)} is not an event; ${ALL_EVENTS}`,
      });
  });
  return value as WebhookEventType[];
});

/** An unknown key is refused; a `secret` key gets the reason. */
const endpointKeys = (issue: z.core.$ZodRawIssue) =>
  issue.code === "unrecognized_keys" && (issue.keys as string[]).includes("secret")
    ? `never put a secret in the file: name its environment variable in secret_env (unknown keys: ${(issue.keys as string[]).join(", ")})`
    : undefined;

const endpointSchema = z.strictObject(
  {
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/,
        "must be 1 to 40 letters, digits, - or _ (it names the endpoint in logs and in `kuroko webhooks`)",
      ),
    url: z.string().superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: `"${value}" is not a URL` });
        return;
      }
      if (url.protocol !== "https:" && url.protocol !== "http:")
        ctx.addIssue({ code: "custom", message: "must be an https:// (or http://) URL" });
      if (url.username || url.password)
        ctx.addIssue({
          code: "custom",
          message: "must not hold credentials: the receiver checks the signature instead",
        });
    }),
    events,
    secret_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "must name an environment variable (capitals, digits and _)"),
  },
  { error: endpointKeys },
);

const fileSchema = z
  .object({ endpoints: z.array(endpointSchema).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.endpoints.forEach((e, i) => {
      if (seen.has(e.name))
        ctx.addIssue({
          code: "custom",
          path: ["endpoints", i, "name"],
          message: `"${e.name}" is named twice`,
        });
      seen.add(e.name);
    });
  });

/** An endpoint ready to deliver to: its secret read from the environment. */
export interface WebhookEndpoint {
  name: string;
  url: string;
  events: "*" | WebhookEventType[];
  secret: string;
}

export class WebhooksFileError extends KurokoError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`The webhooks file ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Checks a webhooks file and reads each endpoint's secret from `env`, listing every problem
 * (the file's, then each missing or short secret) in one error.
 */
export function parseWebhooksFile(
  input: unknown,
  source: string,
  env: Record<string, string | undefined>,
): WebhookEndpoint[] {
  if (input === null || input === undefined)
    throw new WebhooksFileError(source, [
      "the file is empty: list the endpoints (see docs/webhooks.md), or unset KUROKO_WEBHOOKS_PATH",
    ]);
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) throw new WebhooksFileError(source, describeIssues(parsed.error.issues));
  const problems: string[] = [];
  const endpoints = parsed.data.endpoints.map((e, i) => {
    const secret = env[e.secret_env]?.trim() ?? "";
    if (!secret)
      problems.push(
        `endpoints[${i}].secret_env: ${e.secret_env} is not set in the environment (${e.name}'s signing secret)`,
      );
    else if (secret.length < MIN_SECRET_LENGTH)
      problems.push(
        `endpoints[${i}].secret_env: ${e.secret_env} is shorter than ${MIN_SECRET_LENGTH} characters: use a long random secret`,
      );
    return { name: e.name, url: e.url, events: e.events, secret };
  });
  if (problems.length > 0) throw new WebhooksFileError(source, problems);
  return endpoints;
}
