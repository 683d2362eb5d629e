/** Calendar days: dates are UTC midnights; "today" depends on the team's time zone. */

const DAY_MS = 86_400_000;

/** The calendar date it is at `now` in `timeZone`, as a UTC midnight. */
export function todayIn(timeZone: string, now: Date = new Date()): Date {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day")));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to` (both calendar dates). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY_MS);
}

/** YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day a 'YYYY-MM-DD' names, at midnight UTC (as the database's dates are read). */
export const utcDay = (text: string): Date => new Date(`${text}T00:00:00Z`);

/** "2026-11-25 19:00": an instant on the clock of `timeZone` (say which zone beside it). */
export function localDateTime(at: Date, timeZone: string): string {
  const { year, month, day, hour, minute } = localParts(at, timeZone);
  return `${year}-${month}-${day} ${hour}:${minute}`;
}

/** "Monday": the day of the week it is at `at` in `timeZone`. */
export const weekdayIn = (at: Date, timeZone: string): string => localParts(at, timeZone).weekday;

function localParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    weekday: "long",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    weekday: part("weekday"),
    year: part("year"),
    month: part("month"),
    day: part("day"),
    hour: part("hour"),
    minute: part("minute"),
  };
}
