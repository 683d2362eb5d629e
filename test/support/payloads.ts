/** Factories for the payloads Slack sends, with the fields Bolt and Kuroko read. */

export const TEAM = { id: "T0TEST", domain: "kuroko-test" };
export const USERS = {
  csm: "U0CSM0001",
  approver: "U0OPS0001",
  secondApprover: "U0OPS0002",
  outsider: "U0OUT0001",
} as const;

let sequence = 0;
const nextId = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(++sequence).toString(36)}`.toUpperCase();

export function slashCommand(
  command: string,
  text: string,
  responseUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: USERS.csm,
    user_name: "csm",
    command,
    text,
    api_app_id: "A0KUROKO",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: nextId("TRIGGER"),
    ...overrides,
  };
}

export function globalShortcut(callbackId: string, userId: string = USERS.csm) {
  return {
    type: "shortcut",
    token: "legacy-verification-token",
    action_ts: `${Date.now() / 1000}`,
    team: TEAM,
    user: { id: userId, username: userId.toLowerCase(), team_id: TEAM.id },
    is_enterprise_install: false,
    callback_id: callbackId,
    trigger_id: nextId("TRIGGER"),
  };
}

export function blockActions(
  action: { action_id: string; value?: string; block_id?: string; selected_option?: { value: string } },
  options: {
    userId?: string;
    responseUrl?: string;
    channel?: string;
    messageTs?: string;
    view?: Record<string, unknown>;
  } = {},
) {
  return {
    type: "block_actions",
    token: "legacy-verification-token",
    team: TEAM,
    user: { id: options.userId ?? USERS.csm, username: "user", team_id: TEAM.id },
    api_app_id: "A0KUROKO",
    trigger_id: nextId("TRIGGER"),
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
    ...(options.channel
      ? {
          container: { type: "message", channel_id: options.channel, message_ts: options.messageTs },
          channel: { id: options.channel, name: "channel" },
          message: { ts: options.messageTs, text: "", blocks: [] },
        }
      : {}),
    ...(options.view ? { container: { type: "view", view_id: options.view.id }, view: options.view } : {}),
    actions: [
      {
        type: action.selected_option ? "static_select" : "button",
        block_id: action.block_id ?? "block",
        action_id: action.action_id,
        value: action.value,
        selected_option: action.selected_option,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** `values` is view.state.values: { blockId: { actionId: { type, value | selected_option ... } } }. */
export function viewSubmission(
  callbackId: string,
  values: Record<string, Record<string, Record<string, unknown>>>,
  options: { userId?: string; privateMetadata?: string; viewId?: string } = {},
) {
  return {
    type: "view_submission",
    token: "legacy-verification-token",
    team: TEAM,
    user: { id: options.userId ?? USERS.csm, username: "user", team_id: TEAM.id },
    api_app_id: "A0KUROKO",
    trigger_id: nextId("TRIGGER"),
    view: {
      id: options.viewId ?? nextId("V"),
      team_id: TEAM.id,
      type: "modal",
      callback_id: callbackId,
      private_metadata: options.privateMetadata ?? "",
      state: { values },
      hash: "hash",
      blocks: [],
    },
  };
}

export function eventCallback(event: Record<string, unknown>) {
  return {
    token: "legacy-verification-token",
    team_id: TEAM.id,
    api_app_id: "A0KUROKO",
    event,
    type: "event_callback",
    event_id: nextId("EV"),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM.id, user_id: "U0BOT", is_bot: true }],
  };
}

export function appHomeOpened(userId: string = USERS.csm) {
  return eventCallback({
    type: "app_home_opened",
    user: userId,
    channel: "D0HOME",
    tab: "home",
    event_ts: `${Date.now() / 1000}`,
  });
}

/** The contract intake form's `view.state.values`, filled in for a renewal of `accountId`. */
export function intakeValues(
  accountId: number,
  overrides: Record<string, Record<string, unknown>> = {},
): Record<string, Record<string, Record<string, unknown>>> {
  return {
    account: { contract_account: { type: "external_select", selected_option: { value: String(accountId) } } },
    type: { contract_type: { type: "static_select", selected_option: { value: "renewal" } } },
    amount: { amount: { type: "number_input", value: "20000" } },
    currency: { currency: { type: "static_select", selected_option: { value: "USD" } } },
    term: { term: { type: "number_input", value: "12" } },
    start_date: { start_date: { type: "datepicker", selected_date: "2027-01-06" } },
    end_date: { end_date: { type: "datepicker", selected_date: "2028-01-05" } },
    due_date: { due_date: { type: "datepicker", selected_date: "2026-12-15" } },
    priority: { priority: { type: "static_select", selected_option: { value: "normal" } } },
    links: { links: { type: "plain_text_input", value: "https://drive.example.com/acme" } },
    notes: { notes: { type: "plain_text_input", value: null } },
    ...overrides,
  };
}
