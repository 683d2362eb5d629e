-- BI views: a stable, read-only interface for reporting tools (Redash, Metabase...), in their
-- own schema so a reporting role can be granted these and nothing else. Written by hand: views
-- are not Prisma models. The columns are documented in docs/reporting.md; renaming or removing
-- one is a breaking change (add columns instead). Times are timestamptz (stored as UTC).

CREATE SCHEMA IF NOT EXISTS "bi";

-- One row per account per scored day.
CREATE VIEW "bi"."account_health_daily" AS
SELECT
    a."id"                          AS "account_id",
    a."external_id"                 AS "external_id",
    a."name"                        AS "account_name",
    a."segment"                     AS "segment",
    a."owner_slack_id"              AS "owner_slack_id",
    a."arr"                         AS "arr",
    a."currency"                    AS "currency",
    a."renewal_date"                AS "renewal_date",
    s."date"                        AS "day",
    s."score"                       AS "score",
    s."band"                        AS "band",
    s."model_version"               AS "model_version"
FROM "health_snapshots" s
JOIN "accounts" a ON a."id" = s."account_id";

-- One row per alert.
CREATE VIEW "bi"."alerts" AS
SELECT
    al."id"                                 AS "alert_id",
    a."id"                                  AS "account_id",
    a."external_id"                         AS "external_id",
    a."name"                                AS "account_name",
    al."cause"                              AS "cause",
    al."reason"                             AS "reason",
    al."status"                             AS "status",
    al."severity"                           AS "severity",
    al."created_at" AT TIME ZONE 'UTC'      AS "created_at",
    al."acknowledged_at" AT TIME ZONE 'UTC' AS "acknowledged_at",
    al."acknowledged_by"                    AS "acknowledged_by",
    al."snoozed_until" AT TIME ZONE 'UTC'   AS "snoozed_until",
    al."snoozed_by"                         AS "snoozed_by",
    al."resolved_at" AT TIME ZONE 'UTC'     AS "resolved_at"
FROM "alerts" al
JOIN "accounts" a ON a."id" = al."account_id";

-- One row per contract request: its SLA and, after approval, its stage.
CREATE VIEW "bi"."contract_requests" AS
SELECT
    r."number"                                AS "request_number",
    'CR-' || r."number"                       AS "request_ref",
    a."id"                                    AS "account_id",
    a."external_id"                           AS "external_id",
    a."name"                                  AS "account_name",
    r."type"                                  AS "type",
    r."status"                                AS "status",
    r."priority"                              AS "priority",
    r."amount"                                AS "amount",
    r."currency"                              AS "currency",
    r."requester_id"                          AS "requester_slack_id",
    r."assignee_id"                           AS "assignee_slack_id",
    r."submitted_at" AT TIME ZONE 'UTC'       AS "submitted_at",
    r."sla_due_at" AT TIME ZONE 'UTC'         AS "sla_due_at",
    (r."status" IN ('submitted', 'in_review', 'awaiting_second_approval')
        AND r."sla_due_at" < (now() AT TIME ZONE 'UTC')) AS "is_overdue",
    r."closed_at" AT TIME ZONE 'UTC'          AS "closed_at",
    r."stage"                                 AS "stage",
    r."stage_changed_at" AT TIME ZONE 'UTC'   AS "stage_changed_at",
    r."document_url"                          AS "document_url",
    r."withdrawn_reason"                      AS "withdrawn_reason",
    CASE WHEN jsonb_typeof(r."approvals") = 'array'
         THEN jsonb_array_length(r."approvals") ELSE 0 END AS "approvals_count"
FROM "contract_requests" r
JOIN "accounts" a ON a."id" = r."account_id";

-- The audit trail: one row per contract request event.
CREATE VIEW "bi"."contract_events" AS
SELECT
    e."id"                              AS "event_id",
    r."number"                          AS "request_number",
    e."actor_id"                        AS "actor_slack_id",
    e."on_behalf_of"                    AS "on_behalf_of_slack_id",
    e."action"                          AS "action",
    e."from_status"                     AS "from_status",
    e."to_status"                       AS "to_status",
    e."comment"                         AS "comment",
    e."created_at" AT TIME ZONE 'UTC'   AS "occurred_at"
FROM "contract_events" e
JOIN "contract_requests" r ON r."id" = e."request_id";
