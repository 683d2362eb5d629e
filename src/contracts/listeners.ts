import type { BlockAction, StaticSelectAction } from "@slack/bolt";
import { COMMANDS, SHORTCUTS } from "../slack/ids.js";
import type { ButtonClick, Registry } from "../slack/registry.js";
import { registerCover } from "./cover-listeners.js";
import { CONTRACT_ACTIONS, CONTRACT_VIEWS } from "./ids.js";
import { LIFECYCLE_ACTIONS, LIFECYCLE_VIEWS } from "./lifecycle-ids.js";
import { editHandlers } from "./listeners/edit.js";
import { intakeFormHandlers } from "./listeners/intake-form.js";
import { intakeSubmissionHandlers } from "./listeners/intake-submission.js";
import { lifecycleHandlers } from "./listeners/lifecycle.js";
import { openHandlers } from "./listeners/open.js";
import { queueHandlers } from "./listeners/queue.js";
import { reviewHandlers } from "./listeners/review.js";
import type { ContractDeps } from "./service.js";

/**
 * Every contracts surface and its handler (one file each in listeners/; `/csops queue` is in
 * csops-listeners.ts). Logic lives in the services; failures reach the app's one failure
 * handler unless a handler answers them on purpose.
 */
export function registerContracts(registry: Registry, deps: ContractDeps): void {
  const open = openHandlers(deps);
  const form = intakeFormHandlers(deps);
  const intake = intakeSubmissionHandlers(deps);
  const queue = queueHandlers(deps);
  const review = reviewHandlers(deps);
  const edit = editHandlers(deps);

  registry.command(COMMANDS.contract, open.handleContractCommand);
  registry.globalShortcut(SHORTCUTS.logContractRequest, open.handleLogShortcut);
  registry.action<ButtonClick>(CONTRACT_ACTIONS.open, open.handleOpenButton);
  registry.action<BlockAction<StaticSelectAction>>(CONTRACT_ACTIONS.type, form.handleTypeChange);
  registry.options(CONTRACT_ACTIONS.account, form.handleAccountSearch);
  registry.view(CONTRACT_VIEWS.intake, intake.handleIntakeSubmission);
  registry.action<ButtonClick>(CONTRACT_ACTIONS.assign, queue.handleAssign);
  registry.action<ButtonClick>(CONTRACT_ACTIONS.review, queue.handleOpenReview);
  registry.action<ButtonClick>(CONTRACT_ACTIONS.view, queue.handleOpenDetails);
  registry.view(CONTRACT_VIEWS.review, review.handleReviewSubmission);
  registry.action<ButtonClick>(CONTRACT_ACTIONS.edit, edit.handleEditClick);

  // The life cycle (reassign, unassign, withdraw, stages) and cover (/csops away, its modal).
  const lifecycle = lifecycleHandlers(deps);
  registry.action<ButtonClick>(LIFECYCLE_ACTIONS.reassign, lifecycle.handleReassignOpen);
  registry.action<ButtonClick>(LIFECYCLE_ACTIONS.unassign, lifecycle.handleUnassign);
  registry.action<ButtonClick>(LIFECYCLE_ACTIONS.withdraw, lifecycle.handleWithdrawOpen);
  registry.action<ButtonClick>(LIFECYCLE_ACTIONS.stage, lifecycle.handleStage);
  registry.view(LIFECYCLE_VIEWS.withdraw, lifecycle.handleWithdrawSubmission);
  registry.view(LIFECYCLE_VIEWS.reassign, lifecycle.handleReassignSubmission);
  registry.view(LIFECYCLE_VIEWS.document, lifecycle.handleDocumentSubmission);
  registerCover(registry, deps);
}
