import type { WebhookEventType } from "./events.js";

/**
 * Each event's data (pure), in snake_case, from what the feature already holds; the account
 * ({id, external_id, name}) is added by `emitWebhookEvent`. docs/webhooks.md shows one of each.
 * Structural inputs: this module imports no feature.
 */

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const instant = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** An alert as the alerts feature records it. */
export interface AlertFacts {
  id: number;
  version: number;
  status: string;
  cause: string;
  reason: string;
  severity: number;
  acknowledgedBy?: string | null;
  acknowledgedAt?: Date | null;
  resolvedAt?: Date | null;
  createdAt: Date;
  details?: { resolution?: string };
}

export function alertEventData(alert: AlertFacts): Record<string, unknown> {
  return {
    alert: {
      id: alert.id,
      status: alert.status,
      cause: alert.cause,
      reason: alert.reason,
      severity: alert.severity,
      opened_at: instant(alert.createdAt),
      acknowledged_by: alert.acknowledgedBy ?? null,
      acknowledged_at: instant(alert.acknowledgedAt),
      resolved_at: instant(alert.resolvedAt),
      resolution: alert.details?.resolution ?? null,
    },
  };
}

/** The event an alert's new status reports, if any (snoozes and wake-ups report none). */
export function alertEventType(status: string): WebhookEventType | undefined {
  if (status === "acknowledged") return "alert.acknowledged";
  if (status === "resolved") return "alert.resolved";
  return undefined;
}

/** A contract request as the contracts feature reads it. */
export interface RequestFacts {
  id: number;
  number: number;
  version?: number;
  type: string;
  status: string;
  priority: string;
  amount: number | null;
  currency: string | null;
  termMonths: number | null;
  startDate: Date | null;
  endDate: Date | null;
  dueDate: Date | null;
  requesterId: string;
  assigneeId: string | null;
  approvals: { step: string; userId: string; at: string; onBehalfOf?: string }[];
  stage?: string | null;
  documentUrl?: string | null;
}

export function requestEventData(
  request: RequestFacts,
  change: { actorId: string; comment?: string | null },
): Record<string, unknown> {
  return {
    request: {
      id: request.id,
      number: request.number,
      label: `CR-${request.number}`,
      type: request.type,
      status: request.status,
      priority: request.priority,
      amount: request.amount,
      currency: request.currency,
      term_months: request.termMonths,
      start_date: day(request.startDate),
      end_date: day(request.endDate),
      needed_by: day(request.dueDate),
      requester_id: request.requesterId,
      assignee_id: request.assigneeId,
      approvals: request.approvals.map((a) => ({
        step: a.step,
        user_id: a.userId,
        at: a.at,
        on_behalf_of: a.onBehalfOf ?? null,
      })),
      stage: request.stage ?? null,
      document_url: request.documentUrl ?? null,
    },
    actor_id: change.actorId,
    comment: change.comment || null,
  };
}

/**
 * The event a request's audited change reports, if any: the final approval (not one step of
 * two), a rejection, a resubmission, reaching the stage that records the signed document.
 */
export function requestEventType(
  action: string,
  isSignedStage: (key: string) => boolean,
): WebhookEventType | undefined {
  if (action === "approved") return "request.approved";
  if (action === "rejected") return "request.rejected";
  if (action === "resubmitted") return "request.submitted";
  if (action.startsWith("stage:") && isSignedStage(action.slice("stage:".length))) return "request.signed";
  return undefined;
}

export function renewalEventData(reminder: {
  renewalDate: Date;
  windowDays: number;
  daysLeft: number;
  arr: number;
  currency: string;
  ownerSlackId: string | null;
}): Record<string, unknown> {
  return {
    renewal: {
      renewal_date: day(reminder.renewalDate),
      window_days: reminder.windowDays,
      days_left: reminder.daysLeft,
      arr: reminder.arr,
      currency: reminder.currency,
      owner_slack_id: reminder.ownerSlackId,
    },
  };
}
