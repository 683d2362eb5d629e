import { z } from "zod";
import { OPEN_ALERT_STATUSES } from "../alerts/rules.js";
import { listRequests } from "../contracts/repository.js";
import type { RequestDetails } from "../contracts/request.js";
import { OPEN_STATUSES, WAITING_ON_CS_OPS } from "../contracts/state.js";
import { listWaitingOn, type WaitingDeps } from "../contracts/waiting.js";
import type { PrismaClient } from "../db/database.js";
import { type CauseFacts, causeFactsSchema } from "../health/alert-reason.js";
import { isUnhealthy } from "../health/band.js";
import { type AccountContext, loadAccountContexts } from "../health/context.js";
import { type Band, bandSchema } from "../health/model.js";
import { latestSnapshotDay, latestSnapshotSql } from "../health/repository.js";
import { type FxRates, type ReportedTotal, reportTotal } from "../money.js";
import { addDays, isoDay } from "../time.js";

export interface HomeAccount {
  id: number;
  name: string;
  score: number | null;
  band: Band | null;
  renewalDate: Date | null;
}

/** An account with open alerts, as CS Ops' portfolio lists it: its worst alert first. */
export interface HomeAlertedAccount {
  context: AccountContext;
  /** The highest severity among its open alerts. */
  severity: number;
  /** That alert's reason as recorded (English), and its causes as facts (read in the reader's language). */
  reason: string;
  causes?: CauseFacts[];
  openAlerts: number;
}

/** The portfolio as CS Ops sees it on Home: bands, ARR at risk, the accounts that matter most. */
export interface HomePortfolio {
  /** The snapshot day read (the latest on or before today); null: nothing scored yet. */
  day: string | null;
  counts: Record<Band, number>;
  /** ARR of the red accounts: per currency and, with rates, in the reporting currency. */
  arrAtRisk: ReportedTotal;
  /** Accounts with open alerts, highest severity first. */
  top: HomeAlertedAccount[];
}

/** What a user's App Home shows: their accounts and requests; CS Ops also the portfolio and their queue. */
export interface HomeData {
  userId: string;
  /** Red, then yellow: the reader's accounts that are at risk or need attention, worst first. */
  atRisk: HomeAccount[];
  renewals: HomeAccount[];
  /** The listed accounts' context (ARR, renewal, band, paperwork, CRM id), by id. */
  contexts: Map<number, AccountContext>;
  myRequests: RequestDetails[];
  /** The requests waiting on the reader (contracts/recipients.ts): to review, or to edit. */
  waiting: RequestDetails[];
  portfolio?: HomePortfolio;
  queue?: { unassigned: RequestDetails[]; overdue: RequestDetails[] };
}

const LIST = 10;

/** An account the reader owns, with its latest snapshot, as read from the database. */
const ownedRow = z.object({
  id: z.number(),
  name: z.string(),
  score: z.number().nullable(),
  band: bandSchema.nullable(),
  renewal_date: z.date().nullable(),
});

const portfolioRow = z.object({
  band: bandSchema,
  currency: z.string(),
  accounts: z.number().int(),
  arr: z.coerce.number(),
});

const alertedRow = z.object({
  account_id: z.number().int(),
  severity: z.number().int(),
  reason: z.string(),
  causes: z.unknown(),
  open_alerts: z.number().int(),
});

/** An alert's causes as facts (details.causes); none, or not as the sweep records them: its English reason. */
const causesSchema = z.array(causeFactsSchema).min(1);

/** How many alerted accounts CS Ops' Home lists. */
const TOP = 8;

/**
 * The portfolio on the latest snapshot day up to `today` (the digest's day): band counts and
 * ARR per band and currency in one query; the accounts with open alerts by severity in another.
 */
export async function loadPortfolio(
  prisma: PrismaClient,
  options: { today: Date; fx?: FxRates },
): Promise<HomePortfolio> {
  const counts: Record<Band, number> = { red: 0, yellow: 0, green: 0 };
  const snapshotDay = await latestSnapshotDay(prisma, options.today);
  const atRisk: { amount: number; currency: string }[] = [];
  if (snapshotDay) {
    const rows = await prisma.$queryRawUnsafe<unknown[]>(
      `SELECT s.band, a.currency, count(*)::int AS accounts, sum(a.arr)::float8 AS arr
       FROM health_snapshots s JOIN accounts a ON a.id = s.account_id
       WHERE s.date = $1::date GROUP BY s.band, a.currency`,
      isoDay(snapshotDay),
    );
    for (const raw of rows) {
      const row = portfolioRow.parse(raw);
      counts[row.band] += row.accounts;
      if (row.band === "red") atRisk.push({ amount: row.arr, currency: row.currency });
    }
  }
  const day = snapshotDay ? isoDay(snapshotDay) : null;
  const alerted = (
    await prisma.$queryRawUnsafe<unknown[]>(
      `SELECT account_id, severity, reason, causes, open_alerts FROM (
         SELECT DISTINCT ON (account_id) account_id, severity, reason, details->'causes' AS causes,
           count(*) OVER (PARTITION BY account_id)::int AS open_alerts
         FROM alerts WHERE status = ANY($1::text[])
         ORDER BY account_id, severity DESC, created_at DESC) worst
       ORDER BY severity DESC, account_id LIMIT ${TOP}`,
      [...OPEN_ALERT_STATUSES],
    )
  ).map((raw) => alertedRow.parse(raw));
  const contexts = await loadAccountContexts(
    prisma,
    alerted.map((a) => a.account_id),
    options.today,
  );
  const top = alerted.flatMap((a) => {
    const context = contexts.get(a.account_id);
    if (!context) return [];
    const causes = causesSchema.safeParse(a.causes);
    return [
      {
        context,
        severity: a.severity,
        reason: a.reason,
        ...(causes.success ? { causes: causes.data } : {}),
        openAlerts: a.open_alerts,
      },
    ];
  });
  return {
    day,
    counts,
    arrAtRisk: reportTotal(atRisk, options.fx, day ?? isoDay(options.today)),
    top,
  };
}

export async function loadHome(
  prisma: PrismaClient,
  userId: string,
  options: { today: Date; now: Date; isApprover: boolean; fx?: FxRates; waiting: WaitingDeps },
): Promise<HomeData> {
  const owned = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT a.id, a.name, s.score, s.band, a.renewal_date FROM accounts a
     LEFT JOIN LATERAL ${latestSnapshotSql("a.id", "$2::date")} s ON true
     WHERE a.owner_slack_id = $1`,
    userId,
    isoDay(options.today),
  );
  const accounts: HomeAccount[] = owned.map((row) => {
    const a = ownedRow.parse(row);
    return { id: a.id, name: a.name, score: a.score, band: a.band, renewalDate: a.renewal_date };
  });
  const horizon = addDays(options.today, 90);
  const worst: Record<Band, number> = { red: 0, yellow: 1, green: 2 };
  const atRisk = accounts
    .filter((a) => isUnhealthy(a.band))
    .sort((x, y) => worst[x.band!] - worst[y.band!] || (x.score ?? 0) - (y.score ?? 0))
    .slice(0, LIST);
  const renewals = accounts
    .filter((a) => a.renewalDate && a.renewalDate >= options.today && a.renewalDate <= horizon)
    .sort((x, y) => x.renewalDate!.getTime() - y.renewalDate!.getTime())
    .slice(0, LIST);
  const myRequests = await listRequests(prisma, {
    requesterId: userId,
    statuses: [...OPEN_STATUSES],
    limit: LIST,
  });
  const contexts = await loadAccountContexts(
    prisma,
    [...atRisk, ...renewals].map((a) => a.id),
    options.today,
  );
  const waiting = await listWaitingOn({ ...options.waiting, prisma }, userId, LIST, options.today);
  if (!options.isApprover) return { userId, atRisk, renewals, contexts, myRequests, waiting };
  const open = await listRequests(prisma, { statuses: [...WAITING_ON_CS_OPS] });
  return {
    userId,
    atRisk,
    renewals,
    contexts,
    myRequests,
    waiting,
    portfolio: await loadPortfolio(prisma, { today: options.today, fx: options.fx }),
    queue: {
      unassigned: open.filter((r) => !r.assigneeId).slice(0, LIST),
      overdue: open.filter((r) => r.slaDueAt < options.now).slice(0, LIST),
    },
  };
}
