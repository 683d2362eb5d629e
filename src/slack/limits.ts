/**
 * A summary's thread (the alert baseline's, the "N more alerts", a renewal window's) lists this
 * many accounts at most, in its order (most severe, or largest ARR, first); the rest are counted
 * and pointed to (owners' morning DMs, the reporting views). A thousand lines is no list a person
 * reads, and at a million accounts a first morning would post a hundred thousand: at Slack's one
 * message a second per channel, an hour of posting.
 */
export const LISTED_IN_THREAD = 200;

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
          problems.push(...elementViolations(e, `${where}: element ${j}`));
          if (textOf(e.text).length > 75) problems.push(`${where}: element ${j} text over 75 characters`);
          if (typeof e.value === "string" && e.value.length > 2_000)
            problems.push(`${where}: element ${j} value over 2,000`);
        });
        break;
      }
      case "input": {
        if (textOf(block.label).length === 0) problems.push(`${where}: no label`);
        if (textOf(block.label).length > 2_000) problems.push(`${where}: label over 2,000 characters`);
        if (textOf(block.hint).length > 2_000) problems.push(`${where}: hint over 2,000 characters`);
        const element = block.element as Record<string, unknown> | undefined;
        if (!element) problems.push(`${where}: no element`);
        else problems.push(...elementViolations(element, `${where}: element`));
        break;
      }
    }
    const accessory = block.accessory as Record<string, unknown> | undefined;
    if (accessory) problems.push(...elementViolations(accessory, `${where}: accessory`));
  });
  return problems;
}

/** The limits of one interactive element (a button, a select, an input...). */
function elementViolations(e: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  const text = (t: unknown) => ((t as { text?: string } | undefined)?.text ?? "") as string;
  if (typeof e.action_id === "string" && e.action_id.length > 255)
    problems.push(`${where}: action_id over 255`);
  if (text(e.placeholder).length > 150) problems.push(`${where}: placeholder over 150 characters`);
  const options = [
    ...((e.options ?? []) as Record<string, unknown>[]),
    ...((e.option_groups ?? []) as { options?: Record<string, unknown>[] }[]).flatMap((g) => g.options ?? []),
  ];
  const max = e.type === "overflow" ? 5 : e.type === "radio_buttons" || e.type === "checkboxes" ? 10 : 100;
  if (options.length > max) problems.push(`${where} has ${options.length} options (max ${max})`);
  options.forEach((option, k) => {
    if (text(option.text).length > 75) problems.push(`${where}: option ${k} text over 75 characters`);
    if (typeof option.value === "string" && option.value.length > 150)
      problems.push(`${where}: option ${k} value over 150 characters`);
  });
  if (typeof e.max_length === "number" && e.max_length > 3_000)
    problems.push(`${where}: max_length over 3,000`);
  if (typeof e.initial_value === "string" && e.initial_value.length > 3_000)
    problems.push(`${where}: initial_value over 3,000 characters`);
  return problems;
}

/**
 * A modal's or Home tab's limits (`views.open`, `views.update`, `views.push`, `views.publish`):
 * its blocks, plus the view's own rules. Slack refuses a view that breaks them.
 */
export function slackViewViolations(view: unknown, surface: "modal" | "home"): string[] {
  if (!view || typeof view !== "object") return ["view is missing"];
  const v = view as Record<string, unknown>;
  const problems = slackLimitViolations({ blocks: v.blocks }, surface);
  if (v.type !== surface) problems.push(`view.type must be "${surface}"`);
  const text = (t: unknown) => (t as { text?: string } | undefined)?.text;
  if (surface === "modal") {
    const title = text(v.title) ?? "";
    if (title.length === 0 || title.length > 24) problems.push("title must be 1 to 24 characters");
  }
  for (const key of ["submit", "close"] as const) {
    const label = text(v[key]);
    if (label !== undefined && label.length > 24) problems.push(`${key} over 24 characters`);
  }
  if (typeof v.private_metadata === "string" && v.private_metadata.length > 3_000)
    problems.push("private_metadata over 3,000 characters");
  if (typeof v.callback_id === "string" && v.callback_id.length > 255) problems.push("callback_id over 255");
  const inputs = ((v.blocks ?? []) as { type?: string }[]).some((b) => b.type === "input");
  if (surface === "modal" && inputs && !v.submit) problems.push("a modal with inputs needs submit");
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
