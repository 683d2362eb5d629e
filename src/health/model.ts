import { createHash } from "node:crypto";
import { z } from "zod";
import {
  catalogueProblems,
  type SignalCatalogue,
  type SignalSpec,
  signalCatalogue,
  signalSpecSchema,
} from "../accounts/signals.js";
import { canonicalJson, describeIssues } from "../data-checks.js";
import { KurokoError } from "../errors.js";

/**
 * The health model is data: which signals feed which component, how each signal maps to
 * 0–100, the components' weights, the bands and their hysteresis. A default lives here; a
 * team can replace it with a JSON or YAML file (HEALTH_MODEL_PATH), checked by the same schema.
 */

/** A health band, worst first; `bandSchema` checks one read back from the database. */
export const BANDS = ["red", "yellow", "green"] as const;
export const bandSchema = z.enum(BANDS);
export type Band = z.infer<typeof bandSchema>;

/** Whether a value read back (a raw row's text) is a band: the cheap check for hot reads. */
export const isBand = (value: unknown): value is Band => (BANDS as readonly unknown[]).includes(value);

/**
 * A band read from a raw row, checked: for reads of many rows through the driver, where zod's
 * parse per row costs more than the query. A stored value that is no band stops the read,
 * naming what it was reading (`where`).
 */
export function checkedBand(value: unknown, where: string): Band {
  if (!isBand(value)) throw new Error(`${where}: a snapshot of unknown band "${String(value)}"`);
  return value;
}

/** A signal's name, as a component uses it: checked against the catalogue once the model is read. */
export type Signal = string;

const metricSchema = z
  .object({
    signal: z.string().min(1),
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
    /**
     * The team's own signals, besides the built-in ones (signals.ts): what metrics may carry and
     * what components may score. A declaration with a built-in's name replaces it.
     */
    signals: z.array(signalSpecSchema).default([]),
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
  })
  // The signals are checked even when another part of the model is wrong (the bands, say), so
  // that every problem is listed at once; only a components or signals list of the wrong shape
  // skips it.
  .check(
    z.superRefine(
      (model: { signals: SignalSpec[]; components: { metrics: { signal: string }[] }[] }, ctx) => {
        const declared = model.signals.map((s) => s.name);
        declared.forEach((name, i) => {
          if (declared.indexOf(name) !== i)
            ctx.addIssue({
              code: "custom",
              path: ["signals", i, "name"],
              message: `"${name}" is declared twice`,
            });
        });
        const catalogue = signalCatalogue(model.signals);
        for (const problem of catalogueProblems(catalogue))
          ctx.addIssue({ code: "custom", path: ["signals"], message: problem });
        model.components.forEach((component, c) => {
          component.metrics.forEach((metric, m) => {
            if (!catalogue.all.has(metric.signal))
              ctx.addIssue({
                code: "custom",
                path: ["components", c, "metrics", m, "signal"],
                message: `unknown signal ${JSON.stringify(metric.signal)} (known: ${[...catalogue.all.keys()].join(", ")}; declare your own under signals:)`,
              });
          });
        });
      },
      {
        when: (p) =>
          !p.issues.some(
            (i) => i.code === "invalid_type" && (i.path?.[0] === "components" || i.path?.[0] === "signals"),
          ),
      },
    ),
  );

export type HealthModelInput = z.input<typeof healthModelSchema>;
export type HealthModelSpec = z.output<typeof healthModelSchema>;

/** A validated model, its version (a short hash of its content) and the signals it knows. */
export interface HealthModel extends HealthModelSpec {
  version: string;
  catalogue: SignalCatalogue;
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
  const version = createHash("sha256")
    .update(canonicalJson(versioned(parsed.data)))
    .digest("hex")
    .slice(0, 12);
  return { ...parsed.data, version, catalogue: signalCatalogue(parsed.data.signals) };
}

/**
 * What the version hashes: the model as written, without an empty `signals:` (so a model from
 * before declared signals keeps its version, and its alerts' baseline).
 */
function versioned(spec: HealthModelSpec): unknown {
  if (spec.signals.length > 0) return spec;
  const { signals: _none, ...rest } = spec;
  return rest;
}
