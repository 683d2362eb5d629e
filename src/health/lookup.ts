import type { Db } from "../accounts/repository.js";
import { searchKey } from "../accounts/search-key.js";
import { type Candidate, rankByDistance, typoBudget, typoPatterns } from "./search.js";

export type LookupResult =
  | { kind: "found"; account: Candidate }
  | { kind: "choose"; candidates: Candidate[]; more: boolean }
  | { kind: "none"; suggestions: Candidate[] };

/** How many close matches a picker offers. */
export const PICKER_SIZE = 10;

const SELECT = `SELECT id, name, search_key AS "searchKey", external_id AS "externalId", domain FROM accounts`;

const several = (candidates: Candidate[]): LookupResult =>
  candidates.length === 1
    ? { kind: "found", account: candidates[0]! }
    : { kind: "choose", candidates: candidates.slice(0, PICKER_SIZE), more: candidates.length > PICKER_SIZE };

/**
 * Finds the account someone means by name, domain or CRM id. Cheapest first, every step on an
 * index: exact CRM id, exact domain, exact name, name prefix; then one-typo variants of the name;
 * then the name anywhere inside (a scan, only when all else failed). Nothing found: the nearest
 * names, to suggest.
 */
export async function findAccount(db: Db, query: string): Promise<LookupResult> {
  const raw = query.trim().normalize("NFKC");
  const key = searchKey(raw);
  const domain = raw
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  const direct = await db.$queryRawUnsafe<Candidate[]>(
    `${SELECT} WHERE external_id = $1 OR lower(external_id) = lower($1) OR domain = $2 OR search_key LIKE $3
     ORDER BY (search_key = $4) DESC, length(search_key), name LIMIT ${PICKER_SIZE * 2 + 1}`,
    raw,
    domain,
    key ? `${key}%` : null,
    key,
  );
  const byId = direct.filter((c) => c.externalId === raw || c.externalId.toLowerCase() === raw.toLowerCase());
  if (byId.length === 1) return { kind: "found", account: byId[0]! };
  const byDomain = direct.filter((c) => c.domain !== null && c.domain === domain);
  if (byDomain.length > 0) return several(byDomain);
  if (!key) return { kind: "none", suggestions: [] };
  const exact = direct.filter((c) => c.searchKey === key);
  if (exact.length > 0) return several(exact);
  if (direct.length > 0) return several(direct);

  const patterns = typoPatterns(key);
  if (patterns.length > 0) {
    const candidates = await db.$queryRawUnsafe<Candidate[]>(
      `${SELECT} WHERE ${patterns.map((_, i) => `search_key LIKE $${i + 1}`).join(" OR ")} LIMIT 200`,
      ...patterns,
    );
    const ranked = rankByDistance(key, candidates, typoBudget(key));
    if (ranked.length > 0) return several(ranked);
  }

  if ([...key].length >= 3) {
    const inside = await db.$queryRawUnsafe<Candidate[]>(
      `${SELECT} WHERE strpos(search_key, $1) > 0 ORDER BY length(search_key), name LIMIT ${PICKER_SIZE + 1}`,
      key,
    );
    if (inside.length > 0) return several(inside);
  }

  const sameStart = await db.$queryRawUnsafe<Candidate[]>(
    `${SELECT} WHERE search_key LIKE $1 LIMIT 500`,
    `${[...key][0]}%`,
  );
  return { kind: "none", suggestions: rankByDistance(key, sameStart, Number.POSITIVE_INFINITY).slice(0, 5) };
}
