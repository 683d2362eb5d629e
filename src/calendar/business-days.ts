import { addDays, isoDay, todayIn } from "../time.js";

/**
 * Business days (pure): which calendar dates are worked, and time counted on them only, in the
 * team's time zone. A calendar date is a UTC midnight, as `time.ts` has it; an instant is a Date.
 *
 * Business time runs all day on a business day (00:00 to 24:00 local) and stands still on a
 * day off, so "N business days after" an instant is the same local time N business days later
 * (from a day off: the end of the Nth business day), and a fraction of a day is that share of
 * the local day (half a day after 09:00 is 21:00). A day of 23 or 25 hours (daylight saving)
 * still counts as one day. Where business time reaches an amount at the end of a business day
 * that a day off follows, the earliest instant is taken: the end of that day, not the start of
 * the next business day.
 */
export interface Calendar {
  /** The IANA time zone days are counted in (KUROKO_TIMEZONE). */
  readonly timeZone: string;
  /** Is this calendar date worked? Weekends, public holidays and company days off are not. */
  isBusinessDay(day: Date): boolean;
  /** The business day before `day` (strictly). */
  previousBusinessDay(day: Date): Date;
  /** The business day after `day` (strictly). */
  nextBusinessDay(day: Date): Date;
  /** The instant `days` business days (a fraction allowed, ≥ 0) after `from`. */
  addBusinessDays(from: Date, days: number): Date;
  /** Business days elapsed from one instant to another (a fraction; negative when `to` is earlier). */
  businessDaysBetween(from: Date, to: Date): number;
  /** Business days after `from` up to and including `to` (calendar dates): "needed in 1 business day". */
  businessDaysAfter(from: Date, to: Date): number;
  /** The calendar date an instant falls on in the time zone. */
  dayOf(instant: Date): Date;
  /** The instant a calendar date ends (the next date's local midnight). */
  endOfDay(day: Date): Date;
}

/** Days off a calendar looks up besides weekends (a YYYY-MM-DD string in, true when off). */
export type DayOffRule = (isoDay: string) => boolean;

/** Saturday and Sunday: the weekend everywhere Kuroko is used so far. */
export const isWeekend = (day: Date) => day.getUTCDay() === 0 || day.getUTCDay() === 6;

/** The customary Japanese year-end break: 29 December to 3 January. */
export function inYearEndBreak(day: Date): boolean {
  const month = day.getUTCMonth() + 1;
  const date = day.getUTCDate();
  return (month === 12 && date >= 29) || (month === 1 && date <= 3);
}

/** Looking for a business day gives up past this many days: a calendar of only days off is a mistake. */
const SEARCH_LIMIT = 400;
/** Counting business days between two instants walks at most this many days (ten years). */
const SPAN_LIMIT = 3_660;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** How far ahead of UTC the zone's clocks are at `instant`, in ms. */
function offsetMs(timeZone: string, instant: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return local - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant a calendar date starts (its local midnight, or the first instant after a gap). */
export function startOfDay(day: Date, timeZone: string): Date {
  const midnight = day.getTime();
  let t = midnight - offsetMs(timeZone, midnight);
  t = midnight - offsetMs(timeZone, t);
  return new Date(t);
}

/** A calendar over a time zone: weekends off, and whatever `isDayOff` says. */
export function createCalendar(timeZone: string, isDayOff: DayOffRule = () => false): Calendar {
  const memo = new Map<string, boolean>();
  const isBusinessDay = (day: Date) => {
    const key = isoDay(day);
    let worked = memo.get(key);
    if (worked === undefined) {
      worked = !isWeekend(day) && !isDayOff(key);
      memo.set(key, worked);
    }
    return worked;
  };
  const step = (day: Date, by: 1 | -1) => {
    let d = day;
    for (let i = 0; i < SEARCH_LIMIT; i++) {
      d = addDays(d, by);
      if (isBusinessDay(d)) return d;
    }
    throw new Error(`no business day within ${SEARCH_LIMIT} days of ${isoDay(day)}: is every day a day off?`);
  };
  const dayOf = (instant: Date) => todayIn(timeZone, instant);
  const start = (day: Date) => startOfDay(day, timeZone).getTime();
  const endOfDay = (day: Date) => new Date(start(addDays(day, 1)));
  /** How much of its business day an instant is through (0 on a day off). */
  const fraction = (instant: Date, day: Date) => {
    if (!isBusinessDay(day)) return 0;
    const from = start(day);
    return (instant.getTime() - from) / (start(addDays(day, 1)) - from);
  };

  function addBusinessDays(from: Date, days: number): Date {
    if (!(days > 0)) return from;
    let day = dayOf(from);
    let left = fraction(from, day) + days;
    if (!isBusinessDay(day)) day = step(day, 1);
    // At exactly 1 the result is this day's end: the earliest instant business time gets there.
    while (left > 1) {
      day = step(day, 1);
      left -= 1;
    }
    const from0 = start(day);
    return new Date(Math.round(from0 + left * (start(addDays(day, 1)) - from0)));
  }

  function businessDaysBetween(from: Date, to: Date): number {
    if (to < from) return -businessDaysBetween(to, from);
    const first = dayOf(from);
    const last = dayOf(to);
    let whole = 0;
    let d = first;
    for (let i = 0; d < last; i++) {
      if (i > SPAN_LIMIT) throw new Error(`cannot count business days across more than ${SPAN_LIMIT} days`);
      if (isBusinessDay(d)) whole++;
      d = addDays(d, 1);
    }
    return whole + fraction(to, last) - fraction(from, first);
  }

  function businessDaysAfter(from: Date, to: Date): number {
    let count = 0;
    let d = from;
    for (let i = 0; d < to; i++) {
      if (i > SPAN_LIMIT) throw new Error(`cannot count business days across more than ${SPAN_LIMIT} days`);
      d = addDays(d, 1);
      if (isBusinessDay(d)) count++;
    }
    return count;
  }

  return {
    timeZone,
    isBusinessDay,
    previousBusinessDay: (day) => step(day, -1),
    nextBusinessDay: (day) => step(day, 1),
    addBusinessDays,
    businessDaysBetween,
    businessDaysAfter,
    dayOf,
    endOfDay,
  };
}
