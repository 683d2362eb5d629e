import type { Config } from "./config.js";
import type { PrismaClient, SqlQuery } from "./db/database.js";
import type { HealthModel } from "./health/model.js";
import type { Logger } from "./log.js";

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
}
