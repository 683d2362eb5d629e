import { z } from "zod";
import { ENGLISH, type Translator } from "../i18n/index.js";
import { clip } from "../text.js";
import { isoDay } from "../time.js";

/**
 * Checks of what people type into the contract forms, run on the server: Slack's client
 * enforces max_length, number bounds and option lists only for people who use its client, and
 * a forged payload skips them all. Pure. Each problem is said in the reader's language (`tr`,
 * English by default); the checks are the same in every language.
 */

/** Each limit matches the `max_length` the modal declares. */
export const TEXT_LIMITS = { notes: 2_000, links: 3_000, comment: 2_000 } as const;
/** One link: long enough for any document URL, short enough to show in a message. */
export const MAX_LINK_LENGTH = 1_000;
export const MAX_LINKS = 10;
/** Calendar dates outside these are typos or forgeries; both are stored as SQL dates. */
export const EARLIEST_DAY = "2000-01-01";
export const LATEST_DAY = "2100-12-31";
/** The amount column is numeric(16,2): 14 digits before the point. */
export const AMOUNT_LIMIT = 100_000_000_000_000;

/** PostgreSQL refuses NUL in text; other C0 controls (bar tab and line breaks) only hide things. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** Characters as Slack's max_length counts them (code points), with bounded work for any input. */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > max * 2) return true;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}

/** Why a typed text cannot be stored, if it cannot: too long, or a control character. */
export function textProblem(text: string, max: number, tr: Translator = ENGLISH): string | undefined {
  if (longerThan(text, max)) return tr.t("intake.field.tooLong", { max: tr.number(max) });
  if (hasControlCharacters(text)) return tr.t("intake.field.control");
  return undefined;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A date picker's value: a real calendar date (no 2027-02-30) between EARLIEST_DAY and LATEST_DAY. */
export function parseDay(raw: string, tr: Translator = ENGLISH): Checked<Date> {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || isoDay(date) !== raw)
    return { ok: false, error: tr.t("intake.field.notADate") };
  if (raw < EARLIEST_DAY || raw > LATEST_DAY) {
    const day = (iso: string) => tr.day(new Date(`${iso}T00:00:00Z`));
    return {
      ok: false,
      error: tr.t("intake.field.dateRange", { from: day(EARLIEST_DAY), to: day(LATEST_DAY) }),
    };
  }
  return { ok: true, value: date };
}

/** A positive amount in cents precision that the database can hold ("120000", "120,000.50"). */
export function parseAmount(raw: string, tr: Translator = ENGLISH): Checked<number> {
  const digits = raw.replace(/[,\s]/g, "");
  if (digits.length > 30 || !/^\d+(\.\d+)?$/.test(digits))
    return { ok: false, error: tr.t("intake.field.amount") };
  const amount = Math.round(Number(digits) * 100) / 100;
  if (amount <= 0) return { ok: false, error: tr.t("intake.field.amount") };
  if (amount >= AMOUNT_LIMIT) return { ok: false, error: tr.t("intake.field.amountTooLarge") };
  return { ok: true, value: amount };
}

/** Whole months, 1 to 120, as the modal's number input allows. */
export function parseTerm(raw: string, tr: Translator = ENGLISH): Checked<number> {
  const months = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  return months >= 1 && months <= 120
    ? { ok: true, value: months }
    : { ok: false, error: tr.t("intake.field.term") };
}

const quoted = (line: string) => `"${clip(line, 61)}"`;

/**
 * One line of the Links field as Kuroko stores and shows it: the URL's normalised form
 * (`new URL(x).href`), http or https only, without a user name or password (they disguise the
 * host). Slack reads `<`, `>` and `|` in a link as markup; the URL parser percent-encodes the
 * first two and `|` is encoded here, so a stored link can never close itself, add a label or
 * mention anyone. Spaces and control characters are refused rather than guessed around.
 */
export function normaliseLink(line: string, tr: Translator = ENGLISH): Checked<string> {
  if (hasControlCharacters(line)) return { ok: false, error: tr.t("intake.field.linkControl") };
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return { ok: false, error: tr.t("intake.field.notALink", { line: quoted(line) }) };
  }
  if (/\s/u.test(line)) return { ok: false, error: tr.t("intake.field.linkSpace", { line: quoted(line) }) };
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, error: tr.t("intake.field.notWebLink", { line: quoted(line) }) };
  if (url.username || url.password)
    return { ok: false, error: tr.t("intake.field.linkCredentials", { line: quoted(line) }) };
  const href = url.href.replaceAll("|", "%7C");
  // The serialiser percent-encodes everything else; anything left outside printable ASCII is refused.
  if (!/^[\x21-\x7e]+$/.test(href) || /[<>]/.test(href))
    return { ok: false, error: tr.t("intake.field.linkUnstorable", { line: quoted(line) }) };
  if (href.length > MAX_LINK_LENGTH)
    return { ok: false, error: tr.t("intake.field.linkTooLong", { max: String(MAX_LINK_LENGTH) }) };
  return { ok: true, value: href };
}

/** The Links field: one normalised link per line, at most MAX_LINKS. */
export function parseLinks(text: string, tr: Translator = ENGLISH): Checked<string[]> {
  const problem = textProblem(text, TEXT_LIMITS.links, tr);
  if (problem) return { ok: false, error: problem };
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > MAX_LINKS)
    return { ok: false, error: tr.t("intake.field.tooManyLinks", { max: MAX_LINKS }) };
  const links: string[] = [];
  for (const line of lines) {
    const link = normaliseLink(line, tr);
    if (!link.ok) return link;
    links.push(link.value);
  }
  return { ok: true, value: links };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An own property of a JSON object, whatever shape a forged payload gives it. */
function own(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** The element states Kuroko's modals read, each as Slack sends it. */
const ELEMENTS = {
  text: z.object({ value: z.string() }),
  selected: z.object({ selected_option: z.object({ value: z.string() }) }),
  selectedLabel: z.object({ selected_option: z.object({ text: z.object({ text: z.string() }) }) }),
  date: z.object({ selected_date: z.string() }),
};

/**
 * Reads a modal's `view.state.values` ({ block: { action: element state } }) without trusting
 * its shape: anything missing or of the wrong type reads as absent.
 */
export function stateReader(values: unknown) {
  const element = (block: string, action: string = block) => own(own(values, block), action);
  return {
    /** A text or number input's value. */
    text: (block: string, action?: string) => ELEMENTS.text.safeParse(element(block, action)).data?.value,
    /** A select's or radio group's chosen value. */
    selected: (block: string, action?: string) =>
      ELEMENTS.selected.safeParse(element(block, action)).data?.selected_option.value,
    /** A select's chosen option's label. */
    selectedLabel: (block: string, action?: string) =>
      ELEMENTS.selectedLabel.safeParse(element(block, action)).data?.selected_option.text.text,
    /** A date picker's value. */
    date: (block: string, action?: string) =>
      ELEMENTS.date.safeParse(element(block, action)).data?.selected_date,
  };
}
