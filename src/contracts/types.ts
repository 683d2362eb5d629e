import { z } from "zod";

/**
 * The paperwork CS Ops handle: each request type, the fields it asks for, and how soon CS Ops
 * owe an answer by priority (SLA, business days: src/contracts/sla-plan.ts). Pure data.
 */

export type RequestField = "amount" | "term" | "startDate" | "endDate";

export interface RequestTypeSpec {
  label: string;
  /** Fields the intake modal shows for this type (account, due date, priority, links and notes always). */
  fields: RequestField[];
  /** Fields that must be filled for this type. */
  required: RequestField[];
  /**
   * The SLA in business days by priority (the policy file may change them): Urgent < High <
   * Normal ≤ Low, Normal being the type's usual turnaround.
   */
  sla: Readonly<Record<Priority, number>>;
}

/** An SLA by priority, Normal and Low alike: `[low/normal, high, urgent]`. */
const sla = (normal: number, high: number, urgent: number) => ({ low: normal, normal, high, urgent });

export const REQUEST_TYPES = {
  renewal: {
    label: "Renewal",
    fields: ["amount", "term", "startDate", "endDate"],
    required: ["amount"],
    sla: sla(5, 3, 2),
  },
  upsell: {
    label: "Upsell",
    fields: ["amount", "term", "startDate"],
    required: ["amount"],
    sla: sla(3, 2, 1),
  },
  amendment: { label: "Amendment", fields: ["amount", "startDate"], required: [], sla: sla(5, 3, 2) },
  cancellation: { label: "Cancellation", fields: ["endDate"], required: ["endDate"], sla: sla(3, 2, 1) },
  order_form: {
    label: "Order form",
    fields: ["amount", "term", "startDate"],
    required: ["amount"],
    sla: sla(2, 1, 0.5),
  },
  nda: { label: "NDA", fields: [], required: [], sla: sla(2, 1, 0.5) },
  dpa: { label: "DPA", fields: [], required: [], sla: sla(5, 3, 2) },
  security_review: { label: "Security review", fields: [], required: [], sla: sla(10, 7, 5) },
  po_invoice: { label: "PO / invoice", fields: ["amount"], required: ["amount"], sla: sla(3, 2, 1) },
} as const satisfies Record<string, RequestTypeSpec>;

export type RequestType = keyof typeof REQUEST_TYPES;
export const REQUEST_TYPE_KEYS = Object.keys(REQUEST_TYPES) as RequestType[];

/** An own key only: a forged "toString" or "__proto__" is not a request type. */
export const isRequestType = (value: string): value is RequestType => Object.hasOwn(REQUEST_TYPES, value);
/** A request type as a button, a policy file or the database carries it, checked. */
export const requestTypeSchema = z.enum(REQUEST_TYPE_KEYS as [RequestType, ...RequestType[]]);

export const PRIORITIES = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" } as const;
export type Priority = keyof typeof PRIORITIES;
export const isPriority = (value: string): value is Priority => Object.hasOwn(PRIORITIES, value);
/** A priority as the database stores it, checked. */
export const prioritySchema = z.enum(Object.keys(PRIORITIES) as [Priority, ...Priority[]]);

/** The currencies the intake modal offers (an account's own currency is added to them). */
export const CURRENCIES = ["USD", "EUR", "GBP", "JPY"] as const;

/**
 * An ISO 4217 code as the approval policy keys its thresholds: upper case ("usd" would
 * escape a rule written for "USD"). The one list is money.ts's.
 */
export { isCurrencyCode } from "../money.js";

/** "CR-1042". */
export const requestLabel = (number: number) => `CR-${number}`;

/** The title of a request everywhere: "CR-1042 · Renewal · Acme Corp". */
export const requestTitle = (number: number, type: RequestType, accountName: string) =>
  `${requestLabel(number)} · ${REQUEST_TYPES[type].label} · ${accountName}`;

/** Parses "CR-1042", "cr1042" or "1042". */
export function parseRequestNumber(text: string): number | undefined {
  const match = /^\s*(?:cr-?)?(\d{1,9})\s*$/i.exec(text);
  return match ? Number(match[1]) : undefined;
}
