import { z } from "zod";
import { PRIORITIES, type Priority, REQUEST_TYPE_KEYS, REQUEST_TYPES, type RequestType } from "./types.js";

/**
 * The approval policy's SLA and escalation sections (pure): data the policy file may set.
 *
 *   sla:
 *     default: { low: 5 }          # every type, unless the type says otherwise
 *     nda: { urgent: 1, high: 1 }  # business days, by priority (a fraction allowed: 0.5)
 *   escalation:
 *     - { at: 0.5, notify: assignee }
 *     - { at: 1, notify: approvers }
 *     - { at: 1.5, notify: { userIds: [U0LEAD001] }, name: lead }
 *
 * A value the file leaves out comes from its `default`, then from the type's own
 * (REQUEST_TYPES). Per type, Urgent ≤ High ≤ Normal ≤ Low must hold once merged.
 */

const PRIORITY_KEYS = Object.keys(PRIORITIES) as Priority[];

const businessDays = z
  .number()
  .positive("must be more than 0 business days")
  .max(60, "must be 60 business days or fewer");

const bySchema = z
  .object({
    low: businessDays.optional(),
    normal: businessDays.optional(),
    high: businessDays.optional(),
    urgent: businessDays.optional(),
  })
  .strict();
type BySla = z.output<typeof bySchema>;

export const slaSectionSchema = z
  .partialRecord(z.enum(["default", ...REQUEST_TYPE_KEYS] as ["default", ...RequestType[]]), bySchema)
  .default({})
  .superRefine((sla, ctx) => {
    for (const type of REQUEST_TYPE_KEYS) {
      // PRIORITIES runs low, normal, high, urgent: each at most as long as the one before it.
      PRIORITY_KEYS.slice(1).forEach((faster, i) => {
        const slower = PRIORITY_KEYS[i] ?? faster;
        const [fast, slow] = [slaDaysIn(sla, type, faster), slaDaysIn(sla, type, slower)];
        // A value out of range is reported by its own check already.
        const valid = [fast, slow].every((d) => d > 0 && d <= 60);
        if (valid && fast > slow)
          ctx.addIssue({
            code: "custom",
            path: [Object.hasOwn(sla, type) ? type : "default"],
            message: `${REQUEST_TYPES[type].label}: ${PRIORITIES[faster]} (${fast} business day${fast === 1 ? "" : "s"}) must not take longer than ${PRIORITIES[slower]} (${slow})`,
          });
      });
    }
  });
export type SlaSection = z.output<typeof slaSectionSchema>;

/** The SLA, in business days, of a type at a priority under these settings. */
function slaDaysIn(
  sla: Partial<Record<"default" | RequestType, BySla>>,
  type: RequestType,
  priority: Priority,
) {
  return sla[type]?.[priority] ?? sla.default?.[priority] ?? REQUEST_TYPES[type].sla[priority];
}

/** The SLA, in business days, of a request of this type and priority. */
export function slaDays(policy: { sla: SlaSection }, type: RequestType, priority: Priority): number {
  return slaDaysIn(policy.sla, type, priority);
}

const userId = z.string().regex(/^[UW][A-Z0-9]{6,}$/, "must be a Slack user id (U…)");

/**
 * Whom an escalation step tells: the assignee, the approvers of the approval still pending (the
 * people DMed; their user group mentioned in the thread), or named people and/or a user group.
 */
export const escalationTargetSchema = z.union([
  z.literal("assignee"),
  z.literal("approvers"),
  z
    .object({
      userIds: z.array(userId).max(20).default([]),
      groupId: z
        .string()
        .regex(/^S[A-Z0-9]{6,}$/, "must be a user-group id (S…)")
        .optional(),
    })
    .strict()
    .refine((t) => t.userIds.length > 0 || t.groupId, { message: "name userIds, a groupId or both" }),
]);
export type EscalationTarget = z.output<typeof escalationTargetSchema>;

const escalationStepSchema = z
  .object({
    /** A fraction of the SLA, in business time: 0.5 halfway, 1 when it runs out, 1.5 half as long again. */
    at: z.number().positive("must be more than 0").max(10, "must be 10 (ten SLAs) or less"),
    notify: escalationTargetSchema,
    /** The step's name in the audit (default: its share, "150%"); renaming a step fires it again. */
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9%_.-]{1,40}$/, "must be a short name: letters, digits, %, _, . or -")
      .optional(),
    /** Computed from `name` or `at` (a policy parsed once and parsed again carries it): ignored. */
    key: z.string().optional(),
  })
  .strict();
export type EscalationStep = Omit<z.output<typeof escalationStepSchema>, "key"> & { key: string };

/** A step's key in contract_escalations: its name, or its share of the SLA ("50%"). */
export const stepKey = (step: { at: number; name?: string }) =>
  step.name ?? `${Math.round(step.at * 1000) / 10}%`;

export const escalationSectionSchema = z
  .array(escalationStepSchema)
  .max(10, "10 steps at most")
  .transform((steps): EscalationStep[] =>
    steps.map(({ key: _computed, ...s }) => ({ ...s, key: stepKey(s) })).sort((a, b) => a.at - b.at),
  )
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    for (const s of steps) {
      if (seen.has(s.key))
        ctx.addIssue({
          code: "custom",
          message: `two steps are called "${s.key}": give one a different \`name\``,
        });
      seen.add(s.key);
    }
  });

/**
 * By default: the assignee is reminded halfway through the SLA, and the approvers of the
 * pending approval are told when it runs out (the queue message is flagged overdue then too).
 */
export const DEFAULT_ESCALATION = [
  { at: 0.5, notify: "assignee" },
  { at: 1, notify: "approvers" },
] as const;
