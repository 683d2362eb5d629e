import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson, describeIssues } from "../data-checks.js";
import { KurokoError } from "../errors.js";

/**
 * The health model is data: which signals feed which component, how each signal maps to
 * 0–100, the components' weights, the bands and their hysteresis. A default lives here; a
 * team can replace it with a JSON or YAML file (HEALTH_MODEL_PATH), checked by the same schema.
 */

/** What the model can score: metrics as imported, or derived from them (see signals.ts). */
export const SIGNALS = {
  active_user_ratio: { label: "active users", unit: "%" },
  logins_per_seat: { label: "logins per seat (30 d)", unit: "" },
  feature_adoption: { label: "feature adoption", unit: "%" },
  open_tickets: { label: "open tickets", unit: "" },
  p1_tickets_30d: { label: "P1 tickets (30 d)", unit: "" },
  nps: { label: "NPS", unit: "" },
  csat: { label: "CSAT", unit: "" },
  days_since_last_touch: { label: "days since last touch", unit: " d" },
  days_overdue: { label: "days overdue", unit: " d" },
} as const;

export type Signal = keyof typeof SIGNALS;
/** A health band, worst first; `bandSchema` checks one read back from the database. */
export const BANDS = ["red", "yellow", "green"] as const;
export const bandSchema = z.enum(BANDS);
export type Band = z.infer<typeof bandSchema>;

const signalName = z.enum(Object.keys(SIGNALS) as [Signal, ...Signal[]], {
  error: (issue) =>
    `unknown signal ${JSON.stringify(issue.input)} (known: ${Object.keys(SIGNALS).join(", ")})`,
});

const metricSchema = z
  .object({
    signal: signalName,
    /** Which way is good: the mapping must agree, so a worse value can never score higher. */
    direction: z.enum(["higher_is_better", "lower_is_better"]),
    weight: z.number().positive().default(1),
    /** [value, score] pairs, values increasing; between them the score is interpolated. */
    points: z
      .array(z.tuple([z.number(), z.number().min(0).max(100)]))
      .min(2, "needs at least two [value, score] points"),
  })
  .superRefine((metric, ctx) => {
    metric.points.forEach(([value, score], i) => {
      if (i === 0) return;
      const [prevValue, prevScore] = metric.points[i - 1]!;
      if (value <= prevValue) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i],
          message: `values must increase (${prevValue} then ${value})`,
        });
      }
      const wrongWay = metric.direction === "higher_is_better" ? score < prevScore : score > prevScore;
      if (wrongWay) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i],
          message: `score goes ${score < prevScore ? "down" : "up"} from ${prevScore} to ${score} as the value grows, but the signal is ${metric.direction}`,
        });
      }
    });
  });

const componentSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a lower-case identifier such as usage"),
  label: z.string().min(1),
  weight: z.number().positive(),
  metrics: z.array(metricSchema).min(1),
});

export const healthModelSchema = z
  .object({
    name: z.string().min(1).default("custom"),
    components: z.array(componentSchema).min(1),
    bands: z
      .object({
        /** A score below this is red. */
        red: z.number().min(0).max(100),
        /** A score at or above this is green. */
        green: z.number().min(0).max(100),
        /** Points beyond a threshold needed to move to a better band: stops flapping at the line. */
        margin: z.number().min(0).max(20),
      })
      .refine((bands) => bands.red + bands.margin <= bands.green, "red + margin must not exceed green"),
    freshness: z
      .object({
        /** A reading older than this is flagged stale (still used). */
        staleAfterDays: z.number().int().positive(),
        /** A reading older than this is ignored, as missing. */
        ignoreAfterDays: z.number().int().positive(),
      })
      .refine(
        (f) => f.ignoreAfterDays >= f.staleAfterDays,
        "ignoreAfterDays must be at least staleAfterDays",
      ),
  })
  .superRefine((model, ctx) => {
    const keys = model.components.map((c) => c.key);
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i)
        ctx.addIssue({ code: "custom", path: ["components", i, "key"], message: `"${key}" is used twice` });
    });
    const signals = model.components.flatMap((c) => c.metrics.map((m) => m.signal));
    signals.forEach((signal, i) => {
      if (signals.indexOf(signal) !== i) {
        ctx.addIssue({
          code: "custom",
          path: ["components"],
          message: `signal "${signal}" appears in two places`,
        });
      }
    });
  });

export type HealthModelInput = z.input<typeof healthModelSchema>;
export type HealthModelSpec = z.output<typeof healthModelSchema>;

/** A validated model and its version: a short hash of its content. */
export interface HealthModel extends HealthModelSpec {
  version: string;
}

export class HealthModelError extends KurokoError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`The health model in ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Validates a model (from code or a file) and stamps its version. */
export function buildHealthModel(input: unknown, source = "the default model"): HealthModel {
  const parsed = healthModelSchema.safeParse(input);
  if (!parsed.success) {
    throw new HealthModelError(source, describeIssues(parsed.error.issues));
  }
  const version = createHash("sha256").update(canonicalJson(parsed.data)).digest("hex").slice(0, 12);
  return { ...parsed.data, version };
}
