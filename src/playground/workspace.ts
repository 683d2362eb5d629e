import { randomBytes } from "node:crypto";
import { STRAY_BRACKETS, slackLimitViolations, slackViewViolations } from "../slack/limits.js";
import type { Channel, DemoUser, Message, Notice, SharedFile } from "./page-state.js";
import { playgroundEmail } from "./people.js";
import { refuseCall } from "./slack-methods.js";

/** Kuroko's bot user in the playground workspace. */
export const BOT = { userId: "U0KUROKO0", botId: "B0KUROKO0", name: "Kuroko" } as const;
export const TEAM = { id: "T0PLAYGRND", domain: "kuroko-playground", name: "Kuroko playground" } as const;

export interface OpenView {
  id: string;
  hash: string;
  userId: string;
  view: Record<string, unknown>;
}

/** What a response_url stands for: who asked where, and (for a button) which message. */
export interface ResponseTarget {
  userId: string;
  channel: string;
  messageTs?: string;
  uses: number;
  expiresAt: number;
}

/** A Web API answer: Slack's JSON body (always with `ok`). */
export type ApiAnswer = { ok: boolean; error?: string } & Record<string, unknown>;

/** Slack allows 3 s to use a trigger_id; the playground is lenient (its database may be cold). */
const TRIGGER_TTL_MS = 10_000;
/** A response_url works 5 times within 30 minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const MAX_VIEW_STACK = 3;

const failure = (error: string, messages?: string[]): ApiAnswer => ({
  ok: false,
  error,
  ...(messages?.length ? { response_metadata: { messages } } : {}),
});

/**
 * The state of a small Slack workspace (channels, DMs, messages, threads, modals, Home tabs)
 * and the Web API methods Kuroko calls, answered the way Slack answers them, errors included.
 * It holds no HTTP: server.ts serves it, client.ts acts on it for the page's users.
 */
export class Workspace {
  readonly channels = new Map<string, Channel>();
  readonly messages: Message[] = [];
  /** Each user's open modals, bottom first (Slack stacks up to three). */
  readonly modals = new Map<string, OpenView[]>();
  readonly homes = new Map<string, OpenView>();
  /** Problems the page should show: Web API calls refused, listeners that did not answer. */
  readonly notices: Notice[] = [];
  private readonly triggers = new Map<string, { userId: string; expiresAt: number }>();
  private readonly responseTargets = new Map<string, ResponseTarget>();
  private readonly listeners = new Set<() => void>();
  private counter = 0;
  private lastTs = 0;
  version = 0;
  /** The page's address: permalinks point into it. */
  permalinkBase = "http://127.0.0.1";

  constructor(
    readonly users: DemoUser[],
    channels: Channel[],
    readonly options: { now?: () => number } = {},
  ) {
    for (const channel of channels) this.channels.set(channel.id, channel);
    for (const user of users) this.dmChannel(user.id);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Calls `listener` after every change (the page's live updates). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  notice(text: string, userId?: string): void {
    this.notices.push({ at: this.now(), userId, text });
    if (this.notices.length > 50) this.notices.shift();
    this.changed();
  }

  user(id: string): DemoUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** Kuroko's DM with a user (Slack opens it on first use). */
  dmChannel(userId: string): Channel {
    const id = `D${userId.slice(1)}`;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = {
        id,
        name: this.user(userId)?.name ?? userId,
        purpose: "Direct messages with Kuroko",
        dmWith: userId,
      };
      this.channels.set(id, channel);
    }
    return channel;
  }

  nextTs(): string {
    // Slack's ts are unique per channel and increase; microseconds keep them in order.
    const micros = Math.max(this.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.now().toString(36).toUpperCase()}${this.counter.toString(36).toUpperCase()}`;
  }

  /** A trigger_id for something a user just did (a command, a click, a submission). */
  issueTrigger(userId: string): string {
    const id = `${this.counter + 1}.${this.nextId("TRIGGER")}`;
    this.triggers.set(id, { userId, expiresAt: this.now() + TRIGGER_TTL_MS });
    return id;
  }

  issueResponseUrl(
    base: string,
    target: Omit<ResponseTarget, "uses" | "expiresAt">,
  ): { id: string; url: string } {
    // Unguessable, as Slack's are: whoever knows a response_url can post as Kuroko.
    const id = randomBytes(16).toString("hex");
    this.responseTargets.set(id, { ...target, uses: 0, expiresAt: this.now() + RESPONSE_URL_TTL_MS });
    return { id, url: `${base}/response/${id}` };
  }

  permalink(channel: string, ts: string): string {
    return `${this.permalinkBase}/#/${channel}/${ts}`;
  }

  findMessage(channel: string, ts: string): Message | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Posts as a person (slash commands answered in channel show the command first). */
  postAsUser(userId: string, channel: string, text: string): Message {
    const message: Message = { channel, ts: this.nextTs(), author: userId, text };
    this.messages.push(message);
    this.changed();
    return message;
  }

  /** A message from Slack itself to one user ("/foo is not a valid command"). */
  postSlackbot(userId: string, channel: string, text: string): void {
    this.messages.push({ channel, ts: this.nextTs(), author: "USLACKBOT", text, ephemeralFor: userId });
    this.changed();
  }

  /**
   * The Web API: one method call from the bot. Only the methods Kuroko calls are answered, others
   * are unknown_method; a call is checked as Slack checks it first (see slack-methods.ts).
   */
  call(method: string, args: Record<string, unknown>): ApiAnswer {
    const answer = this.methods.get(method);
    if (!answer) return failure("unknown_method");
    return refuseCall(method, args) ?? answer(args);
  }

  /** The Web API methods Kuroko calls, answered as Slack answers them. */
  private readonly methods = new Map<string, (args: Record<string, unknown>) => ApiAnswer>([
    [
      "auth.test",
      () => ({
        ok: true,
        url: `${this.permalinkBase}/`,
        team: TEAM.name,
        team_id: TEAM.id,
        user: "kuroko",
        user_id: BOT.userId,
        bot_id: BOT.botId,
      }),
    ],
    ["chat.postMessage", (args) => this.postMessage(args)],
    ["chat.update", (args) => this.updateMessage(args)],
    ["chat.getPermalink", (args) => this.getPermalink(args)],
    ["views.open", (args) => this.openView("views.open", args)],
    ["views.push", (args) => this.openView("views.push", args)],
    ["views.update", (args) => this.updateView(args)],
    ["views.publish", (args) => this.publishHome(args)],
    ["users.lookupByEmail", (args) => this.lookupByEmail(args)],
    ["users.info", (args) => this.userInfo(args)],
    ["files.getUploadURLExternal", (args) => this.uploadUrl(args)],
    ["files.completeUploadExternal", (args) => this.completeUpload(args)],
  ]);

  /** Files announced by files.getUploadURLExternal, their bytes once POSTed to their upload URL. */
  private readonly files = new Map<
    string,
    { filename: string; length: number; altText: string; bytes?: Buffer }
  >();

  /** files.getUploadURLExternal: a file id and the URL (on the playground's server) to send its bytes to. */
  private uploadUrl(args: Record<string, unknown>): ApiAnswer {
    const length = Number(args.length);
    if (!Number.isInteger(length) || length <= 0) return failure("invalid_arguments", ["length"]);
    const id = this.nextId("F");
    this.files.set(id, { filename: String(args.filename), length, altText: String(args.alt_txt ?? "") });
    return { ok: true, upload_url: `${this.permalinkBase}/upload/${id}`, file_id: id };
  }

  /** The bytes POSTed to an upload URL; false for an unknown file or bytes of another length. */
  receiveUpload(id: string, bytes: Buffer): boolean {
    const file = this.files.get(id);
    if (!file || bytes.length !== file.length) return false;
    file.bytes = bytes;
    return true;
  }

  /** An uploaded file's bytes (the page shows shared images from GET /files/<id>). */
  fileBytes(id: string): Buffer | undefined {
    return this.files.get(id)?.bytes;
  }

  /** files.completeUploadExternal: the uploaded files shared in one message, with its text. */
  private completeUpload(args: Record<string, unknown>): ApiAnswer {
    let listed: unknown = args.files;
    if (typeof listed === "string") {
      try {
        listed = JSON.parse(listed);
      } catch {
        return failure("invalid_json");
      }
    }
    if (!Array.isArray(listed) || listed.length === 0) return failure("invalid_arguments", ["files"]);
    const shared: SharedFile[] = [];
    for (const entry of listed as { id?: unknown; title?: unknown }[]) {
      const id = String(entry.id ?? "");
      const file = this.files.get(id);
      if (!file?.bytes) return failure("file_not_found");
      shared.push({
        id,
        title: String(entry.title ?? file.filename),
        altText: file.altText,
        url: `/files/${id}`,
      });
    }
    // Without a channel Slack keeps the files private: nothing to show.
    if (!args.channel_id) return { ok: true, files: shared.map((f) => ({ id: f.id, title: f.title })) };
    const channel = this.resolveChannel(args.channel_id);
    if (!channel) return failure("channel_not_found");
    const threadTs = args.thread_ts ? String(args.thread_ts) : undefined;
    const parent = threadTs ? this.findMessage(channel.id, threadTs) : undefined;
    this.addBotMessage(
      channel.id,
      { text: args.initial_comment ?? "" },
      { files: shared, threadTs: parent ? (parent.threadTs ?? parent.ts) : undefined },
    );
    return { ok: true, files: shared.map((f) => ({ id: f.id, title: f.title })) };
  }

  /** users.info: a person (people.ts), with their locale when include_locale asks for it. */
  private userInfo(args: Record<string, unknown>): ApiAnswer {
    const user = this.user(String(args.user ?? ""));
    if (!user) return failure("user_not_found");
    const includeLocale = args.include_locale === true || String(args.include_locale) === "true";
    return {
      ok: true,
      user: { ...slackUser(user), ...(includeLocale && user.locale ? { locale: user.locale } : {}) },
    };
  }

  /** users.lookupByEmail: a person by their e-mail (people.ts), as Slack answers it. */
  private lookupByEmail(args: Record<string, unknown>): ApiAnswer {
    const email = String(args.email ?? "").toLowerCase();
    const user = this.users.find((u) => playgroundEmail(u) === email);
    if (!user) return failure("users_not_found");
    const found = slackUser(user);
    return { ok: true, user: { ...found, profile: { ...found.profile, email } } };
  }

  private getPermalink(args: Record<string, unknown>): ApiAnswer {
    const message = this.findMessage(String(args.channel ?? ""), String(args.message_ts ?? ""));
    if (!message) return failure("message_not_found");
    return { ok: true, channel: message.channel, permalink: this.permalink(message.channel, message.ts) };
  }

  private resolveChannel(raw: unknown): Channel | undefined {
    const id = String(raw ?? "");
    // A message to a user id lands in Kuroko's DM with them.
    if (/^[UW]/.test(id)) return this.user(id) ? this.dmChannel(id) : undefined;
    return this.channels.get(id);
  }

  private checkMessage(args: Record<string, unknown>): ApiAnswer | undefined {
    const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
    if (!args.text && !blocks?.length) return failure("no_text");
    const problems = slackLimitViolations({ text: args.text, blocks }, "message");
    // Slack sends these but shows them badly: the page says so rather than refusing them.
    const warnings = problems.filter((p) => p.startsWith(STRAY_BRACKETS) || p === "no text fallback");
    const refusals = problems.filter((p) => !warnings.includes(p));
    if (refusals.length > 0) return failure("invalid_blocks", refusals);
    for (const warning of warnings) this.notice(`Slack would show this badly: ${warning}`);
    return undefined;
  }

  private postMessage(args: Record<string, unknown>): ApiAnswer {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return failure("channel_not_found");
    const refused = this.checkMessage(args);
    if (refused) return refused;
    const threadTs = args.thread_ts ? String(args.thread_ts) : undefined;
    const parent = threadTs ? this.findMessage(channel.id, threadTs) : undefined;
    const message = this.addBotMessage(channel.id, args, {
      // A reply to a reply goes to the thread's root, as in Slack.
      threadTs: parent ? (parent.threadTs ?? parent.ts) : undefined,
    });
    return { ok: true, channel: channel.id, ts: message.ts, message: { ...args, ts: message.ts } };
  }

  private updateMessage(args: Record<string, unknown>): ApiAnswer {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return failure("channel_not_found");
    const message = this.findMessage(channel.id, String(args.ts ?? ""));
    if (!message || message.ephemeralFor) return failure("message_not_found");
    if (message.author !== BOT.userId) return failure("cant_update_message");
    const refused = this.checkMessage({ text: args.text ?? message.text, blocks: args.blocks });
    if (refused) return refused;
    if (args.text !== undefined) message.text = String(args.text);
    if (args.blocks !== undefined) message.blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
    message.edited = true;
    this.changed();
    return { ok: true, channel: channel.id, ts: message.ts, text: message.text };
  }

  private addBotMessage(channel: string, args: Record<string, unknown>, extra: Partial<Message>): Message {
    const message: Message = {
      channel,
      ts: this.nextTs(),
      author: BOT.userId,
      text: String(args.text ?? ""),
      blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
      ...extra,
    };
    this.messages.push(message);
    this.changed();
    return message;
  }

  /** A POST to a response_url: reply to a command or a click, or replace / delete its message. */
  respond(id: string, body: Record<string, unknown>): { status: number; answer: ApiAnswer } {
    const target = this.responseTargets.get(id);
    if (!target || target.expiresAt < this.now()) return { status: 404, answer: failure("expired_url") };
    if (target.uses >= RESPONSE_URL_USES) return { status: 404, answer: failure("used_url") };
    target.uses += 1;
    const original = target.messageTs ? this.findMessage(target.channel, target.messageTs) : undefined;
    if (body.delete_original === true || body.delete_original === "true") {
      if (!original) return { status: 404, answer: failure("message_not_found") };
      this.messages.splice(this.messages.indexOf(original), 1);
      this.changed();
      return { status: 200, answer: { ok: true } };
    }
    const refused = this.checkMessage(body);
    if (refused) return { status: 400, answer: refused };
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    const inChannel = body.response_type === "in_channel";
    if ((body.replace_original === true || body.replace_original === "true") && original) {
      original.text = String(body.text ?? "");
      original.blocks = blocks;
      if (!original.ephemeralFor) original.edited = true;
      this.changed();
      return { status: 200, answer: { ok: true } };
    }
    const message = this.addBotMessage(target.channel, body, {
      threadTs: typeof body.thread_ts === "string" ? body.thread_ts : undefined,
      ephemeralFor: inChannel ? undefined : target.userId,
    });
    // A command's first answer (often "Looking that up…") is what a later replace_original replaces.
    target.messageTs ??= message.ts;
    return { status: 200, answer: { ok: true } };
  }

  /** Slack's rules for a view (slack/limits.ts, as the tests apply them); stray brackets only noticed. */
  private checkView(view: Record<string, unknown> | undefined, surface: "modal" | "home"): string[] {
    return slackViewViolations(view, surface).filter((problem) => {
      if (!problem.includes(STRAY_BRACKETS)) return true;
      this.notice(`Slack would show this badly: ${problem}`);
      return false;
    });
  }

  private materialize(userId: string, view: Record<string, unknown>, id?: string): OpenView {
    return { id: id ?? this.nextId("V"), hash: this.nextId("H"), userId, view };
  }

  /** The view as the Web API returns it (and as payloads carry it). */
  viewPayload(open: OpenView, values: Record<string, unknown> = {}): Record<string, unknown> {
    const stack = this.modals.get(open.userId) ?? [];
    const index = stack.findIndex((v) => v.id === open.id);
    return {
      id: open.id,
      team_id: TEAM.id,
      app_id: "A0KUROKO0",
      bot_id: BOT.botId,
      hash: open.hash,
      private_metadata: "",
      callback_id: "",
      external_id: "",
      state: { values },
      root_view_id: stack[0]?.id ?? open.id,
      previous_view_id: index > 0 ? stack[index - 1]!.id : null,
      ...open.view,
    };
  }

  private useTrigger(raw: unknown): { userId: string } | ApiAnswer {
    const id = String(raw ?? "");
    const trigger = this.triggers.get(id);
    if (!trigger) return failure("invalid_trigger_id");
    this.triggers.delete(id);
    if (trigger.expiresAt < this.now()) return failure("expired_trigger_id");
    return trigger;
  }

  private openView(method: "views.open" | "views.push", args: Record<string, unknown>): ApiAnswer {
    const view = args.view as Record<string, unknown> | undefined;
    const problems = this.checkView(view, "modal");
    if (problems.length > 0) return failure("invalid_arguments", problems);
    const trigger = this.useTrigger(args.trigger_id);
    if ("ok" in trigger) return trigger;
    const stack = method === "views.open" ? [] : [...(this.modals.get(trigger.userId) ?? [])];
    if (method === "views.push" && stack.length === 0) return failure("not_found");
    if (stack.length >= MAX_VIEW_STACK) return failure("push_limit_reached");
    const open = this.materialize(trigger.userId, view!);
    stack.push(open);
    this.modals.set(trigger.userId, stack);
    this.changed();
    return { ok: true, view: this.viewPayload(open) };
  }

  findView(viewId: string): OpenView | undefined {
    for (const stack of this.modals.values()) {
      const found = stack.find((v) => v.id === viewId);
      if (found) return found;
    }
    return [...this.homes.values()].find((v) => v.id === viewId);
  }

  private updateView(args: Record<string, unknown>): ApiAnswer {
    const open = this.findView(String(args.view_id ?? ""));
    if (!open) return failure("not_found");
    if (args.hash && args.hash !== open.hash) return failure("hash_conflict");
    const view = args.view as Record<string, unknown> | undefined;
    const problems = this.checkView(view, open.view.type === "home" ? "home" : "modal");
    if (problems.length > 0) return failure("invalid_arguments", problems);
    open.view = view!;
    open.hash = this.nextId("H");
    this.changed();
    return { ok: true, view: this.viewPayload(open) };
  }

  private publishHome(args: Record<string, unknown>): ApiAnswer {
    const user = this.user(String(args.user_id ?? ""));
    if (!user) return failure("user_not_found");
    const view = args.view as Record<string, unknown> | undefined;
    const problems = this.checkView(view, "home");
    if (problems.length > 0) return failure("invalid_arguments", problems);
    const current = this.homes.get(user.id);
    if (current && args.hash && args.hash !== current.hash) return failure("hash_conflict");
    const open = this.materialize(user.id, view!, current?.id);
    this.homes.set(user.id, open);
    this.changed();
    return { ok: true, view: this.viewPayload(open) };
  }

  /** Replaces, pushes or closes a user's modals after a submission (Slack's response_action). */
  afterSubmission(
    userId: string,
    viewId: string,
    action:
      | { kind: "close" }
      | { kind: "clear" }
      | { kind: "update" | "push"; view: Record<string, unknown> },
  ): string[] {
    const stack = this.modals.get(userId) ?? [];
    const index = stack.findIndex((v) => v.id === viewId);
    if (index < 0) return [];
    if (action.kind === "update" || action.kind === "push") {
      const problems = this.checkView(action.view, "modal");
      if (problems.length > 0) return problems;
      if (action.kind === "update")
        stack[index] = { ...stack[index]!, view: action.view, hash: this.nextId("H") };
      else if (stack.length >= MAX_VIEW_STACK) return ["push_limit_reached"];
      else stack.push(this.materialize(userId, action.view));
    } else if (action.kind === "clear") stack.length = 0;
    else stack.splice(index, 1);
    this.changed();
    return [];
  }

  closeModal(userId: string, viewId: string): OpenView | undefined {
    const stack = this.modals.get(userId) ?? [];
    const index = stack.findIndex((v) => v.id === viewId);
    if (index < 0) return undefined;
    const [closed] = stack.splice(index, 1);
    this.changed();
    return closed;
  }
}

/** A person as Slack's users.info and users.lookupByEmail give one. */
function slackUser(user: { id: string; name: string }) {
  return {
    id: user.id,
    team_id: TEAM.id,
    name: user.name.toLowerCase().replace(/\s+/g, "."),
    real_name: user.name,
    profile: { real_name: user.name, display_name: user.name } as Record<string, string>,
  };
}
