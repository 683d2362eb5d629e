import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ApprovalPolicy } from "../contracts/state.js";
import type { PrismaClient } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import type { Logger } from "../log.js";
import type { FxRates } from "../money.js";
import type { Approvers } from "../slack/approvers.js";
import { fixedLocale, type LocaleResolver } from "../slack/locale.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { loadHome } from "./service.js";
import { buildHomeView } from "./view.js";

interface Services {
  prisma: PrismaClient;
  clock: () => Date;
  timezone: string;
  approvers: Approvers;
  policy: ApprovalPolicy;
  model: HealthModel;
  logger: Logger;
  /** Rates into the reporting currency: CS Ops' ARR at risk as one total. */
  fx?: FxRates;
  config: { crmUrlTemplate?: string; locale?: { default: Locale } };
  /** Each reader's language (src/slack/locale.ts); unset: everyone in KUROKO_LOCALE. */
  locales?: LocaleResolver;
}

/** What registering Home gives the app: redrawing the Home of people a change touched. */
export interface HomePublisher {
  /** Republishes these people's Home tabs, one after another; a failure is logged, never thrown. */
  republish(client: WebClient, userIds: readonly string[]): Promise<void>;
}

/** App Home: drawn afresh each time it opens, and redrawn for whoever a request's change touches. */
export function registerHome(registry: Registry, services: Services): HomePublisher {
  const { handleHomeOpened, publishHome } = homeHandlers(services);
  registry.event("app_home_opened", handleHomeOpened);
  return {
    async republish(client, userIds) {
      for (const userId of new Set(userIds)) {
        try {
          await publishHome(client, userId);
        } catch (error) {
          // Home is drawn afresh when it is next opened: a missed redraw costs nothing more.
          services.logger.warn(`home: could not republish ${userId}'s Home:`, (error as Error).message);
        }
      }
    },
  };
}

function homeHandlers({ prisma, clock, timezone, approvers, policy, model, fx, config, locales }: Services) {
  const readers = locales ?? fixedLocale(config.locale?.default ?? "en");
  /**
   * The reader's Home: their accounts and requests, what waits on them; CS Ops' queue too. In
   * the language of the Home's owner, whoever's action redraws it.
   */
  async function publishHome(client: WebClient, userId: string) {
    const now = clock();
    const today = todayIn(timezone, now);
    // The reader's language is looked up while their Home is read (a cached answer costs nothing).
    const [data, locale] = await Promise.all([
      (async () =>
        loadHome(prisma, userId, {
          today,
          now,
          isApprover: await approvers.isApprover(userId),
          fx,
          waiting: { approvers, policy },
        }))(),
      readers.localeOf(userId),
    ]);
    await client.views.publish({
      user_id: userId,
      view: buildHomeView(data, today, now, { model, crmUrlTemplate: config.crmUrlTemplate, locale }),
    });
  }

  /** The Home tab (not the Messages tab). Failures reach the app's one failure handler. */
  async function handleHomeOpened({
    event,
    client,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) {
    if (event.tab !== "home") return;
    await publishHome(client, event.user);
  }

  return { handleHomeOpened, publishHome };
}
