import { z } from "zod";

/**
 * Reading what Slack carries back (button values, option values, private_metadata) at the
 * boundary: whatever a forged payload holds, a handler gets a checked value or undefined,
 * never an exception.
 */

const rowId = z.coerce.number().int().positive().max(2_147_483_647);

/** A database id carried in a button's value (or an option's), if it is one. */
export function idFrom(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length > 12) return undefined;
  const parsed = rowId.safeParse(value.trim() === "" ? Number.NaN : value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A modal's private_metadata, checked: anything that is not JSON of the expected shape (Slack
 * caps it at 3,000 characters) reads as undefined.
 */
export function parseMetadata<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== "string" || raw.length > 3_000) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw || "{}"));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
