/**
 * Slack ids of the contracts' life cycle and cover: reassign, unassign, withdraw, the stages
 * after approval, and `/csops away`'s modal. `COVER_ACTIONS.open` opens the cover modal from
 * anywhere (App Home's "Away / cover" button).
 */
export const LIFECYCLE_ACTIONS = {
  /** Opens the reassign modal (CS Ops). */
  reassign: "contract_reassign_open",
  /** Puts a waiting request back in the pool (CS Ops). */
  unassign: "contract_unassign",
  /** Opens the withdraw modal (the requester); its value is the request's id. */
  withdraw: "contract_withdraw_open",
  /** Moves an approved request to its next stage; its value is "<request id>:<stage key>". */
  stage: "contract_stage",
} as const;

export const LIFECYCLE_VIEWS = {
  reassign: "contract_reassign",
  withdraw: "contract_withdraw",
  /** The stage that asks for the signed document's link. */
  document: "contract_document",
} as const;

export const COVER_ACTIONS = { open: "cover_open" } as const;
export const COVER_VIEWS = { set: "cover_set" } as const;

/** Block ids of these modals: field errors are keyed by them. */
export const LIFECYCLE_BLOCKS = {
  reason: "reason",
  assignee: "assignee",
  documentUrl: "document_url",
  from: "from",
  to: "to",
  delegate: "delegate",
} as const;
