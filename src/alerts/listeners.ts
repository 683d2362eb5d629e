import type { AppServices } from "../services.js";
import type { Registry } from "../slack/registry.js";
import { DEFAULT_ALERT_RULES } from "./rules.js";
import { type AlertAction, type AlertDeps, actOnAlert } from "./service.js";
import { ALERT_ACTIONS } from "./views.js";

/** The alerts' dependencies, from the app's services. */
export function alertDeps(
  services: Pick<AppServices, "prisma" | "sql" | "model" | "config" | "outbox">,
): AlertDeps {
  return {
    prisma: services.prisma,
    sql: services.sql,
    model: services.model,
    rules: DEFAULT_ALERT_RULES,
    channel: services.config.channels.alerts,
    onOutbox: services.outbox.kick,
  };
}

const ACTIONS: [string, AlertAction][] = [
  [ALERT_ACTIONS.ack, { kind: "ack" }],
  [ALERT_ACTIONS.snooze7, { kind: "snooze", days: 7 }],
  [ALERT_ACTIONS.snooze30, { kind: "snooze", days: 30 }],
  [ALERT_ACTIONS.snoozeMove, { kind: "snooze_move" }],
];

/** Acknowledge and Snooze on an alert: anyone may, and the message says who did. */
export function registerAlerts(registry: Registry, services: AppServices): void {
  const deps = alertDeps(services);
  for (const [actionId, action] of ACTIONS) {
    registry.action(actionId, async ({ ack, action: clicked, body, respond }) => {
      await ack();
      const id = Number("value" in clicked ? clicked.value : Number.NaN);
      if (!Number.isInteger(id)) return;
      const done = await actOnAlert(deps, id, body.user.id, action, services.clock());
      if (!done && (body as { response_url?: string }).response_url) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: "That alert is already resolved.",
        });
      }
    });
  }
}
