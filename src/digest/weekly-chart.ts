import { z } from "zod";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { Locale } from "../i18n/locale.js";
import { translator } from "../i18n/translate.js";
import { renderChart } from "../lab/render.js";
import type { FxRates } from "../money.js";
import { findByKey, type UploadMessage } from "../slack/outbox.js";
import { addDays, isoDay } from "../time.js";
import {
  type ArrRow,
  arrSeries,
  CHART_DAYS,
  type DigestChartView,
  digestChartKey,
  digestChartView,
} from "./chart.js";

/**
 * The digest's weekly chart (chart.ts says what it shows): read with one aggregate query, drawn
 * as PNG (src/lab/render.ts) and handed to the digest job, which enqueues it as an upload in the
 * digest's thread under the week's key.
 */

const rowSchema = z.object({
  day: z.string(),
  band: z.enum(["red", "yellow"]).nullable(),
  currency: z.string().nullable(),
  arr: z.coerce.number().nullable(),
});

/**
 * The ARR of the red and yellow accounts per snapshot day and currency from `from` to `to`, and
 * the days that have snapshots at all (a day with no red or yellow account is a 0, not a gap):
 * one statement through the driver. The sums read the (date, band) index at each day × band
 * (`date = ANY(the window's days)`, not a range, so the green entries of the 90 days are never
 * read, as they would be under a range on the index's first column); the days that have
 * snapshots are found one index probe each (`taken`). ARR is the
 * accounts' current ARR (snapshots keep none).
 */
export async function loadArrRows(
  sql: SqlQuery,
  from: Date,
  to: Date,
): Promise<{ rows: ArrRow[]; days: string[] }> {
  const raw = await sql<unknown>(
    `WITH RECURSIVE window_days AS (SELECT d::date AS day FROM generate_series($1::date, $2::date, interval '1 day') d),
     -- The days with snapshots, one index probe each (the next day after the last found): asked
     -- day by day, PostgreSQL scanned the whole table for each day without one (41 s of 44 at a
     -- million accounts, measured).
     taken AS (
       (SELECT h.date FROM health_snapshots h WHERE h.date BETWEEN $1::date AND $2::date ORDER BY h.date LIMIT 1)
       UNION ALL
       SELECT (SELECT h.date FROM health_snapshots h WHERE h.date > t.date AND h.date <= $2::date
               ORDER BY h.date LIMIT 1)
       FROM taken t WHERE t.date IS NOT NULL)
     SELECT to_char(s.date, 'YYYY-MM-DD') AS day, s.band, a.currency, sum(a.arr)::float8 AS arr
       FROM health_snapshots s JOIN accounts a ON a.id = s.account_id
      WHERE s.date = ANY (ARRAY(SELECT day FROM window_days)) AND s.band IN ('red', 'yellow')
      GROUP BY s.date, s.band, a.currency
     UNION ALL
     SELECT to_char(t.date, 'YYYY-MM-DD'), NULL, NULL, NULL FROM taken t WHERE t.date IS NOT NULL`,
    [isoDay(from), isoDay(to)],
  );
  const rows: ArrRow[] = [];
  const days: string[] = [];
  for (const r of raw.map((x) => rowSchema.parse(x)))
    if (r.band === null) days.push(r.day);
    else rows.push({ day: r.day, band: r.band, currency: r.currency ?? "USD", arr: r.arr ?? 0 });
  return { rows, days };
}

/** The week's chart, when the digest of `today` shares it. */
export interface WeeklyChart {
  key: string;
  view: DigestChartView;
}

/**
 * The chart the digest of `today` shares in its thread: undefined when this ISO week's chart was
 * already enqueued (`digestChartKey`: the week's first digest shares it) or when no snapshot was
 * taken in the last 90 days. Reads nothing more when the week's chart is already out.
 */
export async function weeklyDigestChart(
  prisma: Pick<PrismaClient, "outboxMessage">,
  sql: SqlQuery,
  today: Date,
  options: { fx?: FxRates; locale?: Locale } = {},
): Promise<WeeklyChart | undefined> {
  const key = digestChartKey(today);
  if ((await findByKey(prisma, key)) !== undefined) return undefined;
  const { rows, days } = await loadArrRows(sql, addDays(today, -(CHART_DAYS - 1)), today);
  const series = arrSeries(rows, days, options.fx);
  if (!series) return undefined;
  return { key, view: digestChartView(series, translator(options.locale ?? "en")) };
}

/** The chart drawn as PNG, as the outbox's upload message (method UPLOAD_METHOD). */
export async function chartUpload(chart: WeeklyChart): Promise<UploadMessage> {
  const { png } = await renderChart(chart.view.spec);
  return {
    files: [
      {
        filename: chart.view.filename,
        title: chart.view.title,
        alt_text: chart.view.altText,
        base64: png.toString("base64"),
      },
    ],
    initial_comment: chart.view.text,
  };
}
