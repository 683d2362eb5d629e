import { inspect } from "node:util";
import { type Logger, LogLevel } from "@slack/bolt";
import { shorten } from "./text.js";

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

/** A line sink, so that tests can capture what is logged. */
export type LogSink = (line: string) => void;

const toText = (part: unknown) =>
  typeof part === "string" ? part : inspect(part, { depth: 4, breakLength: Number.POSITIVE_INFINITY });

/**
 * Kuroko's logger: one line per entry on stderr (stdout stays for the CLI's data), with the
 * same interface as Bolt's, so Bolt's own messages come out the same way.
 */
export function createLogger(
  level: `${LogLevel}` = "info",
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
  name = "kuroko",
): Logger {
  let current = level as LogLevel;
  let label = name;
  const write =
    (at: LogLevel) =>
    (...parts: unknown[]) => {
      if (ORDER[at] < ORDER[current]) return;
      sink(`${new Date().toISOString()} ${at.toUpperCase()} [${label}] ${parts.map(toText).join(" ")}`);
    };
  return {
    debug: write(LogLevel.DEBUG),
    info: write(LogLevel.INFO),
    warn: write(LogLevel.WARN),
    error: write(LogLevel.ERROR),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: (next) => {
      label = next;
    },
  };
}

/** What someone typed, as a log line quotes it: shortened, so a pasted essay is not logged whole. */
export const quoteForLog = (text: string, max = 120) =>
  text.length <= max ? text : `${shorten(text, max)} (${text.length} characters)`;

export type { Logger };
