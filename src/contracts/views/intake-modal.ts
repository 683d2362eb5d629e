import type { types } from "@slack/bolt";
import { z } from "zod";
import { ENGLISH, type Translator } from "../../i18n/index.js";
import { clip, shorten } from "../../text.js";
import { isoDay } from "../../time.js";
import { MAX_LINKS, TEXT_LIMITS } from "../fields.js";
import { CONTRACT_ACTIONS, CONTRACT_VIEWS, INTAKE_BLOCKS } from "../ids.js";
import type { Status } from "../state.js";
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

/** "⚠️ CR-1042 Renewal is already approved for this renewal (start 2027-01-06)…", in the reader's language. */
export function coverWarning(
  cover: NonNullable<IntakePrefill["coveredBy"]>,
  tr: Translator = ENGLISH,
): string {
  const label = requestLabel(cover.number);
  const status = tr.t(`contract.status.${cover.status}`);
  return cover.startDate
    ? tr.t("intake.coverStart", { label, status, start: tr.day(cover.startDate) })
    : tr.t("intake.cover", { label, status });
}

const text = (value: string): types.PlainTextElement => ({ type: "plain_text", text: value });
const option = (value: string, label: string): types.PlainTextOption => ({
  text: text(label.slice(0, 75)),
  value,
});

/** How much of what was typed the account field's hint echoes back. */
const ECHO_CHARS = 60;

/** Why the account field is empty although an account was named: several matched, or none. */
function accountHint(query: IntakePrefill["accountQuery"], tr: Translator): string | undefined {
  if (!query) return undefined;
  const typed = shorten(query.typed, ECHO_CHARS);
  return tr.t(query.matched === "several" ? "intake.accountSeveral" : "intake.accountNone", { typed });
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

/** The intake modal in the reader's language (`tr`; English by default). */
export function buildIntakeModal(
  prefill: IntakePrefill,
  metadata: IntakeMetadata = {},
  tr: Translator = ENGLISH,
): types.ModalView {
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
  const priorities = Object.keys(PRIORITIES) as Priority[];
  const priority = prefill.priority ?? "normal";
  if (!currencies.includes(currency)) currencies.push(currency);
  const blocks: types.KnownBlock[] = [
    ...(prefill.coveredBy
      ? [
          {
            type: "context",
            elements: [{ type: "mrkdwn", text: coverWarning(prefill.coveredBy, tr) }],
          } satisfies types.ContextBlock,
        ]
      : []),
    input(
      INTAKE_BLOCKS.account,
      tr.t("intake.account"),
      {
        type: "external_select",
        action_id: CONTRACT_ACTIONS.account,
        min_query_length: 1,
        placeholder: text(tr.t("intake.accountPlaceholder")),
        ...(prefill.account ? { initial_option: accountOption(prefill.account) } : {}),
      },
      false,
      prefill.account ? undefined : accountHint(prefill.accountQuery, tr),
    ),
    {
      type: "input",
      block_id: INTAKE_BLOCKS.type,
      dispatch_action: true,
      label: text(tr.t("intake.type")),
      element: {
        type: "static_select",
        action_id: CONTRACT_ACTIONS.type,
        options: REQUEST_TYPE_KEYS.map((key) => option(key, tr.t(`contract.type.${key}`))),
        initial_option: option(type, tr.t(`contract.type.${type}`)),
      },
    },
  ];
  if (shows("amount")) {
    blocks.push(
      input(
        INTAKE_BLOCKS.amount,
        tr.t("intake.amount"),
        {
          type: "number_input",
          action_id: INTAKE_BLOCKS.amount,
          is_decimal_allowed: true,
          ...(prefill.amount ? { initial_value: String(prefill.amount) } : {}),
        },
        !required("amount"),
      ),
      input(INTAKE_BLOCKS.currency, tr.t("intake.currency"), {
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
        tr.t("intake.term"),
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
    blocks.push(
      datepicker(
        INTAKE_BLOCKS.startDate,
        tr.t("intake.startDate"),
        prefill.startDate,
        !required("startDate"),
      ),
    );
  if (shows("endDate"))
    blocks.push(
      datepicker(INTAKE_BLOCKS.endDate, tr.t("intake.endDate"), prefill.endDate, !required("endDate")),
    );
  blocks.push(
    datepicker(INTAKE_BLOCKS.dueDate, tr.t("intake.dueDate"), prefill.dueDate, false),
    input(INTAKE_BLOCKS.priority, tr.t("intake.priority"), {
      type: "static_select",
      action_id: INTAKE_BLOCKS.priority,
      options: priorities.map((value) => option(value, tr.t(`intake.priority.${value}`))),
      initial_option: option(priority, tr.t(`intake.priority.${priority}`)),
    }),
    input(
      INTAKE_BLOCKS.links,
      tr.t("intake.links"),
      {
        type: "plain_text_input",
        action_id: INTAKE_BLOCKS.links,
        multiline: true,
        max_length: TEXT_LIMITS.links,
        ...(prefill.links?.length ? { initial_value: prefill.links.join("\n") } : {}),
      },
      true,
      tr.t("intake.linksHint", { max: MAX_LINKS }),
    ),
    input(
      INTAKE_BLOCKS.notes,
      tr.t("intake.notes"),
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
    title: text(tr.t(editing ? "intake.titleEdit" : "intake.title")),
    submit: text(tr.t(editing ? "intake.submitEdit" : "intake.submit")),
    close: text(tr.t("intake.close")),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}
