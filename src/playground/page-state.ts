// What the playground's workspace holds and what its page reads (GET /playground/state): one
// description for both, so the server's answer and the page's reading cannot drift apart. It
// imports nothing: the page's type check (page/tsconfig.json, the browser's lib) reads it too.

export type Role = "csm" | "approver" | "second_approver" | "outsider";

export interface DemoUser {
  id: string;
  name: string;
  title: string;
  role: Role;
  /** Slack's locale for them (users.info include_locale): "ja-JP" reads Kuroko in Japanese. */
  locale?: string;
}

export interface Channel {
  id: string;
  name: string;
  purpose: string;
  /** For a direct message channel: the person Kuroko talks to there. */
  dmWith?: string;
}

export interface Message {
  channel: string;
  ts: string;
  /** A user id, or BOT.userId for Kuroko. */
  author: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  /** Only this user sees it ("Only visible to you"). */
  ephemeralFor?: string;
  edited?: boolean;
  /** Files shared with the message (files.completeUploadExternal), served by the playground at `url`. */
  files?: SharedFile[];
}

export interface SharedFile {
  id: string;
  title: string;
  altText: string;
  url: string;
}

/** A problem the page shows: a Web API call refused, a listener that did not answer. */
export interface Notice {
  at: number;
  /** Shown to this user only; to everyone without one. */
  userId?: string;
  text: string;
}

/** A slash command the page offers as it is typed (from manifest.yml). */
export interface SlashCommandInfo {
  command: string;
  description: string;
  usageHint?: string;
}

/** A global shortcut the page's ⚡ menu offers (from manifest.yml). */
export interface ShortcutInfo {
  callbackId: string;
  name: string;
  description: string;
}

/** Everything one person sees: channels, the messages visible to them, their modals and Home tab. */
export interface PageState {
  ok: true;
  /** Whether Kuroko is running (the page's buttons reach it). */
  ready: boolean;
  /** Increases with every change (the page's live updates). */
  version: number;
  me: string;
  team: { id: string; domain: string; name: string };
  bot: { userId: string; botId: string; name: string };
  users: DemoUser[];
  channels: Channel[];
  messages: Message[];
  /** The person's open modals, bottom first. */
  modals: { id: string; hash: string; view: Record<string, unknown> }[];
  home: { id: string; view: Record<string, unknown> } | null;
  notices: Notice[];
  commands: SlashCommandInfo[];
  shortcuts: ShortcutInfo[];
}
