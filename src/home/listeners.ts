import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { PrismaClient } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { FxRates } from "../money.js";
import type { Approvers } from "../slack/approvers.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { loadHome } from "./service.js";
import { buildHomeView } from "./view.js";

interface Services {
  prisma: PrismaClient;
  clock: () => Date;
  timezone: string;
  approvers: Approvers;
  model: HealthModel;
  /** Rates into the reporting currency: CS Ops' ARR at risk as one total. */
  fx?: FxRates;
  config: { crmUrlTemplate?: string };
}

/** App Home: the tab is drawn afresh each time it opens. Failures reach the app's one failure handler. */
export function registerHome(registry: Registry, services: Services): void {
  const { handleHomeOpened } = homeHandlers(services);
  registry.event("app_home_opened", handleHomeOpened);
}

function homeHandlers({ prisma, clock, timezone, approvers, model, fx, config }: Services) {
  /** The Home tab (not the Messages tab): the reader's accounts and requests; CS Ops' queue too. */
  async function handleHomeOpened({
    event,
    client,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) {
    if (event.tab !== "home") return;
    const now = clock();
    const today = todayIn(timezone, now);
    const data = await loadHome(prisma, event.user, {
      today,
      now,
      isApprover: await approvers.isApprover(event.user),
      fx,
    });
    await client.views.publish({
      user_id: event.user,
      view: buildHomeView(data, today, now, { model, crmUrlTemplate: config.crmUrlTemplate }),
    });
  }

  return { handleHomeOpened };
}
