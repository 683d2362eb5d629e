import type {
  App,
  BlockAction,
  ButtonAction,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { clip } from "../text.js";
import { fixedLocale, type LocaleResolver } from "./locale.js";

/** A button click: what most actions are. */
export type ButtonClick = BlockAction<ButtonAction>;

/** A sub-command's usage line: one text, or one per reader's language. */
export type Usage = string | ((locale: Locale) => string);

/** What the app listens to, as the manifest must declare it. */
export interface Registered {
  commands: string[];
  shortcuts: string[];
  events: string[];
  actions: string[];
  views: string[];
  options: string[];
}

/**
 * The only way features attach listeners to the Bolt app. It records every command, shortcut
 * and event, so a test can hold the code and `manifest.yml` to each other.
 */
export interface Registry {
  command(name: string, listener: Middleware<SlackCommandMiddlewareArgs>): void;
  globalShortcut(callbackId: string, listener: Middleware<SlackShortcutMiddlewareArgs>): void;
  event<E extends string>(name: E, listener: Middleware<SlackEventMiddlewareArgs<E>>): void;
  /** Typed as Bolt types it: `registry.action<ButtonClick>(...)` gives the handler a button's payload. */
  action<A extends SlackAction = SlackAction>(
    actionId: string | RegExp,
    listener: Middleware<SlackActionMiddlewareArgs<A>>,
  ): void;
  view<V extends SlackViewAction = ViewSubmitAction>(
    callbackId: string,
    listener: Middleware<SlackViewMiddlewareArgs<V>>,
  ): void;
  options(actionId: string, listener: Middleware<SlackOptionsMiddlewareArgs<"block_suggestion">>): void;
  /**
   * One sub-command of a command shared by features (`/csops queue`, `/csops digest`): each
   * feature registers its own; the command answers with every sub-command's usage otherwise, in
   * the reader's language (`usage` as a function of the locale; a string is the same in all).
   */
  subcommand(
    command: string,
    name: string,
    usage: Usage,
    listener: Middleware<SlackCommandMiddlewareArgs>,
  ): void;
  readonly registered: Registered;
}

/**
 * `locales`: each reader's language, for the shared commands' own answers (usage, an unknown
 * sub-command); unset: English.
 */
export function createRegistry(app: App, locales: LocaleResolver = fixedLocale("en")): Registry {
  const subcommands = new Map<
    string,
    Map<string, { usage: Usage; listener: Middleware<SlackCommandMiddlewareArgs> }>
  >();
  const registered: Registered = {
    commands: [],
    shortcuts: [],
    events: [],
    actions: [],
    views: [],
    options: [],
  };
  const registry: Registry = {
    registered,
    command(name, listener) {
      registered.commands.push(name);
      app.command(name, listener);
    },
    subcommand(command, name, usage, listener) {
      let table = subcommands.get(command);
      if (!table) {
        const entries = new Map<string, { usage: Usage; listener: Middleware<SlackCommandMiddlewareArgs> }>();
        table = entries;
        subcommands.set(command, entries);
        registry.command(command, async (args) => {
          const word = args.command.text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
          const entry = entries.get(word);
          if (entry) return entry.listener(args);
          const locale = await locales.localeOf(args.command.user_id);
          const usages = [...entries.values()]
            .map((e) => (typeof e.usage === "string" ? e.usage : e.usage(locale)))
            .join(t(locale, "csops.separator"));
          // Nothing typed, or asking for help: the usage; a word it does not know: says so first.
          const text =
            word === "" || word === "help"
              ? t(locale, "csops.usage", { usages })
              : t(locale, "csops.unknown", { word: clip(word.replace(/[`<>&*_~]/g, ""), 40), usages });
          await args.ack({ response_type: "ephemeral", text });
        });
      }
      table.set(name, { usage, listener });
    },
    globalShortcut(callbackId, listener) {
      registered.shortcuts.push(callbackId);
      app.shortcut(
        { type: "shortcut", callback_id: callbackId },
        listener as Middleware<SlackShortcutMiddlewareArgs>,
      );
    },
    event(name, listener) {
      registered.events.push(name);
      app.event(name, listener);
    },
    action(actionId, listener) {
      registered.actions.push(String(actionId));
      app.action(actionId, listener);
    },
    view<V extends SlackViewAction>(callbackId: string, listener: Middleware<SlackViewMiddlewareArgs<V>>) {
      registered.views.push(callbackId);
      app.view<V>(callbackId, listener);
    },
    options(actionId, listener) {
      registered.options.push(actionId);
      app.options<"block_suggestion">({ action_id: actionId, type: "block_suggestion" }, listener);
    },
  };
  return registry;
}
