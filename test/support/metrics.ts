import type { MetricName } from "../../src/accounts/rows.js";

/** A day's metrics of a thriving customer: every component green. */
export const HEALTHY_METRICS = {
  active_users: 300,
  licensed_seats: 400,
  logins_30d: 5000,
  feature_adoption: 70,
  open_tickets: 1,
  p1_tickets_30d: 0,
  nps: 45,
  csat: 90,
  days_since_last_touch: 5,
  days_overdue: 0,
} satisfies Record<MetricName, number>;
