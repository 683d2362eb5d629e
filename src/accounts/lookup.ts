import type { SqlQuery } from "../db/database.js";
import {
  type Candidate,
  MAX_QUERY_CHARS,
  MAX_TYPO_KEY_CHARS,
  rankByDistance,
  typoBudget,
  typoPatterns,
} from "./search.js";
import { searchKey } from "./search-key.js";

export type LookupResult =
  /** `byTypo`: found only by forgiving a typo, so an answer should say which account it took. */
  | { kind: "found"; account: Candidate; byTypo?: true }
  | { kind: "choose"; candidates: Candidate[]; more: boolean }
  | { kind: "none"; suggestions: Candidate[] };

/** How many close matches a picker offers. */
export const PICKER_SIZE = 10;

/** What someone typed, in the forms each lookup step compares. */
export interface LookupQuery {
  raw: string;
  key: string;
  domain: string;
}

/**
 * The forms of a query, from at most MAX_QUERY_CHARS of it (normalised after the cut, which
 * NFKC can lengthen, and cut again), so that every later step's work is bounded.
 */
export function parseLookupQuery(query: string): LookupQuery {
  const cut = (text: string) =>
    Array.from(text.slice(0, MAX_QUERY_CHARS * 2))
      .slice(0, MAX_QUERY_CHARS)
      .join("");
  const raw = cut(cut(query.trim()).normalize("NFKC")).trim();
  const domain = raw
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  return { raw, key: searchKey(raw), domain };
}

const COLUMNS = `id, name, search_key AS "searchKey", external_id AS "externalId", domain`;
const SELECT = `SELECT ${COLUMNS} FROM accounts`;

/**
 * The first, indexed step as SQL over $1..$4 (`directParams`): exact CRM id, exact domain, name
 * prefix, ordered so that the account a `found` answer names is always the first row.
 */
// The prefix test is a range ($3 <= key < $5) rather than LIKE: with the operators of the
// text_pattern_ops index it serves a prepared (generic) plan too, whatever the collation.
export const DIRECT_WHERE =
  "external_id = $1::text OR lower(external_id) = lower($1::text) OR domain = $2::text OR (search_key ~>=~ $3::text AND search_key ~<~ $5::text)";
export const DIRECT_ORDER =
  "(lower(external_id) = lower($1::text)) DESC, (domain = $2::text) DESC, (search_key = $4::text) DESC, length(search_key), name";
export const DIRECT_LIMIT = PICKER_SIZE * 2 + 1;
export const DIRECT_COLUMNS = COLUMNS;
const DIRECT_SQL = `${SELECT} WHERE ${DIRECT_WHERE} ORDER BY ${DIRECT_ORDER} LIMIT ${DIRECT_LIMIT}`;

/** The highest code point: `key` followed by it sorts after every name that starts with `key`. */
const AFTER_ALL = "\u{10FFFF}";

export const directParams = (q: LookupQuery): unknown[] => [
  q.raw,
  q.domain,
  q.key || null,
  q.key,
  q.key ? `${q.key}${AFTER_ALL}` : null,
];

const several = (candidates: Candidate[]): LookupResult =>
  candidates.length === 1
    ? { kind: "found", account: candidates[0]! }
    : { kind: "choose", candidates: candidates.slice(0, PICKER_SIZE), more: candidates.length > PICKER_SIZE };

/** Reads the direct step's rows: exact CRM id, then domain, then exact name, then prefix. */
export function classifyDirect(q: LookupQuery, rows: Candidate[]): LookupResult | undefined {
  const byId = rows.filter(
    (c) => c.externalId === q.raw || c.externalId.toLowerCase() === q.raw.toLowerCase(),
  );
  if (byId.length === 1) return { kind: "found", account: byId[0]! };
  const byDomain = rows.filter((c) => c.domain !== null && c.domain === q.domain);
  if (byDomain.length > 0) return several(byDomain);
  if (!q.key) return { kind: "none", suggestions: [] };
  const exact = rows.filter((c) => c.searchKey === q.key);
  if (exact.length > 0) return several(exact);
  if (rows.length > 0) return several(rows);
  return undefined;
}

/** The steps after the direct one: one-typo variants, the name inside names, then suggestions. */
export async function searchFurther(sql: SqlQuery, q: LookupQuery): Promise<LookupResult> {
  const { key } = q;
  const patterns = typoPatterns(key);
  if (patterns.length > 0) {
    const candidates = await sql<Candidate>(
      `${SELECT} WHERE ${patterns.map((_, i) => `search_key LIKE $${i + 1}`).join(" OR ")} LIMIT 200`,
      patterns,
    );
    const ranked = rankByDistance(key, candidates, typoBudget(key));
    if (ranked.length > 0) {
      const result = several(ranked);
      return result.kind === "found" ? { ...result, byTypo: true } : result;
    }
  }
  if ([...key].length >= 3) {
    // The only scan: reached when neither the name's start nor a typo of it matched.
    const inside = await sql<Candidate>(
      `${SELECT} WHERE strpos(search_key, $1) > 0 ORDER BY length(search_key), name LIMIT ${PICKER_SIZE + 1}`,
      [key],
    );
    if (inside.length > 0) return several(inside);
  }
  const sameStart = await sql<Candidate>(`${SELECT} WHERE search_key LIKE $1 LIMIT 500`, [`${[...key][0]}%`]);
  // Ranked by the query's start: a name is not longer, and the work stays bounded.
  const start = [...key].slice(0, MAX_TYPO_KEY_CHARS).join("");
  return {
    kind: "none",
    suggestions: rankByDistance(start, sameStart, Number.POSITIVE_INFINITY).slice(0, 5),
  };
}

/**
 * Finds the account someone means by name, domain or CRM id. Cheapest first, every step on an
 * index: exact CRM id, exact domain, exact name, name prefix; then one-typo variants of the name;
 * then the name anywhere inside (a scan, only when all else failed). Nothing found: the nearest
 * names, to suggest.
 */
export async function findAccount(sql: SqlQuery, query: string): Promise<LookupResult> {
  const q = parseLookupQuery(query);
  const direct = classifyDirect(q, await sql<Candidate>(DIRECT_SQL, directParams(q)));
  return direct ?? searchFurther(sql, q);
}
