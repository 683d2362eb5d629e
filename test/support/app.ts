import { createApp, type KurokoApp } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config.js";
import type { ApprovalPolicy } from "../../src/contracts/state.js";
import type { Database } from "../../src/db/database.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import type { HealthModel } from "../../src/health/model.js";
import type { HealthModels } from "../../src/health/models.js";
import { createLogger, type Logger } from "../../src/log.js";
import type { FakeSlack } from "./fake-slack.js";
import { SlackSender, TEST_SIGNING_SECRET } from "./slack-requests.js";

export const TEST_CHANNELS = {
  KUROKO_ALERTS_CHANNEL: "C0ALERTS01",
  KUROKO_DIGEST_CHANNEL: "C0DIGEST01",
  KUROKO_RENEWALS_CHANNEL: "C0RENEW001",
  KUROKO_CONTRACTS_CHANNEL: "C0QUEUE001",
};

export function testConfig(fake: FakeSlack, env: Record<string, string> = {}): Config {
  return loadConfig({
    env: {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      CS_OPS_APPROVER_IDS: "U0OPS0001,U0OPS0002",
      ...TEST_CHANNELS,
      ...env,
    },
    require: ["slack"],
  });
}

export interface RunningApp {
  kuroko: KurokoApp;
  baseUrl: string;
  slack: SlackSender;
  logs: string[];
  logger: Logger;
  stop(): Promise<void>;
}

/** The real Bolt app on 127.0.0.1, port 0, talking to the fake Slack. */
export async function startTestApp(
  db: Database,
  fake: FakeSlack,
  options: {
    env?: Record<string, string>;
    processBeforeResponse?: boolean;
    now?: Date;
    model?: HealthModel;
    /** The models by segment (as main.ts loads HEALTH_MODEL_PATH); unset: `model` for every account. */
    models?: HealthModels;
    /** The approval policy (as main.ts loads CONTRACT_POLICY_PATH); unset, the default. */
    policy?: ApprovalPolicy;
  } = {},
): Promise<RunningApp> {
  const logs: string[] = [];
  const logger = createLogger("debug", (line) => logs.push(line));
  const config = testConfig(fake, options.env);
  const kuroko = createApp(
    {
      config,
      db,
      logger,
      identity: { botId: "B0BOT", botUserId: "U0BOT" },
      model: options.model ?? options.models?.default ?? defaultHealthModel(),
      ...(options.models ? { models: options.models } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
      clock: () => options.now ?? new Date(),
    },
    { processBeforeResponse: options.processBeforeResponse ?? true, host: "127.0.0.1" },
  );
  const { port } = await kuroko.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    kuroko,
    baseUrl,
    slack: new SlackSender(`${baseUrl}/slack/events`),
    logs,
    logger,
    stop: () => kuroko.stop(),
  };
}
