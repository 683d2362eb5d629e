import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import type { Logger } from "../log.js";
import type { LocaleResolver } from "./locale.js";

/** What a person sees when Kuroko failed to do what they asked (the database down, say), in their language. */
export const apology = (locale: Locale): string => t(locale, "failure.apology");

type Ack = (response?: Record<string, unknown>) => Promise<void>;
type Respond = (message: Record<string, unknown>) => Promise<unknown>;

/**
 * Global middleware: a listener that fails (an outage, a bug) is logged with who and what,
 * and the person who asked is told in plain words, never left with silence. A command or a
 * button is answered privately (through its response_url); a modal is left unanswered so that Slack shows its own error
 * and keeps what was typed; an event has no one to answer.
 */
export function apologiseOnFailure(
  logger: Logger,
  /** The reader's language, as known without asking Slack again (it may be what failed). */
  locales: Pick<LocaleResolver, "known">,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    try {
      await args.next();
    } catch (error) {
      const body = args.body as { type?: string; user?: { id?: string }; user_id?: string; command?: string };
      const what = body.command ?? body.type ?? "request";
      const user = body.user?.id ?? body.user_id;
      logger.error(`${what} failed`, { user }, error);
      if (body.type === "view_submission" || body.type === "block_suggestion") return;
      const { ack, respond } = args as unknown as { ack?: Ack; respond?: Respond };
      const message = { response_type: "ephemeral", text: apology(locales.known(user)) };
      try {
        await ack?.();
      } catch {
        // Already acknowledged by the listener.
      }
      // Through the response_url (commands and buttons carry one), whether or not the listener
      // had acknowledged, in HTTP and Socket Mode alike.
      await respond?.({ ...message, replace_original: false }).catch((failure: unknown) =>
        logger.warn("could not send the apology:", (failure as Error).message),
      );
    }
  };
}
