import type { WebClient } from "@slack/web-api";
import { type Locale, localeOfTag } from "../i18n/locale.js";
import type { Logger } from "../log.js";

/**
 * Whose language: each reader's locale from Slack (`users.info` with `include_locale`, the
 * users:read scope), `ja-JP` → Japanese, any other → English. Kept in this process for `ttlMs`
 * (people rarely switch), one look-up per user at a time (concurrent messages to the same person
 * share it). A user with no locale gets `fallback` (KUROKO_LOCALE) for as long; a failing or
 * slow Slack gets `fallback` for this message, and the failure is remembered only `failureTtlMs`
 * so that Slack is not asked once per message while it is down.
 */
export interface LocaleResolver {
  /** The reader's locale; never throws, never waits much longer than `timeoutMs`. */
  localeOf(userId: string | undefined): Promise<Locale>;
  /** What is known without asking Slack (a cached answer), else the fallback. */
  known(userId: string | undefined): Locale;
}

export interface LocaleOptions {
  fallback: Locale;
  /** How long an answer is kept. Default 6 h. */
  ttlMs?: number;
  /** How long a failure is kept (the fallback answered meanwhile). Default 1 min. */
  failureTtlMs?: number;
  /** How long a message waits for Slack before answering in the fallback. Default 1.5 s. */
  timeoutMs?: number;
  /** Milliseconds now (tests pass their own). */
  now?: () => number;
  logger?: Pick<Logger, "warn">;
}

interface Entry {
  locale: Locale;
  until: number;
}

export function slackLocales(client: Pick<WebClient, "users">, options: LocaleOptions): LocaleResolver {
  const { fallback, logger } = options;
  const ttlMs = options.ttlMs ?? 6 * 3_600_000;
  const failureTtlMs = options.failureTtlMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 1_500;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Locale>>();

  const cached = (userId: string): Locale | undefined => {
    const entry = cache.get(userId);
    if (entry && entry.until > now()) return entry.locale;
    if (entry) cache.delete(userId);
    return undefined;
  };

  function lookUp(userId: string): Promise<Locale> {
    const pending = inFlight.get(userId);
    if (pending) return pending;
    const lookup = client.users
      .info({ user: userId, include_locale: true })
      .then(
        (answer) => {
          const locale = localeOfTag(answer.user?.locale) ?? fallback;
          cache.set(userId, { locale, until: now() + ttlMs });
          return locale;
        },
        (error: unknown) => {
          const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
          logger?.warn("Could not read a user's locale from Slack: answering in KUROKO_LOCALE", {
            user: userId,
            error: code,
          });
          cache.set(userId, { locale: fallback, until: now() + failureTtlMs });
          return fallback;
        },
      )
      .finally(() => inFlight.delete(userId));
    inFlight.set(userId, lookup);
    return lookup;
  }

  return {
    async localeOf(userId) {
      if (!userId) return fallback;
      const known = cached(userId);
      if (known) return known;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Locale>((resolve) => {
        timer = setTimeout(() => resolve(fallback), timeoutMs);
      });
      try {
        // A slow Slack does not hold the answer: the look-up goes on and fills the cache.
        return await Promise.race([lookUp(userId), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    known(userId) {
      return (userId && cached(userId)) || fallback;
    },
  };
}

/** Everyone in one language (the CLI, tests, a process without Slack). */
export const fixedLocale = (locale: Locale): LocaleResolver => ({
  localeOf: async () => locale,
  known: () => locale,
});
