import { z } from "zod";

/**
 * The signals a health model can score: measured ones, which arrive as metrics (a CSV column,
 * an API field, a warehouse query's column), and derived ones, a ratio of two measured ones
 * (active users per licensed seat). Kuroko ships the built-in set below; the health model file
 * declares its own (`signals:`), adding to it or replacing a built-in of the same name. They live
 * with the accounts' data, which carries them; the health model scores them. Pure.
 */

/** Columns of the metrics file that are not signals. */
const RESERVED_NAMES = ["external_id", "date", "signal", "value"];

/** A signal's name: what a metrics file's column, an API field and a model's `signal` say. */
export const signalNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be a lower-case identifier such as api_calls_30d")
  .max(63, "must be at most 63 characters")
  .refine(
    (name) => !RESERVED_NAMES.includes(name),
    "is a column of the metrics file (external_id, date, signal, value), not a signal",
  )
  .refine((name) => !(name in Object.prototype), "is a name JavaScript objects already use: choose another");

export const signalSpecSchema = z
  .object({
    name: signalNameSchema,
    /** How people read it: "API calls (30 d)". */
    label: z.string().trim().min(1).max(80),
    /** Appended to a value when shown: "%", " d", "" (none). */
    unit: z.string().max(10).default(""),
    /** Bounds a measured value must respect (a value outside is refused at import). */
    min: z.number().optional(),
    max: z.number().optional(),
    /** Whole numbers only (counts). */
    integer: z.boolean().default(false),
    /** A derived signal: `of` ÷ `per` × `scale`, both measured signals; absent unless `per` is above 0. */
    ratio: z
      .strictObject({ of: signalNameSchema, per: signalNameSchema, scale: z.number().positive().default(1) })
      .optional(),
  })
  .strict()
  .refine((s) => s.min === undefined || s.max === undefined || s.min <= s.max, {
    message: "min must not exceed max",
    path: ["max"],
  })
  .refine((s) => !s.ratio || (s.min === undefined && s.max === undefined && !s.integer), {
    message: "a ratio is derived, not measured: min, max and integer do not apply",
    path: ["ratio"],
  });

export type SignalSpecInput = z.input<typeof signalSpecSchema>;
export type SignalSpec = z.output<typeof signalSpecSchema>;

const count = (name: string, label: string, unit = ""): SignalSpec => ({
  name,
  label,
  unit,
  min: 0,
  integer: true,
});

/** The signals every model knows without declaring them (the columns of Kuroko's first metrics file). */
export const BUILT_IN_SIGNALS: readonly SignalSpec[] = [
  count("active_users", "active users"),
  count("licensed_seats", "licensed seats"),
  count("logins_30d", "logins (30 d)"),
  { name: "feature_adoption", label: "feature adoption", unit: "%", min: 0, max: 100, integer: false },
  count("open_tickets", "open tickets"),
  count("p1_tickets_30d", "P1 tickets (30 d)"),
  { name: "nps", label: "NPS", unit: "", min: -100, max: 100, integer: true },
  { name: "csat", label: "CSAT", unit: "", min: 0, max: 100, integer: false },
  count("days_since_last_touch", "days since last touch", " d"),
  count("days_overdue", "days overdue", " d"),
  {
    name: "active_user_ratio",
    label: "active users",
    unit: "%",
    integer: false,
    ratio: { of: "active_users", per: "licensed_seats", scale: 100 },
  },
  {
    name: "logins_per_seat",
    label: "logins per seat (30 d)",
    unit: "",
    integer: false,
    ratio: { of: "logins_30d", per: "licensed_seats", scale: 1 },
  },
];

/** The signals a model can use, by name: the built-in ones overlaid by the model's declarations. */
export interface SignalCatalogue {
  /** Every signal, measured then derived, in declaration order. */
  readonly all: ReadonlyMap<string, SignalSpec>;
  /** Measured signals' names: what metrics may carry. */
  readonly measured: readonly string[];
  /** Derived signals. */
  readonly derived: readonly SignalSpec[];
}

export function signalCatalogue(declared: readonly SignalSpec[] = []): SignalCatalogue {
  const all = new Map<string, SignalSpec>();
  for (const spec of [...BUILT_IN_SIGNALS, ...declared]) {
    all.delete(spec.name);
    all.set(spec.name, spec);
  }
  const specs = [...all.values()];
  return {
    all,
    measured: specs.filter((s) => !s.ratio).map((s) => s.name),
    derived: specs.filter((s) => s.ratio),
  };
}

/** The built-in catalogue (what a model without `signals:` has). */
export const BUILT_IN_CATALOGUE = signalCatalogue();

/**
 * Problems with a catalogue: a ratio must divide two measured signals. Returns one message per
 * problem, naming the signal.
 */
export function catalogueProblems(catalogue: SignalCatalogue): string[] {
  const problems: string[] = [];
  for (const spec of catalogue.derived) {
    for (const input of [spec.ratio!.of, spec.ratio!.per]) {
      const found = catalogue.all.get(input);
      if (!found)
        problems.push(
          `signal "${spec.name}" divides "${input}", which is not a signal (known: ${[...catalogue.all.keys()].join(", ")})`,
        );
      else if (found.ratio)
        problems.push(
          `signal "${spec.name}" divides "${input}", which is derived: a ratio takes measured signals`,
        );
    }
  }
  return problems;
}

/** The measured signals a set of scored signals needs (a ratio needs its two inputs). */
export function measuredInputs(catalogue: SignalCatalogue, signals: Iterable<string>): string[] {
  const needed = new Set<string>();
  for (const name of signals) {
    const spec = catalogue.all.get(name);
    if (!spec) continue;
    if (spec.ratio) {
      needed.add(spec.ratio.of);
      needed.add(spec.ratio.per);
    } else needed.add(name);
  }
  return [...needed];
}

/** What a measured value must be, in words: "a whole number, 0 or more". */
export function describeRange(spec: SignalSpec): string {
  const kind = spec.integer ? "whole number" : "number";
  if (spec.min !== undefined && spec.max !== undefined) return `a ${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `a ${kind}, ${spec.min} or more`;
  if (spec.max !== undefined) return `a ${kind}, ${spec.max} or less`;
  return `a ${kind}`;
}

/**
 * Checks a measured value against its declaration: undefined when it is good, else what it
 * must be ("must be a whole number, 0 or more").
 */
export function valueProblem(spec: SignalSpec, value: number): string | undefined {
  const bad =
    !Number.isFinite(value) ||
    (spec.integer && !Number.isInteger(value)) ||
    (spec.min !== undefined && value < spec.min) ||
    (spec.max !== undefined && value > spec.max);
  return bad ? `must be ${describeRange(spec)}` : undefined;
}
