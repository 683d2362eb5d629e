// @ts-check
// The playground page: a small Slack client for the demo people. Everything it shows comes from
// the playground server (which Kuroko talks to as Slack); everything done here goes to Kuroko
// as the payload Slack would send.
import { clientErrors, h, plain, renderBlocks, textNode, viewState } from "./blocks.js";

/**
 * @import { Block, ConfirmObject, MrkdwnContext, StateValues, Suggestions, Surface, View } from "./blocks.js"
 * @import { Message, PageState, Role } from "../page-state.js"
 */

/**
 * index.html's element with this id, as the kind of element it is there.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T }} kind
 * @returns {T}
 */
function elementOf(id, kind) {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`index.html has no ${kind.name} #${id}`);
  return found;
}

/** @param {string} id */
const $ = (id) => elementOf(id, HTMLElement);
const GENERAL = "C0PGGENERAL";

/** @typedef {{ kind: "channel", id: string } | { kind: "home" }} Pane */

const app = {
  /** Who the page acts as: a user id, or "" until the first state says who can be chosen. */
  me:
    new URLSearchParams(location.search).get("as") ?? sessionStorage.getItem("kuroko-playground-user") ?? "",
  /** @type {PageState | undefined} */
  data: undefined,
  /** @type {Pane} */
  pane: { kind: "channel", id: GENERAL },
  /** @type {{ channel: string, ts: string } | undefined} */
  thread: undefined,
  /** @type {string | undefined} */
  highlight: undefined,
  /**
   * view id → view.state.values being edited.
   * @type {Map<string, StateValues>}
   */
  viewValues: new Map(),
  /**
   * view id → { hash, errors }: a submission's field errors, for the view as it was drawn then.
   * A views.update redraws the view without them, as Slack does.
   * @type {Map<string, { hash: string, errors: Record<string, string> }>}
   */
  viewErrors: new Map(),
  renderedModal: "",
  /**
   * user id → channel id → how many messages that person has seen there.
   * @type {Record<string, Record<string, number>>}
   */
  seen: {},
  dismissedBefore: 0,
  fetching: false,
  again: false,
  /** Whether the pane was just opened (scrolled to its end). */
  paneChanged: false,
};

/**
 * The state last fetched. Nothing is drawn before the first one arrives (see render).
 * @returns {PageState}
 */
function current() {
  if (!app.data) throw new Error("The page draws nothing before the playground's state arrives.");
  return app.data;
}

/**
 * Blocks and views are what Kuroko sent, kept as JSON by the playground's workspace (which
 * checked them against Slack's limits): blocks.js reads them as Block Kit, every field optional.
 * @param {unknown[] | undefined} blocks
 */
const asBlocks = (blocks) => /** @type {Block[] | undefined} */ (blocks);
/** @param {Record<string, unknown>} view */
const asView = (view) => /** @type {View} */ (view);

/**
 * What the page API answers: ok or not (with the error to show), and what each route adds.
 * @typedef {{ ok: boolean, error?: string, errors?: Record<string, string>, lines?: string[] } & Suggestions} PageAnswer
 */

/**
 * @param {string} path
 * @param {Record<string, unknown>} body
 * @returns {Promise<PageAnswer>}
 */
async function post(path, body) {
  const response = await fetch(`/playground/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: app.me, ...body }),
  });
  const answer = await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }));
  if (!answer.ok) showLocalNotice(answer.error ?? "That did not work.");
  return answer;
}

/** @param {string} text */
function showLocalNotice(text) {
  $("notices").append(h("div", { className: "notice", role: "alert", text }));
}

/** @type {MrkdwnContext} */
const ctx = {
  userName: (id) =>
    app.data?.users.find((u) => u.id === id)?.name ?? (id === app.data?.bot.userId ? "kuroko" : id),
  channelName: (id) => app.data?.channels.find((c) => c.id === id)?.name ?? id,
};

async function refresh() {
  if (!app.me) return;
  if (app.fetching) {
    app.again = true;
    return;
  }
  app.fetching = true;
  try {
    do {
      app.again = false;
      const response = await fetch(`/playground/state?user=${encodeURIComponent(app.me)}`);
      if (response.ok) app.data = await response.json();
    } while (app.again);
    render();
  } finally {
    app.fetching = false;
  }
}

/** @param {Message} message */
function authorOf(message) {
  if (message.author === current().bot.userId) return { name: "Kuroko", bot: true };
  if (message.author === "USLACKBOT") return { name: "Playground", bot: true };
  return { name: ctx.userName(message.author), bot: false };
}

/** @param {string} ts */
const timeOf = (ts) =>
  new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** @param {string} channelId */
function channelMessages(channelId) {
  return current().messages.filter((m) => m.channel === channelId);
}

/**
 * @param {ConfirmObject} confirm
 * @returns {Promise<boolean>}
 */
function confirmDialog(confirm) {
  return new Promise((resolve) => {
    /** @param {boolean} answer */
    const close = (answer) => {
      overlay.remove();
      resolve(answer);
    };
    const overlay = h("div", { className: "modal-overlay", role: "dialog", "aria-modal": "true" }, [
      h("div", { className: "modal" }, [
        h("div", { className: "modal-title" }, [
          h("span", { text: plain(confirm.title) || "Are you sure?" }),
        ]),
        h("div", { className: "modal-body" }, [textNode(confirm.text, ctx, "div")]),
        h("div", { className: "modal-footer" }, [
          h("button", {
            type: "button",
            className: "bk-button",
            text: plain(confirm.deny) || "Cancel",
            onClick: () => close(false),
          }),
          h("button", {
            type: "button",
            className: `bk-button ${confirm.style === "danger" ? "danger" : "primary"}`,
            text: plain(confirm.confirm) || "Yes",
            onClick: () => close(true),
          }),
        ]),
      ]),
    ]);
    document.body.append(overlay);
  });
}

/**
 * @param {Message} message
 * @returns {Surface}
 */
function messageSurface(message) {
  return {
    ctx,
    key: `m${message.ts}`,
    confirm: confirmDialog,
    act: (blockId, element, change) =>
      post("action", {
        source: { kind: "message", channel: message.channel, ts: message.ts },
        action: { blockId, actionId: element.action_id ?? "", ...change },
      }),
  };
}

/**
 * The field errors shown in a view: those of its last submission, unless it was redrawn since.
 * @param {{ id: string, hash?: string }} view
 */
function errorsOf(view) {
  const shown = app.viewErrors.get(view.id);
  return shown && shown.hash === view.hash ? shown.errors : undefined;
}

/**
 * @param {{ id: string, hash?: string }} view
 * @returns {Surface}
 */
function viewSurface(view) {
  const values = app.viewValues.get(view.id) ?? {};
  return {
    ctx,
    key: view.id,
    values,
    errors: errorsOf(view),
    confirm: confirmDialog,
    act: (blockId, element, change) =>
      post("action", {
        source: { kind: "view", viewId: view.id },
        action: { blockId, actionId: element.action_id ?? "", ...change },
        values,
      }),
    suggest: async (blockId, element, query) => {
      const answer = await post("suggest", {
        viewId: view.id,
        blockId,
        actionId: element.action_id ?? "",
        value: query,
        values,
      });
      return answer.ok ? answer : { options: [] };
    },
  };
}

/**
 * @param {Message} message
 * @param {{ inThread?: boolean }} [options]
 */
function renderMessage(message, { inThread = false } = {}) {
  const author = authorOf(message);
  const replies = inThread ? [] : channelMessages(message.channel).filter((m) => m.threadTs === message.ts);
  const body = h("div", { className: "message-body" }, [
    h("div", { className: "message-meta" }, [
      h("span", { className: "author", text: author.name }),
      author.bot ? h("span", { className: "app-tag", text: "APP" }) : null,
      h("span", { text: timeOf(message.ts) }),
      message.edited ? h("span", { text: " (edited)" }) : null,
    ]),
    message.blocks?.length
      ? h("div", { className: "blocks" }, renderBlocks(asBlocks(message.blocks), messageSurface(message)))
      : textNode({ type: "mrkdwn", text: message.text }, ctx, "div"),
    message.files?.length
      ? h(
          "div",
          { className: "files" },
          message.files.map((file) =>
            h("figure", { className: "shared-file" }, [
              h("img", { src: file.url, alt: file.altText, title: file.title }),
              h("figcaption", { text: file.title }),
            ]),
          ),
        )
      : null,
    message.ephemeralFor ? h("div", { className: "ephemeral-note", text: "Only visible to you" }) : null,
    replies.length
      ? h("button", {
          type: "button",
          className: "replies",
          text: `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`,
          onClick: () => {
            app.thread = { channel: message.channel, ts: message.ts };
            render();
          },
        })
      : null,
  ]);
  const classes = ["message", message.ts === app.highlight ? "highlight" : ""].join(" ").trim();
  return h(
    "article",
    {
      className: classes,
      "data-ts": message.ts,
      "data-ephemeral": message.ephemeralFor ? "true" : undefined,
      "aria-label": `Message from ${author.name}`,
    },
    [h("div", { className: `avatar${author.bot ? " bot" : ""}`, text: author.name.slice(0, 1) }), body],
  );
}

/** Kuroko's DM with the person acting (the workspace opens one with everyone). */
function myDm() {
  const dm = current().channels.find((c) => c.dmWith === app.me);
  if (!dm) throw new Error(`No direct messages with Kuroko for ${app.me}`);
  return dm;
}

function renderSidebar() {
  const data = current();
  const select = elementOf("user-select", HTMLSelectElement);
  if (select.options.length !== data.users.length) {
    select.replaceChildren(
      ...data.users.map((u) => h("option", { value: u.id, text: `${u.name} (${roleLabel(u.role)})` })),
    );
  }
  select.value = app.me;
  $("user-title").textContent = data.users.find((u) => u.id === app.me)?.title ?? "";

  const seen = app.seen[app.me] ?? {};
  app.seen[app.me] = seen;
  /**
   * @param {string} id
   * @param {string} label
   * @param {boolean} active
   * @param {() => void} onClick
   */
  const item = (id, label, active, onClick) => {
    const count = channelMessages(id).length;
    if (active) seen[id] = count;
    const unread = Math.max(0, count - (seen[id] ?? count));
    return h("li", {}, [
      h(
        "a",
        {
          href: "#",
          className: [active ? "active" : "", unread ? "unread" : ""].join(" ").trim() || undefined,
          "data-channel": id,
          onClick: (event) => {
            event.preventDefault();
            onClick();
          },
        },
        [h("span", { text: label }), unread ? h("span", { className: "badge", text: String(unread) }) : null],
      ),
    ]);
  };
  for (const channel of data.channels) if (seen[channel.id] === undefined) seen[channel.id] = 0;
  $("channel-list").replaceChildren(
    ...data.channels
      .filter((c) => !c.dmWith)
      .map((c) =>
        item(c.id, `# ${c.name}`, app.pane.kind === "channel" && app.pane.id === c.id, () =>
          openChannel(c.id),
        ),
      ),
  );
  const dm = myDm();
  $("app-list").replaceChildren(
    item(dm.id, "Kuroko", app.pane.kind === "home" || app.pane.id === dm.id, () => openHome()),
  );
}

/** @param {Role} role */
const roleLabel = (role) =>
  ({
    csm: "CSM",
    approver: "CS Ops approver",
    second_approver: "second approver",
    outsider: "outside CS Ops",
  })[role] ?? role;

function renderHeader() {
  const data = current();
  const { pane } = app;
  const dm = myDm();
  if (pane.kind === "home" || pane.id === dm.id) {
    /**
     * @param {string} label
     * @param {boolean} active
     * @param {() => void} onClick
     */
    const tab = (label, active, onClick) =>
      h("button", { type: "button", className: active ? "active" : undefined, text: label, onClick });
    $("pane-header").replaceChildren(
      h("h2", { text: "Kuroko" }),
      h("div", { className: "tabs", role: "tablist" }, [
        tab("Home", pane.kind === "home", openHome),
        tab("Messages", pane.kind === "channel", () => openChannel(dm.id)),
      ]),
    );
    return;
  }
  const channel = data.channels.find((c) => c.id === pane.id);
  $("pane-header").replaceChildren(
    h("h2", { text: `# ${channel?.name ?? pane.id}` }),
    h("div", { className: "purpose", text: channel?.purpose ?? "" }),
  );
}

/** @type {Map<string, string>} */
const drawn = new Map();

/**
 * Whether a pane already shows `content`. Redrawing only what changed keeps a menu, a hover or a
 * half-typed value where it is while other people's messages arrive.
 * @param {string} pane
 * @param {unknown} content
 */
function unchanged(pane, content) {
  const signature = JSON.stringify(content);
  if (drawn.get(pane) === signature) return true;
  drawn.set(pane, signature);
  return false;
}

function renderMessages() {
  const pane = $("messages");
  const nearBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 80;
  // Nothing is typed to the Home tab, in Slack or here.
  $("composer").hidden = app.pane.kind === "home";
  if (app.pane.kind === "home") {
    const home = current().home;
    if (unchanged("messages", { me: app.me, home })) return;
    pane.replaceChildren(
      home
        ? h(
            "div",
            { className: "home", "data-view-id": home.id },
            renderBlocks(asView(home.view).blocks, homeSurface(home)),
          )
        : h("div", { className: "empty", text: "Opening the Home tab..." }),
    );
    return;
  }
  const all = channelMessages(app.pane.id);
  if (unchanged("messages", { me: app.me, pane: app.pane, highlight: app.highlight, all })) return;
  const messages = all.filter((m) => !m.threadTs);
  pane.replaceChildren(
    ...(messages.length
      ? messages.map((m) => renderMessage(m))
      : [h("div", { className: "empty", text: "No messages here yet." })]),
  );
  const target = app.highlight && pane.querySelector(`[data-ts="${CSS.escape(app.highlight)}"]`);
  if (target) target.scrollIntoView({ block: "center" });
  else if (nearBottom || app.paneChanged) pane.scrollTop = pane.scrollHeight;
  app.paneChanged = false;
  const { id } = app.pane;
  const channel = current().channels.find((c) => c.id === id);
  elementOf("composer-input", HTMLInputElement).placeholder =
    `Message ${channel?.dmWith ? "Kuroko" : `#${channel?.name}`}: type / for commands, e.g. /health acme`;
}

/** @param {{ id: string, view: Record<string, unknown> }} home */
function homeSurface(home) {
  if (!app.viewValues.has(home.id)) app.viewValues.set(home.id, viewState(asView(home.view).blocks));
  return viewSurface(home);
}

function renderThread() {
  const pane = $("thread");
  const { thread } = app;
  const parent = thread && current().messages.find((m) => m.channel === thread.channel && m.ts === thread.ts);
  if (!parent || app.pane.kind !== "channel") {
    pane.hidden = true;
    return;
  }
  const replies = channelMessages(parent.channel).filter((m) => m.threadTs === parent.ts);
  pane.hidden = false;
  if (unchanged("thread", { me: app.me, parent, replies, highlight: app.highlight })) return;
  pane.replaceChildren(
    h("div", { className: "thread-header" }, [
      h("strong", { text: "Thread" }),
      h("button", {
        type: "button",
        className: "bk-button",
        text: "Close",
        onClick: () => {
          app.thread = undefined;
          render();
        },
      }),
    ]),
    renderMessage(parent, { inThread: true }),
    h("hr", { className: "block-divider" }),
    ...replies.map((m) => renderMessage(m, { inThread: true })),
  );
}

function renderNotices() {
  const notices = current().notices.filter((n) => n.at > app.dismissedBefore);
  $("notices").replaceChildren(
    ...notices.map((n) =>
      h("div", { className: "notice", role: "alert" }, [
        h("span", { text: `${n.text} ` }),
        h("button", {
          type: "button",
          className: "bk-button",
          text: "Dismiss",
          onClick: () => {
            app.dismissedBefore = Math.max(...notices.map((x) => x.at));
            renderNotices();
          },
        }),
      ]),
    ),
  );
}

function renderModal() {
  const root = $("modal-root");
  const top = current().modals.at(-1);
  if (!top) {
    root.replaceChildren();
    app.renderedModal = "";
    return;
  }
  const key = `${top.id}:${top.hash}:${JSON.stringify(errorsOf(top) ?? {})}`;
  if (key === app.renderedModal) return;
  app.renderedModal = key;
  const view = asView(top.view);
  app.viewValues.set(top.id, viewState(view.blocks, app.viewValues.get(top.id)));
  const surface = viewSurface(top);
  const close = () => post("close", { viewId: top.id, values: surface.values });
  /** @param {Event & { currentTarget: HTMLButtonElement }} event */
  const submit = async (event) => {
    const button = event.currentTarget;
    const local = clientErrors(view.blocks, surface.values ?? {});
    if (Object.keys(local).length) {
      app.viewErrors.set(top.id, { hash: top.hash, errors: local });
      renderModal();
      return;
    }
    button.disabled = true;
    const answer = await post("submit", { viewId: top.id, values: surface.values });
    button.disabled = false;
    app.viewErrors.set(top.id, { hash: top.hash, errors: answer.errors ?? {} });
    if (answer.errors && Object.keys(answer.errors).length === 0)
      showLocalNotice("Kuroko did not accept the form: see the notice above, or try again.");
    renderModal();
  };
  root.replaceChildren(
    h("div", { className: "modal-overlay" }, [
      h(
        "div",
        {
          className: "modal",
          role: "dialog",
          "aria-modal": "true",
          "aria-label": plain(view.title),
          "data-view-id": top.id,
          "data-hash": top.hash,
          "data-callback-id": view.callback_id ?? "",
        },
        [
          h("div", { className: "modal-title" }, [
            h("span", { text: plain(view.title) }),
            h("button", { type: "button", "aria-label": "Close", text: "×", onClick: close }),
          ]),
          h("div", { className: "modal-body" }, renderBlocks(view.blocks, surface)),
          h("div", { className: "modal-footer" }, [
            h("button", {
              type: "button",
              className: "bk-button",
              text: plain(view.close) || "Cancel",
              onClick: close,
            }),
            view.submit
              ? h("button", {
                  type: "button",
                  className: "bk-button primary",
                  text: plain(view.submit),
                  onClick: submit,
                })
              : null,
          ]),
        ],
      ),
    ]),
  );
}

function render() {
  if (!app.data) return;
  renderSidebar();
  renderHeader();
  renderNotices();
  renderMessages();
  renderThread();
  renderModal();
  document.body.dataset.version = String(app.data.version);
  document.body.dataset.ready = String(app.data.ready);
}

/**
 * @param {string} id
 * @param {string} [highlight] a message's ts
 */
function openChannel(id, highlight) {
  app.pane = { kind: "channel", id };
  app.paneChanged = true;
  app.highlight = highlight;
  const message = highlight
    ? app.data?.messages.find((m) => m.channel === id && m.ts === highlight)
    : undefined;
  app.thread = message?.threadTs ? { channel: id, ts: message.threadTs } : undefined;
  if (location.hash !== `#/${id}${highlight ? `/${highlight}` : ""}`)
    history.replaceState(null, "", `#/${id}${highlight ? `/${highlight}` : ""}`);
  render();
}

function openHome() {
  app.pane = { kind: "home" };
  history.replaceState(null, "", "#/home");
  render();
  post("home", {});
}

function followHash() {
  const [, id, ts] = location.hash.split("/");
  if (id === "home") openHome();
  else if (id) openChannel(id, ts);
}

function composer() {
  const input = elementOf("composer-input", HTMLInputElement);
  const hints = $("command-hints");
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim() || app.pane.kind !== "channel") return;
    input.value = "";
    hints.hidden = true;
    await post("type", { channel: app.pane.id, text });
  });
  input.addEventListener("input", () => {
    const text = input.value;
    const matches =
      text.startsWith("/") && !text.includes(" ")
        ? (app.data?.commands ?? []).filter((c) => c.command.startsWith(text.toLowerCase()))
        : [];
    hints.hidden = matches.length === 0;
    hints.replaceChildren(
      ...matches.map((c) =>
        h(
          "button",
          {
            type: "button",
            onClick: () => {
              input.value = `${c.command} `;
              hints.hidden = true;
              input.focus();
            },
          },
          [
            h("strong", { text: c.command }),
            h("span", { className: "hint", text: ` ${c.usageHint ?? ""}  ${c.description}` }),
          ],
        ),
      ),
    );
  });
  $("shortcut-button").addEventListener("click", () => {
    const menu = $("shortcut-menu");
    menu.hidden = !menu.hidden;
    menu.replaceChildren(
      ...(app.data?.shortcuts ?? []).map((s) =>
        h(
          "button",
          {
            type: "button",
            onClick: () => {
              menu.hidden = true;
              post("shortcut", { callbackId: s.callbackId });
            },
          },
          [h("strong", { text: s.name }), h("div", { className: "hint", text: s.description })],
        ),
      ),
    );
  });
}

function start() {
  // Escape closes the top modal, as in Slack.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const top = app.data?.modals.at(-1);
    if (top) post("close", { viewId: top.id, values: app.viewValues.get(top.id) ?? {} });
    $("command-hints").hidden = true;
    $("shortcut-menu").hidden = true;
  });
  const select = elementOf("user-select", HTMLSelectElement);
  select.addEventListener("change", () => {
    app.me = select.value;
    sessionStorage.setItem("kuroko-playground-user", app.me);
    app.thread = undefined;
    app.renderedModal = "";
    const { pane } = app;
    if (pane.kind === "channel" && app.data?.channels.find((c) => c.id === pane.id)?.dmWith)
      app.pane = { kind: "channel", id: `D${app.me.slice(1)}` };
    refresh().then(() => {
      if (app.pane.kind === "home") post("home", {});
    });
  });
  const morning = elementOf("morning", HTMLButtonElement);
  morning.addEventListener("click", async () => {
    morning.disabled = true;
    $("morning-result").textContent = "Running snapshot, alerts, renewals, the morning DMs and digest...";
    const answer = await post("morning", {});
    morning.disabled = false;
    $("morning-result").textContent = answer.ok
      ? (answer.lines ?? []).join("\n")
      : "The morning jobs failed: see the notice.";
  });
  composer();
  window.addEventListener("hashchange", followHash);
  const events = new EventSource("/playground/events");
  events.addEventListener("message", () => {
    document.getElementById("lost")?.remove();
    refresh();
  });
  // The browser reconnects by itself; meanwhile say why nothing moves.
  events.addEventListener("error", () => {
    if (!document.getElementById("lost"))
      document.body.prepend(
        h("div", {
          id: "lost",
          className: "notice",
          role: "alert",
          text: "Lost the playground's server (stopped?). Reconnecting...",
        }),
      );
  });
  fetch("/playground/state")
    .then((r) => r.json())
    .then((/** @type {PageState} */ data) => {
      if (!app.me || !data.users.some((u) => u.id === app.me)) app.me = data.users[0]?.id ?? "";
      return refresh();
    })
    .then(followHash);
}

start();
