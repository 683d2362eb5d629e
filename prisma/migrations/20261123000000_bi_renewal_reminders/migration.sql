-- BI view: one row per renewal reminder (an account that entered a renewal window, and the day
-- Kuroko reminded of it). The renewals channel lists the first 200 of a window by ARR; this is
-- the whole list. Columns documented in docs/reporting.md; add columns, never rename.
CREATE VIEW "bi"."renewal_reminders" AS
SELECT
    r."id"                                      AS "reminder_id",
    a."id"                                      AS "account_id",
    a."external_id"                             AS "external_id",
    a."name"                                    AS "account_name",
    a."segment"                                 AS "segment",
    a."owner_slack_id"                          AS "owner_slack_id",
    a."arr"                                     AS "arr",
    a."currency"                                AS "currency",
    r."renewal_date"                            AS "renewal_date",
    r."window_days"                             AS "window_days",
    r."day"                                     AS "reminded_on",
    r."owner_notified_at" AT TIME ZONE 'UTC'    AS "owner_notified_at"
FROM "renewal_reminders" r
JOIN "accounts" a ON a."id" = r."account_id";
