import { parseMetadata } from "../../slack/parse.js";
import { stateReader, TEXT_LIMITS, textProblem } from "../fields.js";
import { REVIEW_BLOCKS } from "../ids.js";
import { type ContractDeps, decideRequest, recordRefusal } from "../service.js";
import { decisionSchema } from "../state.js";
import { reviewMetadataSchema } from "../views/review-modal.js";
import type { Submission } from "./support.js";

/** The review modal's submission: a decision, checked again on the server, recorded once. */
export function reviewHandlers(deps: ContractDeps) {
  const { approvers } = deps;

  /** Every refusal answers in the modal, under the field it is about. */
  async function handleReviewSubmission({ ack, view, body }: Submission) {
    const errors = (block: string, message: string) =>
      ack({ response_action: "errors", errors: { [block]: message } });
    const metadata = parseMetadata(reviewMetadataSchema, view.private_metadata);
    if (!metadata)
      return errors(
        REVIEW_BLOCKS.decision,
        "This form has lost its request: close it and open Review again.",
      );
    const state = stateReader(view.state?.values);
    const decision = decisionSchema.safeParse(state.selected(REVIEW_BLOCKS.decision));
    if (!decision.success) return errors(REVIEW_BLOCKS.decision, "Choose a decision.");
    const comment = state.text(REVIEW_BLOCKS.comment) ?? "";
    const commentProblem = textProblem(comment, TEXT_LIMITS.comment);
    if (commentProblem) return errors(REVIEW_BLOCKS.comment, commentProblem);
    const id = metadata.requestId;
    // Checked again here: the button was clicked earlier, perhaps by someone who is no longer an approver.
    if (!(await approvers.isApprover(body.user.id))) {
      await recordRefusal(deps, id, body.user.id, `decide: ${decision.data}`);
      return errors(REVIEW_BLOCKS.decision, approvers.refusal(body.user.id));
    }
    const result = await decideRequest(deps, id, body.user.id, decision.data, comment, metadata.shown);
    if (!result.ok)
      return result.field
        ? errors(REVIEW_BLOCKS[result.field], result.reason)
        : errors(REVIEW_BLOCKS.decision, `Not recorded: ${result.reason}.`);
    await ack();
  }

  return { handleReviewSubmission };
}
