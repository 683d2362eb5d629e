import { z } from "zod";
import { NOT_AN_APPROVER } from "../../slack/approvers.js";
import { idFrom, parseMetadata } from "../../slack/parse.js";
import { stateReader } from "../fields.js";
import { nextStage, withdraw } from "../lifecycle.js";
import { LIFECYCLE_BLOCKS } from "../lifecycle-ids.js";
import {
  advanceRequestStage,
  type LifecycleResult,
  reassignRequest,
  unassignRequest,
  withdrawRequest,
} from "../lifecycle-service.js";
import { type ContractDeps, loadRequest, recordRefusal } from "../service.js";
import { STATUSES, WAITING_ON_CS_OPS } from "../state.js";
import { requestLabel } from "../types.js";
import {
  buildDocumentModal,
  buildReassignModal,
  buildWithdrawModal,
  lifecycleMetadataSchema,
} from "../views/lifecycle.js";
import { type Click, STALE_FORM, type Submission, tell, viewKeyOf } from "./support.js";

/** A stage button's value: "<request id>:<stage key>". */
const stageValue = z
  .string()
  .max(60)
  .regex(/^\d{1,10}:[a-z][a-z0-9_]{0,39}$/);

/** A users_select's chosen user. */
const selectedUser = z.object({ selected_user: z.string().regex(/^[UW][A-Z0-9]{2,20}$/) });

/**
 * The queue message's life-cycle buttons and their modals: Reassign, Unassign and the next
 * stage (CS Ops), Withdraw (the requester). Every change is checked again on the server.
 */
export function lifecycleHandlers(deps: ContractDeps) {
  const { approvers, policy } = deps;

  /** A refusal said to the person who clicked: NOT_AN_APPROVER as it is, others after "Not <done>:". */
  const refusal = (done: string, result: Extract<LifecycleResult, { ok: false }>) =>
    result.reason === NOT_AN_APPROVER ? NOT_AN_APPROVER : `Not ${done}: ${result.reason}.`;

  async function csOps(click: Click, id: number, what: string): Promise<boolean> {
    if (await approvers.isApprover(click.body.user.id)) return true;
    await recordRefusal(deps, id, click.body.user.id, what);
    await tell(click, approvers.refusal(click.body.user.id));
    return false;
  }

  /** "Reassign…": a modal to pick the CS Ops approver who takes it. */
  async function handleReassignOpen(click: Click) {
    await click.ack();
    const id = idFrom(click.action.value);
    if (!id || !(await csOps(click, id, "reassign"))) return;
    const request = await loadRequest(deps, id);
    if (!request || !WAITING_ON_CS_OPS.includes(request.status)) {
      await tell(click, "That request has already moved on.");
      return;
    }
    await click.client.views.open({
      trigger_id: click.body.trigger_id,
      view: buildReassignModal(request, { requestId: id, version: request.version }),
    });
  }

  /** "Unassign": back to the pool, at once. */
  async function handleUnassign(click: Click) {
    await click.ack();
    const id = idFrom(click.action.value);
    if (!id) return;
    const result = await unassignRequest(deps, id, click.body.user.id);
    if (!result.ok) await tell(click, refusal("unassigned", result));
  }

  /** "Withdraw (requester)…": the requester's modal asking why; anyone else is told who may. */
  async function handleWithdrawOpen(click: Click) {
    await click.ack();
    const id = idFrom(click.action.value);
    const request = id ? await loadRequest(deps, id) : undefined;
    if (!id || !request) {
      await tell(click, "That request no longer exists.");
      return;
    }
    const actor = click.body.user.id;
    const dryRun = withdraw(request, { actor, reason: "-" });
    if (!dryRun.ok) {
      if (dryRun.forbidden) await recordRefusal(deps, id, actor, "withdraw", dryRun.reason);
      const who = dryRun.forbidden ? ` (<@${request.requesterId}>)` : "";
      await tell(click, `${requestLabel(request.number)} is not withdrawn: ${dryRun.reason}${who}.`);
      return;
    }
    await click.client.views.open({
      trigger_id: click.body.trigger_id,
      view: buildWithdrawModal(request, { requestId: id, version: request.version }),
    });
  }

  /** "Mark …": the next stage; one that needs the signed document's link asks for it first. */
  async function handleStage(click: Click) {
    await click.ack();
    const parsed = stageValue.safeParse(click.action.value);
    const [rawId, stage] = parsed.success ? parsed.data.split(":") : [];
    const id = idFrom(rawId);
    if (!id || !stage) return;
    const actor = click.body.user.id;
    const request = await loadRequest(deps, id);
    if (!request) {
      await tell(click, "That request no longer exists.");
      return;
    }
    const next = nextStage(policy.stages, request.stage);
    if (next?.key === stage && next.document) {
      if (!(await csOps(click, id, `stage: ${stage}`))) return;
      if (request.status !== "approved") {
        await tell(click, `Not moved: it is ${STATUSES[request.status].toLowerCase()}, not approved.`);
        return;
      }
      await click.client.views.open({
        trigger_id: click.body.trigger_id,
        view: buildDocumentModal(request, next, { requestId: id, version: request.version, stage }),
      });
      return;
    }
    const result = await advanceRequestStage(deps, id, actor, stage);
    if (!result.ok) await tell(click, refusal("moved", result));
  }

  /** A modal's submission: its metadata checked, the change made, refusals under their field. */
  async function submit(
    { ack, view, body }: Submission,
    mainBlock: string,
    run: (
      metadata: z.output<typeof lifecycleMetadataSchema>,
      form: { version: number; viewKey?: string },
    ) => Promise<LifecycleResult>,
  ) {
    const metadata = parseMetadata(lifecycleMetadataSchema, view.private_metadata);
    if (!metadata) return ack({ response_action: "errors", errors: { [mainBlock]: STALE_FORM } });
    const result = await run(metadata, {
      version: metadata.version,
      viewKey: viewKeyOf(view.id, body.user.id),
    });
    if (result.ok) return ack();
    const block = result.field
      ? LIFECYCLE_BLOCKS[result.field === "document_url" ? "documentUrl" : result.field]
      : mainBlock;
    const message =
      result.field || result.reason === NOT_AN_APPROVER ? result.reason : `Not recorded: ${result.reason}.`;
    return ack({ response_action: "errors", errors: { [block]: message } });
  }

  async function handleWithdrawSubmission(args: Submission) {
    const reason = stateReader(args.view.state?.values).text(LIFECYCLE_BLOCKS.reason) ?? "";
    await submit(args, LIFECYCLE_BLOCKS.reason, (m, form) =>
      withdrawRequest(deps, m.requestId, args.body.user.id, reason, form),
    );
  }

  async function handleReassignSubmission(args: Submission) {
    const values = args.view.state?.values as Record<string, Record<string, unknown>> | undefined;
    const picked = selectedUser.safeParse(values?.[LIFECYCLE_BLOCKS.assignee]?.[LIFECYCLE_BLOCKS.assignee]);
    if (!picked.success)
      return args.ack({
        response_action: "errors",
        errors: { [LIFECYCLE_BLOCKS.assignee]: "Pick the CS Ops approver who takes it." },
      });
    await submit(args, LIFECYCLE_BLOCKS.assignee, (m, form) =>
      reassignRequest(deps, m.requestId, args.body.user.id, picked.data.selected_user, form),
    );
  }

  async function handleDocumentSubmission(args: Submission) {
    const documentUrl = stateReader(args.view.state?.values).text(LIFECYCLE_BLOCKS.documentUrl) ?? "";
    await submit(args, LIFECYCLE_BLOCKS.documentUrl, (m, form) =>
      m.stage
        ? advanceRequestStage(deps, m.requestId, args.body.user.id, m.stage, { ...form, documentUrl })
        : Promise.resolve({
            ok: false,
            reason: "this form has lost its stage: close it and click the button again",
          }),
    );
  }

  return {
    handleReassignOpen,
    handleUnassign,
    handleWithdrawOpen,
    handleStage,
    handleWithdrawSubmission,
    handleReassignSubmission,
    handleDocumentSubmission,
  };
}
