import { addDays } from "../time.js";
import type { AccountRow, MetricName, MetricRow, OutcomeRow } from "./rows.js";

/**
 * A realistic, reproducible demo portfolio: the same input gives the same accounts, so
 * seeding twice changes nothing. Most accounts are healthy, some middling, a few poor; a few
 * are deteriorating over the last month (Acme Corp among them) and renewals are spread over
 * the coming year, some within weeks.
 */

export const DEMO_CSMS = ["U0CSM0001", "U0CSM0002", "U0CSM0003", "U0CSM0004", "U0CSM0005", "U0CSM0006"];

/** Days before today that carry a metric sample: weekly over 90 days (see docs/data-formats.md, "Data grain"). */
export const HISTORY_OFFSETS = [90, 84, 77, 70, 63, 56, 49, 42, 35, 28, 21, 14, 7, 0];

const LATIN_FIRST = [
  "Blue",
  "Northwind",
  "Globex",
  "Initech",
  "Umbrella",
  "Vandelay",
  "Soylent",
  "Cyberdyne",
  "Tyrell",
  "Hooli",
  "Pied",
  "Stark",
  "Wayne",
  "Wonka",
  "Aperture",
  "Massive",
  "Oceanic",
  "Gringotts",
  "Monarch",
  "Sterling",
  "Silver",
  "Granite",
  "Harbor",
  "Summit",
  "Pioneer",
  "Atlas",
  "Beacon",
  "Cobalt",
  "Evergreen",
  "Falcon",
];
const LATIN_SECOND = [
  "Logistics",
  "Analytics",
  "Health",
  "Robotics",
  "Foods",
  "Media",
  "Energy",
  "Systems",
  "Labs",
  "Retail",
  "Finance",
  "Networks",
  "Dynamics",
  "Software",
  "Mobility",
  "Biotech",
  "Studios",
  "Partners",
  "Works",
  "Cloud",
];
const LATIN_LEGAL = ["Inc", "Corp", "LLC", "Ltd", "GmbH", "SA", "plc", ""];
const JAPANESE_NAMES = [
  "さくら",
  "あおぞら",
  "ひかり",
  "みなと",
  "やまと",
  "ふじ",
  "つばさ",
  "かえで",
  "すばる",
  "いろは",
];
const JAPANESE_KINDS = ["物流", "製作所", "システムズ", "商事", "フーズ", "ソリューションズ", "電機", "薬品"];

/** mulberry32: a tiny seeded PRNG, so the demo is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

type Profile = "healthy" | "middling" | "poor";

interface Plan {
  row: AccountRow;
  profile: Profile;
  /** Deteriorating over the last 30 days. */
  declining: boolean;
  seats: number;
  /** Which metrics this account never reports (missing data is normal). */
  missing: Set<MetricName>;
}

function accountName(index: number, rnd: () => number): { name: string; japanese: boolean } {
  if (index % 12 === 5) {
    // Every twelfth account is Japanese, written in the three usual legal forms.
    const j = Math.floor(index / 12);
    const kind = JAPANESE_KINDS[Math.floor(j / JAPANESE_NAMES.length) % JAPANESE_KINDS.length];
    const round = Math.floor(j / (JAPANESE_NAMES.length * JAPANESE_KINDS.length));
    const base = `${JAPANESE_NAMES[j % JAPANESE_NAMES.length]}${kind}${round > 0 ? ` ${round + 1}` : ""}`;
    const form = j % 3;
    return {
      name: form === 0 ? `株式会社${base}` : form === 1 ? `${base}株式会社` : `(株)${base}`,
      japanese: true,
    };
  }
  const first = LATIN_FIRST[index % LATIN_FIRST.length]!;
  const second = LATIN_SECOND[Math.floor(index / LATIN_FIRST.length) % LATIN_SECOND.length]!;
  const round = Math.floor(index / (LATIN_FIRST.length * LATIN_SECOND.length));
  const legal = LATIN_LEGAL[Math.floor(rnd() * LATIN_LEGAL.length)]!;
  const base = round > 0 ? `${first} ${second} ${round + 1}` : `${first} ${second}`;
  return { name: legal ? `${base} ${legal}` : base, japanese: false };
}

/**
 * The plans of accounts `from` to `to` - 1. One generator draws for every account in order, so
 * the portfolio is the same whether it is built at once or a slice at a time: `rnd` carries on
 * from the slice before.
 */
function planAccounts(from: number, to: number, today: Date, rnd: () => number): Plan[] {
  const plans: Plan[] = [];
  for (let i = from; i < to; i++) {
    const isAcme = i === 0;
    const { name, japanese } = isAcme ? { name: "Acme Corp", japanese: false } : accountName(i, rnd);
    const arrUsd = isAcme ? 240_000 : Math.round(5_000 * Math.exp(rnd() * 4.6)); // 5k .. ~500k, most small
    const currency = japanese ? "JPY" : i % 9 === 4 ? "EUR" : "USD";
    const arr = currency === "JPY" ? arrUsd * 150 : currency === "EUR" ? Math.round(arrUsd * 0.92) : arrUsd;
    const segment = arrUsd >= 100_000 ? "Enterprise" : arrUsd >= 25_000 ? "Mid-Market" : "SMB";
    const roll = rnd();
    const profile: Profile = isAcme ? "healthy" : roll < 0.7 ? "healthy" : roll < 0.9 ? "middling" : "poor";
    const renewalIn = isAcme ? 45 : 5 + Math.floor(rnd() * 360);
    const missing = new Set<MetricName>();
    if (!isAcme && rnd() < 0.06) missing.add("nps");
    if (!isAcme && rnd() < 0.04) missing.add("csat");
    const slug = isAcme ? "acme" : `customer${i}`;
    plans.push({
      row: {
        line: 0,
        externalId: isAcme ? "CRM-0001" : `CRM-${String(i + 1).padStart(4, "0")}`,
        name,
        domain: japanese ? `${slug}.co.jp` : `${slug}.com`,
        arr,
        currency,
        renewalDate: addDays(today, renewalIn),
        ownerSlackId: DEMO_CSMS[i % DEMO_CSMS.length],
        segment,
      },
      profile,
      declining: isAcme || (profile !== "poor" && rnd() < 0.08),
      seats: isAcme ? 400 : 10 + Math.floor(rnd() * 490),
      missing,
    });
  }
  return plans;
}

const BASE: Record<
  Profile,
  { usage: number; adoption: number; tickets: number; nps: number; csat: number; touch: number }
> = {
  healthy: { usage: 0.78, adoption: 70, tickets: 2, nps: 45, csat: 90, touch: 8 },
  middling: { usage: 0.55, adoption: 45, tickets: 5, nps: 10, csat: 75, touch: 25 },
  poor: { usage: 0.3, adoption: 25, tickets: 9, nps: -30, csat: 55, touch: 55 },
};

function samples(plan: Plan, index: number, today: Date): MetricRow[] {
  const rnd = random(index * 7919 + 17);
  const base = BASE[plan.profile];
  return HISTORY_OFFSETS.map((offset) => {
    // 0 before the decline starts (30 days ago), 1 today.
    const decline = plan.declining ? clamp((30 - offset) / 30, 0, 1) : 0;
    const jitter = () => (rnd() - 0.5) * 0.1;
    const usage = clamp(base.usage - 0.45 * decline + jitter(), 0.02, 1);
    const values: Partial<Record<MetricName, number | null>> = {
      licensed_seats: plan.seats,
      active_users: Math.round(plan.seats * usage),
      logins_30d: Math.round(plan.seats * usage * 18 * (1 + jitter())),
      feature_adoption: Math.round(clamp(base.adoption - 25 * decline + jitter() * 40, 0, 100)),
      open_tickets: Math.max(0, Math.round(base.tickets + 6 * decline + jitter() * 10)),
      p1_tickets_30d: Math.max(0, Math.round((plan.profile === "poor" ? 1 : 0) + 3 * decline + jitter() * 2)),
      nps: Math.round(clamp(base.nps - 40 * decline + jitter() * 40, -100, 100)),
      csat: Math.round(clamp(base.csat - 20 * decline + jitter() * 20, 0, 100)),
      days_since_last_touch: Math.max(0, Math.round(base.touch + 20 * decline + jitter() * 20)),
      days_overdue: plan.profile === "poor" && offset < 30 ? 15 : 0,
    };
    for (const metric of plan.missing) delete values[metric];
    return { line: 0, externalId: plan.row.externalId, date: addDays(today, -offset), values };
  });
}

/**
 * What the demo's customers did (account_outcomes), so that `kuroko backtest` has something to
 * measure: about half the declining accounts churned in the last days after a month of decline,
 * a quarter of the poor ones churned over the last two months, a few healthy ones churned while
 * green (the surprises every CS team has), a middling one now and then downgraded, and the
 * accounts whose renewal came round in the last 90 days renewed (a few expanding). Acme Corp
 * is still a customer. Drawn from each account's own generator, not the portfolio's: the
 * accounts and their metrics are what they were before outcomes existed.
 */
function outcomes(plan: Plan, index: number, today: Date, renewalIn: number): OutcomeRow[] {
  if (index === 0) return [];
  const rnd = random(index * 104_729 + 3);
  const roll = rnd();
  const when = (min: number, max: number) => addDays(today, -(min + Math.floor(rnd() * (max - min + 1))));
  const externalId = plan.row.externalId;
  const arr = plan.row.arr ?? 0;
  const churned = (date: Date, note: string): OutcomeRow[] => [
    { line: 0, externalId, date, kind: "churned", arrChange: -arr, note },
  ];
  if (plan.declining && roll < 0.5) return churned(when(1, 6), "did not renew after usage collapsed");
  if (plan.profile === "poor" && roll < 0.25) return churned(when(7, 60), "cancelled: never adopted");
  if (plan.profile === "healthy" && !plan.declining && roll < 0.015)
    return churned(when(3, 80), "acquired; the buyer consolidated vendors");
  if (plan.profile === "middling" && roll < 0.05)
    return [
      {
        line: 0,
        externalId,
        date: when(5, 80),
        kind: "downgraded",
        arrChange: -Math.round(arr * 0.3),
        note: null,
      },
    ];
  // Last year's renewal date, when it fell in the last 90 days: renewed then.
  const renewedAgo = 365 - renewalIn;
  if (renewedAgo < 0 || renewedAgo > 90) return [];
  const expanded = plan.profile === "healthy" && rnd() < 0.3;
  return [
    { line: 0, externalId, date: addDays(today, -renewedAgo), kind: "renewed", arrChange: null, note: null },
    ...(expanded
      ? [
          {
            line: 0,
            externalId,
            date: addDays(today, -renewedAgo),
            kind: "expanded" as const,
            arrChange: Math.round(arr * 0.2),
            note: "more seats at renewal",
          },
        ]
      : []),
  ];
}

/** Accounts per slice of a large portfolio: the seed never holds more than this many at once. */
export const DEMO_SLICE = 5_000;

/** A slice of the demo portfolio: `accounts` and their `metrics` (HISTORY_OFFSETS.length rows each). */
export interface DemoSlice {
  /** The index of the slice's first account in the portfolio. */
  from: number;
  accounts: AccountRow[];
  metrics: MetricRow[];
  /** What some of them did: churned, renewed, downgraded, expanded. */
  outcomes: OutcomeRow[];
}

/**
 * The demo portfolio of `count` accounts as of `today` (a UTC midnight), `size` accounts a
 * slice, generated as it is consumed: memory holds one slice however large the portfolio.
 */
export function* demoPortfolioSlices(count: number, today: Date, size = DEMO_SLICE): Generator<DemoSlice> {
  const rnd = random(20_260_401);
  for (let from = 0; from < count; from += size) {
    const plans = planAccounts(from, Math.min(count, from + size), today, rnd);
    yield {
      from,
      accounts: plans.map((p) => p.row),
      metrics: plans.flatMap((plan, i) => samples(plan, from + i, today)),
      outcomes: plans.flatMap((plan, i) =>
        outcomes(
          plan,
          from + i,
          today,
          Math.round((plan.row.renewalDate!.getTime() - today.getTime()) / 86_400_000),
        ),
      ),
    };
  }
}

/** Accounts and their metric history, for `count` accounts as of `today` (a UTC midnight), at once. */
export function buildDemoPortfolio(
  count: number,
  today: Date,
): { accounts: AccountRow[]; metrics: MetricRow[]; outcomes: OutcomeRow[] } {
  const [all] = demoPortfolioSlices(count, today, Math.max(1, count));
  return { accounts: all?.accounts ?? [], metrics: all?.metrics ?? [], outcomes: all?.outcomes ?? [] };
}
