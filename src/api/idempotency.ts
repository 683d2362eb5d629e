import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "../db/database.js";
import { IDEMPOTENCY_TTL_HOURS } from "./limits.js";

/**
 * `Idempotency-Key`: a client that retries a POST (its connection dropped, it timed out) with
 * the same key gets the first answer again instead of a second write. Keys live in
 * api_idempotency per token, for IDEMPOTENCY_TTL_HOURS; any replica sees them.
 */

/**
 * A claim still running after this long is taken over: its process was killed mid-ingest
 * (the ingest is all or nothing, so nothing was written) and the client's retry must not wait
 * a day. A batch takes seconds.
 */
export const ABANDONED_AFTER_MS = 10 * 60_000;

export type Claim =
  | { kind: "new" }
  | { kind: "replay"; status: number; body: unknown }
  | { kind: "mismatch" }
  | { kind: "running" };

/** What a key is checked against: the route, the body's format and the exact bytes sent. */
export function requestHash(method: string, path: string, format: string, body: Buffer): string {
  return createHash("sha256").update(`${method} ${path} ${format}\n`).update(body).digest("hex");
}

/**
 * Claims (token, key) for this request: new (run it, then `finishKey`), a replay of the stored
 * answer, a different request under the same key, or the same one still running elsewhere.
 * A key older than the TTL, or a running claim abandoned, is taken over; expired keys are
 * deleted on the way.
 */
export async function claimKey(
  prisma: PrismaClient,
  tokenName: string,
  key: string,
  hash: string,
  now: Date,
): Promise<Claim> {
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000);
  const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS);
  await prisma.$executeRawUnsafe(
    "DELETE FROM api_idempotency WHERE created_at < $1::timestamptz",
    expired.toISOString(),
  );
  const claimed = await prisma.$queryRawUnsafe<{ key: string }[]>(
    `INSERT INTO api_idempotency (token_name, key, request_hash, status, body, created_at)
     VALUES ($1, $2, $3, NULL, NULL, $4::timestamptz)
     ON CONFLICT (token_name, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, status = NULL, body = NULL, created_at = EXCLUDED.created_at
       WHERE api_idempotency.created_at < $5::timestamptz
          OR (api_idempotency.status IS NULL AND api_idempotency.created_at < $6::timestamptz)
     RETURNING key`,
    tokenName,
    key,
    hash,
    now.toISOString(),
    expired.toISOString(),
    abandoned.toISOString(),
  );
  if (claimed.length > 0) return { kind: "new" };
  const row = await prisma.apiIdempotency.findUnique({ where: { tokenName_key: { tokenName, key } } });
  // Deleted between the two statements (another replica's `releaseKey`): this one runs it.
  if (!row) return claimKey(prisma, tokenName, key, hash, now);
  if (row.requestHash !== hash) return { kind: "mismatch" };
  if (row.status === null) return { kind: "running" };
  return { kind: "replay", status: row.status, body: row.body };
}

/** Stores the answer given, for replays. */
export async function finishKey(
  prisma: PrismaClient,
  tokenName: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await prisma.apiIdempotency.updateMany({
    where: { tokenName, key, status: null },
    data: { status, body: body as Prisma.InputJsonValue },
  });
}

/** Forgets a claim whose request failed unexpectedly, so that the client's retry runs it. */
export async function releaseKey(prisma: PrismaClient, tokenName: string, key: string): Promise<void> {
  await prisma.apiIdempotency.deleteMany({ where: { tokenName, key, status: null } });
}
