// Block Kit for the playground page: Slack's text formats and blocks as DOM, and the state of
// interactive elements as Slack reports it (view.state.values). No framework, no network.

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

export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const decodeEntities = (text) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const emojify = (text) => text.replace(/:([a-z0-9_+-]+):/g, (match, name) => EMOJI[name] ?? match);

/**
 * What the renderer draws: a string is text, `{ tag, attrs, children }` an element. Text stays
 * text until it is drawn, where it becomes a DOM text node (or is escaped, for mrkdwnHtml), so
 * nothing a person typed is ever read as markup.
 */
const el = (tag, attrs = {}, children = []) => ({ tag, attrs, children });

/** `<...>` tokens of Slack's mrkdwn: mentions, channels, special mentions, dates, links. */
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

/** Slack's mrkdwn as the renderer's nodes (see `el`). */
export function mrkdwnNodes(text, ctx) {
  const held = [];
  const hold = (node) => `${OPEN}${held.push(node) - 1}${CLOSE}`;
  /** Formatted text back as nodes; `prose` draws emoji and line breaks (code keeps both as typed). */
  const nodes = (source, prose = true) => {
    const out = [];
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
      out.push(held[Number(match[1])]);
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
  for (const [mark, tag] of [
    ["\\*", "b"],
    ["_", "i"],
    ["~", "s"],
  ])
    source = source.replace(
      new RegExp(`${edge}${mark}([^${mark}\\n]+)${mark}${end}`, "g"),
      (_, before, inner) => before + hold(el(tag, {}, nodes(inner))),
    );
  source = source.replace(/^> ?(.*)$/gm, (_, line) => hold(el("blockquote", {}, nodes(line))));
  return nodes(source);
}

/** The renderer's nodes as HTML, every text and attribute value escaped (for the tests). */
function html(node) {
  if (typeof node === "string") return escapeHtml(node);
  const attrs = Object.entries(node.attrs)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join("");
  if (node.tag === "br") return `<br${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(html).join("")}</${node.tag}>`;
}

/** The renderer's nodes as DOM nodes: text as text nodes, never parsed as HTML. */
function dom(node) {
  if (typeof node === "string") return document.createTextNode(node);
  const element = document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) element.setAttribute(name, value);
  element.append(...node.children.map(dom));
  return element;
}

/** Slack's mrkdwn as HTML. */
export function mrkdwnHtml(text, ctx) {
  return mrkdwnNodes(text, ctx).map(html).join("");
}

/** A text object (plain_text or mrkdwn) as an element. */
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

export const plain = (object) => (object?.text ?? "").toString();

function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2).toLowerCase(), value);
    else node.setAttribute(key, value === true ? "" : value);
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

/** The elements of a block that hold state or can be acted on. */
function elementsOf(block) {
  if (block.type === "input") return block.element ? [block.element] : [];
  if (block.type === "actions") return block.elements ?? [];
  if (block.type === "section" && block.accessory) return [block.accessory];
  return [];
}

const optionValue = (option) => option && { text: option.text, value: option.value };

/** An element's state as Slack reports it, from its initial_* fields. */
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
      return { type: element.type, selected_options: (element.initial_options ?? []).map(optionValue) };
    default:
      return undefined;
  }
}

/**
 * view.state.values for a view's blocks. What the person entered is kept across a views.update
 * where the block and action ids stay the same, as Slack does; the rest starts from initial_*.
 */
export function viewState(blocks, previous = {}) {
  const values = {};
  for (const block of blocks ?? []) {
    for (const element of elementsOf(block)) {
      if (!STATEFUL.has(element.type) || !element.action_id) continue;
      const blockId = block.block_id ?? "";
      const kept = previous[blockId]?.[element.action_id];
      values[blockId] ??= {};
      values[blockId][element.action_id] = kept?.type === element.type ? kept : initialState(element);
    }
  }
  return values;
}

/** Whether a state entry holds an answer (for "Please complete this required field"). */
export function hasValue(entry) {
  if (!entry) return false;
  if ("value" in entry) return entry.value !== null && String(entry.value).trim() !== "";
  if ("selected_option" in entry) return Boolean(entry.selected_option);
  if ("selected_options" in entry) return entry.selected_options.length > 0;
  if ("selected_date" in entry) return Boolean(entry.selected_date);
  if ("selected_time" in entry) return Boolean(entry.selected_time);
  if ("selected_user" in entry) return Boolean(entry.selected_user);
  return false;
}

/** Checks Slack does in its client before a submission reaches the app. */
export function clientErrors(blocks, values) {
  const errors = {};
  for (const block of blocks ?? []) {
    if (block.type !== "input" || !block.element) continue;
    const blockId = block.block_id ?? "";
    const entry = values[blockId]?.[block.element.action_id];
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
 * Renders blocks. `surface` says where they live and what to do when someone acts:
 * { ctx, values?, act(blockId, element, change), suggest?(blockId, element, query), errors? }.
 */
export function renderBlocks(blocks, surface) {
  return (blocks ?? []).map((block) => renderBlock(block, surface)).filter(Boolean);
}

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
        (block.elements ?? []).map((element) =>
          element.type === "image"
            ? h("span", { className: "bk-image-alt", text: `[${element.alt_text ?? "image"}]` })
            : textNode(element, ctx),
        ),
      );
    case "actions":
      return h(
        "div",
        { className: "block block-actions", "data-block-id": blockId },
        (block.elements ?? []).map((element) => renderElement(element, blockId, surface, false)),
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
        text: (block.elements ?? [])
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

function hintNode(hint, ctx) {
  const node = textNode(hint, ctx, "div");
  node.classList.add("input-hint");
  return node;
}

function setValue(surface, blockId, actionId, entry) {
  if (!surface.values) return;
  surface.values[blockId] ??= {};
  surface.values[blockId][actionId] = entry;
}

/** Renders one element; `inInput` elements report only when dispatch_action asks them to. */
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
      const kind = { number_input: "number", url_text_input: "url", email_text_input: "email" }[element.type];
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
          .filter(Boolean);
        if (multiple) {
          const selected = picked.map(optionValue);
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
      for (const option of element.options ?? []) {
        const input = h("input", { type: radio ? "radio" : "checkbox", name, value: option.value });
        input.checked = picked.includes(option.value);
        input.addEventListener("change", () => {
          const checked = [...group.querySelectorAll("input:checked")].map((i) =>
            optionValue(element.options.find((o) => o.value === i.value)),
          );
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

/** An external select: what is typed goes to the app as block_suggestion; its options drop down. */
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
