import type { types } from "@slack/bolt";
import { z } from "zod";
import { clip, shorten } from "../../text.js";
import { isoDay } from "../../time.js";
import { MAX_LINKS, TEXT_LIMITS } from "../fields.js";
import { CONTRACT_ACTIONS, CONTRACT_VIEWS, INTAKE_BLOCKS } from "../ids.js";
import { STATUSES, type Status } from "../state.js";
import {
  CURRENCIES,
  isCurrencyCode,
  PRIORITIES,
  type Priority,
  REQUEST_TYPE_KEYS,
  REQUEST_TYPES,
  type RequestField,
  type RequestType,
  requestLabel,
} from "../types.js";

/**
 * The intake modal: a new request, or one sent back being edited. Fields that depend on the
 * request type appear with it (intake-form.ts reads what comes back).
 */

/** What the modal carries between Slack and us (3,000 characters at most: a few ids). */
export const intakeMetadataSchema = z.object({
  /** Editing a request sent back with "Request changes". */
  requestId: z.number().int().positive().max(2_147_483_647).optional(),
});
export type IntakeMetadata = z.infer<typeof intakeMetadataSchema>;

/** Values to show in the modal: a new request's prefill, or the request being edited. */
export interface IntakePrefill {
  account?: { id: number; name: string };
  /** What `/contract <text>` was given when it did not name one account: said under the field. */
  accountQuery?: { typed: string; matched: "several" | "none" };
  type?: RequestType;
  amount?: number | null;
  currency?: string | null;
  termMonths?: number | null;
  startDate?: Date | null;
  endDate?: Date | null;
  dueDate?: Date | null;
  priority?: Priority;
  links?: string[];
  notes?: string | null;
  /** A renewal request already covering this renewal (renewal-cover.ts): the form says so first. */
  coveredBy?: { number: number; status: Status; startDate: Date | null };
}

/** "⚠️ CR-1042 Renewal is already approved for this renewal (start 2027-01-06)…". */
export function coverWarning(cover: NonNullable<IntakePrefill["coveredBy"]>): string {
  const label = requestLabel(cover.number);
  const start = cover.startDate ? ` (start ${isoDay(cover.startDate)})` : "";
  return `⚠️ *${label} Renewal is already ${STATUSES[cover.status].toLowerCase()}* for this renewal${start}. Open ${label} instead of logging a second one; to log another on purpose, mention ${label} in the notes.`;
}

const text = (value: string): types.PlainTextElement => ({ type: "plain_text", text: value });
const option = (value: string, label: string): types.PlainTextOption => ({
  text: text(label.slice(0, 75)),
  value,
});

/** How much of what was typed the account field's hint echoes back. */
const ECHO_CHARS = 60;

/** Why the account field is empty although an account was named: several matched, or none. */
function accountHint(query: IntakePrefill["accountQuery"]): string | undefined {
  if (!query) return undefined;
  const typed = shorten(query.typed, ECHO_CHARS);
  return query.matched === "several"
    ? `Several accounts match “${typed}”: pick one.`
    : `No account matches “${typed}”: pick one.`;
}

/** Slack's limit on an option's text. */
const OPTION_TEXT = 75;

/**
 * An account as the account select offers it: its name and CRM id ("Globex Corporation ·
 * CRM-0003"), since several accounts can share a name's start. The name is cut, not the id,
 * to fit Slack's 75 characters. Without an id (a label read back from the form), the text as is.
 */
export function accountOption(account: { id: number; name: string; externalId?: string }) {
  if (!account.externalId) return option(String(account.id), clip(account.name, OPTION_TEXT));
  const id = ` · ${clip(account.externalId, 30)}`;
  return option(String(account.id), `${clip(account.name, OPTION_TEXT - id.length)}${id}`);
}

function input(
  blockId: string,
  label: string,
  element: types.InputBlock["element"],
  optional = false,
  hint?: string,
): types.InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: text(label),
    element,
    optional,
    ...(hint ? { hint: text(hint) } : {}),
  };
}

function datepicker(
  blockId: string,
  label: string,
  initial: Date | null | undefined,
  optional: boolean,
): types.InputBlock {
  return input(
    blockId,
    label,
    { type: "datepicker", action_id: blockId, ...(initial ? { initial_date: isoDay(initial) } : {}) },
    optional,
  );
}

export function buildIntakeModal(prefill: IntakePrefill, metadata: IntakeMetadata = {}): types.ModalView {
  const type = prefill.type ?? "renewal";
  const spec = REQUEST_TYPES[type];
  const fields: readonly RequestField[] = spec.fields;
  const requiredFields: readonly RequestField[] = spec.required;
  const shows = (field: RequestField) => fields.includes(field);
  const required = (field: RequestField) => requiredFields.includes(field);
  // Slack refuses a modal whose initial option is not among its options: an account's own
  // currency joins the list.
  const currency = prefill.currency && isCurrencyCode(prefill.currency) ? prefill.currency : "USD";
  const currencies: string[] = [...CURRENCIES];
  if (!currencies.includes(currency)) currencies.push(currency);
  const blocks: types.KnownBlock[] = [
    ...(prefill.coveredBy
      ? [
          {
            type: "context",
            elements: [{ type: "mrkdwn", text: coverWarning(prefill.coveredBy) }],
          } satisfies types.ContextBlock,
        ]
      : []),
    input(
      INTAKE_BLOCKS.account,
      "Account",
      {
        type: "external_select",
        action_id: CONTRACT_ACTIONS.account,
        min_query_length: 1,
        placeholder: text("Type a name, domain or CRM id"),
        ...(prefill.account ? { initial_option: accountOption(prefill.account) } : {}),
      },
      false,
      prefill.account ? undefined : accountHint(prefill.accountQuery),
    ),
    {
      type: "input",
      block_id: INTAKE_BLOCKS.type,
      dispatch_action: true,
      label: text("Request type"),
      element: {
        type: "static_select",
        action_id: CONTRACT_ACTIONS.type,
        options: REQUEST_TYPE_KEYS.map((key) => option(key, REQUEST_TYPES[key].label)),
        initial_option: option(type, spec.label),
      },
    },
  ];
  if (shows("amount")) {
    blocks.push(
      input(
        INTAKE_BLOCKS.amount,
        "Amount",
        {
          type: "number_input",
          action_id: INTAKE_BLOCKS.amount,
          is_decimal_allowed: true,
          ...(prefill.amount ? { initial_value: String(prefill.amount) } : {}),
        },
        !required("amount"),
      ),
      input(INTAKE_BLOCKS.currency, "Currency", {
        type: "static_select",
        action_id: INTAKE_BLOCKS.currency,
        options: currencies.map((c) => option(c, c)),
        initial_option: option(currency, currency),
      }),
    );
  }
  if (shows("term")) {
    blocks.push(
      input(
        INTAKE_BLOCKS.term,
        "Contract term (months)",
        {
          type: "number_input",
          action_id: INTAKE_BLOCKS.term,
          is_decimal_allowed: false,
          min_value: "1",
          max_value: "120",
          ...(prefill.termMonths ? { initial_value: String(prefill.termMonths) } : {}),
        },
        true,
      ),
    );
  }
  if (shows("startDate"))
    blocks.push(datepicker(INTAKE_BLOCKS.startDate, "Start date", prefill.startDate, !required("startDate")));
  if (shows("endDate"))
    blocks.push(datepicker(INTAKE_BLOCKS.endDate, "End date", prefill.endDate, !required("endDate")));
  blocks.push(
    datepicker(INTAKE_BLOCKS.dueDate, "Needed by", prefill.dueDate, false),
    input(INTAKE_BLOCKS.priority, "Priority", {
      type: "static_select",
      action_id: INTAKE_BLOCKS.priority,
      options: Object.entries(PRIORITIES).map(([value, label]) => option(value, label)),
      initial_option: option(prefill.priority ?? "normal", PRIORITIES[prefill.priority ?? "normal"]),
    }),
    input(
      INTAKE_BLOCKS.links,
      "Links to the documents",
      {
        type: "plain_text_input",
        action_id: INTAKE_BLOCKS.links,
        multiline: true,
        max_length: TEXT_LIMITS.links,
        ...(prefill.links?.length ? { initial_value: prefill.links.join("\n") } : {}),
      },
      true,
      `One link per line (https://…), ${MAX_LINKS} at most`,
    ),
    input(
      INTAKE_BLOCKS.notes,
      "Notes for CS Ops",
      {
        type: "plain_text_input",
        action_id: INTAKE_BLOCKS.notes,
        multiline: true,
        max_length: TEXT_LIMITS.notes,
        ...(prefill.notes ? { initial_value: prefill.notes } : {}),
      },
      true,
    ),
  );
  const editing = metadata.requestId !== undefined;
  return {
    type: "modal",
    callback_id: CONTRACT_VIEWS.intake,
    title: text(editing ? "Edit request" : "Contract request"),
    submit: text(editing ? "Resubmit" : "Submit"),
    close: text("Cancel"),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}
