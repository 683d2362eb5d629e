import { WebClient } from "@slack/web-api";
import type { Config } from "../config.js";
import { KurokoError } from "../errors.js";
import { createLogger } from "../log.js";
import { webClientOptions } from "./connect.js";

/** Finds Slack user ids for e-mail addresses (undefined: Slack knows no such person). */
export type OwnerLookup = (emails: string[]) => Promise<Map<string, string | undefined>>;

/**
 * Owners named by e-mail in an import (a CRM export's owner column), found in Slack with
 * `users.lookupByEmail` (the users:read.email scope): each distinct address asked once, a few
 * at a time. Slack's rate limit (Tier 3, 50+ a minute) is honoured: a 429 waits its Retry-After
 * and the call is repeated (the Web API client does it, up to `RETRIES` times). An address
 * Slack does not know (`users_not_found`) comes back undefined; any other failure (a wrong
 * token, a missing scope, Slack unreachable) refuses the import, saying why.
 */
const CONCURRENCY = 4;
const RETRIES = 5;
const CALL_TIMEOUT_MS = 10_000;

/** The lookup through the bot token, or undefined when none is configured. */
export function slackOwnerLookup(config: Pick<Config, "slack" | "logLevel">): OwnerLookup | undefined {
  const token = config.slack.botToken;
  if (!token) return undefined;
  const client = new WebClient(token, {
    ...webClientOptions(config.slack.apiUrl, createLogger("error")),
    retryConfig: { retries: RETRIES, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
    timeout: CALL_TIMEOUT_MS,
  });
  return async (emails) => {
    const found = new Map<string, string | undefined>();
    const wanted = [...new Set(emails)];
    let next = 0;
    let failure: string | undefined;
    const worker = async () => {
      while (next < wanted.length && !failure) {
        const email = wanted[next++]!;
        try {
          const answer = await client.users.lookupByEmail({ email });
          found.set(email, answer.user?.id);
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error;
          if (code === "users_not_found") found.set(email, undefined);
          else failure ??= code ?? (error as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, wanted.length) }, worker));
    if (failure) {
      const scope = failure === "missing_scope" ? " (add the users:read.email scope to the app)" : "";
      throw new KurokoError(
        `Could not look the owners up in Slack (${failure})${scope}: nothing was imported.`,
      );
    }
    return found;
  };
}
