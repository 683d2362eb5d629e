import type { Logger } from "../log.js";
import type { DeliveryResult } from "./outbox.js";

export interface OutboxWorker {
  /** Ask for delivery soon (after a change enqueued something). */
  kick(): void;
  /** Delivers what is due now, through the same guard as `kick` (the scheduled `outbox` job). */
  drain(): Promise<DeliveryResult>;
  start(): void;
  /** Stops polling and waits for a pass in progress. */
  stop(): Promise<void>;
  /** Resolves when no pass is running or asked for (tests). */
  idle(): Promise<void>;
}

/**
 * Delivers what is due: passes one after another while they send something (or `more()` says
 * something new was enqueued meanwhile), up to `maxPasses`; stops when Slack asks to wait.
 * The one drain loop: the worker, the scheduled job and the command line all use it.
 */
export async function drainOutbox(
  deliver: () => Promise<DeliveryResult>,
  options: { maxPasses?: number; more?: () => boolean } = {},
): Promise<DeliveryResult> {
  const total: DeliveryResult = { sent: 0, failed: 0, paused: false };
  for (let pass = 0; pass < (options.maxPasses ?? 20); pass++) {
    const result = await deliver();
    total.sent += result.sent;
    total.failed += result.failed;
    total.paused = result.paused;
    if (result.paused || (result.sent === 0 && result.failed === 0 && !options.more?.())) break;
  }
  return total;
}

/**
 * Runs delivery in this process, one drain at a time: at once when kicked, and every `pollMs`
 * (messages due for a retry, or enqueued by another replica).
 */
export function createOutboxWorker(
  deliver: () => Promise<DeliveryResult>,
  logger: Logger,
  options: { pollMs?: number; maxPasses?: number } = {},
): OutboxWorker {
  const pollMs = options.pollMs ?? 2_000;
  let running: Promise<DeliveryResult> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  const run = async (): Promise<DeliveryResult> => {
    try {
      return await drainOutbox(
        () => {
          again = false;
          return deliver();
        },
        { maxPasses: options.maxPasses, more: () => again },
      );
    } catch (error) {
      logger.error("outbox: delivery pass failed:", error);
      return { sent: 0, failed: 0, paused: true };
    }
  };
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = undefined;
    });
  };
  return {
    kick,
    async drain() {
      // Bounded: each wait is one drain, itself bounded.
      for (let i = 0; running && i < 10; i++) await running;
      if (!running) kick();
      return (await running) ?? { sent: 0, failed: 0, paused: false };
    },
    start() {
      stopped = false;
      timer = setInterval(() => {
        if (!stopped) kick();
      }, pollMs);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    async idle() {
      while (running) await running;
    },
  };
}
