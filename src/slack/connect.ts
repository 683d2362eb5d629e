import { WebClient, type WebClientOptions } from "@slack/web-api";
import { KurokoError } from "../errors.js";
import type { Logger } from "../log.js";

/** Who the bot is, as `auth.test` says. Passing it to Bolt spares Bolt its own unguarded call. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
  teamId?: string;
  team?: string;
}

export class SlackStartupError extends KurokoError {}

interface RetryPolicy {
  attempts: number;
  delayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, delayMs: 500 };

/** The WebClient options every Kuroko client shares: the API URL override, and Kuroko's logger. */
export function webClientOptions(apiUrl: string | undefined, logger: Logger): WebClientOptions {
  return { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), logger };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `auth.test` before anything else, with a bounded retry, so that a wrong token or an
 * unreachable Slack stops start-up at once with a plain message. (Bolt's own check runs in
 * its constructor, unguarded: an unhandled rejection, or half an hour of silent retries.)
 */
export async function verifySlackToken(
  token: string,
  options: { apiUrl?: string; logger: Logger; retry?: RetryPolicy },
): Promise<BotIdentity> {
  const { attempts, delayMs } = options.retry ?? DEFAULT_RETRY;
  const client = new WebClient(token, {
    ...webClientOptions(options.apiUrl, options.logger),
    retryConfig: { retries: 0 },
    timeout: 5_000,
  });
  const where = options.apiUrl ?? "https://slack.com/api/";
  let lastProblem = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const result = await client.auth.test();
      if (!result.bot_id || !result.user_id) {
        throw new SlackStartupError(
          "SLACK_BOT_TOKEN is not a bot token: auth.test returned no bot id. Use the xoxb- token " +
            "from your app's OAuth & Permissions page.",
        );
      }
      return { botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id, team: result.team };
    } catch (error) {
      if (error instanceof SlackStartupError) throw error;
      const { code, data, message } = error as { code?: string; data?: { error?: string }; message: string };
      if (code === "slack_webapi_platform_error") {
        throw new SlackStartupError(
          `Slack rejected SLACK_BOT_TOKEN (${data?.error ?? message}). Check the xoxb- token on your ` +
            "app's OAuth & Permissions page, and that the app is installed in the workspace.",
        );
      }
      lastProblem = message;
      options.logger.warn(`Slack did not answer auth.test (attempt ${attempt} of ${attempts}): ${message}`);
      if (attempt < attempts) await sleep(delayMs * 2 ** (attempt - 1));
    }
  }
  throw new SlackStartupError(
    `Cannot reach Slack at ${where} after ${attempts} attempts (${lastProblem}). Check the network, ` +
      "a proxy, or SLACK_API_URL.",
  );
}

/** Runs `start` (opening the Socket Mode connection) with the same bounded retry. */
export async function withStartupRetry<T>(
  what: string,
  start: () => Promise<T>,
  logger: Logger,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  let lastProblem = "";
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    try {
      return await start();
    } catch (error) {
      lastProblem = (error as Error).message;
      logger.warn(`${what} failed (attempt ${attempt} of ${retry.attempts}): ${lastProblem}`);
      if (attempt < retry.attempts) await sleep(retry.delayMs * 2 ** (attempt - 1));
    }
  }
  throw new SlackStartupError(`${what} failed after ${retry.attempts} attempts: ${lastProblem}`);
}
