import type { AllMiddlewareArgs, RespondFn, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { NOT_AN_APPROVER } from "../slack/approvers.js";
import type { Registry } from "../slack/registry.js";
import { idOf, stateReader, TEXT_LIMITS, textProblem } from "./fields.js";
import { CONTRACT_ACTIONS, CONTRACT_VIEWS, REVIEW_BLOCKS } from "./ids.js";
import { buildIntakeModal } from "./intake.js";
import { parseMetadata, tell } from "./listener-support.js";
import {
  assignRequest,
  type ContractDeps,
  decideRequest,
  loadRequest,
  recordRefusal,
  requestDigest,
} from "./service.js";
import { DECISIONS, type Decision, decide, requiredSteps, STATUSES, WAITING_ON_CS_OPS } from "./state.js";
import { buildReviewModal } from "./views.js";

/** What the review modal carries: the request, and its version when the modal opened. */
const reviewMetadataSchema = z.object({
  requestId: z.number().int().positive().max(2_147_483_647),
  version: z.number().int().nonnegative().optional(),
  shown: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
});

/** The decision radio's value: one of its options, an own key (no "toString", no "__proto__"). */
const decisionSchema = z.enum(Object.keys(DECISIONS) as [Decision, ...Decision[]]);

type Clicker = { user: { id: string }; response_url?: string; trigger_id?: string };

/** The queue's buttons (assign, review), the review modal's decision, and the requester's Edit. */
export function registerQueue(registry: Registry, deps: ContractDeps): void {
  const { prisma, clock, approvers } = deps;

  /** Only CS Ops approvers may act on the queue: anyone else is told, and the attempt audited. */
  async function allowed(body: Clicker, id: number, what: string, respond: RespondFn, client: WebClient) {
    if (await approvers.isApprover(body.user.id)) return true;
    await recordRefusal(prisma, id, body.user.id, what);
    await tell(body, respond, client, NOT_AN_APPROVER);
    return false;
  }

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
    // Approve is left out where it would be refused on who the reviewer is (their own request,
    // a step that is not theirs); the submission is checked again all the same.
    const steps = requiredSteps(request, deps.policy);
    const actorSteps = await approvers.stepsOf(body.user.id, steps);
    const dryRun = decide(request, {
      actor: body.user.id,
      decision: "approve",
      comment: "",
      actorSteps,
      policy: deps.policy,
      now: clock(),
    });
    await client.views.open({
      trigger_id: (body as Clicker).trigger_id ?? "",
      view: buildReviewModal(
        request,
        steps,
        clock(),
        { requestId: id, version: request.version, shown: requestDigest(request) },
        { approveRefused: !dryRun.ok && dryRun.forbidden ? dryRun.reason : undefined },
      ),
    });
  });

  async function handleReviewSubmission({ ack, view, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) {
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
      await recordRefusal(prisma, id, body.user.id, `decide: ${decision.data}`);
      return errors(REVIEW_BLOCKS.decision, NOT_AN_APPROVER);
    }
    if (decision.data !== "approve" && !comment.trim())
      return errors(REVIEW_BLOCKS.comment, "Say why: the comment goes to the requester.");
    const result = await decideRequest(deps, id, body.user.id, decision.data, comment, metadata.shown);
    if (!result.ok) return errors(REVIEW_BLOCKS.decision, `Not recorded: ${result.reason}.`);
    await ack();
  }
  registry.view(CONTRACT_VIEWS.review, handleReviewSubmission);

  registry.action(CONTRACT_ACTIONS.edit, async ({ ack, body, action, client, respond }) => {
    await ack();
    const id = idOf("value" in action ? action.value : undefined);
    const request = id ? await loadRequest(prisma, id) : undefined;
    if (!request || request.requesterId !== body.user.id || request.status !== "changes_requested") {
      if (request) {
        const reason =
          request.requesterId !== body.user.id
            ? "only the requester can edit it"
            : `it is ${STATUSES[request.status].toLowerCase()}, not waiting for changes`;
        await recordRefusal(prisma, request.id, body.user.id, "edit", reason);
      }
      await tell(body, respond, client, "That request is not waiting for your changes.");
      return;
    }
    await client.views.open({
      trigger_id: (body as Clicker).trigger_id ?? "",
      view: buildIntakeModal({ ...request, account: request.account }, { requestId: request.id }),
    });
  });
}
