import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import type { FxRates } from "../money.js";
import type { Approvers } from "../slack/approvers.js";
import { COMMANDS } from "../slack/ids.js";
import { fixedLocale, type LocaleResolver } from "../slack/locale.js";
import type { Registry } from "../slack/registry.js";
import { todayIn } from "../time.js";
import { buildDigest } from "./job.js";

/** `/csops digest`: today's at-risk digest, previewed privately. CS Ops only. */
export function registerDigestPreview(
  registry: Registry,
  deps: {
    prisma: PrismaClient;
    sql: SqlQuery;
    model: HealthModel;
    clock: () => Date;
    timezone: string;
    approvers: Approvers;
    /** Rates into the reporting currency (wiring loads them from KUROKO_FX_RATES_PATH). */
    fx?: FxRates;
    config: { crmUrlTemplate?: string; locale?: { default: Locale } };
    /** The reader's language (src/slack/locale.ts); unset: KUROKO_LOCALE. */
    locales?: LocaleResolver;
  },
): void {
  const { prisma, sql, model, clock, timezone, approvers, fx, config } = deps;
  const readers = deps.locales ?? fixedLocale(config.locale?.default ?? "en");

  async function handleDigestCommand({
    command,
    ack,
    respond,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    if (!(await approvers.isApprover(command.user_id))) {
      approvers.refusal(command.user_id); // logs, once per person, how to make them one
      const locale = await readers.localeOf(command.user_id);
      await ack({ response_type: "ephemeral", text: t(locale, "review.notApprover") });
      return;
    }
    // Composing reads the whole portfolio: ack first, answer through the response_url.
    await ack();
    const now = clock();
    // Ephemeral messages have no thread: the preview carries its lists inline, in the reader's language.
    const digest = await buildDigest(prisma, sql, model, todayIn(timezone, now), now, {
      fx,
      crmUrlTemplate: config.crmUrlTemplate,
      preview: true,
      locale: await readers.localeOf(command.user_id),
    });
    await respond({ response_type: "ephemeral", text: digest.main.text, blocks: digest.main.blocks });
  }

  registry.subcommand(
    COMMANDS.csops,
    "digest",
    (locale) => t(locale, "csops.usage.digest"),
    handleDigestCommand,
  );
}
