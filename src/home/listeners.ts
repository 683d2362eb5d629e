import type { AppServices } from "../services.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { loadHome } from "./service.js";
import { buildHomeView } from "./view.js";

export function registerHome(registry: Registry, services: AppServices): void {
  registry.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const now = services.clock();
    const today = todayIn(services.config.timezone, now);
    const data = await loadHome(services.prisma, event.user, {
      today,
      now,
      isApprover: await services.approvers.isApprover(event.user),
    });
    await client.views.publish({ user_id: event.user, view: buildHomeView(data, today, now) });
  });
}
