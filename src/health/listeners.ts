import { alertDeps } from "../alerts/listeners.js";
import { snoozeAccountAlerts } from "../alerts/service.js";
import { type Logger, quoteForLog } from "../log.js";
import type { AppServices } from "../services.js";
import type { SlackMessage } from "../slack/blocks.js";
import { COMMANDS } from "../slack/ids.js";
import type { Registry } from "../slack/registry.js";
import { shorten } from "../text.js";
import { todayIn } from "../time.js";
import { HEALTH_ACTIONS } from "./ids.js";
import { loadHealthCard, lookupHealthCard } from "./service.js";
import { buildApology, buildHealthCard, buildNoMatch, buildPicker, buildUsage } from "./view.js";

/** Slack wants an answer within 3 s; past this we ack with a holding line and answer through response_url. */
const ANSWER_IN_ACK_MS = 2_000;

const accountIdOf = (value: string | undefined) => {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : undefined;
};

export function registerHealth(registry: Registry, services: AppServices): void {
  const { sql, model, logger, clock, config } = services;
  const today = () => todayIn(config.timezone, clock());

  async function cardFor(accountId: number, sharedBy?: string): Promise<SlackMessage | undefined> {
    const data = await loadHealthCard(sql, model, accountId, today());
    return data && buildHealthCard(data, { sharedBy });
  }

  async function answer(query: string): Promise<SlackMessage> {
    const found = await lookupHealthCard(sql, model, query, today());
    if (found.kind === "choose") return buildPicker(query, found.candidates, found.more);
    if (found.kind === "none") return buildNoMatch(query, found.suggestions);
    return buildHealthCard(found.card);
  }

  registry.command(COMMANDS.health, async ({ command, ack, respond }) => {
    const query = command.text.trim();
    if (!query) {
      await ack({ response_type: "ephemeral", ...buildUsage() });
      return;
    }
    const work = answer(query).catch((error: unknown) => {
      logFailure(
        logger,
        "/health",
        { query: quoteForLog(query), user: command.user_id, channel: command.channel_id },
        error,
      );
      return buildApology();
    });
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ANSWER_IN_ACK_MS);
    });
    const quick = await Promise.race([work, slow]);
    clearTimeout(timer);
    if (quick) {
      await ack({ response_type: "ephemeral", ...quick });
      return;
    }
    await ack({ response_type: "ephemeral", text: `Looking up "${shorten(query, 80)}"…` });
    await respond({ response_type: "ephemeral", replace_original: true, ...(await work) });
  });

  registry.action(new RegExp(`^${HEALTH_ACTIONS.pick}:`), async ({ ack, action, respond, body }) => {
    await ack();
    const id = accountIdOf("value" in action ? action.value : undefined);
    try {
      const card = id ? await cardFor(id) : undefined;
      await respond({
        response_type: "ephemeral",
        replace_original: true,
        ...(card ?? buildNoMatch("that account", [])),
      });
    } catch (error) {
      logFailure(logger, "health pick", { accountId: id, user: body.user.id }, error);
      await respond({ response_type: "ephemeral", replace_original: false, ...buildApology() });
    }
  });

  registry.action(HEALTH_ACTIONS.show, async ({ ack, action, respond, body }) => {
    await ack();
    const id = accountIdOf("value" in action ? action.value : undefined);
    const card = id ? await cardFor(id) : undefined;
    if (card && (body as { response_url?: string }).response_url) {
      await respond({ response_type: "ephemeral", replace_original: false, ...card });
    }
  });

  registry.action(HEALTH_ACTIONS.snooze, async ({ ack, action, respond, body }) => {
    await ack();
    const id = accountIdOf("value" in action ? action.value : undefined);
    if (!id) return;
    const snoozed = await snoozeAccountAlerts(alertDeps(services), id, body.user.id, 7, clock());
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: snoozed
        ? `Snoozed ${snoozed} open alert${snoozed === 1 ? "" : "s"} on this account for 7 days.`
        : "This account has no open alert to snooze.",
    });
  });

  registry.action(HEALTH_ACTIONS.share, async ({ ack, action, respond, body }) => {
    await ack();
    const id = accountIdOf("value" in action ? action.value : undefined);
    try {
      const card = id ? await cardFor(id, body.user.id) : undefined;
      if (!card) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: "That account no longer exists.",
        });
        return;
      }
      await respond({ response_type: "in_channel", replace_original: false, ...card });
    } catch (error) {
      logFailure(logger, "health share", { accountId: id, user: body.user.id }, error);
      await respond({ response_type: "ephemeral", replace_original: false, ...buildApology() });
    }
  });
}

function logFailure(logger: Logger, what: string, context: Record<string, unknown>, error: unknown): void {
  logger.error(`${what} failed`, context, error);
}
