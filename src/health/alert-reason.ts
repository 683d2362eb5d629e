import { z } from "zod";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { componentLabel } from "./labels.js";
import { bandSchema } from "./model.js";

/**
 * Why an alert was raised, as facts rather than sentences (pure): the sweep records them in the
 * alert's details, and every reader gets them in their own language (the card, the alert's
 * message, the morning DM, App Home). `alerts.reason` keeps the English sentence for exports, BI
 * and webhooks; an alert recorded before facts existed is shown with that sentence.
 */

const points = z.number().int();

/** One condition that holds, with the numbers its sentence names. */
export const causeFactsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("entered_red"), score: points, was: bandSchema }),
  z.object({ kind: z.literal("red"), score: points }),
  z.object({
    kind: z.enum(["score_drop", "decline"]),
    lost: points,
    days: points,
    from: points,
    to: points,
  }),
  z.object({
    kind: z.literal("cliff"),
    /** The component's key, and its label in the model when the alert was raised. */
    component: z.string(),
    label: z.string().optional(),
    lost: points,
    days: points,
    from: points,
    to: points,
  }),
  z.object({ kind: z.literal("renewal_at_risk"), band: bandSchema, days: points }),
]);
export type CauseFacts = z.infer<typeof causeFactsSchema>;

/** One condition as a sentence in `locale`. */
export function causeText(facts: CauseFacts, locale: Locale): string {
  switch (facts.kind) {
    case "entered_red":
      return t(locale, "alert.reason.enteredRed", { score: facts.score, was: facts.was });
    case "red":
      return t(locale, "alert.reason.red", { score: facts.score });
    case "score_drop":
    case "decline":
      return t(locale, "alert.reason.fell", facts);
    case "cliff":
      return t(locale, "alert.reason.componentFell", {
        ...facts,
        // English names the component by its key, as it always has; other languages by label.
        component:
          locale === "en"
            ? facts.component
            : componentLabel(locale, facts.component, facts.label ?? facts.component),
      });
    case "renewal_at_risk":
      return t(locale, "alert.reason.renewalAtRisk", { band: facts.band, days: facts.days });
  }
}

/** Every condition, joined: the alert's reason in `locale`. */
export const causesText = (causes: readonly CauseFacts[], locale: Locale): string =>
  causes.map((c) => causeText(c, locale)).join(t(locale, "alert.reason.separator"));

/**
 * An alert's reason for a reader: from its facts when it has them, else the sentence it was
 * recorded with (English).
 */
export function alertReasonText(
  alert: { reason: string; causes?: readonly CauseFacts[] },
  locale: Locale,
): string {
  return alert.causes?.length ? causesText(alert.causes, locale) : alert.reason;
}
