import Holidays from "date-holidays";
import { KurokoError } from "../errors.js";

/**
 * A country's public holidays, from date-holidays (a maintained worldwide calendar: for JP the
 * national holidays, substitute holidays 振替休日 and 国民の休日). Only its `public` days are
 * days off: the package also lists bank holidays and observances (Christmas in Japan,
 * Valentine's Day), which people work on.
 */
export interface PublicHolidays {
  /** The public holiday on this day (YYYY-MM-DD), its name, if any. */
  on(isoDay: string): string | undefined;
}

/** `code` is a country ("JP") or a country and region ("US-CA", "JP-13"), as KUROKO_HOLIDAYS holds it. */
export function publicHolidays(code: string): PublicHolidays {
  const [country = "", region] = code.toUpperCase().split("-");
  const lookup = new Holidays();
  if (!Object.hasOwn(lookup.getCountries() ?? {}, country))
    throw new KurokoError(
      `KUROKO_HOLIDAYS=${code}: the holiday calendar has no country ${country} (use a code such as JP, US, GB or DE).`,
    );
  if (region && !Object.hasOwn(lookup.getStates(country) ?? {}, region))
    throw new KurokoError(
      `KUROKO_HOLIDAYS=${code}: the holiday calendar has no region ${region} in ${country}; use ${country} alone or one of its regions.`,
    );
  const calendar = region ? new Holidays(country, region) : new Holidays(country);
  const years = new Map<number, Map<string, string>>();
  const ofYear = (year: number) => {
    let days = years.get(year);
    if (!days) {
      days = new Map();
      for (const h of calendar.getHolidays(year) || []) {
        // `date` is the local date ("2026-11-23 00:00:00"), whatever the machine's zone.
        if (h.type === "public" && !days.has(h.date.slice(0, 10))) days.set(h.date.slice(0, 10), h.name);
      }
      years.set(year, days);
    }
    return days;
  };
  return { on: (isoDay) => ofYear(Number(isoDay.slice(0, 4))).get(isoDay) };
}
