import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { findAccount } from "../accounts/lookup.js";
import { COMMANDS, SHORTCUTS } from "../slack/ids.js";
import type { Registry } from "../slack/registry.js";
import { idOf, parseDay, stateReader } from "./fields.js";
import { CONTRACT_ACTIONS } from "./ids.js";
import {
  accountOption,
  buildIntakeModal,
  type IntakePrefill,
  intakeMetadataSchema,
  selectedType,
} from "./intake.js";
import { registerIntakeSubmission } from "./intake-listeners.js";
import { parseMetadata } from "./listener-support.js";
import { registerQueue } from "./queue-listeners.js";
import { type ContractDeps, listRequests } from "./service.js";
import { REQUEST_TYPE_KEYS, type RequestType } from "./types.js";
import { buildRequestList } from "./views.js";

/** Longer than any account name, domain or CRM id a person would type to find one. */
const MAX_ACCOUNT_QUERY = 200;

/** What a "Log contract request" button may carry. */
const openValueSchema = z.object({
  accountId: z.number().int().positive().max(2_147_483_647).optional(),
  type: z.enum(REQUEST_TYPE_KEYS as [RequestType, ...RequestType[]]).optional(),
  startDate: z.string().optional(),
});

function parseOpenValue(raw: string): { accountId?: number; type?: RequestType; startDate?: Date } {
  try {
    const parsed = openValueSchema.safeParse(
      raw.startsWith("{") ? JSON.parse(raw) : { accountId: idOf(raw) },
    );
    if (!parsed.success) return {};
    const start = parsed.data.startDate ? parseDay(parsed.data.startDate) : undefined;
    return { ...parsed.data, startDate: start?.ok ? start.value : undefined };
  } catch {
    return {};
  }
}

/**
 * Slash commands, shortcuts and the intake form's opening and redrawing; the submission is in
 * intake-listeners.ts, the queue's buttons and review in queue-listeners.ts. Logic lives in service.ts.
 */
export function registerContracts(registry: Registry, deps: ContractDeps): void {
  const { prisma, sql, logger, clock } = deps;

  async function openIntake(client: WebClient, triggerId: string, prefill: IntakePrefill) {
    await client.views.open({ trigger_id: triggerId, view: buildIntakeModal(prefill) });
  }

  async function accountPrefill(accountId: number | undefined): Promise<IntakePrefill> {
    if (!accountId) return {};
    const account = await prisma.account.findUnique({
      where: { id: accountId },
      select: { id: true, name: true, currency: true },
    });
    return account ? { account: { id: account.id, name: account.name }, currency: account.currency } : {};
  }

  registry.command(COMMANDS.contract, async ({ command, ack, client, respond }) => {
    const text = command.text.trim();
    if (/^status$/i.test(text)) {
      const mine = await listRequests(prisma, { requesterId: command.user_id, limit: 50 });
      await ack({
        response_type: "ephemeral",
        text: `Your contract requests: ${mine.length}`,
        blocks: buildRequestList(
          "Your contract requests",
          mine,
          clock(),
          "You have not logged any yet: `/contract &lt;account&gt;` starts one.",
        ),
      });
      return;
    }
    await ack();
    let prefill: IntakePrefill = {};
    if (text && text.length <= MAX_ACCOUNT_QUERY) {
      const found = await findAccount(sql, text);
      if (found.kind === "found") prefill = await accountPrefill(found.account.id);
    }
    try {
      await openIntake(client, command.trigger_id, prefill);
    } catch (error) {
      logger.error("/contract: could not open the modal", { user: command.user_id }, error);
      await respond({
        response_type: "ephemeral",
        text: "Sorry: the request form could not open. Please try again.",
      });
    }
  });

  registry.globalShortcut(SHORTCUTS.logContractRequest, async ({ ack, shortcut, client }) => {
    await ack();
    await openIntake(client, shortcut.trigger_id, {});
  });

  // From a health card (value: the account id) or a renewal reminder (JSON: account, type, start date).
  registry.action(CONTRACT_ACTIONS.open, async ({ ack, body, action, client }) => {
    await ack();
    const raw = "value" in action && typeof action.value === "string" ? action.value : "";
    const value = parseOpenValue(raw);
    const prefill = await accountPrefill(value.accountId);
    await openIntake(client, (body as { trigger_id: string }).trigger_id, {
      ...prefill,
      type: value.type,
      startDate: value.startDate,
    });
  });

  // The type select redraws the modal with that type's fields; Slack keeps what was typed.
  registry.action(CONTRACT_ACTIONS.type, async ({ ack, body, client }) => {
    await ack();
    const view = (
      body as {
        view?: { id?: unknown; hash?: unknown; private_metadata?: unknown; state?: { values?: unknown } };
      }
    ).view;
    if (!view || typeof view.id !== "string") return;
    const metadata = parseMetadata(intakeMetadataSchema, view.private_metadata);
    if (!metadata) {
      logger.warn("contract intake: a type change came from a form with unreadable metadata", {
        view: view.id,
      });
      return;
    }
    const state = stateReader(view.state?.values);
    const accountId = idOf(state.selected("account", CONTRACT_ACTIONS.account));
    await client.views.update({
      view_id: view.id,
      ...(typeof view.hash === "string" ? { hash: view.hash } : {}),
      view: buildIntakeModal(
        {
          type: selectedType(view.state?.values),
          account: accountId
            ? { id: accountId, name: state.selectedLabel("account", CONTRACT_ACTIONS.account) ?? "" }
            : undefined,
        },
        metadata,
      ),
    });
  });

  registry.options(CONTRACT_ACTIONS.account, async ({ ack, options }) => {
    // What a person types to find an account is short; anything else is not searched (bounded work).
    const query = typeof options.value === "string" ? options.value.trim() : "";
    if (!query || query.length > MAX_ACCOUNT_QUERY) {
      await ack({ options: [] });
      return;
    }
    const found = await findAccount(sql, query);
    const accounts =
      found.kind === "found"
        ? [found.account]
        : found.kind === "choose"
          ? found.candidates
          : found.suggestions;
    await ack({ options: accounts.slice(0, 100).map(accountOption) });
  });

  registerIntakeSubmission(registry, deps);
  registerQueue(registry, deps);
}
