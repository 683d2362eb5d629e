import { WebClient } from "@slack/web-api";
import type { Config } from "../config.js";
import { ENGLISH, type Translator } from "../i18n/index.js";
import { createLogger } from "../log.js";
import { webClientOptions } from "../slack/connect.js";

/**
 * Slack user ids as the command line shows them: the person's name, looked up with Slack's
 * `users.info` when a bot token is configured. Each id is asked once per run, at most
 * `MAX_LOOKUPS` of them, a few at a time, each call bounded; the first failure stops the
 * lookups (a wrong token, Slack unreachable, rate-limited) and the rest show as ids. A lookup
 * never fails the command: what could not be named is said once, on stderr.
 */
export interface People {
  /** Looks up these ids (those already known, or past the bound, are not asked again). */
  resolve(ids: Iterable<string | null | undefined>): Promise<void>;
  /** The name of a resolved id; the id itself when it has none. */
  name(id: string): string;
}

/** How many distinct people one run looks up at most (Slack's users.info is Tier 4: 100+ a minute). */
export const MAX_LOOKUPS = 100;
const CONCURRENCY = 4;
const CALL_TIMEOUT_MS = 5_000;

/** Without a token: the ids as they are, and once per run the hint that would name them. */
export const NO_TOKEN_HINT = ENGLISH.t("cli.people.noToken");

/** What Slack's user ids look like: anything else (an actor such as "kuroko") is not looked up. */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** The name Slack shows for a user: display name, else real name, else handle. */
export function displayName(user: {
  name?: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}): string | undefined {
  const candidates = [user.profile?.display_name, user.profile?.real_name, user.real_name, user.name];
  return candidates.map((c) => c?.trim()).find((c) => c);
}

export function slackPeople(
  config: Pick<Config, "slack" | "logLevel">,
  err: (text: string) => void,
  options: { max?: number; tr?: Translator } = {},
): People {
  const tr = options.tr ?? ENGLISH;
  const names = new Map<string, string>();
  const asked = new Set<string>();
  const max = options.max ?? MAX_LOOKUPS;
  const token = config.slack.botToken;
  // The client's own warnings would repeat what the note below says, once per call.
  const client = token
    ? new WebClient(token, {
        ...webClientOptions(config.slack.apiUrl, createLogger("error")),
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: CALL_TIMEOUT_MS,
      })
    : undefined;
  let hinted = false;
  let failure: string | undefined;
  let notFound = 0;
  let overBound = 0;

  async function lookUp(id: string): Promise<void> {
    if (failure) return;
    try {
      const answer = await client!.users.info({ user: id });
      const name = answer.user ? displayName(answer.user) : undefined;
      if (name) names.set(id, name);
      else notFound++;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === "user_not_found") notFound++;
      else failure ??= code ?? (error as Error).message;
    }
  }

  return {
    async resolve(ids) {
      const wanted = [...new Set([...ids])].filter(
        (id): id is string => !!id && USER_ID.test(id) && !asked.has(id),
      );
      if (wanted.length === 0) return;
      if (!client) {
        if (!hinted) err(tr.t("cli.people.noToken"));
        hinted = true;
        return;
      }
      const room = Math.max(0, max - asked.size);
      const batch = wanted.slice(0, room);
      overBound += wanted.length - batch.length;
      for (const id of batch) asked.add(id);
      const failedBefore = failure;
      const notFoundBefore = notFound;
      let next = 0;
      const worker = async () => {
        while (next < batch.length && !failure) await lookUp(batch[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
      if (failure && !failedBefore) err(tr.t("cli.people.failed", { failure }));
      if (notFound > notFoundBefore) err(tr.t("cli.people.notFound", { count: notFound - notFoundBefore }));
      if (wanted.length > batch.length)
        err(tr.t("cli.people.overBound", { max: String(max), more: String(overBound) }));
    },
    name: (id) => names.get(id) ?? id,
  };
}
