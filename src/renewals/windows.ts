/**
 * Renewal reminder windows (pure): with windows 90, 60, 30 and 7 days, an account renewing in
 * 45 days is in its 60-day window. One reminder per account, window and renewal date (a row of
 * `renewal_reminders`); an account first seen inside a window gets that window's reminder only, not every larger one at once.
 */
export function dueWindow(daysLeft: number, windows: readonly number[]): number | undefined {
  if (daysLeft < 0) return undefined;
  const fitting = windows.filter((w) => daysLeft <= w);
  return fitting.length ? Math.min(...fitting) : undefined;
}
