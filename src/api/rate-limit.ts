/**
 * A token bucket per API token: `perMinute` calls a minute on average, bursts up to `perMinute`.
 * In-process, so each replica counts its own calls (docs/api.md says so). Pure: the caller
 * passes the time.
 */
export interface RateLimiter {
  /** Takes one call for `key` at `nowMs`: allowed, or refused with the seconds until one is. */
  take(key: string, nowMs: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export function createRateLimiter(perMinute: number): RateLimiter {
  const capacity = Math.max(1, perMinute);
  const perMs = capacity / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, nowMs) {
      const bucket = buckets.get(key) ?? { tokens: capacity, at: nowMs };
      bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, nowMs - bucket.at) * perMs);
      bucket.at = nowMs;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
      };
    },
  };
}
