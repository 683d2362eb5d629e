import type { types } from "@slack/bolt";
import { COMMANDS, SHORTCUTS } from "./ids.js";
import type { Registry } from "./registry.js";

const WHAT: Record<string, string> = {
  [COMMANDS.health]: "Account health cards",
  [COMMANDS.contract]: "Contract requests",
  [COMMANDS.csops]: "The CS Ops back-office queue",
};

/** The ephemeral answer to a command whose feature has not landed yet. */
export function buildComingSoon(command: string, text: string): { text: string; response_type: "ephemeral" } {
  const what = WHAT[command] ?? "This command";
  const asked = text.trim() ? `${command} ${text.trim()}` : command;
  return {
    response_type: "ephemeral",
    text: `Kuroko heard \`${asked}\`. ${what} are coming soon: this command is wired, its feature is not yet.`,
  };
}

export function buildComingSoonModal(): types.ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: "Kuroko" },
    close: { type: "plain_text", text: "Close" },
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: "Logging contract requests from Slack is coming soon." },
      },
    ],
  };
}

/** Placeholders that answer through the real path until each feature registers its own. */
export function registerComingSoon(registry: Registry, commands: string[], shortcuts: string[]): void {
  for (const command of commands) {
    registry.command(command, async ({ ack, respond, command: payload }) => {
      await ack();
      await respond(buildComingSoon(payload.command, payload.text));
    });
  }
  if (shortcuts.includes(SHORTCUTS.logContractRequest)) {
    registry.globalShortcut(SHORTCUTS.logContractRequest, async ({ ack, client, shortcut }) => {
      await ack();
      await client.views.open({ trigger_id: shortcut.trigger_id, view: buildComingSoonModal() });
    });
  }
}
