/**
 * `npm run bench`: Kuroko's performance figures, printed as JSON. Every figure is set beside
 * a baseline measured in the same run on the same machine (a bare Bolt app that only acks),
 * because machines here are shared and noisy: compare ratios, not absolute numbers.
 *
 * Only 127.0.0.1 is contacted: Slack is the fake from the test harness.
 *
 *   npm run bench                         embedded database (PGlite, in memory)
 *   KUROKO_BENCH_DATABASE_URL=postgresql://... npm run bench   PostgreSQL (a fresh database on that server)
 */
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/database.js";
import { defaultHealthModel } from "../../src/health/model.js";
import { createLogger } from "../../src/log.js";
import { testConfig } from "../support/app.js";
import { createEmptyPostgresDatabase } from "../support/database.js";
import { FakeSlack } from "../support/fake-slack.js";
import { slashCommand } from "../support/payloads.js";
import { SlackSender, TEST_SIGNING_SECRET } from "../support/slack-requests.js";
import { measureCommandLatency } from "./http-latency.js";

const REQUESTS = Number(process.env.KUROKO_BENCH_REQUESTS ?? 500);
const WARMUP = 50;

async function bareBoltBaseline(fake: FakeSlack) {
  const logger = createLogger("error");
  const receiver = new HTTPReceiver({ signingSecret: TEST_SIGNING_SECRET, logger });
  const app = new App({
    receiver,
    token: "xoxb-bench",
    botId: "B0BOT",
    botUserId: "U0BOT",
    logger,
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  app.command("/health", async ({ ack }) => {
    await ack();
  });
  const server = await receiver.start({ port: 0, host: "127.0.0.1" });
  const port = (server.address() as AddressInfo).port;
  try {
    return await measureCommandLatency(
      new SlackSender(`http://127.0.0.1:${port}/slack/events`),
      () => slashCommand("/health", "acme", fake.responseUrl()),
      { requests: REQUESTS, warmup: WARMUP },
    );
  } finally {
    await receiver.stop();
  }
}

async function main() {
  const fake = await new FakeSlack().start();
  const server = process.env.KUROKO_BENCH_DATABASE_URL;
  const postgres = server ? await createEmptyPostgresDatabase(server) : undefined;
  const db = await openDatabase({ url: postgres?.url, dataDir: "memory://" });
  try {
    const baseline = await bareBoltBaseline(fake);
    const config = testConfig(fake);
    const kuroko = createApp(
      {
        config,
        db,
        logger: createLogger("error"),
        identity: { botId: "B0BOT", botUserId: "U0BOT" },
        model: defaultHealthModel(),
      },
      { host: "127.0.0.1" },
    );
    const { port } = await kuroko.start();
    const health = await measureCommandLatency(
      new SlackSender(`http://127.0.0.1:${port}/slack/events`),
      () => slashCommand("/health", "acme", fake.responseUrl()),
      { requests: REQUESTS, warmup: WARMUP },
    );
    // Let the last replies reach the fake before it stops: bounded, 5 s at most.
    const expected = REQUESTS + WARMUP;
    for (let waited = 0; fake.callsTo("response_url").length < expected && waited < 5_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await kuroko.stop();
    const report = {
      node: process.version,
      database: postgres ? "postgresql" : "embedded (PGlite)",
      http: {
        bareBoltAck: baseline,
        health,
        medianRatio: Math.round((health.medianMs / baseline.medianMs) * 100) / 100,
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await db.close();
    await postgres?.drop();
    await fake.stop();
  }
}

await main();
