import type { Translator } from "../../i18n/index.js";
import { failedDeliveries, retryDelivery } from "../../webhooks/deliveries.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { formatTable } from "../output.js";

/** An instant in UTC: "2026-06-01 00:30:00"; in Japanese "2026年6月1日(月) 00:30:00". */
const utc = (tr: Translator, d: Date | null) => (d ? `${tr.day(d)} ${d.toISOString().slice(11, 19)}` : "");

/**
 * `kuroko webhooks --failed [--json]`: webhook deliveries given up on, and those still being
 * retried, with their endpoint, event, tries and last error. `kuroko webhooks --retry ID`: send a
 * given-up one again.
 */
export const webhooksCommand = defineCommand({
  name: "webhooks",
  summary: "webhook deliveries that failed (given up or still retrying), or send a given-up one again",
  args: [],
  options: {
    failed: { type: "boolean", description: "list deliveries given up on and those still being retried" },
    retry: {
      type: "number",
      value: "ID",
      min: 1,
      max: 2_147_483_647,
      description: "send the given-up delivery ID again (from --failed)",
    },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const { failed, retry } = ctx.options;
    const { tr } = ctx;
    if (!failed && retry === undefined) throw new UsageError(tr.t("cli.webhooks.which"));
    if (failed && retry !== undefined) throw new UsageError(tr.t("cli.webhooks.notBoth"));
    const db = await ctx.database();
    if (retry !== undefined) {
      await retryDelivery(db.prisma, retry, ctx.now());
      ctx.out(
        ctx.json ? JSON.stringify({ retried: retry }) : tr.t("cli.webhooks.retried", { id: String(retry) }),
      );
      return EXIT.done;
    }
    const { deliveries, more } = await failedDeliveries(db.prisma);
    if (ctx.json) {
      ctx.out(JSON.stringify(deliveries));
      return EXIT.done;
    }
    if (deliveries.length === 0) {
      ctx.out(tr.t("cli.webhooks.none"));
      return EXIT.done;
    }
    ctx.out(
      formatTable(
        [
          tr.t("cli.webhooks.id"),
          tr.t("cli.webhooks.endpoint"),
          tr.t("cli.webhooks.state"),
          tr.t("cli.webhooks.event"),
          tr.t("cli.webhooks.eventId"),
          tr.t("cli.webhooks.tries"),
          tr.t("cli.webhooks.created"),
          tr.t("cli.webhooks.nextTry"),
          tr.t("cli.webhooks.lastError"),
        ],
        deliveries.map((d) => [
          String(d.id),
          d.endpoint,
          tr.t("cli.webhooks.stateValue", { state: d.state }),
          d.type,
          d.eventId,
          tr.number(d.attempts),
          utc(tr, d.createdAt),
          utc(tr, d.nextAttemptAt),
          d.lastError ?? "",
        ]),
        [0, 5],
      ),
    );
    if (more > 0) ctx.out(tr.t("cli.webhooks.more", { count: more }));
    return EXIT.done;
  },
});
