import { z } from "zod";
import { type Locale, translator } from "../../i18n/index.js";
import { NOT_AN_APPROVER } from "../../slack/approvers.js";
import { fixedLocale } from "../../slack/locale.js";
import { idFrom, parseMetadata } from "../../slack/parse.js";
import { normaliseLink, stateReader, TEXT_LIMITS, textProblem } from "../fields.js";
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
import { WAITING_ON_CS_OPS } from "../state.js";
import { requestLabel } from "../types.js";
import {
  buildDocumentModal,
  buildReassignModal,
  buildWithdrawModal,
  lifecycleMetadataSchema,
} from "../views/lifecycle.js";
import { lifecycleReasonIn } from "../views/lifecycle-words.js";
import { reasonIn, statusInSentence } from "../views/review-words.js";
import { type Click, type Submission, staleForm, tell, viewKeyOf } from "./support.js";

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
  /** Everything here is said to the person who clicked or submitted, in their language. */
  const readers = deps.locales ?? fixedLocale(deps.locale?.default ?? "en");

  /** A refusal said to the person who clicked: NOT_AN_APPROVER as it is, others after "Not <done>:". */
  const refusal = (
    done: "review.lc.notUnassigned" | "review.lc.notMoved",
    result: Extract<LifecycleResult, { ok: false }>,
    locale: Locale,
  ) =>
    result.reason === NOT_AN_APPROVER
      ? reasonIn(locale, NOT_AN_APPROVER)
      : translator(locale).t(done, { reason: lifecycleReasonIn(locale, result.reason) });

  async function csOps(click: Click, id: number, what: string, locale: Locale): Promise<boolean> {
    if (await approvers.isApprover(click.body.user.id)) return true;
    await recordRefusal(deps, id, click.body.user.id, what);
    await tell(click, reasonIn(locale, approvers.refusal(click.body.user.id)));
    return false;
  }

  /** "Reassign…": a modal to pick the CS Ops approver who takes it. */
  async function handleReassignOpen(click: Click) {
    await click.ack();
    const id = idFrom(click.action.value);
    const locale = await readers.localeOf(click.body.user.id);
    if (!id || !(await csOps(click, id, "reassign", locale))) return;
    const request = await loadRequest(deps, id);
    if (!request || !WAITING_ON_CS_OPS.includes(request.status)) {
      await tell(click, translator(locale).t("review.error.movedOn"));
      return;
    }
    await click.client.views.open({
      trigger_id: click.body.trigger_id,
      view: buildReassignModal(request, { requestId: id, version: request.version }, locale),
    });
  }

  /** "Unassign": back to the pool, at once. */
  async function handleUnassign(click: Click) {
    await click.ack();
    const id = idFrom(click.action.value);
    if (!id) return;
    const result = await unassignRequest(deps, id, click.body.user.id);
    if (!result.ok)
      await tell(
        click,
        refusal("review.lc.notUnassigned", result, await readers.localeOf(click.body.user.id)),
      );
  }

  /** "Withdraw (requester)…": the requester's modal asking why; anyone else is told who may. */
  async function handleWithdrawOpen(click: Click) {
    await click.ack();
    const id = idFrom(click.action.value);
    const request = id ? await loadRequest(deps, id) : undefined;
    const actor = click.body.user.id;
    const locale = await readers.localeOf(actor);
    const tr = translator(locale);
    if (!id || !request) {
      await tell(click, tr.t("review.error.gone"));
      return;
    }
    const dryRun = withdraw(request, { actor, reason: "-" });
    if (!dryRun.ok) {
      if (dryRun.forbidden) await recordRefusal(deps, id, actor, "withdraw", dryRun.reason);
      const words = { label: requestLabel(request.number), reason: lifecycleReasonIn(locale, dryRun.reason) };
      await tell(
        click,
        dryRun.forbidden
          ? tr.t("review.lc.notWithdrawnAsk", { ...words, user: request.requesterId })
          : tr.t("review.lc.notWithdrawn", words),
      );
      return;
    }
    await click.client.views.open({
      trigger_id: click.body.trigger_id,
      view: buildWithdrawModal(request, { requestId: id, version: request.version }, locale),
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
    const locale = await readers.localeOf(actor);
    const tr = translator(locale);
    const request = await loadRequest(deps, id);
    if (!request) {
      await tell(click, tr.t("review.error.gone"));
      return;
    }
    const next = nextStage(policy.stages, request.stage);
    if (next?.key === stage && next.document) {
      if (!(await csOps(click, id, `stage: ${stage}`, locale))) return;
      if (request.status !== "approved") {
        const reason = tr.t("review.lcr.notApproved", { status: statusInSentence(tr, request.status) });
        await tell(click, tr.t("review.lc.notMoved", { reason }));
        return;
      }
      await click.client.views.open({
        trigger_id: click.body.trigger_id,
        view: buildDocumentModal(request, next, { requestId: id, version: request.version, stage }, locale),
      });
      return;
    }
    const result = await advanceRequestStage(deps, id, actor, stage);
    if (!result.ok) await tell(click, refusal("review.lc.notMoved", result, locale));
  }

  /**
   * A modal's submission: its metadata checked, the change made, refusals under their field, in
   * the submitter's language (`typed`: what they typed, to say a field's problem in it again).
   */
  async function submit(
    { ack, view, body }: Submission,
    mainBlock: string,
    run: (
      metadata: z.output<typeof lifecycleMetadataSchema>,
      form: { version: number; viewKey?: string },
    ) => Promise<LifecycleResult>,
    typed?: string,
  ) {
    const locale = await readers.localeOf(body.user.id);
    const tr = translator(locale);
    const metadata = parseMetadata(lifecycleMetadataSchema, view.private_metadata);
    if (!metadata) return ack({ response_action: "errors", errors: { [mainBlock]: staleForm(locale) } });
    const result = await run(metadata, {
      version: metadata.version,
      viewKey: viewKeyOf(view.id, body.user.id),
    });
    if (result.ok) return ack();
    const block = result.field
      ? LIFECYCLE_BLOCKS[result.field === "document_url" ? "documentUrl" : result.field]
      : mainBlock;
    const message =
      result.field === "reason" || result.field === "document_url"
        ? fieldProblem(result.field, result.reason, typed ?? "", locale)
        : result.field || result.reason === NOT_AN_APPROVER
          ? lifecycleReasonIn(locale, result.reason)
          : tr.t("review.error.notRecorded", { reason: lifecycleReasonIn(locale, result.reason) });
    return ack({ response_action: "errors", errors: { [block]: message } });
  }

  async function handleWithdrawSubmission(args: Submission) {
    const reason = stateReader(args.view.state?.values).text(LIFECYCLE_BLOCKS.reason) ?? "";
    await submit(
      args,
      LIFECYCLE_BLOCKS.reason,
      (m, form) => withdrawRequest(deps, m.requestId, args.body.user.id, reason, form),
      reason,
    );
  }

  async function handleReassignSubmission(args: Submission) {
    const values = args.view.state?.values as Record<string, Record<string, unknown>> | undefined;
    const picked = selectedUser.safeParse(values?.[LIFECYCLE_BLOCKS.assignee]?.[LIFECYCLE_BLOCKS.assignee]);
    if (!picked.success) {
      const tr = translator(await readers.localeOf(args.body.user.id));
      return args.ack({
        response_action: "errors",
        errors: { [LIFECYCLE_BLOCKS.assignee]: tr.t("review.lc.pickApprover") },
      });
    }
    await submit(args, LIFECYCLE_BLOCKS.assignee, (m, form) =>
      reassignRequest(deps, m.requestId, args.body.user.id, picked.data.selected_user, form),
    );
  }

  async function handleDocumentSubmission(args: Submission) {
    const documentUrl = stateReader(args.view.state?.values).text(LIFECYCLE_BLOCKS.documentUrl) ?? "";
    await submit(
      args,
      LIFECYCLE_BLOCKS.documentUrl,
      (m, form) =>
        m.stage
          ? advanceRequestStage(deps, m.requestId, args.body.user.id, m.stage, { ...form, documentUrl })
          : Promise.resolve({
              ok: false,
              reason: "this form has lost its stage: close it and click the button again",
            }),
      documentUrl,
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

/**
 * A field's problem in the submitter's language: the rules' own checks (fields.ts) run again on
 * what was typed with the reader's words; a problem they do not find is the rule's, said again.
 */
function fieldProblem(
  field: "reason" | "document_url",
  reason: string,
  typed: string,
  locale: Locale,
): string {
  if (locale === "en") return reason;
  const tr = translator(locale);
  const text = typed.trim();
  if (text) {
    const again =
      field === "reason"
        ? textProblem(text, TEXT_LIMITS.comment, tr)
        : (() => {
            const link = normaliseLink(text, tr);
            return link.ok ? undefined : link.error;
          })();
    if (again) return again;
  }
  return lifecycleReasonIn(locale, reason);
}
