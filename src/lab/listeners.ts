import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { PrismaClient } from "../db/database.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import type { Logger } from "../log.js";
import type { Approvers } from "../slack/approvers.js";
import { COMMANDS } from "../slack/ids.js";
import { fixedLocale, type LocaleResolver } from "../slack/locale.js";
import type { Registry } from "../slack/registry.js";
import { isoDay, todayIn } from "../time.js";
import type { LabVariants } from "./candidate-file.js";
import { fitnessReport, postModelFitness, shareWhileRunning } from "./fitness.js";

/**
 * `/csops model`: the health model's fitness over the last year, and the candidate's beside it
 * when one is configured, posted with charts to the channel the command came from. CS Ops only,
 * by `/csops digest`'s rule (the approvers). Acknowledged at once with a private "working on it";
 * the back-test runs after, and its summary and charts go through the outbox.
 */
export function registerModelLab(
  registry: Registry,
  deps: {
    prisma: PrismaClient;
    clock: () => Date;
    timezone: string;
    approvers: Approvers;
    lab: LabVariants;
    logger: Logger;
    outbox: { kick(): void };
    config: { locale?: { default: Locale } };
    /** The reader's language (src/slack/locale.ts); unset: KUROKO_LOCALE. */
    locales?: LocaleResolver;
  },
): void {
  const { prisma, clock, timezone, approvers, lab, logger, outbox, config } = deps;
  const readers = deps.locales ?? fixedLocale(config.locale?.default ?? "en");
  // Askers of the same day share one back-test while it runs.
  const backtestOf = shareWhileRunning((day: string) =>
    fitnessReport(prisma, lab, new Date(`${day}T00:00:00Z`)),
  );
  // Askers in the same channel share one post too (in the first asker's language).
  const postTo = shareWhileRunning(
    (_key: string, request: { channel: string; locale: Locale; today: Date }) =>
      postModelFitness(prisma, lab, request, (today) => backtestOf(isoDay(today))),
  );

  async function handleModelCommand({
    command,
    ack,
    respond,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    const [allowed, locale] = await Promise.all([
      approvers.isApprover(command.user_id),
      readers.localeOf(command.user_id),
    ]);
    if (!allowed) {
      approvers.refusal(command.user_id); // logs, once per person, how to make them one
      await ack({ response_type: "ephemeral", text: t(locale, "review.notApprover") });
      return;
    }
    // A year's back-test takes longer than Slack's 3 seconds: answer first, post when done.
    await ack({
      response_type: "ephemeral",
      text: t(locale, "modelLab.working", { candidate: lab.candidate ? "yes" : "no" }),
    });
    const say = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    try {
      const today = todayIn(timezone, clock());
      const outcome = await postTo(`${isoDay(today)}:${command.channel_id}`, {
        channel: command.channel_id,
        locale,
        today,
      });
      if (outcome.kind === "posted") outbox.kick();
      else await say(t(locale, outcome.kind === "noHistory" ? "modelLab.noHistory" : "modelLab.noOutcomes"));
    } catch (error) {
      logger.error("/csops model: the back-test or its charts failed", error);
      await say(t(locale, "modelLab.failed"));
    }
  }

  registry.subcommand(
    COMMANDS.csops,
    "model",
    (locale) => t(locale, "csops.usage.model"),
    handleModelCommand,
  );
}
