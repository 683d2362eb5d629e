import { z } from "zod";
import { CONTROL_CHARACTERS } from "../format.js";
import { isCurrencyCode } from "../money.js";

/**
 * The CSV formats Kuroko imports: how each cell is read (lenient with what spreadsheets write:
 * full-width digits, thousands separators, currency signs, URLs for domains; strict with what
 * is stored), the columns of each file, and the rows they make. The checks that read a file
 * against them, row by row, are in row-readers.ts.
 */

/** A column of an imported format: how its cells are read, and whether it must be present. */
export interface Column {
  schema: z.ZodType;
  required?: boolean;
}

/** Cells from spreadsheets: full-width digits and signs (１２３，－５) are folded to ASCII. */
const folded = (value: string) => value.normalize("NFKC").trim();

/**
 * Text as stored: names and ids reach terminals, Slack and CSV exports, so they carry no
 * control characters. Tabs and line breaks (a name typed on two lines in a cell) become spaces;
 * every other C0 or C1 control character (an escape sequence's ESC, NUL…) is dropped; runs of
 * spaces become one.
 */
export function cleanText(value: string): string {
  return value
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, " ")
    .replace(CONTROL_CHARACTERS, "")
    .trim()
    .replace(/\s+/g, " ");
}

const characters = (value: string) => {
  let count = 0;
  for (const _ of value) count++;
  return count;
};

/** Text kept at most `max` characters (not UTF-16 units), cleaned as `cleanText` does. */
const text = (max: number) =>
  z
    .string()
    .transform(cleanText)
    .refine((v) => characters(v) <= max, `is longer than ${max} characters, the most this column takes`);

/** Text as `text` reads it, which must not be empty. */
const requiredText = (max: number) => text(max).pipe(z.string().min(1, "must not be empty"));

/** A calendar day as YYYY-MM-DD (or with slashes), checked to exist; midnight UTC. */
const isoDate = z
  .string()
  .transform(folded)
  .pipe(z.string().regex(/^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/, "must be a date as YYYY-MM-DD"))
  .transform((v, ctx) => {
    const [y, m, d] = v.split(/[-/]/).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      ctx.addIssue({ code: "custom", message: "is not a real calendar date" });
      return z.NEVER;
    }
    return date;
  });

/** Amounts as spreadsheets write them: "1,200,000", "$1200.50", "¥1,200,000". */
const amount = z
  .string()
  .transform((v) =>
    folded(v)
      .replace(/^[$¥€£]/, "")
      .replace(/[,\s_]/g, ""),
  )
  .pipe(z.string().regex(/^\d+(\.\d{1,2})?$/, "must be a non-negative amount such as 120000 or 120000.50"))
  .transform(Number);

/** A count: a whole number, 0 or more. */
const count = z
  .string()
  .transform(folded)
  .pipe(z.string().regex(/^\d+$/, "must be a whole number, 0 or more"))
  .transform(Number);

/** A number from `min` to `max` (whole when `integer`), a trailing % allowed. */
const ranged = (min: number, max: number, integer = false) =>
  z
    .string()
    .transform((v) => folded(v).replace(/%$/, ""))
    .pipe(
      z
        .string()
        .regex(
          integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/,
          `must be a ${integer ? "whole " : ""}number from ${min} to ${max}`,
        ),
    )
    .transform(Number)
    .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`));

/** A currency code, written in capitals whatever case the cell used (`jpy` is stored as JPY). */
const currency = z
  .string()
  .transform((v) => folded(v).toUpperCase())
  .pipe(z.string().refine(isCurrencyCode, "is not an ISO 4217 currency code (such as USD, EUR or JPY)"));

/** A Slack user id (U… or W…), as an account's owner is given. */
const slackUserId = z
  .string()
  .transform(folded)
  .pipe(
    z
      .string()
      .regex(/^[UW][A-Z0-9]{6,}$/, "must be a Slack user id such as U0123ABCD (not a name or @handle)"),
  );

/** A domain, lower-cased, from a bare domain or a URL (its scheme and path dropped). */
const domain = z
  .string()
  .transform((v) =>
    folded(v)
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/\/.*$/, ""),
  )
  .pipe(
    z
      .string()
      .max(253, "is longer than a domain can be (253 characters)")
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a domain such as acme.com"),
  );

/** The longest value, in characters, each text column keeps. */
export const TEXT_LIMITS = { external_id: 100, name: 200, segment: 100 } as const;

/** accounts.csv: one row per account, upserted by external_id. */
export const ACCOUNT_COLUMNS = {
  external_id: { schema: requiredText(TEXT_LIMITS.external_id), required: true },
  name: { schema: requiredText(TEXT_LIMITS.name), required: true },
  domain: { schema: domain },
  arr: { schema: amount },
  currency: { schema: currency },
  renewal_date: { schema: isoDate },
  owner_slack_id: { schema: slackUserId },
  segment: { schema: text(TEXT_LIMITS.segment) },
} satisfies Record<string, Column>;

/** metrics.csv: one row per account and day; an empty cell keeps what is already stored. */
export const METRIC_COLUMNS = {
  external_id: { schema: requiredText(TEXT_LIMITS.external_id), required: true },
  date: { schema: isoDate, required: true },
  active_users: { schema: count },
  licensed_seats: { schema: count },
  logins_30d: { schema: count },
  feature_adoption: { schema: ranged(0, 100) },
  open_tickets: { schema: count },
  p1_tickets_30d: { schema: count },
  nps: { schema: ranged(-100, 100, true) },
  csat: { schema: ranged(0, 100) },
  days_since_last_touch: { schema: count },
  days_overdue: { schema: count },
} satisfies Record<string, Column>;

/** The metrics a sample holds: metrics.csv's columns besides its key. */
export const METRIC_NAMES = Object.keys(METRIC_COLUMNS).filter(
  (c) => c !== "external_id" && c !== "date",
) as Exclude<keyof typeof METRIC_COLUMNS, "external_id" | "date">[];

/** A good row of accounts.csv: what an account is upserted with (a column the file lacks is absent). */
export interface AccountRow {
  line: number;
  externalId: string;
  name: string;
  domain?: string | null;
  arr?: number | null;
  currency?: string | null;
  renewalDate?: Date | null;
  ownerSlackId?: string | null;
  segment?: string | null;
}

export type MetricName = (typeof METRIC_NAMES)[number];

/** A good row of metrics.csv: one account's measurements on one day (null: an empty cell). */
export interface MetricRow {
  line: number;
  externalId: string;
  date: Date;
  values: Partial<Record<MetricName, number | null>>;
}
