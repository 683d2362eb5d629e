import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { SqlQuery } from "../db/database.js";
import type { Logger } from "../log.js";
import { quoteForLog } from "../log.js";
import type { SlackMessage } from "../slack/blocks.js";
import { COMMANDS } from "../slack/ids.js";
import { idFrom } from "../slack/parse.js";
import type { ButtonClick, Registry } from "../slack/registry.js";
import { shorten } from "../text.js";
import { todayIn } from "../time.js";
import { HEALTH_ACTIONS } from "./ids.js";
import type { HealthModel } from "./model.js";
import { loadHealthCard, lookupHealthCard } from "./service.js";
import { buildApology, buildHealthCard, buildNoMatch, buildPicker, buildUsage } from "./view.js";

/** Slack wants an answer within 3 s; past this we ack with a holding line and answer through response_url. */
const ANSWER_IN_ACK_MS = 2_000;

interface Services {
  sql: SqlQuery;
  model: HealthModel;
  logger: Logger;
  clock: () => Date;
  timezone: string;
  /** KUROKO_CRM_URL_TEMPLATE: the card links to the account's CRM record (unset: no link). */
  config?: { crmUrlTemplate?: string };
}
type Click = SlackActionMiddlewareArgs<ButtonClick> & AllMiddlewareArgs;

const privately = (message: SlackMessage | { text: string }, replace = false) => ({
  response_type: "ephemeral" as const,
  replace_original: replace,
  ...message,
});

/** `/health <account>` and the card's buttons. Failures reach the app's one failure handler. */
export function registerHealth(registry: Registry, services: Services): void {
  const handlers = healthHandlers(services);
  registry.command(COMMANDS.health, handlers.handleHealthCommand);
  registry.action<ButtonClick>(new RegExp(`^${HEALTH_ACTIONS.pick}:`), handlers.handlePick);
  registry.action<ButtonClick>(HEALTH_ACTIONS.show, handlers.handleShowCard);
  registry.action<ButtonClick>(HEALTH_ACTIONS.share, handlers.handleShare);
}

function healthHandlers({ sql, model, logger, clock, timezone, config }: Services) {
  const today = () => todayIn(timezone, clock());
  const crmUrlTemplate = config?.crmUrlTemplate;

  async function cardFor(
    accountId: number | undefined,
    sharedBy?: string,
  ): Promise<SlackMessage | undefined> {
    const data = accountId ? await loadHealthCard(sql, model, accountId, today()) : undefined;
    return data && buildHealthCard(data, { sharedBy, crmUrlTemplate });
  }

  async function answer(query: string): Promise<SlackMessage> {
    const found = await lookupHealthCard(sql, model, query, today());
    if (found.kind === "choose") return buildPicker(query, found.candidates, found.more);
    if (found.kind === "none") return buildNoMatch(query, found.suggestions);
    return buildHealthCard(found.card, { crmUrlTemplate, ...(found.byTypo ? { typed: query } : {}) });
  }

  /** Answers in the ack when it can (within 2 s), else acks with a holding line and answers after. */
  async function handleHealthCommand({
    command,
    ack,
    respond,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    const query = command.text.trim();
    if (!query) {
      await ack({ response_type: "ephemeral", ...buildUsage() });
      return;
    }
    const work = answer(query).catch((error: unknown) => {
      logger.error(
        "/health failed",
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
    await respond(privately(await work, true));
  }

  /** A name picked from the picker: the card replaces the picker. */
  async function handlePick({ ack, action, respond }: Click) {
    await ack();
    const card = await cardFor(idFrom(action.value));
    await respond(privately(card ?? buildNoMatch("that account", []), true));
  }

  /** "Health card" on an alert or a reminder: the card, privately. */
  async function handleShowCard({ ack, action, respond, body }: Click) {
    await ack();
    const card = await cardFor(idFrom(action.value));
    if (card && body.response_url) await respond(privately(card));
  }

  /** "Share in channel": the card for everyone, naming who shared it. */
  async function handleShare({ ack, action, respond, body }: Click) {
    await ack();
    const card = await cardFor(idFrom(action.value), body.user.id);
    await respond(
      card
        ? { response_type: "in_channel", replace_original: false, ...card }
        : privately({ text: "That account no longer exists." }),
    );
  }

  return { handleHealthCommand, handlePick, handleShowCard, handleShare };
}
