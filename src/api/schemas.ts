import { z } from "zod";
import { MAX_ROWS } from "./limits.js";

/**
 * The ingest API's bodies, as zod schemas: the routes validate with them and the OpenAPI
 * document (openapi.ts) is generated from them, so the two cannot drift apart.
 *
 * A row's fields are checked by the import itself (src/accounts/ingest.ts: the CSV import's
 * rules, every bad row listed). Here a row must only be a JSON object whose values are
 * scalars: a nested object or array is refused before anything else is checked.
 */

/** A value a row may carry: what a CSV cell holds (null: an empty cell). */
const scalar = z.union([z.string(), z.number(), z.null()], { error: "must be text, a number or null" });

/**
 * A row whose `fields` are documented and `required` ones named for the reader; all are
 * optional here so that the import's own check reports every missing one with the rest. What
 * this refuses (a row not an object, a value neither text, a number nor null) the import
 * refuses too; the import also names unknown fields and checks each value.
 */
const row = (id: string, description: string, fields: Record<string, string>, required: string[]) =>
  z
    .object(
      Object.fromEntries(
        Object.entries(fields).map(([name, about]) => [name, scalar.optional().meta({ description: about })]),
      ),
      { error: "must be an object of fields" },
    )
    .catchall(scalar)
    .meta({ id, description, override: { required } });

export const accountRowSchema = row(
  "AccountRow",
  "An account, upserted by external_id (the columns of accounts.csv). Every row of a batch has the same fields: a field left out of the whole batch keeps what is stored, null clears it.",
  {
    external_id: "The CRM's id of the account (required).",
    name: "The account's name (required).",
    domain: "A domain such as acme.com (a URL is cut to its domain).",
    arr: "Annual recurring revenue, 0 or more, such as 120000 or 120000.50.",
    currency: "An ISO 4217 code such as USD, EUR or JPY.",
    renewal_date: "The renewal date, YYYY-MM-DD.",
    owner_slack_id: "The owning CSM's Slack user id, such as U0123ABCD.",
    segment: "A segment name, such as Enterprise.",
  },
  ["external_id", "name"],
);

export const metricRowSchema = row(
  "MetricRow",
  "One account's measurements on one day, merged into what is stored for that day. Every other property names a signal the health model declares, with a number; a signal left out (or null) is not measured, never zero.",
  {
    external_id: "The account's external_id (required).",
    date: "The day measured, YYYY-MM-DD (required).",
  },
  ["external_id", "date"],
);

export const outcomeRowSchema = row(
  "OutcomeRow",
  "What became of an account: churned, renewed, downgraded or expanded, on a day, with the change in ARR. Upserted by (external_id, kind, date).",
  {
    external_id: "The account's external_id (required).",
    kind: "churned, renewed, downgraded or expanded (required).",
    date: "The day it happened, YYYY-MM-DD (required).",
    arr_change: "The change in ARR, signed (a churn of 120000 is -120000).",
    note: "Free text.",
  },
  ["external_id", "kind", "date"],
);

/** The kinds of rows the API takes, one route each. */
export const INGEST_KINDS = ["accounts", "metrics", "outcomes"] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

const batch = (rowSchema: z.ZodType, kind: IngestKind) =>
  z
    .array(rowSchema)
    .max(MAX_ROWS)
    .meta({ description: `A batch of ${kind}: at most ${MAX_ROWS.toLocaleString("en-US")} rows.` });

/** The body of each POST route, by kind. */
export const BATCH_SCHEMAS = {
  accounts: batch(accountRowSchema, "accounts"),
  metrics: batch(metricRowSchema, "metrics"),
  outcomes: batch(outcomeRowSchema, "outcomes"),
} as const satisfies Record<IngestKind, z.ZodType>;

export const ingestResultSchema = z
  .object({
    kind: z.enum(INGEST_KINDS),
    rows: z.number().int().meta({ description: "Rows written." }),
    created: z.number().int().optional().meta({ description: "Of them, new (accounts, outcomes)." }),
    updated: z.number().int().optional().meta({ description: "Of them, already there and updated." }),
  })
  .meta({ id: "IngestResult", description: "The whole batch was written." });

export const errorSchema = z
  .object({ error: z.string().meta({ description: "What went wrong, in plain words." }) })
  .meta({ id: "Error" });

export const problemSchema = z
  .object({
    index: z.number().int().meta({ description: "The row's position in the batch, 0-based." }),
    field: z.string().optional().meta({ description: "The field at fault, when one is." }),
    reason: z.string(),
  })
  .meta({ id: "Problem" });

export const rejectionSchema = z
  .object({
    error: z.string(),
    problems: z
      .array(problemSchema)
      .meta({ description: "Every bad row's problems (the first ones, when very many)." }),
    total: z.number().int().meta({ description: "How many problems the batch has in all." }),
  })
  .meta({ id: "Rejection", description: "The batch was refused; nothing was written." });

const isoDay = z.string().meta({ description: "A calendar day, YYYY-MM-DD.", example: "2026-11-22" });
const band = z.enum(["red", "yellow", "green"]);

export const healthCardSchema = z
  .object({
    account: z.object({
      external_id: z.string(),
      name: z.string(),
      domain: z.string().nullable(),
      arr: z.number(),
      currency: z.string(),
      renewal_date: isoDay.nullable(),
      owner_slack_id: z.string().nullable(),
      segment: z.string().nullable(),
    }),
    as_of: isoDay,
    score: z.number().int().nullable().meta({ description: "0–100; null: no usable metric yet." }),
    band: band.nullable(),
    band_meaning: z
      .string()
      .nullable()
      .meta({ description: "The band in words: red is at risk, yellow needs attention, green is healthy." }),
    band_held: z
      .string()
      .nullable()
      .meta({ description: "Why the band is worse than the score alone says (hysteresis), if it is." }),
    components: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        score: z.number().meta({ description: "0–100." }),
        share: z.number().meta({ description: "Its share of the total, 0–1." }),
        contribution: z.number().meta({ description: "Points it adds to the score." }),
        signals: z.array(
          z.object({
            signal: z.string(),
            label: z.string(),
            value: z.number(),
            score: z.number(),
            measured_on: isoDay,
            stale: z.boolean().meta({ description: "Older than the model's freshness limit." }),
          }),
        ),
      }),
    ),
    missing_components: z.array(z.object({ key: z.string(), label: z.string() })),
    missing_signals: z.array(z.string()),
    stale_signals: z.array(z.string()),
    changes: z.object({
      days_7: z.object({ delta: z.number(), why: z.string() }).nullable(),
      days_30: z.object({ delta: z.number(), why: z.string() }).nullable(),
    }),
    trend: z.array(z.object({ date: isoDay, score: z.number().int() })),
    open_requests: z.number().int(),
    paperwork: z.array(
      z.object({
        number: z.number().int(),
        type: z.string(),
        status: z.string(),
        start_date: isoDay.nullable(),
      }),
    ),
    alert: z
      .object({
        status: z.enum(["open", "acknowledged", "snoozed"]),
        reason: z.string(),
        created_at: z.string(),
        snoozed_until: z.string().nullable(),
      })
      .nullable(),
    model: z.object({
      name: z.string(),
      version: z.string(),
      segment: z.string().nullable().meta({
        description:
          "The segment, as the model file writes it, whose own model scored this account; null: the default model.",
      }),
      changed_after: isoDay
        .nullable()
        .meta({ description: "The trend before this day was scored by another model version." }),
    }),
  })
  .meta({ id: "HealthCard", description: "An account's health card, as /health shows it in Slack." });

export type HealthCardJson = z.infer<typeof healthCardSchema>;

export const healthParamsSchema = z.object({
  external_id: z.string().min(1).meta({ description: "The account's external_id (URL-encoded)." }),
});

export const idempotencyHeaderSchema = z.object({
  "idempotency-key": z.string().optional().meta({
    description:
      "Any unique string (a UUID): the same key with the same body within 24 hours answers the first answer again without writing twice.",
  }),
});
