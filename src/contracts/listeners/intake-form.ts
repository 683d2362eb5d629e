import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  StaticSelectAction,
} from "@slack/bolt";
import { z } from "zod";
import { findAccount } from "../../accounts/lookup.js";
import { translator } from "../../i18n/index.js";
import { fixedLocale } from "../../slack/locale.js";
import { idFrom, parseMetadata } from "../../slack/parse.js";
import { stateReader } from "../fields.js";
import { CONTRACT_ACTIONS, INTAKE_BLOCKS } from "../ids.js";
import { selectedType } from "../intake-form.js";
import type { ContractDeps } from "../service.js";
import { accountOption, buildIntakeModal, intakeMetadataSchema } from "../views/intake-modal.js";
import { MAX_ACCOUNT_QUERY } from "./open.js";

/** What a person types to find an account: short text; anything else is not searched (bounded work). */
const accountQuerySchema = z.string().trim().min(1).max(MAX_ACCOUNT_QUERY);

/** The intake form while it is open: the type select redraws it; the account typeahead searches. */
export function intakeFormHandlers({
  sql,
  logger,
  locales,
}: Pick<ContractDeps, "sql" | "logger" | "locales">) {
  const readers = locales ?? fixedLocale("en");
  /** The type select redraws the modal with that type's fields; Slack keeps what was typed. */
  async function handleTypeChange({
    ack,
    body,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs) {
    await ack();
    const view = body.view;
    if (!view || typeof view.id !== "string") return;
    const metadata = parseMetadata(intakeMetadataSchema, view.private_metadata);
    if (!metadata) {
      logger.warn("contract intake: a type change came from a form with unreadable metadata", {
        view: view.id,
      });
      return;
    }
    const values: unknown = view.state?.values;
    const state = stateReader(values);
    const accountId = idFrom(state.selected(INTAKE_BLOCKS.account, CONTRACT_ACTIONS.account));
    const accountName = state.selectedLabel(INTAKE_BLOCKS.account, CONTRACT_ACTIONS.account) ?? "";
    const tr = translator(await readers.localeOf(body.user.id));
    await client.views.update({
      view_id: view.id,
      ...(typeof view.hash === "string" ? { hash: view.hash } : {}),
      view: buildIntakeModal(
        {
          type: selectedType(values),
          account: accountId ? { id: accountId, name: accountName } : undefined,
        },
        metadata,
        tr,
      ),
    });
  }

  /** The account typeahead: the account found, or the candidates, or suggestions (100 at most). */
  async function handleAccountSearch({
    ack,
    options,
  }: SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs) {
    const query = accountQuerySchema.safeParse(options.value);
    if (!query.success) {
      await ack({ options: [] });
      return;
    }
    const found = await findAccount(sql, query.data);
    const accounts =
      found.kind === "found"
        ? [found.account]
        : found.kind === "choose"
          ? found.candidates
          : found.suggestions;
    await ack({ options: accounts.slice(0, 100).map((account) => accountOption(account)) });
  }

  return { handleTypeChange, handleAccountSearch };
}
