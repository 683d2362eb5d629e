import { ENGLISH, type Translator } from "../i18n/index.js";
import { idFrom } from "../slack/parse.js";
import {
  parseAmount,
  parseDay,
  parseLinks,
  parseTerm,
  stateReader,
  TEXT_LIMITS,
  textProblem,
} from "./fields.js";
import { CONTRACT_ACTIONS, INTAKE_BLOCKS } from "./ids.js";
import {
  isCurrencyCode,
  isPriority,
  isRequestType,
  type Priority,
  REQUEST_TYPES,
  type RequestField,
  type RequestType,
} from "./types.js";

/** Reading what the intake modal (views/intake-modal.ts) sends back. Pure. */

/** A request as the intake modal produced it, checked. */
export interface IntakeInput {
  accountId: number;
  type: RequestType;
  amount: number | null;
  currency: string | null;
  termMonths: number | null;
  startDate: Date | null;
  endDate: Date | null;
  dueDate: Date;
  priority: Priority;
  links: string[];
  notes: string | null;
}

/** The type currently chosen in a modal's state (to redraw it with that type's fields). */
export function selectedType(values: unknown): RequestType | undefined {
  const chosen = stateReader(values).selected(INTAKE_BLOCKS.type, CONTRACT_ACTIONS.type);
  return chosen !== undefined && isRequestType(chosen) ? chosen : undefined;
}

/**
 * Reads and checks the submitted modal: everything Slack's client checks is checked again here
 * (a forged payload skips the client), and each problem answers under its field. Returns the
 * input, or errors keyed by block id, in the reader's language (`tr`). `today` is the team's
 * calendar date.
 */
export function parseIntake(
  values: unknown,
  today: Date,
  tr: Translator = ENGLISH,
): { ok: true; input: IntakeInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const state = stateReader(values);
  const plain = (block: string) => state.text(block)?.trim() || undefined;
  const date = (block: string) => {
    const raw = state.date(block);
    if (!raw) return undefined;
    const day = parseDay(raw, tr);
    if (day.ok) return day.value;
    errors[block] = day.error;
    return undefined;
  };

  const accountId = idFrom(state.selected(INTAKE_BLOCKS.account, CONTRACT_ACTIONS.account));
  if (accountId === undefined) errors[INTAKE_BLOCKS.account] = tr.t("intake.error.account");
  const type = selectedType(values);
  if (!type) errors[INTAKE_BLOCKS.type] = tr.t("intake.error.type");
  const spec = REQUEST_TYPES[type ?? "renewal"];
  const requiredFields: readonly RequestField[] = spec.required;
  const required = (f: RequestField) => requiredFields.includes(f);
  const typeWords = { type: type ?? "renewal", label: tr.t(`contract.type.${type ?? "renewal"}`) };

  let amount: number | null = null;
  const amountRaw = plain(INTAKE_BLOCKS.amount);
  if (amountRaw !== undefined) {
    const parsed = parseAmount(amountRaw, tr);
    if (parsed.ok) amount = parsed.value;
    else errors[INTAKE_BLOCKS.amount] = parsed.error;
  } else if (type && required("amount")) {
    errors[INTAKE_BLOCKS.amount] = tr.t("intake.error.amountNeeded", typeWords);
  }
  // Upper-case ISO 4217 only: the approval policy's thresholds are keyed by the exact code.
  const currency = amount !== null ? (state.selected(INTAKE_BLOCKS.currency) ?? "USD") : null;
  if (currency !== null && !isCurrencyCode(currency))
    errors[INTAKE_BLOCKS.currency] = tr.t("intake.error.currency");

  let termMonths: number | null = null;
  const termRaw = plain(INTAKE_BLOCKS.term);
  if (termRaw !== undefined) {
    const parsed = parseTerm(termRaw, tr);
    if (parsed.ok) termMonths = parsed.value;
    else errors[INTAKE_BLOCKS.term] = parsed.error;
  }

  const startDate = date(INTAKE_BLOCKS.startDate) ?? null;
  const endDate = date(INTAKE_BLOCKS.endDate) ?? null;
  if (type && required("endDate") && !endDate && !errors[INTAKE_BLOCKS.endDate])
    errors[INTAKE_BLOCKS.endDate] = tr.t("intake.error.endDateNeeded", typeWords);
  if (startDate && endDate && endDate <= startDate)
    errors[INTAKE_BLOCKS.endDate] = tr.t("intake.error.endBeforeStart");

  const dueDate = date(INTAKE_BLOCKS.dueDate);
  if (!dueDate) errors[INTAKE_BLOCKS.dueDate] ??= tr.t("intake.error.dueDate");
  else if (dueDate < today)
    errors[INTAKE_BLOCKS.dueDate] = tr.t("intake.error.duePassed", { day: tr.day(today) });

  const priorityRaw = state.selected(INTAKE_BLOCKS.priority) ?? "normal";
  const priority = isPriority(priorityRaw) ? priorityRaw : undefined;
  if (!priority) errors[INTAKE_BLOCKS.priority] = tr.t("intake.error.priority");

  const links = parseLinks(state.text(INTAKE_BLOCKS.links) ?? "", tr);
  if (!links.ok) errors[INTAKE_BLOCKS.links] = links.error;

  const notes = state.text(INTAKE_BLOCKS.notes) ?? "";
  const notesProblem = textProblem(notes, TEXT_LIMITS.notes, tr);
  if (notesProblem) errors[INTAKE_BLOCKS.notes] = notesProblem;

  if (Object.keys(errors).length > 0 || accountId === undefined || !type || !dueDate || !priority)
    return { ok: false, errors };
  return {
    ok: true,
    input: {
      accountId,
      type,
      amount,
      currency,
      termMonths,
      startDate,
      endDate,
      dueDate,
      priority,
      links: links.ok ? links.value : [],
      notes: notes.trim() || null,
    },
  };
}
