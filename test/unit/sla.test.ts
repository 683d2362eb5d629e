import { describe, expect, it } from "vitest";
import { createCalendar } from "../../src/calendar/business-days.js";
import { buildCalendar } from "../../src/calendar/calendar.js";
import { dueSteps, slaStanding, stepDueAt } from "../../src/contracts/escalation-rules.js";
import { planSla } from "../../src/contracts/sla-plan.js";
import { slaDays } from "../../src/contracts/sla-policy.js";
import { DEFAULT_POLICY, policySchema } from "../../src/contracts/state.js";
import { PRIORITIES, type Priority, REQUEST_TYPE_KEYS } from "../../src/contracts/types.js";
import { neededByValues, standingIn } from "../../src/contracts/views/sla-words.js";
import { ENGLISH, translator } from "../../src/i18n/index.js";
import { dueWindows } from "../../src/renewals/windows.js";

/** The needed-by line as the queue thread says it (views/sla-words.ts), its due time left out. */
const neededByNote = (
  plan: Parameters<typeof neededByValues>[1],
  request: Parameters<typeof neededByValues>[2],
  tr = ENGLISH,
) => {
  const values = neededByValues(tr, plan, request);
  return values && tr.t("review.neededBy.thread", { ...values, due: "D" });
};
/** How a request stands against its SLA, in words. */
const standing = (...args: Parameters<typeof slaStanding>) => standingIn(ENGLISH, slaStanding(...args));

const tokyo = buildCalendar({ timezone: "Asia/Tokyo", calendar: { holidays: "JP", yearEndBreak: true } });
const day = (s: string) => new Date(`${s}T00:00:00Z`);
/** Friday 20 November 2026, 19:00 in Tokyo; Monday 23 is 勤労感謝の日. */
const fridayEvening = new Date("2026-11-20T10:00:00Z");

const policyWith = (extra: Record<string, unknown>) => policySchema.parse({ rules: [], ...extra });
const problemsOf = (extra: Record<string, unknown>) => {
  const parsed = policySchema.safeParse({ rules: [], ...extra });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("SLAs by type and priority", () => {
  it("are shorter for Urgent than High, for High than Normal, and no longer for Normal than Low, for every type", () => {
    for (const type of REQUEST_TYPE_KEYS) {
      const [low, normal, high, urgent] = (Object.keys(PRIORITIES) as Priority[]).map((p) =>
        slaDays(DEFAULT_POLICY, type, p),
      );
      expect(urgent, type).toBeLessThan(high as number);
      expect(high, type).toBeLessThan(normal as number);
      expect(normal, type).toBeLessThanOrEqual(low as number);
    }
  });

  it("keep each type's usual turnaround at Normal: NDA 2 business days, renewal 5", () => {
    expect(slaDays(DEFAULT_POLICY, "nda", "normal")).toBe(2);
    expect(slaDays(DEFAULT_POLICY, "renewal", "normal")).toBe(5);
    expect(slaDays(DEFAULT_POLICY, "renewal", "urgent")).toBe(2);
  });

  it("come from the policy file: the type's own, then its default, then the built-in", () => {
    const policy = policyWith({ sla: { default: { low: 12 }, nda: { urgent: 1, high: 1 } } });
    expect(slaDays(policy, "nda", "urgent")).toBe(1);
    expect(slaDays(policy, "nda", "normal")).toBe(2);
    expect(slaDays(policy, "renewal", "low")).toBe(12);
    expect(slaDays(policy, "renewal", "high")).toBe(3);
  });

  it("refuse a policy file where a higher priority would take longer, or a type it does not know", () => {
    expect(problemsOf({ sla: { nda: { urgent: 3 } } })).toEqual([
      "sla.nda: NDA: Urgent (3 business days) must not take longer than High (1)",
    ]);
    expect(problemsOf({ sla: { contract: { normal: 2 } } })).toHaveLength(1);
    expect(problemsOf({ sla: { nda: { normal: 0 } } })).toEqual([
      "sla.nda.normal: must be more than 0 business days",
    ]);
  });
});

describe("the SLA's due time", () => {
  const nda = { type: "nda" as const, priority: "normal" as const, dueDate: null };

  it("of an NDA submitted on a Friday evening in Tokyo before a public holiday: Wednesday, same time", () => {
    expect(planSla(nda, fridayEvening, DEFAULT_POLICY, tokyo).dueAt.toISOString()).toBe(
      "2026-11-25T10:00:00.000Z",
    );
  });

  it("of an Urgent one is sooner than a Normal one: Tuesday morning", () => {
    const urgent = planSla({ ...nda, priority: "urgent" }, fridayEvening, DEFAULT_POLICY, tokyo);
    expect(urgent.dueAt.toISOString()).toBe("2026-11-23T22:00:00.000Z"); // Tue 07:00 JST
  });

  it("in calendar days it would have been Sunday: weekends count for nothing", () => {
    const plain = createCalendar("UTC");
    const sunday = new Date("2026-11-22T09:00:00Z");
    expect(planSla(nda, sunday, DEFAULT_POLICY, plain).dueAt.toISOString()).toBe("2026-11-25T00:00:00.000Z");
  });

  it("is shortened by a needed-by date before it, to the end of that day, and says so", () => {
    const request = { ...nda, dueDate: day("2026-11-24") };
    const plan = planSla(request, fridayEvening, DEFAULT_POLICY, tokyo);
    expect(plan.dueAt.toISOString()).toBe("2026-11-24T15:00:00.000Z"); // Wed 00:00 JST
    expect(plan.neededBy?.businessDays).toBe(1);
    expect(neededByNote(plan, request)).toBe(
      "📅 Needed in 1 business day; the NDA SLA is 2: the answer is due by the needed-by date, D.",
    );
    expect(neededByNote(plan, request, translator("ja"))).toBe(
      "📅 希望期日が1営業日後のため、回答期限を希望期日の D に前倒ししました（NDAの通常の期限は2営業日）。",
    );
  });

  it("is not shortened by a needed-by date after it", () => {
    const plan = planSla({ ...nda, dueDate: day("2026-11-25") }, fridayEvening, DEFAULT_POLICY, tokyo);
    expect(plan.dueAt.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(plan.neededBy).toBeUndefined();
  });

  it("needed by a day off: due at the end of the business day before it, and names the priority", () => {
    const request = { type: "renewal" as const, priority: "high" as const, dueDate: day("2026-11-23") };
    const thursday = new Date("2026-11-19T01:00:00Z");
    const plan = planSla(request, thursday, DEFAULT_POLICY, tokyo);
    expect(plan.dueAt.toISOString()).toBe("2026-11-20T15:00:00.000Z"); // end of Friday, JST
    expect(neededByNote(plan, request)).toBe(
      "📅 Needed in 1 business day; the Renewal SLA at High priority is 3: the answer is due by the needed-by date, D.",
    );
  });
});

describe("the escalation ladder", () => {
  const ladder = policyWith({
    escalation: [
      { at: 1.5, notify: { userIds: ["U0LEAD001"] } },
      { at: 0.5, notify: "assignee" },
      { at: 1, notify: "approvers" },
    ],
  }).escalation;
  const request = { submittedAt: fridayEvening, slaDueAt: new Date("2026-11-25T10:00:00Z") };

  it("is in the order of its steps, each keyed by its share of the SLA", () => {
    expect(ladder.map((s) => s.key)).toEqual(["50%", "100%", "150%"]);
  });

  it("places steps in business time: half of Friday 19:00 → Wednesday 19:00 is Tuesday 19:00", () => {
    expect(ladder.map((s) => stepDueAt(s, request, tokyo).toISOString())).toEqual([
      "2026-11-24T10:00:00.000Z",
      "2026-11-25T10:00:00.000Z",
      "2026-11-26T10:00:00.000Z",
    ]);
  });

  it("gives the steps due and not fired yet", () => {
    const at = new Date("2026-11-25T11:00:00Z");
    expect(dueSteps(ladder, request, at, new Set(), tokyo).map((s) => s.key)).toEqual(["50%", "100%"]);
    expect(dueSteps(ladder, request, at, new Set(["50%"]), tokyo).map((s) => s.key)).toEqual(["100%"]);
  });

  it("says how late a request is in business time", () => {
    expect(standing(request, new Date("2026-11-24T10:00:00Z"), tokyo)).toBe("due in 1 business day");
    expect(standing(request, new Date("2026-11-25T13:00:00Z"), tokyo)).toBe("3 hours past its SLA");
    expect(standing(request, new Date("2026-11-26T22:00:00Z"), tokyo)).toBe("1.5 business days past its SLA");
    expect(standingIn(translator("ja"), slaStanding(request, new Date("2026-11-26T22:00:00Z"), tokyo))).toBe(
      "期限を1.5営業日超過",
    );
  });

  it("defaults to the assignee at half the SLA and the approvers when it runs out", () => {
    expect(DEFAULT_POLICY.escalation.map((s) => [s.key, s.notify])).toEqual([
      ["50%", "assignee"],
      ["100%", "approvers"],
    ]);
  });

  it("refuses two steps of one name, and a step naming nobody", () => {
    expect(
      problemsOf({
        escalation: [
          { at: 1, notify: "assignee" },
          { at: 1, notify: "approvers" },
        ],
      }),
    ).toEqual(['escalation: two steps are called "100%": give one a different `name`']);
    expect(problemsOf({ escalation: [{ at: 1, notify: {} }] })).toHaveLength(1);
  });
});

describe("renewal reminders on days off", () => {
  const windows = [90, 60, 30, 7];

  it("go out on the Friday for a window starting on the Saturday or Sunday", () => {
    // Friday, 61 days before the renewal: Saturday would be 60, so the 60-day reminder is today.
    expect(dueWindows(61, 59, windows)).toEqual([60]);
    expect(dueWindows(62, 60, windows)).toEqual([60]);
    expect(dueWindows(63, 61, windows)).toEqual([90]);
  });

  it("on an ordinary weekday, only the window the renewal has reached", () => {
    expect(dueWindows(45, 45, windows)).toEqual([60]);
    expect(dueWindows(7, 7, windows)).toEqual([7]);
    expect(dueWindows(-1, -3, windows)).toEqual([]);
  });

  it("covers a renewal that falls on the days off themselves", () => {
    expect(dueWindows(1, -1, windows)).toEqual([7]);
  });
});
