import type { PrismaClient } from "../db/database.js";
import type { Locale } from "../i18n/locale.js";
import { translator } from "../i18n/translate.js";
import { enqueue, UPLOAD_METHOD, type UploadMessage } from "../slack/outbox.js";
import { addDays } from "../time.js";
import { type BacktestReport, runBacktest } from "./backtest.js";
import type { LabVariants } from "./candidate-file.js";
import { fitnessView } from "./fitness-view.js";
import { renderChart } from "./render.js";

/** The weeks `/csops model` replays (the last year) and its churn horizon. */
export const FITNESS_WEEKS = 52;
export const FITNESS_HORIZON_DAYS = 90;

export type FitnessOutcome =
  | { kind: "posted"; outboxId: number; report: BacktestReport }
  /** No readings in the year: nothing was scored. */
  | { kind: "noHistory" }
  /** Readings, but no churn to measure them against. */
  | { kind: "noOutcomes" };

/**
 * `/csops model`'s work: the last 52 weeks back-tested (horizon 90 days) under the model and
 * rules in force and the candidate if one is configured, the summary and charts drawn in the
 * reader's language, and one upload (the charts as PNG, the summary as its message) enqueued to
 * `channel` through the outbox, which delivers it with Slack's upload flow (src/slack/upload.ts).
 */
export async function postModelFitness(
  prisma: PrismaClient,
  variants: LabVariants,
  request: { channel: string; locale: Locale; today: Date },
  /** The year's back-test, when the caller shares one between askers (`shareWhileRunning`). */
  backtest: (today: Date) => Promise<BacktestReport> = (today) => fitnessReport(prisma, variants, today),
): Promise<FitnessOutcome> {
  const report = await backtest(request.today);
  if (report.current.overall.accountWeeks === 0) return { kind: "noHistory" };
  if (report.current.overall.churned.accounts === 0) return { kind: "noOutcomes" };
  const view = fitnessView(report, translator(request.locale));
  const files: UploadMessage["files"] = [];
  for (const chart of view.charts) {
    const { png } = await renderChart(chart.spec);
    files.push({
      filename: chart.filename,
      title: chart.title,
      alt_text: chart.altText,
      base64: png.toString("base64"),
    });
  }
  const message: UploadMessage = { files, initial_comment: view.text };
  const outboxId = await enqueue(prisma, {
    method: UPLOAD_METHOD,
    channel: request.channel,
    message: message as unknown as Record<string, unknown>,
  });
  return { kind: "posted", outboxId, report };
}

/** The last 52 weeks back-tested to `today` under the model and rules in force (and the candidate). */
export function fitnessReport(
  prisma: PrismaClient,
  variants: LabVariants,
  today: Date,
): Promise<BacktestReport> {
  return runBacktest(prisma, {
    from: addDays(today, -7 * (FITNESS_WEEKS - 1)),
    to: today,
    horizonDays: FITNESS_HORIZON_DAYS,
    current: variants.current,
    ...(variants.candidate ? { candidate: variants.candidate } : {}),
  });
}

/**
 * One run shared while it runs: asked again for the same key before it finishes, `run` is not
 * started again, the asker waits for the same result (`arg` is the first asker's). `/csops model`
 * typed twice, or by two people at once, replays the year once (at a million accounts, minutes
 * of the bot's CPU) and posts once to a channel; a request after it finished runs afresh
 * (outcomes may have come in since). A failure is shared too, then forgotten.
 */
export function shareWhileRunning<K, T, A = void>(
  run: (key: K, arg: A) => Promise<T>,
): (key: K, arg: A) => Promise<T> {
  const running = new Map<K, Promise<T>>();
  return (key, arg) => {
    const pending = running.get(key);
    if (pending) return pending;
    const started = run(key, arg).finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
