/**
 * Finding an account from what someone typed: pure parts (typo patterns, distances, ranking).
 * The queries that use them are in lookup.ts.
 */

/** An account as a lookup returns it. */
export interface Candidate {
  id: number;
  name: string;
  searchKey: string;
  externalId: string;
  domain: string | null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array(y.length).fill(0)]);
  for (let j = 1; j <= y.length; j++) d[0]![j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[x.length]![y.length]!;
}

/**
 * What a lookup reads of a query: no account name is longer, and a lookup's work grows with
 * the query (typo patterns, distances), so a pasted essay must not cost more than a name.
 */
export const MAX_QUERY_CHARS = 200;
/** Longer keys are looked up by prefix and inside names, without typo variants. */
export const MAX_TYPO_KEY_CHARS = 40;

/** How many typos a query of this length may carry. */
export const typoBudget = (key: string) => ([...key].length <= 3 ? 0 : [...key].length <= 7 ? 1 : 2);

/**
 * LIKE prefix patterns that catch a query with one typo (a letter missing, extra, wrong or
 * swapped), each starting with at least one literal character so that the accounts'
 * text_pattern_ops index can serve it. The search key holds only letters and digits, so no
 * LIKE metacharacter needs escaping.
 */
export function typoPatterns(key: string): string[] {
  const chars = [...key];
  // Bounded: about 4 patterns a character, each as long as the key.
  if (typoBudget(key) === 0 || chars.length > MAX_TYPO_KEY_CHARS) return [];
  const patterns = new Set<string>();
  for (let i = 1; i < chars.length; i++) {
    patterns.add(`${[...chars.slice(0, i), ...chars.slice(i + 1)].join("")}%`); // extra letter typed
    patterns.add(`${[...chars.slice(0, i), "_", ...chars.slice(i + 1)].join("")}%`); // wrong letter
    patterns.add(`${[...chars.slice(0, i), "_", ...chars.slice(i)].join("")}%`); // letter missing
    if (i < chars.length - 1)
      patterns.add(`${[...chars.slice(0, i), "_", "_", ...chars.slice(i + 2)].join("")}%`); // swap
  }
  return [...patterns];
}

/**
 * Distance from the query to the start of a name: typing "acmr" for "Acme Widgets" is one
 * typo, not eight.
 */
export function prefixDistance(key: string, candidateKey: string): number {
  const n = [...key].length;
  const candidate = [...candidateKey];
  let best = Number.POSITIVE_INFINITY;
  for (const length of [n - 1, n, n + 1]) {
    if (length < 1 || length > candidate.length) continue;
    best = Math.min(best, editDistance(key, candidate.slice(0, length).join("")));
  }
  return best;
}

/** The closest candidates first, keeping those within `limit` typos. */
export function rankByDistance(key: string, candidates: Candidate[], limit: number): Candidate[] {
  const length = [...key].length;
  const distance = (candidateKey: string) => {
    const prefix = prefixDistance(key, candidateKey);
    // The whole name's distance is at least the difference in length: skip what cannot win.
    return Math.abs([...candidateKey].length - length) >= prefix
      ? prefix
      : Math.min(prefix, editDistance(key, candidateKey));
  };
  return candidates
    .map((c) => ({ c, d: distance(c.searchKey) }))
    .filter(({ d }) => d <= limit)
    .sort(
      (a, b) => a.d - b.d || a.c.searchKey.length - b.c.searchKey.length || a.c.name.localeCompare(b.c.name),
    )
    .map(({ c }) => c);
}
