/**
 * Finds English left in a message meant for a Japanese reader (issue 15): every text a Slack
 * user sees (the fallback `text`, section and context mrkdwn, headers, buttons, fields,
 * placeholders, options, modal titles), with what is not a word of the message taken out first:
 * Slack's own tokens (`<@U…>`, `<!date^…|…>`, `<url|label>`: Slack renders them), inline code
 * (commands, file names), the names and ids the test passes, and the allow-list. Whatever is left
 * with two or more Latin letters in a row is reported.
 */

/** Terms Japanese CS teams write as they are. Extend it with care: each entry is English shown to a Japanese reader. */
export const JAPANESE_ALLOWED_TERMS = [
  "ARR",
  "CRM",
  "ID",
  "NPS",
  "CSAT",
  "P1",
  "NDA",
  "DPA",
  "CS",
  "Ops",
  "Kuroko",
  "UTC",
] as const;

/** Every text a Slack user reads in a message, modal or Home view (a Block Kit tree). */
export function visibleTexts(message: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (typeof node === "string") {
      // Ids a user never sees: action ids, values, block ids, callback ids, URLs, metadata.
      if (key === "text" || key === "title" || key === "description") out.push(node);
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      for (const [k, v] of Object.entries(record)) {
        if (k === "action_id" || k === "value" || k === "block_id" || k === "url" || k === "private_metadata")
          continue;
        walk(v, k);
      }
    }
  };
  walk(message);
  return out;
}

/** The English words left in `message` for a Japanese reader (sorted, each once). */
export function englishWords(
  message: unknown,
  options: { names?: readonly string[]; allow?: readonly string[] } = {},
): string[] {
  const allowed = new Set([...JAPANESE_ALLOWED_TERMS, ...(options.allow ?? [])]);
  const words = new Set<string>();
  for (let text of visibleTexts(message)) {
    text = text.replace(/<[^>]*>/g, " ").replace(/`[^`]*`/g, " ");
    // Longest first, so that "Acme Corp" goes before "Acme".
    for (const name of [...(options.names ?? [])].sort((a, b) => b.length - a.length))
      text = text.split(name).join(" ");
    for (const word of text.match(/[A-Za-z][A-Za-z0-9'’-]*[A-Za-z0-9]|[A-Za-z]{2,}/g) ?? [])
      if (!allowed.has(word) && /[A-Za-z]{2,}/.test(word)) words.add(word);
  }
  return [...words].sort();
}
