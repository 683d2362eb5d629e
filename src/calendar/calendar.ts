import { type Calendar, createCalendar, inYearEndBreak } from "./business-days.js";
import { loadDaysOff } from "./days-off-file.js";
import { publicHolidays } from "./holidays.js";

export type { Calendar } from "./business-days.js";

/**
 * The team's calendar, built once in wiring.ts: weekends, the public holidays of
 * KUROKO_HOLIDAYS, the year-end break (KUROKO_YEAR_END_BREAK) and the company's days off
 * (KUROKO_DAYS_OFF_PATH), in KUROKO_TIMEZONE. A wrong country or days-off file stops start-up.
 */
export function buildCalendar(config: {
  timezone: string;
  calendar: { holidays?: string; yearEndBreak: boolean; daysOffPath?: string };
}): Calendar {
  const holidays = config.calendar.holidays ? publicHolidays(config.calendar.holidays) : undefined;
  const daysOff = loadDaysOff(config.calendar.daysOffPath);
  const yearEnd = config.calendar.yearEndBreak;
  return createCalendar(
    config.timezone,
    (day) =>
      daysOff.has(day) ||
      (yearEnd && inYearEndBreak(new Date(`${day}T00:00:00Z`))) ||
      holidays?.on(day) !== undefined,
  );
}
