import type { Logger } from "../log.js";
import { signatureHeaders } from "../slack/signature.js";
import type { Message, SlashCommandInfo } from "./page-state.js";
import { BOT, TEAM, type Workspace } from "./workspace.js";

/** Where the real Bolt app listens, and the secret it checks signatures with. */
export interface BoltLink {
  eventsUrl: string;
  signingSecret: string;
}

/** An action as the page reports it: which element, and what the person chose. */
export interface ActionInput {
  blockId: string;
  actionId: string;
  selectedOption?: { value: string; text?: unknown };
  selectedOptions?: { value: string; text?: unknown }[];
  selectedDate?: string;
  value?: string;
}

export type ActionSource =
  | { kind: "message"; channel: string; ts: string }
  | { kind: "view"; viewId: string };

/** view.state.values: { blockId: { actionId: { type, value | selected_option | ... } } }. */
export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** Slack gives an app 3 s to answer; the playground waits longer but says when that was missed. */
const SLACK_ACK_MS = 3_000;
const GIVE_UP_MS = 15_000;

type Element = Record<string, unknown> & { type: string; action_id?: string };

/** Finds an interactive element by block and action id in a list of blocks. */
export function findElement(blocks: unknown[], blockId: string, actionId: string): Element | undefined {
  for (const raw of blocks as Record<string, unknown>[]) {
    if ((raw.block_id ?? "") !== blockId && blockId !== "") continue;
    const candidates = [
      ...((raw.elements as Element[] | undefined) ?? []),
      ...(raw.accessory ? [raw.accessory as Element] : []),
      ...(raw.element ? [raw.element as Element] : []),
    ];
    const found = candidates.find((e) => e.action_id === actionId);
    if (found) return found;
  }
  return undefined;
}

/**
 * Slack's side of the conversation for the playground's people: what they type and click
 * becomes the payload Slack would send, signed with the app's secret and POSTed to the real
 * Bolt app's /slack/events; its answers (acks, response_actions, options) are applied to the
 * workspace as Slack would apply them.
 */
export class PlaygroundClient {
  constructor(
    private readonly workspace: Workspace,
    private readonly link: BoltLink,
    private readonly baseUrl: string,
    private readonly commands: SlashCommandInfo[],
    private readonly logger: Logger,
  ) {}

  private userObject(userId: string) {
    const user = this.workspace.user(userId);
    return {
      id: userId,
      username: user?.name.toLowerCase().replace(/\s+/g, ".") ?? userId,
      name: user?.name ?? userId,
      team_id: TEAM.id,
    };
  }

  private async send(
    what: string,
    userId: string,
    raw: string,
    contentType: string,
  ): Promise<{ status: number; body: string } | undefined> {
    const started = Date.now();
    try {
      const response = await fetch(this.link.eventsUrl, {
        method: "POST",
        headers: { "content-type": contentType, ...signatureHeaders(raw, this.link.signingSecret) },
        body: raw,
        signal: AbortSignal.timeout(GIVE_UP_MS),
      });
      const body = await response.text();
      const took = Date.now() - started;
      if (took > SLACK_ACK_MS)
        this.workspace.notice(`Kuroko took ${took} ms to answer ${what}; Slack gives up after 3 s.`, userId);
      if (response.status !== 200) {
        this.workspace.notice(
          `Kuroko answered ${what} with HTTP ${response.status}. Slack would show an error.`,
          userId,
        );
        return undefined;
      }
      return { status: response.status, body };
    } catch (error) {
      this.logger.warn(`playground: ${what} got no answer from the app:`, (error as Error).message);
      this.workspace.notice(`Kuroko did not answer ${what} (${(error as Error).message}).`, userId);
      return undefined;
    }
  }

  private interaction(what: string, userId: string, payload: object) {
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(what, userId, raw, "application/x-www-form-urlencoded");
  }

  private base(userId: string) {
    return {
      token: "playground-verification-token",
      team: { id: TEAM.id, domain: TEAM.domain },
      user: this.userObject(userId),
      api_app_id: "A0KUROKO0",
      is_enterprise_install: false,
      enterprise: null,
    };
  }

  /** What the composer sends: a slash command, or a plain message in the channel. */
  async type(userId: string, channel: string, text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    const where = this.workspace.channels.get(channel);
    if (!where || (where.dmWith && where.dmWith !== userId)) {
      this.workspace.notice(`There is no channel ${channel} for you here.`, userId);
      return;
    }
    if (!trimmed.startsWith("/")) {
      this.workspace.postAsUser(userId, channel, trimmed);
      return;
    }
    const [command = ""] = trimmed.split(/\s+/);
    const known = this.commands.find((c) => c.command === command.toLowerCase());
    if (!known) {
      this.workspace.postSlackbot(
        userId,
        channel,
        `${command} is not a valid command. Try one of: ${this.commands.map((c) => c.command).join(", ")}.`,
      );
      return;
    }
    const argument = trimmed.slice(command.length).trim();
    const responseUrl = this.workspace.issueResponseUrl(this.baseUrl, { userId, channel });
    const form = {
      token: "playground-verification-token",
      team_id: TEAM.id,
      team_domain: TEAM.domain,
      channel_id: channel,
      channel_name: where.dmWith ? "directmessage" : where.name,
      user_id: userId,
      user_name: this.userObject(userId).username,
      command: known.command,
      text: argument,
      api_app_id: "A0KUROKO0",
      is_enterprise_install: "false",
      response_url: responseUrl.url,
      trigger_id: this.workspace.issueTrigger(userId),
    };
    const answer = await this.send(
      known.command,
      userId,
      new URLSearchParams(form).toString(),
      "application/x-www-form-urlencoded",
    );
    if (!answer?.body) return;
    const message = parseJson(answer.body);
    if (message && (message.text || message.blocks)) {
      // An answer in the ack is a message like one sent to the response_url.
      if (message.response_type === "in_channel") this.workspace.postAsUser(userId, channel, trimmed);
      this.workspace.respond(responseUrl.id, message);
    }
  }

  async shortcut(userId: string, callbackId: string): Promise<void> {
    await this.interaction(`the shortcut ${callbackId}`, userId, {
      ...this.base(userId),
      type: "shortcut",
      callback_id: callbackId,
      trigger_id: this.workspace.issueTrigger(userId),
      action_ts: this.workspace.nextTs(),
    });
  }

  /** A click or a choice on a message, a modal or the Home tab. */
  async action(
    userId: string,
    source: ActionSource,
    input: ActionInput,
    values: StateValues = {},
  ): Promise<void> {
    let blocks: unknown[];
    let context: Record<string, unknown>;
    if (source.kind === "message") {
      const message = this.workspace.findMessage(source.channel, source.ts);
      if (!message || (message.ephemeralFor && message.ephemeralFor !== userId)) {
        this.workspace.notice("That message is gone.", userId);
        return;
      }
      blocks = message.blocks ?? [];
      context = this.messageContext(userId, message);
    } else {
      const open = this.workspace.findView(source.viewId);
      if (!open || open.userId !== userId) {
        this.workspace.notice("That view is closed.", userId);
        return;
      }
      blocks = (open.view.blocks as unknown[]) ?? [];
      context = {
        container: { type: "view", view_id: open.id },
        view: this.workspace.viewPayload(open, values),
      };
    }
    const element = findElement(blocks, input.blockId, input.actionId);
    if (!element) {
      this.workspace.notice(`No element ${input.actionId} there any more.`, userId);
      return;
    }
    const action: Record<string, unknown> = {
      type: element.type,
      block_id: input.blockId,
      action_id: input.actionId,
      action_ts: this.workspace.nextTs(),
    };
    if (element.type === "button") {
      action.text = element.text;
      action.value = element.value;
      if (element.style) action.style = element.style;
    } else if (input.selectedOptions) action.selected_options = input.selectedOptions;
    else if (input.selectedOption) action.selected_option = input.selectedOption;
    else if (input.selectedDate) action.selected_date = input.selectedDate;
    else if (input.value !== undefined) action.value = input.value;
    await this.interaction(`the ${element.type} ${input.actionId}`, userId, {
      ...this.base(userId),
      type: "block_actions",
      trigger_id: this.workspace.issueTrigger(userId),
      ...context,
      state: { values },
      actions: [action],
    });
  }

  private messageContext(userId: string, message: Message): Record<string, unknown> {
    const channel = this.workspace.channels.get(message.channel);
    return {
      container: {
        type: "message",
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: Boolean(message.ephemeralFor),
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      channel: { id: message.channel, name: channel?.dmWith ? "directmessage" : channel?.name },
      // Slack leaves the message out of payloads from ephemeral messages.
      ...(message.ephemeralFor
        ? {}
        : {
            message: {
              type: "message",
              ts: message.ts,
              text: message.text,
              blocks: message.blocks ?? [],
              ...(message.author === BOT.userId
                ? { bot_id: BOT.botId, user: BOT.userId }
                : { user: message.author }),
              ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
            },
          }),
      response_url: this.workspace.issueResponseUrl(this.baseUrl, {
        userId,
        channel: message.channel,
        messageTs: message.ts,
      }).url,
    };
  }

  /** A modal's submit button. Returns the field errors Kuroko answered with, if any. */
  async submit(
    userId: string,
    viewId: string,
    values: StateValues,
  ): Promise<{ errors?: Record<string, string> }> {
    const open = this.workspace.findView(viewId);
    if (!open || open.userId !== userId) return { errors: {} };
    const answer = await this.interaction(
      `the form "${String((open.view.title as { text?: string })?.text ?? "")}"`,
      userId,
      {
        ...this.base(userId),
        type: "view_submission",
        trigger_id: this.workspace.issueTrigger(userId),
        view: this.workspace.viewPayload(open, values),
        response_urls: [],
      },
    );
    // No answer: Slack keeps the modal open and shows its own error line.
    if (!answer) return { errors: {} };
    const response = parseJson(answer.body) ?? {};
    switch (response.response_action) {
      case "errors":
        return { errors: (response.errors ?? {}) as Record<string, string> };
      case "update":
      case "push": {
        const problems = this.workspace.afterSubmission(userId, viewId, {
          kind: response.response_action,
          view: response.view as Record<string, unknown>,
        });
        if (problems.length)
          this.workspace.notice(`Slack would refuse that view: ${problems.join("; ")}`, userId);
        return {};
      }
      case "clear":
        this.workspace.afterSubmission(userId, viewId, { kind: "clear" });
        return {};
      default:
        this.workspace.afterSubmission(userId, viewId, { kind: "close" });
        return {};
    }
  }

  /** The modal's close button (or Escape). Kuroko hears of it only if it asked to. */
  async close(userId: string, viewId: string, values: StateValues): Promise<void> {
    const open = this.workspace.findView(viewId);
    if (!open || open.userId !== userId) return;
    const payload = this.workspace.viewPayload(open, values);
    this.workspace.closeModal(userId, viewId);
    if (open.view.notify_on_close) {
      await this.interaction("closing a modal", userId, {
        ...this.base(userId),
        type: "view_closed",
        view: payload,
        is_cleared: false,
      });
    }
  }

  /** An external select's typeahead: Kuroko's options for what was typed so far. */
  async suggest(
    userId: string,
    viewId: string,
    blockId: string,
    actionId: string,
    value: string,
    values: StateValues,
  ): Promise<{ options: unknown[]; option_groups?: unknown[] }> {
    const open = this.workspace.findView(viewId);
    if (!open || open.userId !== userId) return { options: [] };
    const answer = await this.interaction(`the options of ${actionId}`, userId, {
      ...this.base(userId),
      type: "block_suggestion",
      block_id: blockId,
      action_id: actionId,
      value,
      container: { type: "view", view_id: open.id },
      view: this.workspace.viewPayload(open, values),
    });
    const body = answer ? parseJson(answer.body) : undefined;
    return {
      options: Array.isArray(body?.options) ? body.options : [],
      ...(Array.isArray(body?.option_groups) ? { option_groups: body.option_groups } : {}),
    };
  }

  /** Opening the app's Home tab: the app_home_opened event, to which Kuroko publishes the view. */
  async openHome(userId: string): Promise<void> {
    const event = {
      type: "app_home_opened",
      user: userId,
      channel: this.workspace.dmChannel(userId).id,
      tab: "home",
      event_ts: this.workspace.nextTs(),
      ...(this.workspace.homes.get(userId)
        ? { view: this.workspace.viewPayload(this.workspace.homes.get(userId)!) }
        : {}),
    };
    await this.send(
      "opening the Home tab",
      userId,
      JSON.stringify({
        token: "playground-verification-token",
        team_id: TEAM.id,
        api_app_id: "A0KUROKO0",
        event,
        type: "event_callback",
        event_id: this.workspace.nextId("EV"),
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM.id, user_id: BOT.userId, is_bot: true }],
      }),
      "application/json",
    );
  }
}

function parseJson(raw: string): Record<string, unknown> | undefined {
  if (!raw.trim()) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
