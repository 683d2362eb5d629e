import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCalendar } from "../../src/calendar/business-days.js";
import { buildCalendar } from "../../src/calendar/calendar.js";

const dir = mkdtempSync(join(tmpdir(), "kuroko-days-off-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const tokyo = (overrides: { yearEndBreak?: boolean; daysOffPath?: string } = {}) =>
  buildCalendar({
    timezone: "Asia/Tokyo",
    calendar: {
      holidays: "JP",
      yearEndBreak: overrides.yearEndBreak ?? true,
      daysOffPath: overrides.daysOffPath,
    },
  });
const offDays = (cal: ReturnType<typeof tokyo>, from: string, to: string) => {
  const out: string[] = [];
  for (let d = day(from); d <= day(to); d = new Date(d.getTime() + 86_400_000))
    if (!cal.isBusinessDay(d)) out.push(iso(d));
  return out;
};

describe("business days in Japan (KUROKO_HOLIDAYS=JP)", () => {
  it("takes weekends and national holidays off: 勤労感謝の日 on Monday 23 November 2026", () => {
    expect(offDays(tokyo(), "2026-11-20", "2026-11-25")).toEqual(["2026-11-21", "2026-11-22", "2026-11-23"]);
  });

  it("takes substitute holidays (振替休日) and 国民の休日 off", () => {
    // Golden Week 2026: 憲法記念日 falls on a Sunday, so Wednesday 6 May is its substitute.
    expect(offDays(tokyo(), "2026-05-01", "2026-05-08")).toEqual([
      "2026-05-02",
      "2026-05-03",
      "2026-05-04",
      "2026-05-05",
      "2026-05-06",
    ]);
    // Silver Week 2026: the Tuesday between 敬老の日 and 秋分の日.
    expect(offDays(tokyo(), "2026-09-21", "2026-09-23")).toEqual(["2026-09-21", "2026-09-22", "2026-09-23"]);
  });

  it("works on bank holidays and observances the package also lists (七五三, Christmas)", () => {
    expect(tokyo().isBusinessDay(day("2026-12-25"))).toBe(true);
    expect(tokyo({ yearEndBreak: false }).isBusinessDay(day("2026-12-31"))).toBe(true);
  });

  it("takes the year-end break, 29 December to 3 January, off unless it is turned off", () => {
    expect(offDays(tokyo(), "2026-12-28", "2027-01-05")).toEqual([
      "2026-12-29",
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
    ]);
    expect(offDays(tokyo({ yearEndBreak: false }), "2026-12-28", "2027-01-05")).toEqual([
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
    ]);
  });

  it("gives the previous and next business day around a long weekend", () => {
    const cal = tokyo();
    expect(iso(cal.previousBusinessDay(day("2026-11-24")))).toBe("2026-11-20");
    expect(iso(cal.nextBusinessDay(day("2026-11-20")))).toBe("2026-11-24");
    expect(iso(cal.nextBusinessDay(day("2026-12-28")))).toBe("2027-01-04");
  });
});

describe("business days in the United States (KUROKO_HOLIDAYS=US)", () => {
  const us = buildCalendar({
    timezone: "America/New_York",
    calendar: { holidays: "US", yearEndBreak: false },
  });

  it("takes Thanksgiving and Independence Day's substitute off, not the day after Thanksgiving", () => {
    expect(offDays(us, "2026-11-26", "2026-11-27")).toEqual(["2026-11-26"]);
    expect(offDays(us, "2026-07-02", "2026-07-03")).toEqual(["2026-07-03"]);
  });

  it("counts a day across the change to winter time as one business day (25 hours)", () => {
    // Sunday 1 November 2026 is a day off anyway; Friday 09:00 + 1 business day is Monday 09:00.
    const friday = new Date("2026-10-30T13:00:00Z"); // 09:00 EDT
    expect(us.addBusinessDays(friday, 1).toISOString()).toBe("2026-11-02T14:00:00.000Z"); // 09:00 EST
  });
});

describe("business time", () => {
  const cal = tokyo();

  it("adds business days at the same local time, skipping weekends and holidays", () => {
    // Friday 20 November 2026, 19:00 in Tokyo: the next business days are Tuesday 24 and Wednesday 25.
    const friday = new Date("2026-11-20T10:00:00Z");
    expect(cal.addBusinessDays(friday, 1).toISOString()).toBe("2026-11-24T10:00:00.000Z");
    expect(cal.addBusinessDays(friday, 2).toISOString()).toBe("2026-11-25T10:00:00.000Z");
    // Half a day of 24 business hours: Friday's last 5 hours, then Tuesday until 07:00.
    expect(cal.addBusinessDays(friday, 0.5).toISOString()).toBe("2026-11-23T22:00:00.000Z");
  });

  it("starts the clock at the next business day's start when submitted on a day off", () => {
    const saturday = new Date("2026-11-21T03:00:00Z");
    // Tuesday 00:00 JST + 1 day: the end of Tuesday (Wednesday 00:00 JST).
    expect(cal.addBusinessDays(saturday, 1).toISOString()).toBe("2026-11-24T15:00:00.000Z");
  });

  it("measures the business days between two instants, standing still on days off", () => {
    const friday = new Date("2026-11-20T10:00:00Z");
    expect(cal.businessDaysBetween(friday, new Date("2026-11-25T10:00:00Z"))).toBeCloseTo(2);
    expect(cal.businessDaysBetween(friday, new Date("2026-11-23T10:00:00Z"))).toBeCloseTo(5 / 24);
    expect(cal.businessDaysBetween(new Date("2026-11-25T10:00:00Z"), friday)).toBeCloseTo(-2);
  });

  it("counts the business days after a date up to another", () => {
    expect(cal.businessDaysAfter(day("2026-11-20"), day("2026-11-24"))).toBe(1);
    expect(cal.businessDaysAfter(day("2026-11-20"), day("2026-11-22"))).toBe(0);
    expect(cal.businessDaysAfter(day("2026-11-24"), day("2026-11-24"))).toBe(0);
  });

  it("without a country, only weekends are off", () => {
    const plain = createCalendar("UTC");
    expect(plain.isBusinessDay(day("2026-11-23"))).toBe(true);
    expect(plain.isBusinessDay(day("2026-11-22"))).toBe(false);
  });
});

describe("company days off (KUROKO_DAYS_OFF_PATH)", () => {
  it("takes listed days and ranges off, from YAML", () => {
    const path = file(
      "days-off.yaml",
      [
        "daysOff:",
        "  - 2026-11-19",
        "  - { date: 2026-11-25, name: Founders' day }",
        "  - { from: 2026-08-12, to: 2026-08-14, name: Obon }",
      ].join("\n"),
    );
    const cal = tokyo({ daysOffPath: path });
    expect(offDays(cal, "2026-11-18", "2026-11-26")).toEqual([
      "2026-11-19",
      "2026-11-21",
      "2026-11-22",
      "2026-11-23",
      "2026-11-25",
    ]);
    expect(offDays(cal, "2026-08-10", "2026-08-14")).toEqual([
      "2026-08-11",
      "2026-08-12",
      "2026-08-13",
      "2026-08-14",
    ]);
  });

  it("lists every problem in a wrong file, each under its place", () => {
    const path = file(
      "bad.json",
      JSON.stringify({
        daysOff: ["2026-02-30", { date: "tomorrow" }, { from: "2026-08-14", to: "2026-08-12" }, "ok"],
      }),
    );
    let message = "";
    try {
      tokyo({ daysOffPath: path });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`The days off in ${path} are not valid:`);
    expect(message).toContain("daysOff.0: is not a real date");
    expect(message).toContain("daysOff.1.date: must be a date written YYYY-MM-DD");
    expect(message).toContain("daysOff.2.to: `to` must not be before `from`");
    expect(message).toContain("daysOff.3: must be a date written YYYY-MM-DD");
    expect(message.split("\n")).toHaveLength(5);
  });

  it("refuses a country the holiday calendar does not know", () => {
    expect(() =>
      buildCalendar({ timezone: "UTC", calendar: { holidays: "XX", yearEndBreak: false } }),
    ).toThrow(/KUROKO_HOLIDAYS=XX: the holiday calendar has no country XX/);
  });
});
