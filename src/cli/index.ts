import { runCli } from "./main.js";

// The process is the edge: its arguments, streams, environment and the system clock.
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  now: () => new Date(),
});
