import type { AllMiddlewareArgs, RespondFn, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { findAccount } from "../health/lookup.js";
import type { AppServices } from "../services.js";
import { COMMANDS, SHORTCUTS } from "../slack/ids.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { CONTRACT_ACTIONS, CONTRACT_VIEWS, REVIEW_BLOCKS } from "./ids.js";
import {
  accountOption,
  buildIntakeModal,
  type IntakePrefill,
  intakeMetadataSchema,
  parseIntake,
  selectedType,
} from "./intake.js";
import {
  assignRequest,
  contractDeps,
  decideRequest,
  listRequests,
  loadRequest,
  recordRefusal,
  resubmitRequest,
  submitRequest,
} from "./service.js";
import { DECISIONS, type Decision, requiredSteps, WAITING_ON_CS_OPS } from "./state.js";
import { REQUEST_TYPE_KEYS, type RequestType } from "./types.js";
import { buildRequestList, buildReviewModal } from "./views.js";

const idOf = (value: unknown) => {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : undefined;
};

/**
 * Tells the person who clicked: privately where the click came from a message (its
 * response_url), by DM from the App Home tab, which has none.
 */
async function tell(
  body: { user: { id: string }; response_url?: string },
  respond: RespondFn,
  client: WebClient,
  text: string,
) {
  if (body.response_url) await respond({ response_type: "ephemeral", replace_original: false, text });
  else await client.chat.postMessage({ channel: body.user.id, text });
}

/** What a "Log contract request" button may carry. */
const openValueSchema = z.object({
  accountId: z.number().int().positive().optional(),
  type: z.enum(REQUEST_TYPE_KEYS as [RequestType, ...RequestType[]]).optional(),
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

function parseOpenValue(raw: string): z.infer<typeof openValueSchema> {
  try {
    const parsed = openValueSchema.safeParse(
      raw.startsWith("{") ? JSON.parse(raw) : { accountId: Number(raw) },
    );
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export const NOT_AN_APPROVER =
  "Only CS Ops approvers can do that. If you should be one, ask your Kuroko admin to add you to CS_OPS_APPROVER_IDS or the approvers' user group.";

/** Slash commands, shortcuts, buttons and modals of contract requests. Logic lives in service.ts. */
export function registerContracts(registry: Registry, services: AppServices): void {
  const { prisma, sql, logger, clock, config, approvers } = services;
  const deps = contractDeps(services);

  /** Only CS Ops approvers may act on the queue: anyone else is told, and the attempt audited. */
  async function allowed(
    body: { user: { id: string }; response_url?: string },
    id: number,
    what: string,
    respond: RespondFn,
    client: WebClient,
  ) {
    if (await approvers.isApprover(body.user.id)) return true;
    await recordRefusal(prisma, id, body.user.id, what);
    await tell(body, respond, client, NOT_AN_APPROVER);
    return false;
  }
  const today = () => todayIn(config.timezone, clock());

  async function openIntake(
    client: WebClient,
    triggerId: string,
    prefill: IntakePrefill,
    requestId?: number,
  ) {
    await client.views.open({
      trigger_id: triggerId,
      view: buildIntakeModal(prefill, requestId ? { requestId } : {}),
    });
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
    if (text) {
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
    const raw = "value" in action ? (action.value ?? "") : "";
    const value = parseOpenValue(raw);
    const prefill = await accountPrefill(value.accountId);
    await openIntake(client, (body as { trigger_id: string }).trigger_id, {
      ...prefill,
      type: value.type,
      startDate: value.startDate ? new Date(`${value.startDate}T00:00:00Z`) : undefined,
    });
  });

  // The type select redraws the modal with that type's fields; Slack keeps what was typed.
  registry.action(CONTRACT_ACTIONS.type, async ({ ack, body, client }) => {
    await ack();
    const view = (
      body as { view?: { id: string; hash: string; private_metadata: string; state: { values: never } } }
    ).view;
    if (!view) return;
    const values = view.state.values as Parameters<typeof selectedType>[0];
    const chosenAccount = values?.account?.[CONTRACT_ACTIONS.account]?.selected_option;
    const metadata = intakeMetadataSchema.safeParse(JSON.parse(view.private_metadata || "{}"));
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: buildIntakeModal(
        {
          type: selectedType(values),
          account: chosenAccount
            ? {
                id: Number(chosenAccount.value),
                name: (chosenAccount as { text?: { text: string } }).text?.text ?? "",
              }
            : undefined,
        },
        metadata.success ? metadata.data : {},
      ),
    });
  });

  registry.options(CONTRACT_ACTIONS.account, async ({ ack, options }) => {
    const query = options.value.trim();
    if (!query) {
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

  registry.view(CONTRACT_VIEWS.intake, async ({ ack, view, body }) => {
    const parsed = parseIntake(view.state.values as Parameters<typeof parseIntake>[0], today());
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    const account = await prisma.account.findUnique({
      where: { id: parsed.input.accountId },
      select: { id: true },
    });
    if (!account) {
      await ack({
        response_action: "errors",
        errors: { account: "That account is not in Kuroko: choose one from the list." },
      });
      return;
    }
    const metadata = intakeMetadataSchema.safeParse(JSON.parse(view.private_metadata || "{}"));
    const requestId = metadata.success ? metadata.data.requestId : undefined;
    if (requestId) {
      const result = await resubmitRequest(deps, requestId, body.user.id, parsed.input);
      if (!result.ok) {
        await ack({
          response_action: "errors",
          errors: { type: `This request cannot be resubmitted: ${result.reason}.` },
        });
        return;
      }
    } else {
      await submitRequest(deps, parsed.input, body.user.id);
    }
    await ack();
  });

  registry.action(CONTRACT_ACTIONS.assign, async ({ ack, body, action, respond, client }) => {
    await ack();
    const id = idOf("value" in action ? action.value : undefined);
    if (!id) return;
    if (!(await allowed(body, id, "assign", respond, client))) return;
    const result = await assignRequest(deps, id, body.user.id);
    if (!result.ok) await tell(body, respond, client, `Not assigned: ${result.reason}.`);
  });

  registry.action(CONTRACT_ACTIONS.review, async ({ ack, body, action, respond, client }) => {
    await ack();
    const id = idOf("value" in action ? action.value : undefined);
    if (!id) return;
    if (!(await allowed(body, id, "review", respond, client))) return;
    const request = await loadRequest(prisma, id);
    if (!request || !WAITING_ON_CS_OPS.includes(request.status)) {
      await tell(body, respond, client, "That request has already moved on.");
      return;
    }
    await client.views.open({
      trigger_id: (body as { trigger_id: string }).trigger_id,
      view: buildReviewModal(request, requiredSteps(request, deps.policy), clock(), {
        requestId: id,
        version: request.version,
      }),
    });
  });

  registry.view(
    CONTRACT_VIEWS.review,
    async ({ ack, view, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
      const metadata = JSON.parse(view.private_metadata || "{}") as { requestId?: number };
      const id = idOf(metadata.requestId);
      const values = view.state.values as Record<
        string,
        Record<string, { selected_option?: { value: string } | null; value?: string | null }>
      >;
      const decision = values[REVIEW_BLOCKS.decision]?.[REVIEW_BLOCKS.decision]?.selected_option?.value;
      const comment = values[REVIEW_BLOCKS.comment]?.[REVIEW_BLOCKS.comment]?.value ?? "";
      if (!id) {
        await ack({
          response_action: "errors",
          errors: {
            [REVIEW_BLOCKS.decision]: "This form has lost its request: close it and open Review again.",
          },
        });
        return;
      }
      if (!decision || !(decision in DECISIONS)) {
        await ack({ response_action: "errors", errors: { [REVIEW_BLOCKS.decision]: "Choose a decision." } });
        return;
      }
      // Checked again here: the button was clicked earlier, perhaps by someone who is no longer an approver.
      if (!(await approvers.isApprover(body.user.id))) {
        await recordRefusal(prisma, id, body.user.id, `decide: ${decision}`);
        await ack({ response_action: "errors", errors: { [REVIEW_BLOCKS.decision]: NOT_AN_APPROVER } });
        return;
      }
      if (decision !== "approve" && !comment.trim()) {
        await ack({
          response_action: "errors",
          errors: { [REVIEW_BLOCKS.comment]: "Say why: the comment goes to the requester." },
        });
        return;
      }
      const result = await decideRequest(deps, id, body.user.id, decision as Decision, comment);
      if (!result.ok) {
        await ack({
          response_action: "errors",
          errors: { [REVIEW_BLOCKS.decision]: `Not recorded: ${result.reason}.` },
        });
        return;
      }
      await ack();
    },
  );

  registry.action(CONTRACT_ACTIONS.edit, async ({ ack, body, action, client, respond }) => {
    await ack();
    const id = idOf("value" in action ? action.value : undefined);
    const request = id ? await loadRequest(prisma, id) : undefined;
    if (!request || request.requesterId !== body.user.id || request.status !== "changes_requested") {
      await tell(body, respond, client, "That request is not waiting for your changes.");
      return;
    }
    await openIntake(
      client,
      (body as { trigger_id: string }).trigger_id,
      { ...request, account: request.account },
      request.id,
    );
  });
}
