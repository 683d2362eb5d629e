import type { Config } from "./config.js";
import type { ApprovalPolicy } from "./contracts/state.js";
import type { PrismaClient, SqlQuery } from "./db/database.js";
import type { HealthModel } from "./health/model.js";
import type { Logger } from "./log.js";
import type { Approvers } from "./slack/approvers.js";
import type { OutboxWorker } from "./slack/outbox.js";

/** What every feature's listeners are given: built once in main.ts (or a test), passed down. */
export interface AppServices {
  config: Config;
  prisma: PrismaClient;
  /** Raw reads for hot paths (see Database.query). */
  sql: SqlQuery;
  model: HealthModel;
  logger: Logger;
  /** The current instant; tests pass a fixed one. */
  clock: () => Date;
  policy: ApprovalPolicy;
  approvers: Approvers;
  /** Kick it after a change wrote messages to the outbox. */
  outbox: Pick<OutboxWorker, "kick">;
}
