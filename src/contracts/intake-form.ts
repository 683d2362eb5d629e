import { idFrom } from "../slack/parse.js";
import { isoDay } from "../time.js";
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

const article = (word: string) => (/^[aeiou]/i.test(word) ? "An" : "A");

/**
 * Reads and checks the submitted modal: everything Slack's client checks is checked again here
 * (a forged payload skips the client), and each problem answers under its field. Returns the
 * input, or errors keyed by block id. `today` is the team's calendar date.
 */
export function parseIntake(
  values: unknown,
  today: Date,
): { ok: true; input: IntakeInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const state = stateReader(values);
  const plain = (block: string) => state.text(block)?.trim() || undefined;
  const date = (block: string) => {
    const raw = state.date(block);
    if (!raw) return undefined;
    const day = parseDay(raw);
    if (day.ok) return day.value;
    errors[block] = day.error;
    return undefined;
  };

  const accountId = idFrom(state.selected(INTAKE_BLOCKS.account, CONTRACT_ACTIONS.account));
  if (accountId === undefined) errors[INTAKE_BLOCKS.account] = "Choose the account.";
  const type = selectedType(values);
  if (!type) errors[INTAKE_BLOCKS.type] = "Choose a request type.";
  const spec = REQUEST_TYPES[type ?? "renewal"];
  const requiredFields: readonly RequestField[] = spec.required;
  const required = (f: RequestField) => requiredFields.includes(f);

  let amount: number | null = null;
  const amountRaw = plain(INTAKE_BLOCKS.amount);
  if (amountRaw !== undefined) {
    const parsed = parseAmount(amountRaw);
    if (parsed.ok) amount = parsed.value;
    else errors[INTAKE_BLOCKS.amount] = parsed.error;
  } else if (type && required("amount")) {
    errors[INTAKE_BLOCKS.amount] = `${article(spec.label)} ${spec.label.toLowerCase()} needs an amount.`;
  }
  // Upper-case ISO 4217 only: the approval policy's thresholds are keyed by the exact code.
  const currency = amount !== null ? (state.selected(INTAKE_BLOCKS.currency) ?? "USD") : null;
  if (currency !== null && !isCurrencyCode(currency))
    errors[INTAKE_BLOCKS.currency] = "Choose a currency from the list.";

  let termMonths: number | null = null;
  const termRaw = plain(INTAKE_BLOCKS.term);
  if (termRaw !== undefined) {
    const parsed = parseTerm(termRaw);
    if (parsed.ok) termMonths = parsed.value;
    else errors[INTAKE_BLOCKS.term] = parsed.error;
  }

  const startDate = date(INTAKE_BLOCKS.startDate) ?? null;
  const endDate = date(INTAKE_BLOCKS.endDate) ?? null;
  if (type && required("endDate") && !endDate && !errors[INTAKE_BLOCKS.endDate])
    errors[INTAKE_BLOCKS.endDate] = `${article(spec.label)} ${spec.label.toLowerCase()} needs an end date.`;
  if (startDate && endDate && endDate <= startDate)
    errors[INTAKE_BLOCKS.endDate] = "The end date must come after the start date.";

  const dueDate = date(INTAKE_BLOCKS.dueDate);
  if (!dueDate) errors[INTAKE_BLOCKS.dueDate] ??= "When is it needed by?";
  else if (dueDate < today)
    errors[INTAKE_BLOCKS.dueDate] = `That date has passed: choose ${isoDay(today)} or later.`;

  const priorityRaw = state.selected(INTAKE_BLOCKS.priority) ?? "normal";
  const priority = isPriority(priorityRaw) ? priorityRaw : undefined;
  if (!priority) errors[INTAKE_BLOCKS.priority] = "Choose a priority from the list.";

  const links = parseLinks(state.text(INTAKE_BLOCKS.links) ?? "");
  if (!links.ok) errors[INTAKE_BLOCKS.links] = links.error;

  const notes = state.text(INTAKE_BLOCKS.notes) ?? "";
  const notesProblem = textProblem(notes, TEXT_LIMITS.notes);
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
