import { loadAccountContext } from "../../health/context.js";
import { t } from "../../i18n/index.js";
import { fixedLocale } from "../../slack/locale.js";
import { idFrom } from "../../slack/parse.js";
import { todayIn } from "../../time.js";
import { loadReviewContext } from "../review-context.js";
import { assignRequest, type ContractDeps, loadRequest, recordRefusal, requestDigest } from "../service.js";
import { decide, requiredSteps, WAITING_ON_CS_OPS } from "../state.js";
import { buildDetailsModal } from "../views/details-modal.js";
import { buildReviewModal } from "../views/review-modal.js";
import { reasonIn } from "../views/review-words.js";
import { type Click, tell } from "./support.js";

/** The queue's buttons, on the queue message and on App Home: Assign to me, and Review. CS Ops only. */
export function queueHandlers(deps: ContractDeps) {
  const { clock, approvers, policy } = deps;
  // What the clicker is shown, in their own language.
  const readers = deps.locales ?? fixedLocale(deps.locale?.default ?? "en");

  /** Only CS Ops approvers may act on the queue: anyone else is told, and the attempt audited. */
  async function allowed(click: Click, id: number, what: string): Promise<boolean> {
    const userId = click.body.user.id;
    if (await approvers.isApprover(userId)) return true;
    await recordRefusal(deps, id, userId, what);
    await tell(click, reasonIn(await readers.localeOf(userId), approvers.refusal(userId)));
    return false;
  }

  /** "Assign to me": the request is the clicker's to review. */
  async function handleAssign(click: Click) {
    await click.ack();
    const id = idFrom(click.action.value);
    if (!id || !(await allowed(click, id, "assign"))) return;
    const result = await assignRequest(deps, id, click.body.user.id);
    if (!result.ok) {
      const locale = await readers.localeOf(click.body.user.id);
      await tell(click, t(locale, "review.error.notAssigned", { reason: reasonIn(locale, result.reason) }));
    }
  }

  /** "Review": the review modal, without Approve where this reviewer would be refused it. */
  async function handleOpenReview(click: Click) {
    const { ack, action, body, client } = click;
    await ack();
    const id = idFrom(action.value);
    if (!id || !(await allowed(click, id, "review"))) return;
    const [request, locale] = await Promise.all([loadRequest(deps, id), readers.localeOf(body.user.id)]);
    if (!request || !WAITING_ON_CS_OPS.includes(request.status)) {
      await tell(click, t(locale, "review.error.movedOn"));
      return;
    }
    // Approve is left out where it would be refused on who the reviewer is (their own request,
    // a step that is not theirs); the submission is checked again all the same.
    const steps = requiredSteps(request, policy);
    const actorSteps = await approvers.stepsOf(body.user.id, steps);
    const account = await accountAtGlance(request.account.id);
    const dryRun = decide(request, {
      actor: body.user.id,
      decision: "approve",
      comment: "",
      actorSteps,
      policy,
      now: clock(),
    });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildReviewModal(
        request,
        steps,
        clock(),
        { requestId: id, version: request.version, shown: requestDigest(request) },
        {
          approveRefused: !dryRun.ok && dryRun.forbidden ? dryRun.reason : undefined,
          account,
          context: await loadReviewContext(deps, request),
          locale,
        },
      ),
    });
  }

  /** The account's context for a request's modal, as of today. */
  async function accountAtGlance(accountId: number) {
    const today = todayIn(deps.timezone, clock());
    const context = await loadAccountContext(deps.prisma, accountId, today);
    return context && { context, options: { today, model: deps.model, crmUrlTemplate: deps.crmUrlTemplate } };
  }

  /** "Open CR-12": the request, read-only, for anyone (whatever its status). */
  async function handleOpenDetails(click: Click) {
    const { ack, action, body, client } = click;
    await ack();
    const id = idFrom(action.value);
    const [request, locale] = await Promise.all([
      id ? loadRequest(deps, id) : undefined,
      readers.localeOf(body.user.id),
    ]);
    if (!request) {
      await tell(click, t(locale, "review.error.gone"));
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildDetailsModal(
        request,
        requiredSteps(request, policy),
        clock(),
        await accountAtGlance(request.account.id),
        locale,
      ),
    });
  }

  return { handleAssign, handleOpenReview, handleOpenDetails };
}
