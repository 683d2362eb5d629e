import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import YAML from "yaml";
import { createApp, type KurokoApp } from "../app.js";
import { loadConfig } from "../config.js";
import { loadApprovalPolicy } from "../contracts/policy-file.js";
import { type OpenedDatabase, openDatabase } from "../db/database.js";
import { seedDemo } from "../demo.js";
import { KurokoError } from "../errors.js";
import { loadHealthModels } from "../health/model-file.js";
import { runJob } from "../jobs/runner.js";
import { jobNamed } from "../jobs/schedule.js";
import type { Logger } from "../log.js";
import { todayIn } from "../time.js";
import { PlaygroundClient } from "./client.js";
import type { SlashCommandInfo } from "./page-state.js";
import { APPROVER_IDS, PLAYGROUND_CHANNELS, PLAYGROUND_USERS } from "./people.js";
import { type PlaygroundServer, startPlaygroundServer } from "./server.js";
import { BOT, Workspace } from "./workspace.js";

/** Settings a playground run takes from the environment; everything Slack- or database-related is its own. */
export const PASSED_THROUGH = [
  "KUROKO_TIMEZONE",
  "HEALTH_MODEL_PATH",
  "CONTRACT_POLICY_PATH",
  "KUROKO_RENEWAL_WINDOWS",
  "LOG_LEVEL",
] as const;

/** The jobs "Run the morning jobs now" runs, in their scheduled order. */
export const MORNING_JOBS = ["snapshot", "alerts", "renewals", "morning", "digest"] as const;

/** The most outbox drains "Run the morning jobs now" waits for (each one bounded by the worker). */
const MORNING_DRAINS = 5;

export class PlaygroundRefused extends KurokoError {}

export interface Playground {
  readonly url: string;
  readonly workspace: Workspace;
  readonly app: KurokoApp;
  runMorningJobs(): Promise<string[]>;
  stop(): Promise<void>;
}

interface ManifestFeatures {
  features?: {
    slash_commands?: { command: string; description?: string; usage_hint?: string }[];
    shortcuts?: { callback_id: string; name: string; description?: string; type?: string }[];
  };
}

/** The commands and shortcuts Slack would offer: those in manifest.yml that the app listens to. */
export function manifestSurface(app: KurokoApp, manifestPath: URL) {
  const manifest = YAML.parse(readFileSync(manifestPath, "utf8")) as ManifestFeatures;
  const commands: SlashCommandInfo[] = (manifest.features?.slash_commands ?? [])
    .filter((c) => app.registered.commands.includes(c.command))
    .map((c) => ({ command: c.command, description: c.description ?? "", usageHint: c.usage_hint }));
  const shortcuts = (manifest.features?.shortcuts ?? [])
    .filter((s) => s.type !== "message" && app.registered.shortcuts.includes(s.callback_id))
    .map((s) => ({ callbackId: s.callback_id, name: s.name, description: s.description ?? "" }));
  return { commands, shortcuts };
}

/**
 * Starts the playground: the page server on 127.0.0.1, Kuroko itself (the real Bolt app, its
 * listeners, outbox and jobs) on an in-memory embedded database seeded with the demo portfolio,
 * its Web API pointed at the page server. Refuses to run with NODE_ENV=production.
 */
export async function startPlayground(options: {
  env: Record<string, string | undefined>;
  port: number;
  accounts: number;
  logger: Logger;
  manifestPath?: URL;
  onProgress?: (line: string) => void;
}): Promise<Playground> {
  const { env, logger } = options;
  if (env.NODE_ENV === "production")
    throw new PlaygroundRefused(
      "The playground is a local stand-in for Slack with demo data; it does not run with NODE_ENV=production.\n" +
        "Run the bot with `npm start` instead.",
    );
  const progress = options.onProgress ?? (() => {});
  const workspace = new Workspace(PLAYGROUND_USERS, Object.values(PLAYGROUND_CHANNELS));
  // The one bot token the playground's Web API accepts, made for this run: known to this process only.
  const botToken = `xoxb-playground-${randomBytes(24).toString("hex")}`;
  let server: PlaygroundServer;
  try {
    server = await startPlaygroundServer(workspace, { port: options.port, logger, botToken });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new PlaygroundRefused(
        `Port ${options.port} on 127.0.0.1 is in use. Choose another with --port or KUROKO_PLAYGROUND_PORT.`,
      );
    throw error;
  }
  workspace.permalinkBase = server.url;

  let db: OpenedDatabase | undefined;
  let app: KurokoApp | undefined;
  try {
    const passed = Object.fromEntries(PASSED_THROUGH.map((name) => [name, env[name]]));
    const config = loadConfig({
      env: {
        ...passed,
        SLACK_BOT_TOKEN: botToken,
        // A fresh secret each run: only this process can sign requests its Bolt app accepts.
        SLACK_SIGNING_SECRET: randomBytes(24).toString("hex"),
        SLACK_API_URL: `${server.url}/api/`,
        PORT: "0",
        KUROKO_DATA_DIR: "memory://",
        KUROKO_ALERTS_CHANNEL: PLAYGROUND_CHANNELS.alerts.id,
        KUROKO_DIGEST_CHANNEL: PLAYGROUND_CHANNELS.digest.id,
        KUROKO_RENEWALS_CHANNEL: PLAYGROUND_CHANNELS.renewals.id,
        KUROKO_CONTRACTS_CHANNEL: PLAYGROUND_CHANNELS.contracts.id,
        CS_OPS_APPROVER_IDS: APPROVER_IDS.join(","),
      },
      require: ["slack"],
    });
    const models = loadHealthModels(config.healthModelPath);
    const model = models.default;
    const policy = loadApprovalPolicy(config.contractPolicyPath);
    db = await openDatabase(config.database);
    progress(`Seeding ${options.accounts} demo accounts into the embedded database (in memory)...`);
    await seedDemo(db.prisma, { accounts: options.accounts, today: todayIn(config.timezone), model: models });
    app = createApp(
      { config, db, logger, identity: { botId: BOT.botId, botUserId: BOT.userId }, model, models, policy },
      { host: "127.0.0.1" },
    );
    const { port } = await app.start();
    const running = app;
    const opened = db;
    const surface = manifestSurface(
      running,
      options.manifestPath ?? new URL("../../manifest.yml", import.meta.url),
    );
    const client = new PlaygroundClient(
      workspace,
      { eventsUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: config.slack.signingSecret! },
      server.url,
      surface.commands,
      logger,
    );

    async function runMorningJobs(): Promise<string[]> {
      const lines: string[] = [];
      for (const name of MORNING_JOBS) {
        // For today, whatever the schedule says (a weekday digest run on a Sunday would be Friday's).
        const now = new Date();
        const result = await runJob(jobNamed(name), running.jobDeps, { now, slot: now, force: true });
        lines.push(`${name}: ${result.ran ? summarize(result.summary) : (result.reason ?? "did not run")}`);
      }
      // Deliver what the jobs queued now rather than at the outbox's next poll. `deliver` is the
      // app's outbox worker draining the outbox (drainOutbox); a drain is bounded, so a large
      // portfolio's morning may take another: asked again while one sends something, a few at most.
      let sent = 0;
      let failed = 0;
      for (let drain = 0; drain < MORNING_DRAINS; drain++) {
        const result = await running.jobDeps.deliver?.();
        if (!result) break;
        sent += result.sent;
        failed += result.failed;
        if (result.sent === 0 || result.paused) break;
      }
      lines.push(`outbox: sent ${sent}${failed ? `, failed ${failed}` : ""}`);
      return lines;
    }

    server.attach({ client, runMorningJobs, ...surface });
    workspace.postAsUser(
      "USLACKBOT",
      PLAYGROUND_CHANNELS.general.id,
      "Welcome to the Kuroko playground. This is not Slack: a local page that stands in for it, with " +
        "demo data in memory. Pick who you are at the top left, type `/health acme` below, or press " +
        "*Run the morning jobs now* to fill the alert, renewal and digest channels.",
    );
    return {
      url: server.url,
      workspace,
      app: running,
      runMorningJobs,
      async stop() {
        await server.stop();
        await running.stop();
        await opened.close();
      },
    };
  } catch (error) {
    await app?.stop().catch(() => {});
    await server.stop();
    await db?.close();
    throw error;
  }
}

function summarize(summary: Record<string, unknown> | undefined): string {
  if (!summary) return "done";
  const parts = Object.entries(summary)
    .filter(([, value]) => ["number", "string", "boolean"].includes(typeof value))
    .map(([key, value]) => `${key} ${String(value)}`);
  return parts.length ? parts.join(", ") : "done";
}
