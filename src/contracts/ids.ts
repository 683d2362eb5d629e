/** Slack ids of the contracts feature: callback ids, action ids, block ids. */
export const CONTRACT_VIEWS = {
  intake: "contract_intake",
  review: "contract_review",
} as const;

export const CONTRACT_ACTIONS = {
  /** Opens the intake modal; the value may carry an account id (health card, renewal reminder). */
  open: "contract_open",
  /** The type select in the intake modal: changes which fields show. */
  type: "contract_type",
  /** The account typeahead. */
  account: "contract_account",
  assign: "contract_assign",
  review: "contract_review_open",
  /** A request, read-only, for anyone (a renewal reminder's "Open CR-12"). */
  view: "contract_view",
  /** In the requester's DM after "Request changes". */
  edit: "contract_edit",
} as const;

/** Block ids of the intake and review modals: field errors are keyed by them. */
export const INTAKE_BLOCKS = {
  account: "account",
  type: "type",
  amount: "amount",
  currency: "currency",
  term: "term",
  startDate: "start_date",
  endDate: "end_date",
  dueDate: "due_date",
  priority: "priority",
  links: "links",
  notes: "notes",
} as const;

export const REVIEW_BLOCKS = { decision: "decision", comment: "comment" } as const;
