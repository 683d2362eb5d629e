import type { z } from "zod";

/**
 * What checking a configuration file's data shares (pure): its problems said with where they are,
 * and a stable form of the data to fingerprint it. The health model, the alert rules and the
 * exchange rates use both.
 */

/** "components[2].metrics[0].signal": where a problem is, as the file's reader finds it. */
export const formatPath = (path: readonly PropertyKey[]) =>
  path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`)).join("");

/** Every problem zod found, each with where it is ("rates[2].JPY: must be more than 0"). */
export const describeIssues = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((issue) => (issue.path.length ? `${formatPath(issue.path)}: ${issue.message}` : issue.message));

/** Stable JSON (sorted keys): the same data gives the same text whatever the file's key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
