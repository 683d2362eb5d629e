import { parseArgs } from "node:util";
import { readEnvironment } from "../config.js";
import { KurokoError } from "../errors.js";
import { createLogger } from "../log.js";
import { startPlayground } from "./playground.js";

const USAGE = `npm run playground [-- --port N] [-- --accounts N]

Starts Kuroko with the demo portfolio on an in-memory embedded database, and a local page that
stands in for Slack at http://127.0.0.1:PORT/ (default 3100, or KUROKO_PLAYGROUND_PORT).`;

/** `npm run playground`: Kuroko and a stand-in for Slack, on this machine only. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      accounts: { type: "string", default: "200" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = readEnvironment();
  const port = Number(values.port ?? env.KUROKO_PLAYGROUND_PORT ?? 3100);
  const accounts = Number(values.accounts);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new KurokoError(`--port must be a port number (0-65535), not "${values.port}".\n\n${USAGE}`);
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 20_000)
    throw new KurokoError(`--accounts must be a whole number from 1 to 20000.\n\n${USAGE}`);
  // Quiet by default: the page is where things happen. A bad LOG_LEVEL is reported with the rest.
  const level = ["debug", "info", "warn", "error"].find((l) => l === env.LOG_LEVEL) as "info" | undefined;
  const logger = createLogger(level ?? "warn");
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const playground = await startPlayground({ env, port, accounts, logger, onProgress: say });
  say("");
  say("Kuroko playground: a local stand-in for Slack. This is NOT Slack: nothing leaves this machine,");
  say("and the demo data lives in memory until you stop it (Ctrl+C).");
  say("");
  say(`  Open ${playground.url}/ in a browser.`);
  say("");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await playground.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  const text = error instanceof KurokoError ? error.message : String((error as Error)?.stack ?? error);
  process.stderr.write(`\nThe Kuroko playground could not start.\n${text}\n`);
  process.exit(1);
});
