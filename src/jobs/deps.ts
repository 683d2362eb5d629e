import { WebClient } from "@slack/web-api";
import { DEFAULT_ALERT_RULES } from "../alerts/rules.js";
import type { Config } from "../config.js";
import type { ContractDeps } from "../contracts/service.js";
import type { ApprovalPolicy } from "../contracts/state.js";
import type { Database } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { Logger } from "../log.js";
import { createApprovers } from "../slack/approvers.js";
import { webClientOptions } from "../slack/connect.js";
import { type DeliveryResult, deliverOutbox, drainOutbox, SEND_TIMEOUT_MS } from "../slack/outbox.js";
import type { JobDeps } from "./schedule.js";

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

/** Everything the jobs need, for the bot (with its outbox worker) or the command line. */
export function buildJobDeps(parts: {
  config: Config;
  db: Database;
  logger: Logger;
  model: HealthModel;
  policy: ApprovalPolicy;
  clock: () => Date;
  sender?: WebClient;
  kick?: () => void;
  /** How the outbox is delivered; default: drained from here (the command line). */
  deliver?: () => Promise<DeliveryResult>;
  contracts?: ContractDeps;
}): JobDeps {
  const { config, db, logger, sender } = parts;
  const kick = parts.kick ?? (() => {});
  return {
    config,
    prisma: db.prisma,
    sql: db.query,
    model: parts.model,
    logger,
    deliver:
      parts.deliver ??
      (sender ? () => drainOutbox(() => deliverOutbox(db.prisma, sender, logger)) : undefined),
    kick,
    alerts: {
      prisma: db.prisma,
      sql: db.query,
      model: parts.model,
      rules: DEFAULT_ALERT_RULES,
      channel: config.channels.alerts,
      onOutbox: kick,
    },
    renewals: {
      prisma: db.prisma,
      windows: config.renewalWindows,
      channel: config.channels.renewals,
      onOutbox: kick,
    },
    contracts: parts.contracts ?? {
      prisma: db.prisma,
      policy: parts.policy,
      // Jobs never decide requests; a client is still needed to read approver groups if asked.
      approvers: createApprovers(
        config.approvers,
        sender ?? new WebClient(undefined, webClientOptions(config.slack.apiUrl, logger)),
        logger,
        parts.clock,
      ),
      clock: parts.clock,
      logger,
      queueChannel: config.channels.contracts,
      onOutbox: kick,
    },
  };
}
