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

/**
 * The windows due on a run that stands for the days `daysLeft` … `daysLeftThrough` before the
 * renewal (a business day and the days off after it: a reminder falling on a Saturday goes out
 * on the Friday). Each window whose first day falls in that span, and the window the renewal
 * has reached by the span's end (one missed on an earlier run). None once the renewal has passed.
 */
export function dueWindows(daysLeft: number, daysLeftThrough: number, windows: readonly number[]): number[] {
  if (daysLeft < 0) return [];
  const through = Math.max(0, daysLeftThrough);
  const reached = dueWindow(through, windows);
  const falling = windows.filter((w) => w >= through && w <= daysLeft);
  return [...new Set([...(reached === undefined ? [] : [reached]), ...falling])].sort((a, b) => a - b);
}
