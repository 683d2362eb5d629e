import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { findAccount } from "../../accounts/lookup.js";
import { translator } from "../../i18n/index.js";
import { fixedLocale } from "../../slack/locale.js";
import { idFrom, parseMetadata } from "../../slack/parse.js";
import { parseDay } from "../fields.js";
import { findAccountForForm } from "../repository.js";
import { type ContractDeps, listRequests } from "../service.js";
import { requestTypeSchema } from "../types.js";
import { buildIntakeModal, type IntakePrefill } from "../views/intake-modal.js";
import { buildRequestList } from "../views/request-list.js";
import { findCoveringRenewal } from "./intake-submission.js";
import type { Click } from "./support.js";

/** Longer than any account name, domain or CRM id a person would type to find one. */
export const MAX_ACCOUNT_QUERY = 200;

/** What a "Log contract request" button may carry: an account id, or JSON (a renewal reminder's). */
const openValueSchema = z.object({
  accountId: z.number().int().positive().max(2_147_483_647).optional(),
  type: requestTypeSchema.optional(),
  startDate: z.string().optional(),
});

function parseOpenValue(raw: string | undefined): IntakePrefill & { accountId?: number } {
  if (!raw?.startsWith("{")) return { accountId: idFrom(raw) };
  const value = parseMetadata(openValueSchema, raw);
  if (!value) return {};
  const start = value.startDate ? parseDay(value.startDate) : undefined;
  return { accountId: value.accountId, type: value.type, startDate: start?.ok ? start.value : undefined };
}

/** `/contract`, the global shortcut and "Log contract request" buttons: the intake form opens. */
export function openHandlers(deps: ContractDeps) {
  const { prisma, sql, logger, clock } = deps;
  const readers = deps.locales ?? fixedLocale("en");

  /** The form, in the language of the person opening it. */
  async function openIntake(client: WebClient, triggerId: string, prefill: IntakePrefill, userId: string) {
    const tr = translator(await readers.localeOf(userId));
    await client.views.open({ trigger_id: triggerId, view: buildIntakeModal(prefill, {}, tr) });
  }

  /** The account in the form; for renewal paperwork, its ARR proposed as the amount. */
  async function accountPrefill(accountId: number | undefined, proposeArr = false): Promise<IntakePrefill> {
    const account = accountId ? await findAccountForForm(prisma, accountId) : undefined;
    if (!account) return {};
    const arr = Number(account.arr);
    return {
      account: { id: account.id, name: account.name },
      currency: account.currency,
      ...(proposeArr && arr > 0 ? { amount: arr } : {}),
    };
  }

  /** `/contract status`: the requester's own requests, privately. */
  async function answerStatus({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    const [mine, locale] = await Promise.all([
      listRequests(prisma, { requesterId: command.user_id, limit: 50 }),
      readers.localeOf(command.user_id),
    ]);
    const tr = translator(locale);
    await ack({
      response_type: "ephemeral",
      text: tr.t("requests.mine.text", { count: mine.length }),
      blocks: buildRequestList(tr.t("requests.mine.heading"), mine, clock(), tr.t("requests.mine.empty"), tr),
    });
  }

  /** `/contract [account]` opens the form (the account filled in when it is found); `/contract status` lists. */
  async function handleContractCommand(args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    const { command, ack, client, respond } = args;
    const text = command.text.trim();
    if (/^status$/i.test(text)) return answerStatus(args);
    await ack();
    // Asked at once, while the account is looked up: the form opens in the reader's language.
    const locale = readers.localeOf(command.user_id);
    let prefill: IntakePrefill = {};
    if (text) {
      // Past MAX_ACCOUNT_QUERY, not searched (bounded work): no account has such a name.
      const found = text.length <= MAX_ACCOUNT_QUERY ? await findAccount(sql, text) : undefined;
      if (found?.kind === "found") prefill = await accountPrefill(found.account.id);
      else
        prefill = { accountQuery: { typed: text, matched: found?.kind === "choose" ? "several" : "none" } };
    }
    try {
      await locale;
      await openIntake(client, command.trigger_id, prefill, command.user_id);
    } catch (error) {
      // Said on purpose: the form is what they asked for, and it is not coming.
      logger.error("/contract: could not open the modal", { user: command.user_id }, error);
      await respond({
        response_type: "ephemeral",
        text: translator(await locale).t("intake.openFailed"),
      });
    }
  }

  /** The "Log contract request" global shortcut: an empty form. */
  async function handleLogShortcut({
    ack,
    shortcut,
    client,
  }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs) {
    await ack();
    await openIntake(client, shortcut.trigger_id, {}, shortcut.user.id);
  }

  /** From a health card (value: the account id) or a renewal reminder (JSON: account, type, start date). */
  async function handleOpenButton({ ack, body, action, client }: Click) {
    await ack();
    const locale = readers.localeOf(body.user.id);
    const { accountId, type, startDate } = parseOpenValue(action.value);
    const prefill = await accountPrefill(accountId, type === "renewal");
    // Renewal paperwork for a renewal a request already covers: the form says so first.
    const coveredBy =
      type === "renewal" && prefill.account && startDate
        ? await findCoveringRenewal(prisma, prefill.account.id, startDate)
        : undefined;
    await locale;
    await openIntake(
      client,
      body.trigger_id,
      { ...prefill, type, startDate, ...(coveredBy ? { coveredBy } : {}) },
      body.user.id,
    );
  }

  return { handleContractCommand, handleLogShortcut, handleOpenButton };
}
