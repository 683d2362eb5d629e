/**
 * Slack's documented limits on messages, modals and Home tabs
 * (https://api.slack.com/reference/block-kit/blocks), checked on any payload the app sends.
 * Returns the violations found, as readable strings (an empty list means it fits).
 */
export function slackLimitViolations(
  payload: { text?: unknown; blocks?: unknown },
  surface: "message" | "modal" | "home" = "message",
): string[] {
  const problems: string[] = [];
  const blocks = (payload.blocks ?? []) as Record<string, unknown>[];
  const maxBlocks = surface === "message" ? 50 : 100;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  if (typeof payload.text === "string" && payload.text.length > 40_000)
    problems.push("text over 40,000 characters");
  if (
    surface === "message" &&
    blocks.length > 0 &&
    !(typeof payload.text === "string" && payload.text.length > 0)
  ) {
    problems.push("no text fallback");
  }
  problems.push(...strayBrackets(payload));
  const textOf = (t: unknown) => ((t as { text?: string } | undefined)?.text ?? "") as string;
  blocks.forEach((block, i) => {
    const where = `block ${i} (${String(block.type)})`;
    if (typeof block.block_id === "string" && block.block_id.length > 255)
      problems.push(`${where}: block_id over 255`);
    switch (block.type) {
      case "header":
        if (textOf(block.text).length > 150) problems.push(`${where}: header over 150 characters`);
        break;
      case "section": {
        if (textOf(block.text).length > 3_000) problems.push(`${where}: text over 3,000 characters`);
        const fields = (block.fields ?? []) as unknown[];
        if (fields.length > 10) problems.push(`${where}: ${fields.length} fields (max 10)`);
        fields.forEach((f, j) => {
          if (textOf(f).length > 2_000) problems.push(`${where}: field ${j} over 2,000 characters`);
        });
        if (!block.text && fields.length === 0) problems.push(`${where}: neither text nor fields`);
        break;
      }
      case "context": {
        const elements = (block.elements ?? []) as unknown[];
        if (elements.length > 10) problems.push(`${where}: ${elements.length} elements (max 10)`);
        elements.forEach((e, j) => {
          if (textOf(e).length > 3_000) problems.push(`${where}: element ${j} over 3,000 characters`);
        });
        break;
      }
      case "actions": {
        const elements = (block.elements ?? []) as Record<string, unknown>[];
        if (elements.length > 25) problems.push(`${where}: ${elements.length} elements (max 25)`);
        const ids = elements.map((e) => e.action_id);
        if (new Set(ids).size !== ids.length) problems.push(`${where}: duplicate action_id`);
        elements.forEach((e, j) => {
          if (textOf(e.text).length > 75) problems.push(`${where}: element ${j} text over 75 characters`);
          if (typeof e.value === "string" && e.value.length > 2_000)
            problems.push(`${where}: element ${j} value over 2,000`);
          if (typeof e.action_id === "string" && e.action_id.length > 255)
            problems.push(`${where}: action_id over 255`);
          const options = (e.options ?? []) as unknown[];
          if (options.length > 100)
            problems.push(`${where}: element ${j} has ${options.length} options (max 100)`);
        });
        break;
      }
    }
  });
  return problems;
}

/** What Slack reads inside `<…>` in mrkdwn: mentions, channels, special mentions, links. */
const SLACK_TOKEN = /^(@[UW]|#[CG]|!|https?:\/\/|mailto:)/;
export const STRAY_BRACKETS = "stray <…> in mrkdwn";

/**
 * Slack reads `<…>` in mrkdwn as a link or a mention, so a literal `<account>` must be sent as
 * `&lt;account&gt;`; otherwise Slack shows a broken link. Walks the top-level text and every
 * mrkdwn text object in the blocks.
 */
export function strayBrackets(payload: { text?: unknown; blocks?: unknown }): string[] {
  const found: string[] = [];
  const check = (text: string) => {
    for (const match of text.matchAll(/<([^<>]*)>/g))
      if (!SLACK_TOKEN.test(match[1] ?? ""))
        found.push(`${STRAY_BRACKETS}: ${match[0]} (send &lt; and &gt;)`);
  };
  if (typeof payload.text === "string") check(payload.text);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const object = node as Record<string, unknown>;
      if (object.type === "mrkdwn" && typeof object.text === "string") check(object.text);
      else Object.values(object).forEach(walk);
    }
  };
  walk(payload.blocks);
  return found;
}
