import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { loadApprovalPolicy } from "./contracts/policy-file.js";
import { openDatabase } from "./db/database.js";
import { KurokoError } from "./errors.js";
import { loadHealthModels } from "./health/model-file.js";
import { startScheduler } from "./jobs/runner.js";
import { JOBS } from "./jobs/schedule.js";
import { createLogger } from "./log.js";
import { verifySlackToken } from "./slack/connect.js";

/** The composition root: configuration → database → Slack → the app. */
async function main(): Promise<void> {
  const config = loadConfig({ require: ["slack"] });
  const logger = createLogger(config.logLevel);
  const models = loadHealthModels(config.healthModelPath);
  const policy = loadApprovalPolicy(config.contractPolicyPath);
  const db = await openDatabase(config.database);
  if (db.migrated.length > 0) logger.info(`Applied migrations: ${db.migrated.join(", ")}`);
  logger.info(`Database: ${db.description}`);
  try {
    const identity = await verifySlackToken(config.slack.botToken!, { apiUrl: config.slack.apiUrl, logger });
    logger.info(
      `Connected to Slack as bot ${identity.botUserId}${identity.team ? ` in ${identity.team}` : ""}`,
    );
    const app = createApp({ config, db, logger, identity, model: models.default, models, policy });
    const { port } = await app.start();
    const scheduler = startScheduler(JOBS, app.jobDeps);
    logger.info(
      app.mode === "socket"
        ? `Kuroko is running in Socket Mode (health check on http://localhost:${port}/healthz)`
        : `Kuroko is listening on http://localhost:${port}/slack/events (health check: /healthz)`,
    );

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal} received: finishing in-flight requests, then stopping`);
      const force = setTimeout(() => {
        logger.error("Shutdown took longer than 10 s; exiting anyway");
        process.exit(1);
      }, 10_000);
      force.unref();
      try {
        await scheduler.stop();
        await app.stop();
        await db.close();
        logger.info("Stopped");
        process.exitCode = 0;
      } catch (error) {
        logger.error("Error while stopping:", error);
        process.exitCode = 1;
      }
    };
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    process.once("SIGINT", () => void shutdown("SIGINT"));
  } catch (error) {
    await db.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  const text = error instanceof KurokoError ? error.message : String((error as Error)?.stack ?? error);
  process.stderr.write(`\nKuroko could not start.\n${text}\n`);
  process.exit(1);
});
