import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import { registerAlerts } from "./alerts/listeners.js";
import { createApiRoute } from "./api/server.js";
import type { ApiRoute } from "./api/types.js";
import type { Config } from "./config.js";
import { registerCsOpsQueue } from "./contracts/csops-listeners.js";
import { registerContracts } from "./contracts/listeners.js";
import { type ApprovalPolicy, DEFAULT_POLICY } from "./contracts/state.js";
import type { Database } from "./db/database.js";
import { registerDigestPreview } from "./digest/listeners.js";
import { registerHealth } from "./health/listeners.js";
import type { HealthModel } from "./health/model.js";
import type { HealthModels } from "./health/models.js";
import { registerHome } from "./home/listeners.js";
import { createSenderClient } from "./jobs/deps.js";
import type { JobDeps } from "./jobs/schedule.js";
import { registerModelLab } from "./lab/listeners.js";
import type { Logger } from "./log.js";
import { type BotIdentity, webClientOptions, withStartupRetry } from "./slack/connect.js";
import { apologiseOnFailure } from "./slack/failure.js";
import { deliverOutbox } from "./slack/outbox-delivery.js";
import { createOutboxWorker, type OutboxWorker } from "./slack/outbox-worker.js";
import { slackOwnerLookup } from "./slack/owner-lookup.js";
import { createRegistry, type Registered } from "./slack/registry.js";
import { stampedInTheFuture } from "./slack/signature.js";
import { type Wired, wire } from "./wiring.js";

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  identity: BotIdentity;
  model: HealthModel;
  /** The models by segment (HEALTH_MODEL_PATH); absent: `model` for every account. */
  models?: HealthModels;
  policy?: ApprovalPolicy;
  clock?: () => Date;
  /** How often the outbox looks for due messages besides when kicked (default 2 s). */
  outboxPollMs?: number;
}

export interface AppOptions {
  /** Answer Slack only after the listener finishes. Tests only: Slack wants an answer within 3 s. */
  processBeforeResponse?: boolean;
  /** Interface to listen on (HTTP mode). Default: all interfaces. */
  host?: string;
}

export interface KurokoApp {
  readonly bolt: App;
  readonly registered: Registered;
  readonly mode: "http" | "socket";
  readonly outbox: OutboxWorker;
  /** What the scheduled jobs need, sharing this app's outbox. */
  readonly jobDeps: JobDeps;
  /** Every feature's dependencies, as this app wired them. */
  readonly wired: Wired;
  /** The ingest API's route table (/api/v1), as its OpenAPI document names it. */
  readonly api: { readonly routes: readonly ApiRoute[] };
  /** Starts listening; resolves with the HTTP port (`/slack/events` or, in Socket Mode, `/healthz`). */
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
}

const PING_TIMEOUT_MS = 2_000;

/** GET /healthz: 200 when the database answers, 503 otherwise. For load balancers and orchestrators. */
function healthzRoute(db: Database, logger: Logger) {
  return {
    path: "/healthz",
    method: ["GET"],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
          PING_TIMEOUT_MS,
        );
      });
      let status = 200;
      let body: Record<string, string>;
      try {
        await Promise.race([db.ping(), timeout]);
        body = { status: "ok", database: "ok" };
      } catch (error) {
        logger.error("healthz: the database is unreachable:", (error as Error).message);
        status = 503;
        body = { status: "error", database: "unreachable" };
      } finally {
        clearTimeout(timer);
      }
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    },
  };
}

/**
 * Builds the Bolt app: HTTP receiver at /slack/events (several replicas may sit behind a
 * load balancer), or Socket Mode when SLACK_APP_TOKEN is set; GET /healthz either way.
 */
export function createApp(deps: AppDeps, options: AppOptions = {}): KurokoApp {
  const { config, db, logger } = deps;
  const clientOptions = {
    ...webClientOptions(config.slack.apiUrl, logger),
    // A listener's Web API call answers a user who is waiting (and trigger_ids last 3 s):
    // retry briefly, never for minutes. Job messages go through the outbox, which retries itself.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
  };
  // The ingest API (/api/v1) shares the server: one Bolt custom route, dispatched by src/api/.
  const api = createApiRoute({
    ...config.api,
    prisma: db.prisma,
    sql: db.query,
    model: deps.model,
    ...(deps.models ? { models: deps.models } : {}),
    logger,
    clock: deps.clock ?? (() => new Date()),
    timezone: config.timezone,
    ownerLookup: slackOwnerLookup(config),
  });
  const customRoutes = [healthzRoute(db, logger), api.customRoute];
  const socketMode = Boolean(config.slack.appToken);
  let receiver: Receiver;
  let httpReceiver: HTTPReceiver | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  if (socketMode) {
    socketReceiver = new SocketModeReceiver({
      appToken: config.slack.appToken!,
      logger,
      customRoutes,
      installerOptions: {
        port: config.port,
        // Without this the connection retries forever when Slack is unreachable.
        clientOptions: { ...webClientOptions(config.slack.apiUrl, logger), retryConfig: { retries: 0 } },
      },
    });
    receiver = socketReceiver;
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret!,
      endpoints: "/slack/events",
      customRoutes,
      logger,
      processBeforeResponse: options.processBeforeResponse ?? false,
    });
    receiver = httpReceiver;
    const verified = httpReceiver.requestListener;
    httpReceiver.requestListener = (req, res) => {
      if (stampedInTheFuture(req.headers, Date.now())) {
        logger.warn(`Refused a request to ${req.url ?? "?"} stamped more than 5 minutes in the future`);
        res.writeHead(401).end();
        return;
      }
      verified(req, res);
    };
  }

  const bolt = new App({
    receiver,
    token: config.slack.botToken,
    botId: deps.identity.botId,
    botUserId: deps.identity.botUserId,
    logger,
    clientOptions,
  });
  bolt.error(async (error) => {
    logger.error("Unhandled error in a Slack listener:", error);
  });

  const clock = deps.clock ?? (() => new Date());
  const sender = createSenderClient(config, logger)!;
  // Webhook rows too, once the wiring below has loaded the endpoints (it runs before any pass).
  const outbox = createOutboxWorker(
    () => deliverOutbox(db.prisma, sender, logger, { webhooks: wired.webhooks.sender }),
    logger,
    { pollMs: deps.outboxPollMs },
  );
  // The one wiring; the scheduled outbox job drains through this worker (one delivery path here).
  const wired = wire({
    config,
    db,
    logger,
    clock,
    model: deps.model,
    ...(deps.models ? { models: deps.models } : {}),
    policy: deps.policy ?? DEFAULT_POLICY,
    slack: bolt.client,
    outbox,
  });
  // Before every listener: a failing one is apologised for, in the reader's language if known.
  bolt.use(apologiseOnFailure(logger, wired.locales));
  const registry = createRegistry(bolt, wired.locales);
  const home = registerHome(registry, wired);
  // A request's change redraws the Home of everyone whose lists it touched (after it committed).
  wired.contracts.onHomesTouched = (userIds) => void home.republish(bolt.client, userIds);
  registerHealth(registry, wired);
  registerContracts(registry, wired.contracts);
  registerCsOpsQueue(registry, wired.contracts);
  registerDigestPreview(registry, wired);
  registerModelLab(registry, wired);
  registerAlerts(registry, wired);
  const jobDeps = wired.jobs;

  let server: Server | undefined;
  return {
    bolt,
    registered: registry.registered,
    mode: socketMode ? "socket" : "http",
    async start() {
      outbox.start();
      if (httpReceiver) {
        server = (await httpReceiver.start({ port: config.port, host: options.host })) as Server;
        return { port: (server.address() as AddressInfo).port };
      }
      // The first attempt also starts the /healthz server; later ones only reconnect.
      let attempt = 0;
      await withStartupRetry(
        "Opening the Socket Mode connection",
        () => (attempt++ === 0 ? socketReceiver!.start() : socketReceiver!.client.start()),
        logger,
      );
      return { port: config.port };
    },
    async stop() {
      await receiver.stop?.();
      await outbox.stop();
    },
    outbox,
    jobDeps,
    wired,
    api: { routes: api.routes },
  };
}
