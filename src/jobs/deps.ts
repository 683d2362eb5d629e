import { WebClient } from "@slack/web-api";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../log.js";
import { webClientOptions } from "../slack/connect.js";
import { deliverOutbox, SEND_TIMEOUT_MS } from "../slack/outbox-delivery.js";
import { drainOutbox } from "../slack/outbox-worker.js";
import type { Core } from "../wiring.js";

/** The Web API client the outbox sends with: no automatic retries, 429s handed back to it. */
export function createSenderClient(config: Config, logger: Logger): WebClient | undefined {
  if (!config.slack.botToken) return undefined;
  return new WebClient(config.slack.botToken, {
    ...webClientOptions(config.slack.apiUrl, logger),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // Bounded, so that a send always ends within its claim's lease (see outbox.ts).
    timeout: SEND_TIMEOUT_MS,
  });
}

/**
 * The outbox and Slack client of a process without a bot (the command line): what a job
 * enqueues is drained from here when a token is configured, else left for the bot.
 */
export function standaloneSlack(
  config: Config,
  db: Database,
  logger: Logger,
): Pick<Core, "slack" | "outbox"> {
  const sender = createSenderClient(config, logger);
  return {
    slack: sender ?? new WebClient(undefined, webClientOptions(config.slack.apiUrl, logger)),
    outbox: {
      kick() {},
      drain: sender ? () => drainOutbox(() => deliverOutbox(db.prisma, sender, logger)) : undefined,
    },
  };
}
