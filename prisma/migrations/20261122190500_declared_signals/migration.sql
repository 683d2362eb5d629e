-- Declared signals: a sample's metrics become one JSON object by signal name, so a team's own
-- signals (api_calls_30d, seats_used, ...) are stored like the built-in ones. Every existing
-- value moves across; a NULL (not measured) stays absent.
ALTER TABLE "metric_samples" ADD COLUMN "metrics" JSONB NOT NULL DEFAULT '{}';

UPDATE "metric_samples" SET "metrics" = jsonb_strip_nulls(jsonb_build_object(
  'active_users', "active_users",
  'licensed_seats', "licensed_seats",
  'logins_30d', "logins_30d",
  'feature_adoption', "feature_adoption",
  'open_tickets', "open_tickets",
  'p1_tickets_30d', "p1_tickets_30d",
  'nps', "nps",
  'csat', "csat",
  'days_since_last_touch', "days_since_last_touch",
  'days_overdue', "days_overdue"
));

ALTER TABLE "metric_samples"
  DROP COLUMN "active_users",
  DROP COLUMN "licensed_seats",
  DROP COLUMN "logins_30d",
  DROP COLUMN "feature_adoption",
  DROP COLUMN "open_tickets",
  DROP COLUMN "p1_tickets_30d",
  DROP COLUMN "nps",
  DROP COLUMN "csat",
  DROP COLUMN "days_since_last_touch",
  DROP COLUMN "days_overdue";

