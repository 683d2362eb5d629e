import { z } from "zod";
import { readDataFile } from "../data-file.js";
import { KurokoError } from "../errors.js";
import { addDays, isoDay } from "../time.js";

/**
 * The company's own days off (KUROKO_DAYS_OFF_PATH, JSON or YAML), on top of weekends and the
 * country's public holidays:
 *
 *   daysOff:
 *     - 2026-12-28                                   # one day
 *     - { date: 2026-08-13, name: Obon }             # one day, named
 *     - { from: 2027-08-11, to: 2027-08-14, name: Summer break }   # inclusive
 *
 * A wrong file stops start-up with every problem listed, each under its place in the file.
 */

/** A range longer than this is a typo (a year off), not a break. */
const MAX_RANGE_DAYS = 62;

/** Why a date is refused, or undefined: one complaint per date, the first that applies. */
function dateProblem(s: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return "must be a date written YYYY-MM-DD";
  const parsed = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || isoDay(parsed) !== s) return "is not a real date";
  if (s < "2000-01-01" || s > "2100-12-31") return "must be between 2000 and 2100";
  return undefined;
}

const day = z.preprocess(
  (v) => (v instanceof Date ? isoDay(v) : v),
  z.string().superRefine((s, ctx) => {
    const problem = dateProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
);

const name = z.string().trim().min(1).max(100).optional();

const entry = z.union([
  day,
  z.object({ date: day, name }).strict(),
  z
    .object({ from: day, to: day, name })
    .strict()
    .refine((r) => r.from <= r.to, { message: "`to` must not be before `from`", path: ["to"] })
    .refine(
      (r) =>
        r.from > r.to ||
        (Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000 < MAX_RANGE_DAYS,
      { message: `a range may span ${MAX_RANGE_DAYS} days at most`, path: ["to"] },
    ),
]);

export const daysOffFileSchema = z.object({ daysOff: z.array(entry) }).strict();

/** The days off a file lists, by YYYY-MM-DD, each with its name (or "Company day off"). */
export type DaysOff = ReadonlyMap<string, string>;

/** Every day the file's entries cover. */
export function daysOffOf(file: z.output<typeof daysOffFileSchema>): DaysOff {
  const days = new Map<string, string>();
  for (const e of file.daysOff) {
    if (typeof e === "string") days.set(e, "Company day off");
    else if ("date" in e) days.set(e.date, e.name ?? "Company day off");
    else {
      const last = new Date(`${e.to}T00:00:00Z`);
      for (let d = new Date(`${e.from}T00:00:00Z`); d <= last; d = addDays(d, 1))
        days.set(isoDay(d), e.name ?? "Company day off");
    }
  }
  return days;
}

/** Reads KUROKO_DAYS_OFF_PATH; unset, there are none. */
export function loadDaysOff(path: string | undefined): DaysOff {
  if (!path) return new Map();
  const parsed = daysOffFileSchema.safeParse(readDataFile(path, "KUROKO_DAYS_OFF_PATH"));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(file)"}: ${issueText(i)}`);
    throw new KurokoError(`The days off in ${path} are not valid:\n${problems.join("\n")}`);
  }
  return daysOffOf(parsed.data);
}

/** A union's failure says what each form wanted; the date's own complaint is the useful one. */
function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_union") return issue.message;
  const inner = issue.errors.flat();
  const dated = inner.find((i) => i.code !== "invalid_type" && i.code !== "unrecognized_keys");
  return dated
    ? `${dated.path.length ? `${dated.path.join(".")}: ` : ""}${dated.message}`
    : "must be a date (YYYY-MM-DD), { date, name } or { from, to, name }";
}
