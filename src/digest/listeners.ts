import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { Approvers } from "../slack/approvers.js";
import { NOT_AN_APPROVER } from "../slack/approvers.js";
import { COMMANDS } from "../slack/ids.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { buildDigest } from "./job.js";

/** `/csops digest`: today's at-risk digest, previewed privately. CS Ops only. */
export function registerDigestPreview(
  registry: Registry,
  deps: {
    prisma: PrismaClient;
    sql: SqlQuery;
    model: HealthModel;
    clock: () => Date;
    timezone: string;
    approvers: Approvers;
  },
): void {
  const { prisma, sql, model, clock, timezone, approvers } = deps;

  async function handleDigestCommand({
    command,
    ack,
    respond,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    if (!(await approvers.isApprover(command.user_id))) {
      await ack({ response_type: "ephemeral", text: NOT_AN_APPROVER });
      return;
    }
    // Composing reads the whole portfolio: ack first, answer through the response_url.
    await ack();
    const now = clock();
    const digest = await buildDigest(prisma, sql, model, todayIn(timezone, now), now);
    await respond({ response_type: "ephemeral", text: digest.main.text, blocks: digest.main.blocks });
  }

  registry.subcommand(
    COMMANDS.csops,
    "digest",
    "`/csops digest` previews today's at-risk digest",
    handleDigestCommand,
  );
}
