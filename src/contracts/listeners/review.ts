import { type Locale, t } from "../../i18n/index.js";
import { fixedLocale } from "../../slack/locale.js";
import { parseMetadata } from "../../slack/parse.js";
import { stateReader, TEXT_LIMITS, textProblem } from "../fields.js";
import { REVIEW_BLOCKS } from "../ids.js";
import { type ContractDeps, decideRequest, recordRefusal } from "../service.js";
import { decisionSchema } from "../state.js";
import { reviewMetadataSchema } from "../views/review-modal.js";
import { reasonIn } from "../views/review-words.js";
import type { Submission } from "./support.js";

/** The review modal's submission: a decision, checked again on the server, recorded once. */
export function reviewHandlers(deps: ContractDeps) {
  const { approvers } = deps;
  const readers = deps.locales ?? fixedLocale(deps.locale?.default ?? "en");

  /** Every refusal answers in the modal, under the field it is about. */
  async function handleReviewSubmission({ ack, view, body }: Submission) {
    // Every refusal in the reviewer's own language: asked at once, awaited only to refuse.
    const reader = readers.localeOf(body.user.id);
    const errors = async (block: string, message: (locale: Locale) => string) =>
      ack({ response_action: "errors", errors: { [block]: message(await reader) } });
    const metadata = parseMetadata(reviewMetadataSchema, view.private_metadata);
    if (!metadata) return errors(REVIEW_BLOCKS.decision, (l) => t(l, "review.error.lost"));
    const state = stateReader(view.state?.values);
    const decision = decisionSchema.safeParse(state.selected(REVIEW_BLOCKS.decision));
    if (!decision.success) return errors(REVIEW_BLOCKS.decision, (l) => t(l, "review.error.chooseDecision"));
    const comment = state.text(REVIEW_BLOCKS.comment) ?? "";
    const commentProblem = textProblem(comment, TEXT_LIMITS.comment);
    if (commentProblem) return errors(REVIEW_BLOCKS.comment, () => commentProblem);
    const id = metadata.requestId;
    // Checked again here: the button was clicked earlier, perhaps by someone who is no longer an approver.
    if (!(await approvers.isApprover(body.user.id))) {
      await recordRefusal(deps, id, body.user.id, `decide: ${decision.data}`);
      const refusal = approvers.refusal(body.user.id);
      return errors(REVIEW_BLOCKS.decision, (l) => reasonIn(l, refusal));
    }
    const result = await decideRequest(deps, id, body.user.id, decision.data, comment, metadata.shown);
    if (!result.ok)
      return result.field
        ? errors(REVIEW_BLOCKS[result.field], (l) => reasonIn(l, result.reason))
        : errors(REVIEW_BLOCKS.decision, (l) =>
            t(l, "review.error.notRecorded", { reason: reasonIn(l, result.reason) }),
          );
    await ack();
  }

  return { handleReviewSubmission };
}
