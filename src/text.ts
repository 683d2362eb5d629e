/**
 * `text` cut to at most `max` characters (code points, so no surrogate pair is split), with
 * "…" where it was cut: for echoing what someone typed into a message or a log line.
 */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
