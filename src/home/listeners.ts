import type { Registry } from "../slack/registry.js";
import { buildHomeView } from "./view.js";

export function registerHome(registry: Registry): void {
  registry.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    await client.views.publish({ user_id: event.user, view: buildHomeView(event.user) });
  });
}
