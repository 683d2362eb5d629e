import { type SignalSpec, valueProblem } from "../accounts/signals.js";
import type { HealthModel } from "./model.js";
import { mapToScore, type Readings } from "./score.js";

/**
 * `scoreHealth` without what people read: the score and its components' scores only, for the
 * jobs that score a whole portfolio (the daily snapshot, the back-test's replay).
 */

const DAY_MS = 86_400_000;

/** `scoreHealth`'s answer, lean: what the snapshot and the back-test's replay need of it. */
export interface WeekScore {
  score: number;
  /** Each scored component's score, rounded, by key. */
  components: Record<string, number>;
  /** The signals the score used (derived ones included, none too old to count), by name. */
  signals: Record<string, number>;
}

/** A model laid out for `scoreWeek`: each metric's signal resolved once (measured, a ratio, or unknown). */
interface ScorePlan {
  ignoreAfterDays: number;
  components: {
    key: string;
    weight: number;
    metrics: {
      signal: string;
      weight: number;
      points: [number, number][];
      measured?: SignalSpec;
      ratio?: { of: SignalSpec; per: SignalSpec; scale: number };
    }[];
  }[];
  /** Scratch: each component's score this week (NaN: not scored). */
  scores: Float64Array;
}

const PLANS = new WeakMap<HealthModel, ScorePlan>();
function planOf(model: HealthModel): ScorePlan {
  let plan = PLANS.get(model);
  if (plan) return plan;
  const { catalogue } = model;
  const measured = new Set(catalogue.measured);
  plan = {
    ignoreAfterDays: model.freshness.ignoreAfterDays,
    components: model.components.map((component) => ({
      key: component.key,
      weight: component.weight,
      metrics: component.metrics.map((metric) => {
        const spec = catalogue.all.get(metric.signal);
        const ratio = spec?.ratio;
        const of = ratio && measured.has(ratio.of) ? catalogue.all.get(ratio.of) : undefined;
        const per = ratio && measured.has(ratio.per) ? catalogue.all.get(ratio.per) : undefined;
        return {
          signal: metric.signal,
          weight: metric.weight,
          points: metric.points,
          ...(spec && measured.has(spec.name) ? { measured: spec } : {}),
          ...(ratio && of && per && catalogue.derived.includes(spec!)
            ? { ratio: { of, per, scale: ratio.scale } }
            : {}),
        };
      }),
    })),
    scores: new Float64Array(model.components.length),
  };
  PLANS.set(model, plan);
  return plan;
}

/**
 * The measured signals `scoreWeek` reads under `model` (a ratio's two): all of an account's
 * samples the replay needs to know besides their dates.
 */
export function signalsRead(model: HealthModel): string[] {
  const names = new Set<string>();
  for (const component of planOf(model).components)
    for (const metric of component.metrics) {
      if (metric.measured) names.add(metric.measured.name);
      else if (metric.ratio) {
        names.add(metric.ratio.of.name);
        names.add(metric.ratio.per.name);
      }
    }
  return [...names];
}

/** A measured signal's reading when it respects its declaration (deriveSignals' rule). */
function usable(readings: Readings, spec: SignalSpec) {
  const reading = Object.hasOwn(readings, spec.name) ? readings[spec.name] : undefined;
  return reading && valueProblem(spec, reading.value) === undefined ? reading : undefined;
}

/**
 * `scoreHealth(readings, model, day)`'s score, its components' scores and the signals it used,
 * computed in the same order with the same arithmetic (so the same numbers, to the bit) but
 * without the labels, dates and lists `scoreHealth` builds for people to read: the daily
 * snapshot scores a million accounts, the back-test millions of account-weeks. Undefined when
 * `scoreHealth` is. `time` is the day's time.
 * Checked against `scoreHealth` in test/unit/lab-replay-score.test.ts.
 */
export function scoreWeek(readings: Readings, model: HealthModel, time: number): WeekScore | undefined {
  const plan = planOf(model);
  const { scores } = plan;
  const components: Record<string, number> = {};
  const signals: Record<string, number> = {};
  let scored = 0;
  for (let c = 0; c < plan.components.length; c++) {
    const component = plan.components[c]!;
    let weighted = 0;
    let weights = 0;
    let parts = 0;
    for (const metric of component.metrics) {
      let value: number;
      let date: number;
      if (metric.measured) {
        const reading = usable(readings, metric.measured);
        if (!reading) continue;
        value = reading.value;
        date = reading.date.getTime();
      } else if (metric.ratio) {
        const top = usable(readings, metric.ratio.of);
        const bottom = usable(readings, metric.ratio.per);
        if (!top || !bottom || bottom.value <= 0) continue;
        value = (metric.ratio.scale * top.value) / bottom.value;
        date = top.date < bottom.date ? top.date.getTime() : bottom.date.getTime();
      } else continue;
      if (Math.round((time - date) / DAY_MS) > plan.ignoreAfterDays) continue;
      const score = mapToScore(value, metric.points);
      weighted += score * metric.weight;
      weights += metric.weight;
      parts++;
      signals[metric.signal] = value;
    }
    if (parts === 0) {
      scores[c] = Number.NaN;
      continue;
    }
    scores[c] = weighted / weights;
    components[component.key] = Math.round(scores[c]!);
    scored++;
  }
  if (scored === 0) return undefined;
  let totalWeight = 0;
  for (let c = 0; c < plan.components.length; c++)
    if (!Number.isNaN(scores[c]!)) totalWeight += plan.components[c]!.weight;
  let sum = 0;
  for (let c = 0; c < plan.components.length; c++)
    if (!Number.isNaN(scores[c]!)) sum += scores[c]! * (plan.components[c]!.weight / totalWeight);
  return { score: Math.round(sum), components, signals };
}
