/**
 * The ingest API's documented limits (docs/api.md). A batch past them is refused with 413 and
 * nothing is written; a client splits it and sends the parts (each with its own Idempotency-Key).
 */

/** The most rows one POST may carry. */
export const MAX_ROWS = 10_000;

/** The most bytes one request body may carry: the server stops reading past this. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** How long an Idempotency-Key is remembered: after this the same key may be used again. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** The longest Idempotency-Key accepted (a UUID is 36 characters). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
