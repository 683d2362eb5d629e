import { z } from "zod";
import { CONTROL_CHARACTERS } from "../format.js";
import { isCurrencyCode } from "../money.js";
import {
  BUILT_IN_CATALOGUE,
  describeRange,
  type SignalCatalogue,
  type SignalSpec,
  valueProblem,
} from "./signals.js";

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
const folded = (value: string) => value.normalize("NFKC").trim().replace(/^−/, "-");

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

/** The largest amount stored (numeric(16, 2)): a larger one is refused, not an error of the database. */
const MAX_AMOUNT = 1e14;
const MAX_AMOUNT_MESSAGE = "is larger than the most Kuroko stores (under 100,000,000,000,000)";

/**
 * Amounts as spreadsheets write them: "1,200,000", "$1200.50", "¥1,200,000", and as a
 * multi-currency CRM exports them, after the currency code ("JPY 1,200,000").
 */
const amount = z
  .string()
  .transform((v) =>
    folded(v)
      .replace(/^[A-Z]{3}\s+/, "")
      .replace(/^[$¥€£]/, "")
      .replace(/[,\s_]/g, ""),
  )
  .pipe(z.string().regex(/^\d+(\.\d{1,2})?$/, "must be a non-negative amount such as 120000 or 120000.50"))
  .transform(Number)
  .pipe(z.number().lt(MAX_AMOUNT, MAX_AMOUNT_MESSAGE));

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

/**
 * An e-mail address, lower-cased, as an account's owner is given when the file comes from a CRM:
 * the import looks it up in Slack (users.lookupByEmail) to store the owner's Slack user id.
 */
const email = z
  .string()
  .transform((v) => folded(v).toLowerCase())
  .pipe(
    z
      .string()
      .max(254, "is longer than an e-mail address can be (254 characters)")
      .regex(
        /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/,
        "must be an e-mail address such as jane@example.com (Slack finds people by e-mail)",
      ),
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
  owner_email: { schema: email },
  segment: { schema: text(TEXT_LIMITS.segment) },
} satisfies Record<string, Column>;

/**
 * A measured value as spreadsheets write it ("61", "61.5", "1,200", full-width digits, "61%" for
 * a signal in %), checked against its declaration.
 */
export const signalValue = (spec: SignalSpec) =>
  z
    .string()
    .transform((v) => {
      const plain = folded(v);
      const unpercented = spec.unit === "%" ? plain.replace(/%$/, "") : plain;
      return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(unpercented) ? unpercented.replaceAll(",", "") : unpercented;
    })
    .pipe(z.string().regex(/^-?\d+(\.\d+)?$/, `must be ${describeRange(spec)}`))
    .transform(Number)
    .superRefine((value, ctx) => {
      const problem = valueProblem(spec, value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** The key columns of metrics.csv, in either form. */
const METRIC_KEY_COLUMNS = {
  external_id: { schema: requiredText(TEXT_LIMITS.external_id), required: true },
  date: { schema: isoDate, required: true },
} satisfies Record<string, Column>;

/**
 * metrics.csv, wide: one row per account and day, a column per measured signal of the catalogue
 * (built-in or declared by the model); an empty cell keeps what is already stored.
 */
export function metricColumns(catalogue: SignalCatalogue): Record<string, Column> {
  const columns: Record<string, Column> = { ...METRIC_KEY_COLUMNS };
  for (const name of catalogue.measured) columns[name] = { schema: signalValue(catalogue.all.get(name)!) };
  return columns;
}

/** metrics.csv, long: one row per account, day and signal (`external_id,date,signal,value`). */
export const LONG_METRIC_COLUMNS = {
  ...METRIC_KEY_COLUMNS,
  signal: { schema: requiredText(63).transform((v) => v.toLowerCase()), required: true },
  value: { schema: z.string().transform(folded), required: true },
} satisfies Record<string, Column>;

/** The built-in measured signals: the columns of Kuroko's first metrics file. */
export const METRIC_NAMES: readonly string[] = BUILT_IN_CATALOGUE.measured;

/** What a customer did, as outcomes.csv and the API say it. */
export const OUTCOME_KINDS = ["churned", "renewed", "downgraded", "expanded"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** A signed amount: an ARR change ("-120,000", "+5000", "−¥1,200,000"). */
const signedAmount = z
  .string()
  .transform((v) =>
    folded(v)
      .replace(/^([+-]?)[$¥€£]/, "$1")
      .replace(/[,\s_]/g, ""),
  )
  .pipe(z.string().regex(/^[+-]?\d+(\.\d{1,2})?$/, "must be an amount such as -120000 or 5000.50"))
  .transform(Number)
  .pipe(z.number().refine((n) => Math.abs(n) < MAX_AMOUNT, MAX_AMOUNT_MESSAGE));

/** outcomes.csv: one row per account, kind and day, upserted by them. */
export const OUTCOME_COLUMNS = {
  external_id: { schema: requiredText(TEXT_LIMITS.external_id), required: true },
  date: { schema: isoDate, required: true },
  kind: {
    schema: z
      .string()
      .transform((v) => folded(v).toLowerCase())
      .pipe(z.enum(OUTCOME_KINDS, { error: `must be one of ${OUTCOME_KINDS.join(", ")}` })),
    required: true,
  },
  arr_change: { schema: signedAmount },
  note: { schema: text(500) },
} satisfies Record<string, Column>;

/** A good row of outcomes.csv. */
export interface OutcomeRow {
  line: number;
  externalId: string;
  date: Date;
  kind: OutcomeKind;
  arrChange?: number | null;
  note?: string | null;
}

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
  /** The owner's e-mail (owner_email), looked up in Slack before the account is written. */
  ownerEmail?: string | null;
  segment?: string | null;
}

/** A measured signal's name. */
export type MetricName = string;

/**
 * A good row of metrics.csv: one account's measurements on one day (null: an empty cell, which
 * keeps what is stored). A long-form row carries one signal, and `signal` names it.
 */
export interface MetricRow {
  line: number;
  externalId: string;
  date: Date;
  values: Partial<Record<MetricName, number | null>>;
  signal?: string;
}
