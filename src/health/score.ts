import { type SignalCatalogue, valueProblem } from "../accounts/signals.js";
import type { Locale } from "../i18n/locale.js";
import { t } from "../i18n/translate.js";
import { addDays, daysBetween } from "../time.js";
import { componentLabel, signalLabel, valueText } from "./labels.js";
import type { Band, HealthModel, Signal } from "./model.js";

/**
 * The health score: pure functions of an account's readings and the model. Nothing here
 * reads a clock, a database or Slack.
 */

/** The latest known value of each measured signal, by name, and the day it was measured. */
export type Readings = Partial<Record<string, { value: number; date: Date }>>;

export interface SignalScore {
  signal: Signal;
  label: string;
  /** Appended to the value when shown ("%", " d"). */
  unit: string;
  value: number;
  score: number;
  date: Date;
  stale: boolean;
}

export interface ComponentScore {
  key: string;
  label: string;
  /** 0–100. */
  score: number;
  /** This component's share of the total, after missing components' weight is shared out. */
  share: number;
  /** Points it adds to the total: score × share. */
  contribution: number;
  signals: SignalScore[];
}

export interface HealthScore {
  /** 0–100, rounded. */
  score: number;
  /** The band by thresholds alone; `bandWithHysteresis` gives the one to show. */
  rawBand: Band;
  components: ComponentScore[];
  /** Components with no data at all: their weight went to the others. */
  missingComponents: { key: string; label: string }[];
  /** Signals the model uses that this account lacks. */
  missingSignals: Signal[];
  /** Signals whose reading is older than the model's freshness limit. */
  staleSignals: Signal[];
  modelVersion: string;
}

/**
 * Every signal of the catalogue the readings allow: a measured one is its reading, when it
 * respects its declaration (a value stored before a model changed the signal's scale is not
 * scored on the new one: it counts as missing); a ratio needs both inputs (and a divisor above
 * 0) and is as old as the older of them.
 */
export function deriveSignals(readings: Readings, catalogue: SignalCatalogue): Readings {
  const out: Readings = {};
  for (const name of catalogue.measured) {
    const reading = Object.hasOwn(readings, name) ? readings[name] : undefined;
    if (reading && valueProblem(catalogue.all.get(name)!, reading.value) === undefined) out[name] = reading;
  }
  for (const spec of catalogue.derived) {
    const { of, per, scale } = spec.ratio!;
    const top = out[of];
    const bottom = out[per];
    if (!top || !bottom || bottom.value <= 0) continue;
    out[spec.name] = {
      value: (scale * top.value) / bottom.value,
      date: top.date < bottom.date ? top.date : bottom.date,
    };
  }
  return out;
}

/** Piecewise-linear mapping of a value onto 0–100; flat beyond the first and last points. */
export function mapToScore(value: number, points: [number, number][]): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (value <= first[0]) return first[1];
  if (value >= last[0]) return last[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    if (value <= x1) {
      const [x0, y0] = points[i - 1]!;
      return y0 + ((value - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return last[1];
}

export function bandOf(score: number, model: HealthModel): Band {
  if (score < model.bands.red) return "red";
  if (score < model.bands.green) return "yellow";
  return "green";
}

const RANK: Record<Band, number> = { red: 0, yellow: 1, green: 2 };

/**
 * The band to show, given yesterday's: falling into a worse band happens at the threshold,
 * climbing into a better one needs the threshold plus the margin. An account hovering at 40
 * stays red until it reaches 45, instead of flipping every day.
 */
export function bandWithHysteresis(score: number, previous: Band | undefined, model: HealthModel): Band {
  const raw = bandOf(score, model);
  if (!previous || RANK[raw] <= RANK[previous]) return raw;
  const { red, green, margin } = model.bands;
  if (score >= green + margin) return "green";
  if (previous === "red" && score >= red + margin) return "yellow";
  return previous;
}

/**
 * Stale: a reading older than the model's freshness limit on `asOf` (still used, but flagged);
 * an account is stale when its newest metric is, or when it has none (alerts stay quiet on it).
 * The one definition: `staleSql` (repository.ts) is its SQL form, given `staleBefore`.
 */
export const staleBefore = (model: HealthModel, asOf: Date): Date =>
  addDays(asOf, -model.freshness.staleAfterDays);

export const isStale = (date: Date | null | undefined, model: HealthModel, asOf: Date): boolean =>
  !date || date < staleBefore(model, asOf);

/** Scores an account as of `asOf`, or returns undefined when it has no usable reading at all. */
export function scoreHealth(readings: Readings, model: HealthModel, asOf: Date): HealthScore | undefined {
  const signals = deriveSignals(readings, model.catalogue);
  const { ignoreAfterDays } = model.freshness;
  const missingSignals: Signal[] = [];
  const staleSignals: Signal[] = [];
  const scored: { key: string; label: string; weight: number; score: number; signals: SignalScore[] }[] = [];
  const missingComponents: { key: string; label: string }[] = [];

  for (const component of model.components) {
    const parts: SignalScore[] = [];
    let weighted = 0;
    let weights = 0;
    for (const metric of component.metrics) {
      const reading = signals[metric.signal];
      const age = reading ? daysBetween(reading.date, asOf) : Number.POSITIVE_INFINITY;
      if (!reading || age > ignoreAfterDays) {
        missingSignals.push(metric.signal);
        continue;
      }
      const stale = isStale(reading.date, model, asOf);
      if (stale) staleSignals.push(metric.signal);
      const score = mapToScore(reading.value, metric.points);
      weighted += score * metric.weight;
      weights += metric.weight;
      const spec = model.catalogue.all.get(metric.signal);
      parts.push({
        signal: metric.signal,
        label: spec?.label ?? metric.signal,
        unit: spec?.unit ?? "",
        value: reading.value,
        score,
        date: reading.date,
        stale,
      });
    }
    if (parts.length === 0) missingComponents.push({ key: component.key, label: component.label });
    else
      scored.push({
        key: component.key,
        label: component.label,
        weight: component.weight,
        score: weighted / weights,
        signals: parts,
      });
  }
  if (scored.length === 0) return undefined;

  const totalWeight = scored.reduce((sum, c) => sum + c.weight, 0);
  const components = scored.map((c) => {
    const share = c.weight / totalWeight;
    return {
      key: c.key,
      label: c.label,
      score: c.score,
      share,
      contribution: c.score * share,
      signals: c.signals,
    };
  });
  const score = Math.round(components.reduce((sum, c) => sum + c.contribution, 0));
  return {
    score,
    rawBand: bandOf(score, model),
    components,
    missingComponents,
    missingSignals,
    staleSignals,
    modelVersion: model.version,
  };
}

export interface ChangeDriver {
  signal: Signal;
  label: string;
  unit: string;
  before?: number;
  after?: number;
}

export interface ComponentChange {
  key: string;
  label: string;
  /** Points of the total score this component gained or lost. */
  delta: number;
  drivers: ChangeDriver[];
}

export interface HealthChange {
  days: number;
  delta: number;
  components: ComponentChange[];
}

/**
 * Why the score moved between two dates, by component: each component's change in
 * contribution (they add up to the total change), with the readings that moved.
 */
export function explainChange(now: HealthScore, then: HealthScore, days: number): HealthChange {
  const keys = [...new Set([...then.components, ...now.components].map((c) => c.key))];
  const components = keys.map((key) => {
    const a = then.components.find((c) => c.key === key);
    const b = now.components.find((c) => c.key === key);
    const scores = new Map([...(a?.signals ?? []), ...(b?.signals ?? [])].map((s) => [s.signal, s]));
    const drivers = [...scores.values()]
      .map(({ signal, label, unit }) => ({
        signal,
        label,
        unit,
        before: a?.signals.find((s) => s.signal === signal)?.value,
        after: b?.signals.find((s) => s.signal === signal)?.value,
      }))
      .filter(
        (d) =>
          d.before === undefined ||
          d.after === undefined ||
          formatValue(d.unit, d.before) !== formatValue(d.unit, d.after),
      );
    return { key, label: (b ?? a)!.label, delta: (b?.contribution ?? 0) - (a?.contribution ?? 0), drivers };
  });
  components.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  return { days, delta: now.score - then.score, components };
}

/** A signal's value as people read it, given its unit: "61%", "3", "12 d". */
export function formatValue(unit: string, value: number): string {
  const shown =
    Number.isInteger(value) || Math.abs(value) >= 10 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown}${unit}`;
}

/** Signed points with a real minus sign: "+4", "−18", "±0". */
export function signed(points: number): string {
  const rounded = Math.round(points);
  if (rounded === 0) return "±0";
  return rounded > 0 ? `+${rounded}` : `−${Math.abs(rounded)}`;
}

/** "−18 in 30 days: usage −12 (active users 61% → 34%), support −6 (P1 tickets (30 d) 0 → 3)". */
export function describeChange(change: HealthChange, locale: Locale = "en"): string {
  const head = { delta: signed(change.delta), days: change.days };
  const parts = change.components
    .filter((c) => Math.round(c.delta) !== 0)
    .slice(0, 3)
    .map((c) => {
      const drivers = c.drivers.slice(0, 2).map((d) => {
        const label = signalLabel(locale, d.signal, d.label);
        return d.before === undefined
          ? t(locale, "change.new", { label, value: valueText(locale, d.unit, d.after!) })
          : d.after === undefined
            ? t(locale, "change.gone", { label })
            : t(locale, "change.moved", {
                label,
                before: valueText(locale, d.unit, d.before),
                after: valueText(locale, d.unit, d.after),
              });
      });
      const label = componentLabel(locale, c.key, c.label).toLowerCase();
      return drivers.length
        ? t(locale, "change.componentDrivers", {
            label,
            delta: signed(c.delta),
            drivers: drivers.join(t(locale, "list.separator")),
          })
        : t(locale, "change.component", { label, delta: signed(c.delta) });
    });
  return parts.length
    ? t(locale, "change.head", { ...head, parts: parts.join(t(locale, "list.separator")) })
    : t(locale, "change.still", head);
}
