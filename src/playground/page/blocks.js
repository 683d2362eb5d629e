// @ts-check
// Block Kit for the playground page: Slack's text formats and blocks as DOM, and the state of
// interactive elements as Slack reports it (view.state.values). No framework, no network.

/**
 * Block Kit as the page reads it: JSON Kuroko sent through the playground's Web API, checked
 * there against Slack's limits only. Every field may be missing and is read defensively.
 *
 * @typedef {object} TextObject
 * @property {string} [type] "plain_text" or "mrkdwn"
 * @property {string} [text]
 * @property {boolean} [emoji]
 *
 * @typedef {object} OptionObject
 * @property {TextObject} [text]
 * @property {string} value
 * @property {TextObject} [description]
 *
 * @typedef {object} ConfirmObject
 * @property {TextObject} [title]
 * @property {TextObject} [text]
 * @property {TextObject} [confirm]
 * @property {TextObject} [deny]
 * @property {string} [style]
 *
 * @typedef {object} BlockElement An interactive element (a button, an input, a select...).
 * @property {string} type
 * @property {string} [action_id]
 * @property {TextObject} [text]
 * @property {string} [style]
 * @property {string} [url]
 * @property {ConfirmObject} [confirm]
 * @property {TextObject} [placeholder]
 * @property {boolean} [multiline]
 * @property {boolean} [is_decimal_allowed]
 * @property {string} [min_value]
 * @property {string} [max_value]
 * @property {number} [min_length]
 * @property {number} [max_length]
 * @property {number} [min_query_length]
 * @property {string} [initial_value]
 * @property {string} [initial_date]
 * @property {string} [initial_time]
 * @property {string} [initial_user]
 * @property {OptionObject} [initial_option]
 * @property {OptionObject[]} [initial_options]
 * @property {OptionObject[]} [options]
 * @property {{ label?: TextObject, options?: OptionObject[] }[]} [option_groups]
 *
 * @typedef {object} Block
 * @property {string} type
 * @property {string} [block_id]
 * @property {TextObject} [text]
 * @property {TextObject[]} [fields]
 * @property {BlockElement} [accessory]
 * @property {BlockElement} [element] An input block's.
 * @property {unknown[]} [elements] Each kind of block holds its own kind: see renderBlock.
 * @property {TextObject} [label]
 * @property {TextObject} [hint]
 * @property {boolean} [optional]
 * @property {boolean} [dispatch_action]
 * @property {TextObject} [title]
 * @property {string} [alt_text]
 *
 * @typedef {object} View A modal or a Home tab.
 * @property {string} [type]
 * @property {string} [callback_id]
 * @property {TextObject} [title]
 * @property {TextObject} [submit]
 * @property {TextObject} [close]
 * @property {Block[]} [blocks]
 */

/**
 * An option as Slack reports it chosen.
 * @typedef {{ text?: TextObject, value: string }} SelectedOption
 */

/**
 * One element's state in view.state.values; which field it has depends on its type.
 * @typedef {object} StateEntry
 * @property {string} type
 * @property {string | null} [value]
 * @property {SelectedOption | null} [selected_option]
 * @property {SelectedOption[]} [selected_options]
 * @property {string | null} [selected_date]
 * @property {string | null} [selected_time]
 * @property {string | null} [selected_user]
 */

/** view.state.values: block id → action id → state. @typedef {Record<string, Record<string, StateEntry>>} StateValues */

/** How mrkdwn names whom and what `<@U…>` and `<#C…>` mention. @typedef {{ userName(id: string): string, channelName(id: string): string }} MrkdwnContext */

/** @type {Record<string, string>} */
const EMOJI = {
  warning: "⚠️",
  white_check_mark: "✅",
  heavy_check_mark: "✔️",
  x: "❌",
  red_circle: "🔴",
  large_yellow_circle: "🟡",
  large_green_circle: "🟢",
  large_orange_circle: "🟠",
  arrow_up: "⬆️",
  arrow_down: "⬇️",
  arrow_right: "➡️",
  chart_with_upwards_trend: "📈",
  chart_with_downwards_trend: "📉",
  hourglass: "⌛",
  hourglass_flowing_sand: "⏳",
  memo: "📝",
  page_facing_up: "📄",
  bell: "🔔",
  zzz: "💤",
  calendar: "📅",
  date: "📅",
  moneybag: "💰",
  eyes: "👀",
  rotating_light: "🚨",
  tada: "🎉",
  inbox_tray: "📥",
  bust_in_silhouette: "👤",
  mag: "🔍",
  pencil2: "✏️",
  clipboard: "📋",
  information_source: "ℹ️",
  no_entry: "⛔",
  repeat: "🔁",
  sparkles: "✨",
};

/** @param {unknown} text */
export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** @param {string} text */
const decodeEntities = (text) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
/** @param {string} text */
const emojify = (text) => text.replace(/:([a-z0-9_+-]+):/g, (match, name) => EMOJI[name] ?? match);

/**
 * What the renderer draws: a string is text, `{ tag, attrs, children }` an element. Text stays
 * text until it is drawn, where it becomes a DOM text node (or is escaped, for mrkdwnHtml), so
 * nothing a person typed is ever read as markup.
 * @typedef {string | { tag: string, attrs: Record<string, string>, children: RenderNode[] }} RenderNode
 */

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {RenderNode[]} [children]
 * @returns {RenderNode}
 */
const el = (tag, attrs = {}, children = []) => ({ tag, attrs, children });

/**
 * `<...>` tokens of Slack's mrkdwn: mentions, channels, special mentions, dates, links.
 * @param {string} inner
 * @param {MrkdwnContext} ctx
 * @returns {RenderNode}
 */
function special(inner, ctx) {
  const [target, rawLabel] = splitOnce(inner, "|");
  const label = rawLabel === undefined ? undefined : decodeEntities(rawLabel);
  if (target.startsWith("@"))
    return el("span", { class: "mention" }, [`@${label ?? ctx.userName(target.slice(1))}`]);
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return el("a", { class: "mention", href: `#/${id}` }, [`#${label ?? ctx.channelName(id)}`]);
  }
  if (target.startsWith("!subteam^")) return el("span", { class: "mention" }, [label ?? "@group"]);
  if (target.startsWith("!date^")) return label ?? decodeEntities(target);
  if (target.startsWith("!")) return el("span", { class: "mention" }, [`@${target.slice(1)}`]);
  const url = decodeEntities(target);
  const text = label ?? url;
  if (url.startsWith(`${location.origin}/`)) return el("a", { href: url }, [text]);
  if (!/^(https?:|mailto:)/i.test(url)) return text;
  return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, [text]);
}

/**
 * @param {string} text
 * @param {string} separator
 * @returns {[string, string?]}
 */
function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

// While the text is formatted, each token already drawn (a link, code, bold text) stands in it as
// OPEN index CLOSE. Both marks are taken out of the text first: a person cannot type one.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKS = /[\uE000\uE001]/g;
const HELD = /\uE000(\d+)\uE001/g;

/**
 * Slack's mrkdwn as the renderer's nodes (see `el`).
 * @param {unknown} text
 * @param {MrkdwnContext} ctx
 * @returns {RenderNode[]}
 */
export function mrkdwnNodes(text, ctx) {
  /** @type {RenderNode[]} */
  const held = [];
  /** @param {RenderNode} node */
  const hold = (node) => `${OPEN}${held.push(node) - 1}${CLOSE}`;
  /**
   * Formatted text back as nodes; `prose` draws emoji and line breaks (code keeps both as typed).
   * @param {string} source
   * @returns {RenderNode[]}
   */
  const nodes = (source, prose = true) => {
    /** @type {RenderNode[]} */
    const out = [];
    /** @param {string} part */
    const run = (part) => {
      const lines = prose ? emojify(part).split("\n") : [part];
      lines.forEach((line, i) => {
        if (i > 0) out.push(el("br"));
        if (line) out.push(line);
      });
    };
    let last = 0;
    for (const match of source.matchAll(HELD)) {
      run(source.slice(last, match.index));
      // Every mark in the text is one of held's: a person's own were taken out first.
      out.push(/** @type {RenderNode} */ (held[Number(match[1])]));
      last = match.index + match[0].length;
    }
    run(source.slice(last));
    return out;
  };
  let source = String(text).replace(MARKS, "\uFFFD");
  source = source.replace(/<([^<>]+)>/g, (_, inner) => hold(special(inner, ctx)));
  source = decodeEntities(source);
  source = source.replace(/```([\s\S]*?)```/g, (_, code) => hold(el("pre", {}, nodes(code, false))));
  source = source.replace(/`([^`\n]+)`/g, (_, code) => hold(el("code", {}, nodes(code, false))));
  const edge = "(^|[\\s(\\uE000\\uE001])";
  const end = "(?=$|[\\s.,;:!?)\\uE000\\uE001])";
  for (const [mark, tag] of /** @type {const} */ ([
    ["\\*", "b"],
    ["_", "i"],
    ["~", "s"],
  ]))
    source = source.replace(
      new RegExp(`${edge}${mark}([^${mark}\\n]+)${mark}${end}`, "g"),
      (_, before, inner) => before + hold(el(tag, {}, nodes(inner))),
    );
  source = source.replace(/^> ?(.*)$/gm, (_, line) => hold(el("blockquote", {}, nodes(line))));
  return nodes(source);
}

/**
 * The renderer's nodes as HTML, every text and attribute value escaped (for the tests).
 * @param {RenderNode} node
 * @returns {string}
 */
function html(node) {
  if (typeof node === "string") return escapeHtml(node);
  const attrs = Object.entries(node.attrs)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join("");
  if (node.tag === "br") return `<br${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(html).join("")}</${node.tag}>`;
}

/**
 * The renderer's nodes as DOM nodes: text as text nodes, never parsed as HTML.
 * @param {RenderNode} node
 * @returns {Node}
 */
function dom(node) {
  if (typeof node === "string") return document.createTextNode(node);
  const element = document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) element.setAttribute(name, value);
  element.append(...node.children.map(dom));
  return element;
}

/**
 * Slack's mrkdwn as HTML.
 * @param {unknown} text
 * @param {MrkdwnContext} ctx
 */
export function mrkdwnHtml(text, ctx) {
  return mrkdwnNodes(text, ctx).map(html).join("");
}

/**
 * A text object (plain_text or mrkdwn) as an element.
 * @param {TextObject | undefined} object
 * @param {MrkdwnContext} ctx
 * @param {keyof HTMLElementTagNameMap} [tag]
 * @returns {HTMLElement}
 */
export function textNode(object, ctx, tag = "span") {
  const node = document.createElement(tag);
  if (!object) return node;
  if (object.type === "mrkdwn") {
    node.className = "mrkdwn";
    node.append(...mrkdwnNodes(object.text ?? "", ctx).map(dom));
  } else {
    const text = String(object.text ?? "");
    node.textContent = object.emoji === false ? text : emojify(text);
  }
  return node;
}

/** @param {TextObject | undefined} object */
export const plain = (object) => (object?.text ?? "").toString();

/**
 * A child `h` appends: a node, or text (as a text node); nothing for null, undefined or "".
 * @typedef {Node | string | null | undefined} Child
 */

/**
 * An element: `className` and `text` set those properties, `on<event>` (onClick) adds a
 * listener, anything else is an attribute (true: present; false, null or undefined: absent).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined | ((event: Event & { currentTarget: HTMLElementTagNameMap[K] }) => unknown)>} [props]
 * @param {Child | Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "className") node.className = String(value);
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on"))
      // Added to this node, so the event's currentTarget is the node the listener was typed for.
      node.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [children].flat()) if (child) node.append(child);
  return node;
}

export { h };

const STATEFUL = new Set([
  "plain_text_input",
  "number_input",
  "url_text_input",
  "email_text_input",
  "datepicker",
  "timepicker",
  "static_select",
  "external_select",
  "users_select",
  "multi_static_select",
  "radio_buttons",
  "checkboxes",
]);

/**
 * An actions block's elements.
 * @param {Block} block
 */
const actionElements = (block) => /** @type {BlockElement[]} */ (block.elements ?? []);

/**
 * The elements of a block that hold state or can be acted on.
 * @param {Block} block
 * @returns {BlockElement[]}
 */
function elementsOf(block) {
  if (block.type === "input") return block.element ? [block.element] : [];
  if (block.type === "actions") return actionElements(block);
  if (block.type === "section" && block.accessory) return [block.accessory];
  return [];
}

/**
 * An option as Slack reports it chosen: its text and value.
 * @overload
 * @param {OptionObject} option
 * @returns {SelectedOption}
 */
/**
 * @overload
 * @param {OptionObject | undefined} option
 * @returns {SelectedOption | undefined}
 */
/** @param {OptionObject | undefined} option */
function optionValue(option) {
  return option && { text: option.text, value: option.value };
}

/**
 * An element's state as Slack reports it, from its initial_* fields.
 * @param {BlockElement} element
 * @returns {StateEntry | undefined}
 */
function initialState(element) {
  switch (element.type) {
    case "plain_text_input":
    case "number_input":
    case "url_text_input":
    case "email_text_input":
      return { type: element.type, value: element.initial_value ?? null };
    case "datepicker":
      return { type: element.type, selected_date: element.initial_date ?? null };
    case "timepicker":
      return { type: element.type, selected_time: element.initial_time ?? null };
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return { type: element.type, selected_option: optionValue(element.initial_option) ?? null };
    case "users_select":
      return { type: element.type, selected_user: element.initial_user ?? null };
    case "multi_static_select":
    case "checkboxes":
      return {
        type: element.type,
        selected_options: (element.initial_options ?? []).map((o) => optionValue(o)),
      };
    default:
      return undefined;
  }
}

/**
 * view.state.values for a view's blocks. What the person entered is kept across a views.update
 * where the block and action ids stay the same, as Slack does; the rest starts from initial_*.
 * @param {Block[] | undefined} blocks
 * @param {StateValues} [previous]
 * @returns {StateValues}
 */
export function viewState(blocks, previous = {}) {
  /** @type {StateValues} */
  const values = {};
  for (const block of blocks ?? []) {
    for (const element of elementsOf(block)) {
      if (!STATEFUL.has(element.type) || !element.action_id) continue;
      const blockId = block.block_id ?? "";
      const kept = previous[blockId]?.[element.action_id];
      const entry = kept?.type === element.type ? kept : initialState(element);
      if (!entry) continue;
      values[blockId] ??= {};
      values[blockId][element.action_id] = entry;
    }
  }
  return values;
}

/**
 * Whether a state entry holds an answer (for "Please complete this required field").
 * @param {StateEntry | undefined} entry
 * @returns {entry is StateEntry}
 */
export function hasValue(entry) {
  if (!entry) return false;
  if ("value" in entry) return entry.value !== null && String(entry.value).trim() !== "";
  if ("selected_option" in entry) return Boolean(entry.selected_option);
  if ("selected_options" in entry) return Boolean(entry.selected_options?.length);
  if ("selected_date" in entry) return Boolean(entry.selected_date);
  if ("selected_time" in entry) return Boolean(entry.selected_time);
  if ("selected_user" in entry) return Boolean(entry.selected_user);
  return false;
}

/**
 * Checks Slack does in its client before a submission reaches the app.
 * @param {Block[] | undefined} blocks
 * @param {StateValues} values
 * @returns {Record<string, string>} block id → what to fix
 */
export function clientErrors(blocks, values) {
  /** @type {Record<string, string>} */
  const errors = {};
  for (const block of blocks ?? []) {
    if (block.type !== "input" || !block.element) continue;
    const blockId = block.block_id ?? "";
    const entry = values[blockId]?.[String(block.element.action_id)];
    const element = block.element;
    if (!hasValue(entry)) {
      if (!block.optional) errors[blockId] = "Please complete this required field.";
      continue;
    }
    if (element.type === "number_input") {
      const number = Number(entry.value);
      if (!Number.isFinite(number)) errors[blockId] = "Please enter a number.";
      else if (!element.is_decimal_allowed && !Number.isInteger(number))
        errors[blockId] = "Please enter a whole number.";
      else if (element.min_value !== undefined && number < Number(element.min_value))
        errors[blockId] = `Please enter a number of at least ${element.min_value}.`;
      else if (element.max_value !== undefined && number > Number(element.max_value))
        errors[blockId] = `Please enter a number no more than ${element.max_value}.`;
    }
    if (element.type === "plain_text_input") {
      const length = String(entry.value).length;
      if (element.min_length && length < element.min_length)
        errors[blockId] = `Please enter at least ${element.min_length} characters.`;
      if (element.max_length && length > element.max_length)
        errors[blockId] = `Please enter no more than ${element.max_length} characters.`;
    }
    if (element.type === "url_text_input" && !/^https?:\/\/\S+$/i.test(String(entry.value)))
      errors[blockId] = "Please enter a valid URL.";
  }
  return errors;
}

/**
 * What someone did to an element, as the page reports it to the server.
 * @typedef {object} ActionChange
 * @property {string} [value]
 * @property {string} [selectedDate]
 * @property {SelectedOption} [selectedOption]
 * @property {SelectedOption[]} [selectedOptions]
 */

/**
 * The options an external select offers for what was typed (the app's block_suggestion answer).
 * @typedef {{ options?: OptionObject[], option_groups?: { options?: OptionObject[] }[] }} Suggestions
 */

/**
 * Where blocks live and what to do when someone acts on them.
 * @typedef {object} Surface
 * @property {MrkdwnContext} ctx
 * @property {string} key Unique on the page: element names and ids are made from it.
 * @property {StateValues} [values] A view's state, kept up to date as people edit it.
 * @property {Record<string, string>} [errors] A view's field errors, by block id.
 * @property {(confirm: ConfirmObject) => Promise<boolean>} confirm
 * @property {(blockId: string, element: BlockElement, change: ActionChange) => unknown} act
 * @property {(blockId: string, element: BlockElement, query: string) => Promise<Suggestions>} [suggest]
 */

/**
 * Renders blocks where `surface` says.
 * @param {Block[] | undefined} blocks
 * @param {Surface} surface
 * @returns {HTMLElement[]}
 */
export function renderBlocks(blocks, surface) {
  return (blocks ?? []).map((block) => renderBlock(block, surface)).filter(Boolean);
}

/**
 * @param {Block} block
 * @param {Surface} surface
 * @returns {HTMLElement}
 */
function renderBlock(block, surface) {
  const { ctx } = surface;
  const blockId = block.block_id ?? "";
  switch (block.type) {
    case "section": {
      const main = h("div", { className: "section-main" }, [
        block.text ? textNode(block.text, ctx, "div") : null,
        block.fields?.length
          ? h(
              "div",
              { className: "fields" },
              block.fields.map((field) => textNode(field, ctx, "div")),
            )
          : null,
      ]);
      const accessory = block.accessory ? renderElement(block.accessory, blockId, surface, false) : null;
      return h("div", { className: "block block-section", "data-block-id": blockId }, [main, accessory]);
    }
    case "header":
      return h("div", { className: "block block-header", role: "heading", "aria-level": "3" }, [
        textNode(block.text, ctx),
      ]);
    case "divider":
      return h("hr", { className: "block block-divider" });
    case "context":
      return h(
        "div",
        { className: "block block-context" },
        /** @type {(TextObject & { alt_text?: string })[]} */ (block.elements ?? []).map((element) =>
          element.type === "image"
            ? h("span", { className: "bk-image-alt", text: `[${element.alt_text ?? "image"}]` })
            : textNode(element, ctx),
        ),
      );
    case "actions":
      return h(
        "div",
        { className: "block block-actions", "data-block-id": blockId },
        actionElements(block).map((element) => renderElement(element, blockId, surface, false)),
      );
    case "input":
      return renderInput(block, surface);
    case "image":
      // Images are not fetched: nothing leaves this machine.
      return h("div", { className: "block" }, [
        block.title ? textNode(block.title, ctx, "div") : null,
        h("span", { className: "bk-image-alt", text: `[image: ${block.alt_text ?? ""}]` }),
      ]);
    case "rich_text":
      return h("div", {
        className: "block",
        text: /** @type {{ elements?: { text?: string, url?: string }[] }[]} */ (block.elements ?? [])
          .flatMap((section) => (section.elements ?? []).map((e) => e.text ?? e.url ?? ""))
          .join(""),
      });
    default:
      return h("div", {
        className: "block empty",
        text: `[${block.type} block: not drawn by the playground]`,
      });
  }
}

/**
 * @param {Block} block
 * @param {Surface} surface
 */
function renderInput(block, surface) {
  const blockId = block.block_id ?? "";
  const error = surface.errors?.[blockId];
  const labelId = `label-${surface.key}-${blockId}`;
  const label = h("label", { className: "input-label", id: labelId }, [
    textNode(block.label, surface.ctx),
    block.optional ? h("span", { className: "optional", text: " (optional)" }) : null,
  ]);
  const element = block.element
    ? renderElement(block.element, blockId, surface, true, labelId, block.dispatch_action)
    : null;
  return h("div", { className: `block block-input${error ? " has-error" : ""}`, "data-block-id": blockId }, [
    label,
    element,
    block.hint ? hintNode(block.hint, surface.ctx) : null,
    error ? h("div", { className: "field-error", role: "alert", text: error }) : null,
  ]);
}

/**
 * @param {TextObject} hint
 * @param {MrkdwnContext} ctx
 */
function hintNode(hint, ctx) {
  const node = textNode(hint, ctx, "div");
  node.classList.add("input-hint");
  return node;
}

/**
 * @param {Surface} surface
 * @param {string} blockId
 * @param {string} actionId
 * @param {StateEntry} entry
 */
function setValue(surface, blockId, actionId, entry) {
  if (!surface.values) return;
  surface.values[blockId] ??= {};
  surface.values[blockId][actionId] = entry;
}

/**
 * Renders one element; `inInput` elements report only when dispatch_action asks them to.
 * @param {BlockElement} element
 * @param {string} blockId
 * @param {Surface} surface
 * @param {boolean} inInput
 * @param {string} [labelId]
 * @param {boolean} [dispatch]
 * @returns {HTMLElement}
 */
function renderElement(element, blockId, surface, inInput, labelId, dispatch) {
  const actionId = element.action_id ?? "";
  const current = surface.values?.[blockId]?.[actionId];
  const fires = !inInput || dispatch;
  const common = { "data-action-id": actionId, "aria-labelledby": labelId };
  switch (element.type) {
    case "button": {
      const classes = ["bk-button", element.style].filter(Boolean).join(" ");
      return h("button", {
        ...common,
        type: "button",
        className: classes,
        onClick: async (event) => {
          const button = event.currentTarget;
          if (element.confirm && !(await surface.confirm(element.confirm))) return;
          if (element.url) window.open(element.url, "_blank", "noopener");
          button.disabled = true;
          try {
            await surface.act(blockId, element, {});
          } finally {
            button.disabled = false;
          }
        },
        text: plain(element.text),
      });
    }
    case "plain_text_input":
    case "number_input":
    case "url_text_input":
    case "email_text_input": {
      const multiline = element.type === "plain_text_input" && element.multiline;
      const kind = /** @type {Record<string, string>} */ ({
        number_input: "number",
        url_text_input: "url",
        email_text_input: "email",
      })[element.type];
      const input = h(multiline ? "textarea" : "input", {
        ...common,
        className: "bk-input",
        type: multiline ? undefined : (kind ?? "text"),
        step: element.type === "number_input" ? (element.is_decimal_allowed ? "any" : "1") : undefined,
        placeholder: plain(element.placeholder) || undefined,
        maxlength: element.max_length,
      });
      input.value = current?.value ?? element.initial_value ?? "";
      input.addEventListener("input", () => {
        setValue(surface, blockId, actionId, {
          type: element.type,
          value: input.value === "" ? null : input.value,
        });
      });
      if (fires)
        input.addEventListener("change", () => surface.act(blockId, element, { value: input.value }));
      return input;
    }
    case "datepicker": {
      const input = h("input", { ...common, className: "bk-input", type: "date" });
      input.value = current?.selected_date ?? element.initial_date ?? "";
      input.addEventListener("change", () => {
        const selected = input.value || null;
        setValue(surface, blockId, actionId, { type: element.type, selected_date: selected });
        if (fires && selected) surface.act(blockId, element, { selectedDate: selected });
      });
      return input;
    }
    case "static_select":
    case "multi_static_select":
    case "overflow": {
      const multiple = element.type === "multi_static_select";
      const select = h("select", { ...common, className: "bk-select", multiple });
      if (!multiple)
        select.append(
          h("option", {
            value: "",
            text: element.type === "overflow" ? "⋯" : plain(element.placeholder) || "Select an option",
          }),
        );
      const groups = element.option_groups ?? [{ options: element.options ?? [] }];
      /** @type {OptionObject[]} */
      const all = [];
      for (const group of groups) {
        const parent = group.label ? h("optgroup", { label: plain(group.label) }) : select;
        for (const option of group.options ?? []) {
          all.push(option);
          parent.append(h("option", { value: option.value, text: plain(option.text) }));
        }
        if (parent !== select) select.append(parent);
      }
      const chosen = multiple
        ? (current?.selected_options ?? []).map((o) => o.value)
        : [current?.selected_option?.value ?? ""];
      for (const option of select.options) option.selected = chosen.includes(option.value);
      select.addEventListener("change", () => {
        const picked = [...select.selectedOptions]
          .map((o) => all.find((x) => x.value === o.value))
          .filter((option) => option !== undefined);
        if (multiple) {
          const selected = picked.map((option) => optionValue(option));
          setValue(surface, blockId, actionId, { type: element.type, selected_options: selected });
          if (fires) surface.act(blockId, element, { selectedOptions: selected });
          return;
        }
        const selected = picked[0] ? optionValue(picked[0]) : null;
        if (element.type !== "overflow")
          setValue(surface, blockId, actionId, { type: element.type, selected_option: selected });
        if (fires && selected) surface.act(blockId, element, { selectedOption: selected });
        if (element.type === "overflow") select.value = "";
      });
      return select;
    }
    case "external_select":
      return renderTypeahead(element, blockId, surface, fires, common);
    case "radio_buttons":
    case "checkboxes": {
      const radio = element.type === "radio_buttons";
      const name = `${surface.key}-${blockId}-${actionId}`;
      const picked = radio
        ? [current?.selected_option?.value]
        : (current?.selected_options ?? []).map((o) => o.value);
      const group = h("div", { ...common, role: radio ? "radiogroup" : "group", className: "choices" });
      const options = element.options ?? [];
      for (const option of options) {
        const input = h("input", { type: radio ? "radio" : "checkbox", name, value: option.value });
        input.checked = picked.includes(option.value);
        input.addEventListener("change", () => {
          const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (group.querySelectorAll("input:checked"));
          // Each box was drawn for one of the options.
          const checked = [...boxes]
            .map((i) => optionValue(options.find((o) => o.value === i.value)))
            .filter((o) => o !== undefined);
          const entry = radio
            ? { type: element.type, selected_option: checked[0] ?? null }
            : { type: element.type, selected_options: checked };
          setValue(surface, blockId, actionId, entry);
          if (fires)
            surface.act(
              blockId,
              element,
              radio ? { selectedOption: checked[0] } : { selectedOptions: checked },
            );
        });
        group.append(
          h("label", { className: "choice" }, [
            input,
            " ",
            textNode(option.text, surface.ctx),
            option.description ? hintNode(option.description, surface.ctx) : null,
          ]),
        );
      }
      return group;
    }
    default:
      return h("span", { className: "empty", text: `[${element.type}: not drawn by the playground]` });
  }
}

/**
 * An external select: what is typed goes to the app as block_suggestion; its options drop down.
 * @param {BlockElement} element
 * @param {string} blockId
 * @param {Surface} surface
 * @param {boolean | undefined} fires
 * @param {Record<string, string | undefined>} common
 */
function renderTypeahead(element, blockId, surface, fires, common) {
  const actionId = element.action_id ?? "";
  const current = surface.values?.[blockId]?.[actionId];
  const minLength = element.min_query_length ?? 3;
  const input = h("input", {
    ...common,
    className: "bk-input",
    role: "combobox",
    "aria-autocomplete": "list",
    placeholder: plain(element.placeholder) || "Type to search",
  });
  input.value = plain(current?.selected_option?.text);
  const list = h("div", { className: "typeahead-options", role: "listbox", hidden: true });
  /** @type {number | undefined} */
  let timer;
  let asked = 0;
  input.addEventListener("input", () => {
    setValue(surface, blockId, actionId, { type: element.type, selected_option: null });
    clearTimeout(timer);
    const query = input.value;
    if (query.length < minLength) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(async () => {
      // Suggestions are asked for in views only (Kuroko's external selects are in forms).
      if (!surface.suggest) return;
      const ask = ++asked;
      const answer = await surface.suggest(blockId, element, query);
      if (ask !== asked) return;
      const options = [
        ...(answer.options ?? []),
        ...(answer.option_groups ?? []).flatMap((g) => g.options ?? []),
      ];
      list.replaceChildren(
        ...(options.length
          ? options.map((option) =>
              h("button", {
                type: "button",
                role: "option",
                text: plain(option.text),
                onClick: () => {
                  const selected = optionValue(option);
                  input.value = plain(option.text);
                  list.hidden = true;
                  setValue(surface, blockId, actionId, { type: element.type, selected_option: selected });
                  if (fires) surface.act(blockId, element, { selectedOption: selected });
                },
              }),
            )
          : [h("div", { className: "empty", text: "No matches" })]),
      );
      list.hidden = false;
    }, 200);
  });
  return h("div", { className: "typeahead" }, [input, list]);
}
