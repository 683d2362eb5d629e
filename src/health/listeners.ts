import type { AllMiddlewareArgs, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { SqlQuery } from "../db/database.js";
import type { Locale } from "../i18n/locale.js";
import type { Logger } from "../log.js";
import { quoteForLog } from "../log.js";
import type { SlackMessage } from "../slack/blocks.js";
import { COMMANDS } from "../slack/ids.js";
import { fixedLocale, type LocaleResolver } from "../slack/locale.js";
import { idFrom } from "../slack/parse.js";
import type { ButtonClick, Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { HEALTH_ACTIONS } from "./ids.js";
import type { HealthModels } from "./models.js";
import { loadHealthCard, lookupHealthCard } from "./service.js";
import {
  buildApology,
  buildGone,
  buildHealthCard,
  buildLookingUp,
  buildNoMatch,
  buildPicker,
  buildUsage,
} from "./view.js";

/** Slack wants an answer within 3 s; past this we ack with a holding line and answer through response_url. */
const ANSWER_IN_ACK_MS = 2_000;

interface Services {
  sql: SqlQuery;
  /** Each account's card is scored by its segment's model. */
  models: HealthModels;
  logger: Logger;
  clock: () => Date;
  timezone: string;
  /** KUROKO_CRM_URL_TEMPLATE: the card links to the account's CRM record (unset: no link). */
  config?: { crmUrlTemplate?: string; locale?: { default: Locale; channel: Locale } };
  /** Each reader's language (src/slack/locale.ts); unset: everyone in KUROKO_LOCALE. */
  locales?: LocaleResolver;
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

function healthHandlers({ sql, models, logger, clock, timezone, config, locales }: Services) {
  const today = () => todayIn(timezone, clock());
  const crmUrlTemplate = config?.crmUrlTemplate;
  const readers = locales ?? fixedLocale(config?.locale?.default ?? "en");
  // A card shared in a channel is read by everyone there: KUROKO_CHANNEL_LOCALE.
  const channelLocale = config?.locale?.channel ?? config?.locale?.default ?? "en";

  async function cardFor(
    accountId: number | undefined,
    locale: Locale,
    sharedBy?: string,
  ): Promise<SlackMessage | undefined> {
    const data = accountId ? await loadHealthCard(sql, models, accountId, today()) : undefined;
    return data && buildHealthCard(data, { sharedBy, crmUrlTemplate, locale });
  }

  async function answer(query: string, user: string): Promise<SlackMessage> {
    // The reader's language is looked up while the account is (a cached answer costs nothing).
    const [found, locale] = await Promise.all([
      lookupHealthCard(sql, models, query, today()),
      readers.localeOf(user),
    ]);
    if (found.kind === "choose") return buildPicker(query, found.candidates, found.more, locale);
    if (found.kind === "none") return buildNoMatch(query, found.suggestions, locale);
    return buildHealthCard(found.card, { crmUrlTemplate, locale, ...(found.byTypo ? { typed: query } : {}) });
  }

  /** Answers in the ack when it can (within 2 s), else acks with a holding line and answers after. */
  async function handleHealthCommand({
    command,
    ack,
    respond,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    const query = command.text.trim();
    if (!query) {
      await ack({ response_type: "ephemeral", ...buildUsage(await readers.localeOf(command.user_id)) });
      return;
    }
    const work = answer(query, command.user_id).catch((error: unknown) => {
      logger.error(
        "/health failed",
        { query: quoteForLog(query), user: command.user_id, channel: command.channel_id },
        error,
      );
      return buildApology(readers.known(command.user_id));
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
    await ack({ response_type: "ephemeral", ...buildLookingUp(query, readers.known(command.user_id)) });
    await respond(privately(await work, true));
  }

  /** A name picked from the picker: the card replaces the picker. */
  async function handlePick({ ack, action, respond, body }: Click) {
    await ack();
    const locale = await readers.localeOf(body.user.id);
    const card = await cardFor(idFrom(action.value), locale);
    await respond(privately(card ?? buildGone(locale), true));
  }

  /** "Health card" on an alert or a reminder: the card, privately. */
  async function handleShowCard({ ack, action, respond, body }: Click) {
    await ack();
    const card = await cardFor(idFrom(action.value), await readers.localeOf(body.user.id));
    if (card && body.response_url) await respond(privately(card));
  }

  /** "Share in channel": the card for everyone, naming who shared it. */
  async function handleShare({ ack, action, respond, body }: Click) {
    await ack();
    const card = await cardFor(idFrom(action.value), channelLocale, body.user.id);
    await respond(
      card
        ? { response_type: "in_channel", replace_original: false, ...card }
        : privately(buildGone(await readers.localeOf(body.user.id))),
    );
  }

  return { handleHealthCommand, handlePick, handleShowCard, handleShare };
}
