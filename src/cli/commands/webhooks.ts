import { failedDeliveries, retryDelivery } from "../../webhooks/deliveries.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { formatTable } from "../output.js";

const utc = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : "");

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
    if (!failed && retry === undefined) throw new UsageError("Give --failed, or --retry ID.");
    if (failed && retry !== undefined) throw new UsageError("Give either --failed or --retry ID, not both.");
    const db = await ctx.database();
    if (retry !== undefined) {
      await retryDelivery(db.prisma, retry, ctx.now());
      ctx.out(ctx.json ? JSON.stringify({ retried: retry }) : `Delivery ${retry} will be sent again.`);
      return EXIT.done;
    }
    const { deliveries, more } = await failedDeliveries(db.prisma);
    if (ctx.json) {
      ctx.out(JSON.stringify(deliveries));
      return EXIT.done;
    }
    if (deliveries.length === 0) {
      ctx.out("No failed webhook deliveries.");
      return EXIT.done;
    }
    ctx.out(
      formatTable(
        [
          "ID",
          "Endpoint",
          "State",
          "Event",
          "Event id",
          "Tries",
          "Created (UTC)",
          "Next try (UTC)",
          "Last error",
        ],
        deliveries.map((d) => [
          String(d.id),
          d.endpoint,
          d.state,
          d.type,
          d.eventId,
          String(d.attempts),
          utc(d.createdAt),
          utc(d.nextAttemptAt),
          d.lastError ?? "",
        ]),
        [0, 5],
      ),
    );
    if (more > 0) ctx.out(`… and ${more} more, newer ones not listed.`);
    return EXIT.done;
  },
});
