import { createHash, timingSafeEqual } from "node:crypto";

/** A configured API token (KUROKO_API_TOKENS): its name is what logs and the idempotency table see. */
export interface ApiToken {
  name: string;
  token: string;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** The token of an `Authorization: Bearer <token>` header; undefined without one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * The name of the configured token `given` matches, or undefined. Compared in constant time:
 * both sides are hashed first (equal lengths for timingSafeEqual, whatever was sent), and every
 * configured token is compared, so the time taken tells nothing about which one came close.
 */
export function authenticate(tokens: readonly ApiToken[], given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const offered = digest(given);
  let found: string | undefined;
  for (const { name, token } of tokens) {
    if (timingSafeEqual(offered, digest(token)) && found === undefined) found = name;
  }
  return found;
}
