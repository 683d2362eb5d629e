import type { PrismaClient } from "../db/database.js";
import type { Approvers } from "../slack/approvers.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { loadHome } from "./service.js";
import { buildHomeView } from "./view.js";

export function registerHome(
  registry: Registry,
  services: { prisma: PrismaClient; clock: () => Date; timezone: string; approvers: Approvers },
): void {
  registry.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const now = services.clock();
    const today = todayIn(services.timezone, now);
    const data = await loadHome(services.prisma, event.user, {
      today,
      now,
      isApprover: await services.approvers.isApprover(event.user),
    });
    await client.views.publish({ user_id: event.user, view: buildHomeView(data, today, now) });
  });
}
