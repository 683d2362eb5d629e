import { type Locale, t } from "../i18n/index.js";
import { parseDay } from "./fields.js";

/**
 * Cover while an approver is away, as pure rules: what `/csops away` says, whether a cover may
 * be set, which covers a new one replaces, and who stands in for whom on a day. Days are
 * calendar days in the team's time zone, both ends included.
 */

/** A cover as stored; `delegateId` null: away without a named stand-in (the team picks up). */
export interface Cover {
  id: number;
  userId: string;
  delegateId: string | null;
  startsOn: Date;
  endsOn: Date;
}

/** The longest cover one command sets: past that, it is a typo or a job change, not a holiday. */
export const MAX_COVER_DAYS = 366;

export type AwayCommand =
  | { kind: "show" }
  | { kind: "off" }
  | { kind: "set"; from: Date; to: Date; delegateId?: string }
  | { kind: "error"; message: string }
  /** Not a form the command takes: answer with its usage. */
  | { kind: "usage" };

/** `/csops away`'s usage line, in a reader's language. */
export const awayUsage = (locale: Locale): string => t(locale, "csops.usage.away");

const DAY_MS = 86_400_000;

/** A day typed in the command: YYYY-MM-DD, `today` or `tomorrow`. */
function dayFrom(word: string, today: Date): Date | undefined {
  const lower = word.toLowerCase();
  if (lower === "today") return today;
  if (lower === "tomorrow") return new Date(today.getTime() + DAY_MS);
  const day = parseDay(word);
  return day.ok ? day.value : undefined;
}

/** A user mention as Slack sends it in an escaped command: `<@U123>` or `<@U123|maya>`. */
const MENTION = /^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$/;

/** `/csops away …`'s words after `away`. */
export function parseAwayCommand(text: string, today: Date): AwayCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: "show" };
  if (words.length === 1 && /^(off|back|end)$/i.test(words[0]!)) return { kind: "off" };
  if (words.length < 2 || words.length > 3) return { kind: "usage" };
  const from = dayFrom(words[0]!, today);
  const to = dayFrom(words[1]!, today);
  if (!from || !to)
    return {
      kind: "error",
      message: "Give the days as YYYY-MM-DD, `today` or `tomorrow`: the first and the last day away.",
    };
  if (words[2] === undefined) return { kind: "set", from, to };
  const mention = MENTION.exec(words[2]);
  if (!mention)
    return {
      kind: "error",
      message: "Name the person who covers with an @-mention, picked from Slack's list.",
    };
  return { kind: "set", from, to, delegateId: mention[1] };
}

/** Why a cover cannot be set, if it cannot (the delegate being a CS Ops approver is checked by the caller). */
export function coverProblem(input: {
  userId: string;
  delegateId?: string;
  from: Date;
  to: Date;
  today: Date;
}): { field: "from" | "to" | "delegate"; message: string } | undefined {
  if (input.to < input.from) return { field: "to", message: "The last day comes before the first." };
  if (input.to < input.today)
    return { field: "to", message: "That time has passed: pick a last day from today on." };
  if ((input.to.getTime() - input.from.getTime()) / DAY_MS + 1 > MAX_COVER_DAYS)
    return { field: "to", message: `Cover lasts ${MAX_COVER_DAYS} days at most.` };
  if (input.delegateId === input.userId)
    return { field: "delegate", message: "You cannot cover for yourself: pick another CS Ops approver." };
  return undefined;
}

/** Two day ranges share a day (both ends included). */
export const overlaps = (a: { startsOn: Date; endsOn: Date }, b: { startsOn: Date; endsOn: Date }) =>
  a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;

/** A new cover replaces the person's covers that share a day with it: one cover per person per day. */
export function replacedBy<C extends { startsOn: Date; endsOn: Date }>(
  existing: readonly C[],
  next: { startsOn: Date; endsOn: Date },
): C[] {
  return existing.filter((c) => overlaps(c, next));
}

/** Is the cover in force on `day`? */
export const coversDay = (c: { startsOn: Date; endsOn: Date }, day: Date) =>
  c.startsOn <= day && day <= c.endsOn;

/**
 * Who stands in for whom on `day`: away person → delegate. The latest cover wins where two
 * meet (they should not: a new one replaces what it overlaps). One level only: a delegate who
 * is away too does not pass it on, so a request never wanders down a chain.
 */
export function standIns(covers: readonly Cover[], day: Date): Map<string, string> {
  const out = new Map<string, string>();
  const inForce = covers.filter((c) => coversDay(c, day)).sort((a, b) => a.id - b.id);
  for (const c of inForce) {
    if (c.delegateId) out.set(c.userId, c.delegateId);
    else out.delete(c.userId);
  }
  return out;
}
