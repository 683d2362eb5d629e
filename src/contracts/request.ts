import type { Approval, Status } from "./state.js";
import type { Priority, RequestType } from "./types.js";

/** A contract request as the services and views work with it (the repository reads it checked). */
export interface RequestDetails {
  id: number;
  number: number;
  type: RequestType;
  status: Status;
  priority: Priority;
  amount: number | null;
  currency: string | null;
  termMonths: number | null;
  startDate: Date | null;
  endDate: Date | null;
  dueDate: Date | null;
  links: string[];
  notes: string | null;
  requesterId: string;
  assigneeId: string | null;
  approvals: Approval[];
  slaDueAt: Date;
  /** When it was (re)submitted: the SLA runs from here. */
  submittedAt?: Date;
  account: { id: number; name: string };
  /** After approval: the stage reached (a key of the policy's stages; null: none yet). */
  stage?: string | null;
  /** The signed document's link, given when it was marked signed. */
  documentUrl?: string | null;
  /** Why the requester withdrew it. */
  withdrawnReason?: string | null;
}

/** A request with its optimistic-concurrency version: bumped by every change. */
export interface Versioned extends RequestDetails {
  version: number;
}

/** A request as a change reads it. */
export interface LoadedRequest extends Versioned {
  /** The audit event of its latest (re)submission: a resubmission, edited or not, makes a new one. */
  submission: number;
}
