import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { t, translator } from "../i18n/index.js";
import { COMMANDS } from "../slack/ids.js";
import { fixedLocale } from "../slack/locale.js";
import type { ButtonClick, Registry } from "../slack/registry.js";
import { isoDay, todayIn } from "../time.js";
import { awayUsage, parseAwayCommand } from "./cover.js";
import { type CoverDeps, endCover, setCover, showCover } from "./cover-service.js";
import { parseDay, stateReader } from "./fields.js";
import { COVER_ACTIONS, COVER_VIEWS, LIFECYCLE_BLOCKS } from "./lifecycle-ids.js";
import { type Click, type Submission, tell } from "./listeners/support.js";
import {
  buildCoverEndedReply,
  buildCoverModal,
  buildCoverSetReply,
  buildCoverSummary,
  coverReasonIn,
} from "./views/cover.js";
import { reasonIn } from "./views/review-words.js";

const selectedUser = z.object({ selected_user: z.string().regex(/^[UW][A-Z0-9]{2,20}$/) });

/**
 * Cover while an approver is away: `/csops away …` and the cover modal (opened by a button
 * whose action id is COVER_ACTIONS.open, e.g. on App Home). CS Ops approvers only.
 */
export function registerCover(registry: Registry, deps: CoverDeps): void {
  const { approvers, clock, timezone } = deps;
  /** Everything here is said to the person who typed or clicked, in their language. */
  const readers = deps.locales ?? fixedLocale(deps.locale?.default ?? "en");

  async function handleAwayCommand({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    const answer = (text: string) => ack({ response_type: "ephemeral", text });
    const userId = command.user_id;
    const locale = await readers.localeOf(userId);
    if (!(await approvers.isApprover(userId))) return answer(reasonIn(locale, approvers.refusal(userId)));
    const parsed = parseAwayCommand(command.text.trim().replace(/^away\b/i, ""), todayIn(timezone, clock()));
    if (parsed.kind === "usage") return answer(t(locale, "csops.usage", { usages: awayUsage(locale) }));
    if (parsed.kind === "error") return answer(coverReasonIn(locale, parsed.message));
    if (parsed.kind === "show") return answer(buildCoverSummary(await showCover(deps, userId), locale));
    if (parsed.kind === "off") {
      const ended = await endCover(deps, userId);
      return answer(buildCoverEndedReply(ended.length > 0, locale));
    }
    const result = await setCover(deps, {
      userId,
      from: parsed.from,
      to: parsed.to,
      delegateId: parsed.delegateId,
    });
    return answer(
      result.ok
        ? buildCoverSetReply(result.cover, result.replaced, locale)
        : coverReasonIn(locale, result.message),
    );
  }

  async function handleCoverOpen(click: Click) {
    await click.ack();
    const locale = await readers.localeOf(click.body.user.id);
    if (!(await approvers.isApprover(click.body.user.id)))
      return tell(click, reasonIn(locale, approvers.refusal(click.body.user.id)));
    await click.client.views.open({
      trigger_id: click.body.trigger_id,
      view: buildCoverModal({ from: isoDay(todayIn(timezone, clock())) }, locale),
    });
  }

  async function handleCoverSubmission({ ack, view, body, client }: Submission) {
    const locale = await readers.localeOf(body.user.id);
    const tr = translator(locale);
    const state = stateReader(view.state?.values);
    const from = parseDay(state.date(LIFECYCLE_BLOCKS.from) ?? "", tr);
    const to = parseDay(state.date(LIFECYCLE_BLOCKS.to) ?? "", tr);
    const errors: Record<string, string> = {};
    if (!from.ok) errors[LIFECYCLE_BLOCKS.from] = from.error;
    if (!to.ok) errors[LIFECYCLE_BLOCKS.to] = to.error;
    if (!from.ok || !to.ok) return ack({ response_action: "errors", errors });
    const values = view.state?.values as Record<string, Record<string, unknown>> | undefined;
    const picked = selectedUser.safeParse(values?.[LIFECYCLE_BLOCKS.delegate]?.[LIFECYCLE_BLOCKS.delegate]);
    const result = await setCover(deps, {
      userId: body.user.id,
      from: from.value,
      to: to.value,
      delegateId: picked.success ? picked.data.selected_user : undefined,
    });
    if (!result.ok)
      return ack({
        response_action: "errors",
        errors: { [LIFECYCLE_BLOCKS[result.field]]: coverReasonIn(locale, result.message) },
      });
    await ack();
    // A modal closes without a word: the person is told what was set, and what it replaced.
    await client.chat.postMessage({
      channel: body.user.id,
      text: buildCoverSetReply(result.cover, result.replaced, locale),
    });
  }

  registry.subcommand(COMMANDS.csops, "away", awayUsage, handleAwayCommand);
  registry.action<ButtonClick>(COVER_ACTIONS.open, handleCoverOpen);
  registry.view(COVER_VIEWS.set, handleCoverSubmission);
}
