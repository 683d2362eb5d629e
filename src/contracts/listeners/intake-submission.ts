import { type Locale, type Translator, translator } from "../../i18n/index.js";
import { escapeMrkdwn } from "../../slack/blocks.js";
import { fixedLocale } from "../../slack/locale.js";
import { parseMetadata } from "../../slack/parse.js";
import { addDays, todayIn } from "../../time.js";
import { INTAKE_BLOCKS } from "../ids.js";
import { type IntakeInput, parseIntake } from "../intake-form.js";
import { acknowledgesCover, coveringRequest, RENEWAL_COVER_DAYS } from "../renewal-cover.js";
import { findAccountForForm, findRequest, findSubmission } from "../repository.js";
import type { ContractDeps } from "../service.js";
import { OPEN_STATUSES, type Status } from "../state.js";
import { resubmitRequest, submitRequest } from "../submission.js";
import { requestLabel, requestTypeSchema } from "../types.js";
import { intakeMetadataSchema } from "../views/intake-modal.js";
import { type Submission, viewKeyOf } from "./support.js";

/**
 * Slack shows the user an error when a view_submission is not answered within 3 s (counting
 * the network and Bolt's own work), and the user submits again. Field errors answer at once;
 * the database gets until this deadline, and if it is slower the form closes and the write
 * finishes afterwards (a failure is DMed).
 */
export const INTAKE_ACK_DEADLINE_MS = 2_000;

/**
 * The renewal request already covering an account's renewal starting on `startDate`
 * (renewal-cover.ts), other than `except` (the request being edited).
 */
export async function findCoveringRenewal(
  prisma: ContractDeps["prisma"],
  accountId: number,
  startDate: Date,
  except?: number,
): Promise<{ id: number; number: number; status: Status; startDate: Date | null } | undefined> {
  const rows = await prisma.contractRequest.findMany({
    where: {
      accountId,
      type: "renewal",
      status: { in: [...OPEN_STATUSES, "approved"] },
      startDate: {
        gte: addDays(startDate, -RENEWAL_COVER_DAYS),
        lte: addDays(startDate, RENEWAL_COVER_DAYS),
      },
      ...(except !== undefined ? { id: { not: except } } : {}),
    },
    select: { id: true, number: true, status: true, type: true, startDate: true },
    take: 20,
  });
  const candidates = rows.flatMap((r) => {
    const type = requestTypeSchema.safeParse(r.type);
    const status = OPEN_STATUSES.includes(r.status as Status) || r.status === "approved";
    return type.success && status ? [{ ...r, type: type.data, status: r.status as Status }] : [];
  });
  return coveringRequest(candidates, startDate);
}

/**
 * A renewal already covered by an open or approved renewal request is refused, under the start
 * date, naming that request, unless the notes mention it (renewal-cover.ts `acknowledgesCover`).
 */
async function duplicateRenewal(
  deps: ContractDeps,
  input: IntakeInput,
  requestId: number | undefined,
  locale: Promise<Locale>,
): Promise<Record<string, string> | undefined> {
  if (input.type !== "renewal" || !input.startDate) return undefined;
  const cover = await findCoveringRenewal(deps.prisma, input.accountId, input.startDate, requestId);
  if (!cover || acknowledgesCover(input.notes, cover.number)) return undefined;
  const tr = translator(await locale);
  const label = requestLabel(cover.number);
  const status = tr.t(`contract.status.${cover.status}`);
  return {
    [INTAKE_BLOCKS.startDate]: cover.startDate
      ? tr.t("intake.error.coveredStart", { label, status, start: tr.day(cover.startDate) })
      : tr.t("intake.error.covered", { label, status }),
  };
}

/** Why an edited request cannot be resubmitted, read again from the request (in the reader's words). */
async function resubmitRefusal(deps: ContractDeps, requestId: number, userId: string, tr: Translator) {
  const request = await findRequest(deps.prisma, requestId);
  const reason = !request
    ? tr.t("intake.reason.gone")
    : request.requesterId !== userId
      ? tr.t("intake.reason.notRequester")
      : tr.t("intake.reason.status", { status: tr.t(`contract.status.${request.status}`) });
  return { [INTAKE_BLOCKS.type]: tr.t("intake.error.resubmit", { reason }) };
}

type Stored = { ok: true; replay: boolean } | { ok: false; errors: Record<string, string> };

/**
 * Stores a checked form: a new request, or the edit of one sent back. Idempotent per form. Its
 * refusals are said in the submitter's language (`locale`, asked for while the form is stored).
 */
async function store(
  deps: ContractDeps,
  input: IntakeInput,
  requestId: number | undefined,
  userId: string,
  viewKey: string,
  locale: Promise<Locale>,
): Promise<Stored> {
  if (!(await findAccountForForm(deps.prisma, input.accountId)))
    return {
      ok: false,
      errors: { [INTAKE_BLOCKS.account]: translator(await locale).t("intake.error.unknownAccount") },
    };
  const duplicate = await duplicateRenewal(deps, input, requestId, locale);
  // The same form delivered again (a double click, a retry) finds its own request: a replay,
  // which submitRequest answers, not a duplicate. Checked after the cover, so a delivery
  // racing the first one sees the first's request and its form together.
  if (duplicate && (await findSubmission(deps.prisma, viewKey)) === undefined)
    return { ok: false, errors: duplicate };
  if (requestId === undefined) {
    const { replay } = await submitRequest(deps, input, userId, viewKey);
    return { ok: true, replay };
  }
  const result = await resubmitRequest(deps, requestId, userId, input, viewKey);
  return result.ok
    ? { ok: true, replay: result.replay ?? false }
    : { ok: false, errors: await resubmitRefusal(deps, requestId, userId, translator(await locale)) };
}

type Settled<T> = { kind: "done"; value: T } | { kind: "failed"; error: unknown } | { kind: "late" };

/** Waits for `work` up to `ms`; the returned promise never rejects. */
async function settleWithin<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ first: Settled<T>; final: Promise<Settled<T>> }> {
  const final = work.then(
    (value): Settled<T> => ({ kind: "done", value }),
    (error): Settled<T> => ({ kind: "failed", error }),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "late" }), ms);
  });
  const first = await Promise.race([final, late]);
  clearTimeout(timer);
  return { first, final };
}

/**
 * The intake form's submission: check, answer Slack in time, store once. Its failures are
 * answered here on purpose: in the form while it is open, by DM once it has closed.
 */
export function intakeSubmissionHandlers(deps: ContractDeps) {
  const { logger, clock, timezone } = deps;
  const readers = deps.locales ?? fixedLocale("en");

  /** The form closed before the slow database stored it: log the outcome, DM a failure. */
  async function followUp(
    final: Promise<Settled<Stored>>,
    {
      userId,
      editing,
      client,
      locale,
    }: { userId: string; editing: boolean; client: Submission["client"]; locale: Promise<Locale> },
  ) {
    const outcome = await final;
    if (outcome.kind === "done" && outcome.value.ok) {
      logger.info(
        `contract intake: a form closed early is stored${outcome.value.replay ? " (it had been already)" : ""}`,
        { user: userId },
      );
      return;
    }
    const tr = translator(await locale);
    let why = tr.t(editing ? "intake.notSavedWhy" : "intake.notLoggedWhy");
    if (outcome.kind === "failed")
      logger.error("contract intake: could not store the form", { user: userId, editing }, outcome.error);
    else if (outcome.kind === "done" && !outcome.value.ok)
      why = escapeMrkdwn(Object.values(outcome.value.errors).join(" "));
    const text = tr.t(editing ? "intake.notSaved" : "intake.notLogged", { why });
    try {
      await client.chat.postMessage({ channel: userId, text });
    } catch (error) {
      logger.error(
        "contract intake: could not tell the user their form was not stored",
        { user: userId },
        error,
      );
    }
  }

  async function handleIntakeSubmission({ ack, view, body, client }: Submission) {
    const userId = body.user.id;
    const metadata = parseMetadata(intakeMetadataSchema, view.private_metadata);
    const viewKey = viewKeyOf(view.id, userId);
    // The submitter's language, asked for at once: a valid form is stored meanwhile.
    const locale = readers.localeOf(userId);
    if (!metadata || !viewKey) {
      const stale = translator(await locale).t("intake.error.stale");
      await ack({ response_action: "errors", errors: { [INTAKE_BLOCKS.type]: stale } });
      return;
    }
    const values: unknown = view.state?.values;
    const today = todayIn(timezone, clock());
    const parsed = parseIntake(values, today);
    if (!parsed.ok) {
      // The same checks, said in the submitter's language.
      const said = parseIntake(values, today, translator(await locale));
      await ack({ response_action: "errors", errors: said.ok ? parsed.errors : said.errors });
      return;
    }
    const editing = metadata.requestId !== undefined;
    const { first, final } = await settleWithin(
      store(deps, parsed.input, metadata.requestId, userId, viewKey, locale),
      INTAKE_ACK_DEADLINE_MS,
    );
    if (first.kind === "done") {
      await ack(first.value.ok ? undefined : { response_action: "errors", errors: first.value.errors });
      return;
    }
    if (first.kind === "failed") {
      logger.error("contract intake: could not store the form", { user: userId, editing }, first.error);
      await ack({
        response_action: "errors",
        errors: { [INTAKE_BLOCKS.type]: translator(await locale).t("intake.error.saveFailed") },
      });
      return;
    }
    // The database is slow: close the form now (a resubmission would find this one anyway),
    // and tell the person by DM if it does not get stored after all.
    await ack();
    logger.warn("contract intake: the database is slow; the form was closed before it was stored", {
      user: userId,
    });
    void followUp(final, { userId, editing, client, locale });
  }

  return { handleIntakeSubmission };
}
