/**
 * `text` cut to at most `max` characters (code points, so no surrogate pair is split), with
 * "…" where it was cut: for echoing what someone typed into a message or a log line.
 */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** Half of a surrogate pair standing alone (text cut in the middle of an emoji, say). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` as well-formed Unicode: a lone surrogate becomes U+FFFD. PostgreSQL refuses one in
 * JSON, and Slack shows it as garbage.
 */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, "\uFFFD");

/**
 * `text` within `max` UTF-16 units (how Slack's limits count), with "…" where it was cut, never
 * in the middle of a surrogate pair (an emoji cut in half is not valid text).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
