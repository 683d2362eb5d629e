import { escapeMrkdwn } from "../../slack/blocks.js";
import { parseMetadata } from "../../slack/parse.js";
import { addDays, isoDay, todayIn } from "../../time.js";
import { INTAKE_BLOCKS } from "../ids.js";
import { type IntakeInput, parseIntake } from "../intake-form.js";
import { acknowledgesCover, coveringRequest, RENEWAL_COVER_DAYS } from "../renewal-cover.js";
import { findAccountForForm, findSubmission } from "../repository.js";
import type { ContractDeps } from "../service.js";
import { OPEN_STATUSES, STATUSES, type Status } from "../state.js";
import { resubmitRequest, submitRequest } from "../submission.js";
import { requestLabel, requestTypeSchema } from "../types.js";
import { intakeMetadataSchema } from "../views/intake-modal.js";
import { STALE_FORM, type Submission, viewKeyOf } from "./support.js";

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
): Promise<Record<string, string> | undefined> {
  if (input.type !== "renewal" || !input.startDate) return undefined;
  const cover = await findCoveringRenewal(deps.prisma, input.accountId, input.startDate, requestId);
  if (!cover || acknowledgesCover(input.notes, cover.number)) return undefined;
  const label = requestLabel(cover.number);
  const start = cover.startDate ? `, start ${isoDay(cover.startDate)}` : "";
  return {
    [INTAKE_BLOCKS.startDate]: `${label} (${STATUSES[cover.status].toLowerCase()}${start}) already covers this renewal. Mention ${label} in the notes to log another on purpose.`,
  };
}

type Stored = { ok: true; replay: boolean } | { ok: false; errors: Record<string, string> };

/** Stores a checked form: a new request, or the edit of one sent back. Idempotent per form. */
async function store(
  deps: ContractDeps,
  input: IntakeInput,
  requestId: number | undefined,
  userId: string,
  viewKey: string,
): Promise<Stored> {
  if (!(await findAccountForForm(deps.prisma, input.accountId)))
    return {
      ok: false,
      errors: { [INTAKE_BLOCKS.account]: "That account is not in Kuroko: choose one from the list." },
    };
  const duplicate = await duplicateRenewal(deps, input, requestId);
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
    : {
        ok: false,
        errors: { [INTAKE_BLOCKS.type]: `This request cannot be resubmitted: ${result.reason}.` },
      };
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

  /** The form closed before the slow database stored it: log the outcome, DM a failure. */
  async function followUp(
    final: Promise<Settled<Stored>>,
    { userId, editing, client }: { userId: string; editing: boolean; client: Submission["client"] },
  ) {
    const outcome = await final;
    if (outcome.kind === "done" && outcome.value.ok) {
      logger.info(
        `contract intake: a form closed early is stored${outcome.value.replay ? " (it had been already)" : ""}`,
        { user: userId },
      );
      return;
    }
    let why = editing
      ? "Kuroko could not save them. Use *Edit and resubmit* again."
      : "Kuroko could not save it. Please log it again with `/contract`.";
    if (outcome.kind === "failed")
      logger.error("contract intake: could not store the form", { user: userId, editing }, outcome.error);
    else if (outcome.kind === "done" && !outcome.value.ok)
      why = escapeMrkdwn(Object.values(outcome.value.errors).join(" "));
    const text = editing
      ? `Your changes to the contract request were not saved: ${why}`
      : `Your contract request was not logged: ${why}`;
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
    if (!metadata || !viewKey) {
      await ack({ response_action: "errors", errors: { [INTAKE_BLOCKS.type]: STALE_FORM } });
      return;
    }
    const parsed = parseIntake(view.state?.values, todayIn(timezone, clock()));
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    const editing = metadata.requestId !== undefined;
    const { first, final } = await settleWithin(
      store(deps, parsed.input, metadata.requestId, userId, viewKey),
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
        errors: { [INTAKE_BLOCKS.type]: "Kuroko could not save this just now. Please submit it again." },
      });
      return;
    }
    // The database is slow: close the form now (a resubmission would find this one anyway),
    // and tell the person by DM if it does not get stored after all.
    await ack();
    logger.warn("contract intake: the database is slow; the form was closed before it was stored", {
      user: userId,
    });
    void followUp(final, { userId, editing, client });
  }

  return { handleIntakeSubmission };
}
