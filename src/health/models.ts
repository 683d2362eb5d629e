import { createHash } from "node:crypto";
import { canonicalJson } from "../data-checks.js";
import { defaultHealthModel } from "./default-model.js";
import { buildHealthModel, type HealthModel, HealthModelError } from "./model.js";

/**
 * Several health models by segment (docs/health-model.md, "Models by segment"): a model file may
 * give Enterprise, SMB… their own model; every other account keeps the default one. Pure: the
 * files a segment names are read by the caller's `read` (model-file.ts).
 */

/** A segment's own model, as the file maps it. */
export interface SegmentModel {
  /** The segment as the file writes it ("Enterprise"). */
  segment: string;
  /** What an account's `segment` is matched on (`segmentKey`). */
  key: string;
  model: HealthModel;
}

/** The models in force: the default and any segment's own. Loaded once at start-up. */
export interface HealthModels {
  /** The model of an account without a segment, or whose segment has no model of its own. */
  readonly default: HealthModel;
  /** The segments' models, in the file's order (none for a plain model file). */
  readonly segments: readonly SegmentModel[];
  /**
   * Every model and which segment uses which, in one short hash: the alert baseline's
   * fingerprint. A plain model file's is its model's own version (so upgrading changes nothing).
   */
  readonly version: string;
  /** The model an account of this segment (free text, as imported) is scored by. */
  modelFor(segment: string | null | undefined): HealthModel;
  /** The segment, as the file writes it, whose model `modelFor` gives; undefined: the default. */
  segmentFor(segment: string | null | undefined): string | undefined;
  /** Every distinct model, the default first. */
  all(): HealthModel[];
}

/**
 * How a segment is matched: an account's `segment` comes from CRM exports as free text, so
 * " smb ", "SMB" and "ＳＭＢ" are one segment: Unicode NFKC (full-width letters and digits to
 * half-width), spaces trimmed and runs of spaces made one, then lower case.
 */
export const segmentKey = (segment: string): string =>
  segment.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();

/** One model for every account: what a plain model file (or none) gives. */
export function singleModel(model: HealthModel): HealthModels {
  return segmentedModels(model, []);
}

/** A model or models, as the functions that score accounts take them. */
export const asModels = (models: HealthModel | HealthModels): HealthModels =>
  "modelFor" in models ? models : singleModel(models);

/** The widest look-back of any model: how far back readings must be read to score any account. */
export const widestIgnoreAfterDays = (models: HealthModels): number =>
  Math.max(...models.all().map((m) => m.freshness.ignoreAfterDays));

function segmentedModels(fallback: HealthModel, segments: SegmentModel[]): HealthModels {
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const find = (segment: string | null | undefined) =>
    segment == null ? undefined : byKey.get(segmentKey(segment));
  const version =
    segments.length === 0
      ? fallback.version
      : createHash("sha256")
          .update(
            canonicalJson({
              default: fallback.version,
              segments: segments.map((s) => [s.key, s.model.version]).sort(),
            }),
          )
          .digest("hex")
          .slice(0, 12);
  const distinct = [fallback, ...segments.map((s) => s.model)].filter(
    (m, i, list) => list.findIndex((x) => x.version === m.version) === i,
  );
  return {
    default: fallback,
    segments,
    version,
    modelFor: (segment) => find(segment)?.model ?? fallback,
    segmentFor: (segment) => find(segment)?.segment,
    all: () => distinct,
  };
}

/** A file is segmented when it has `segments:`; anything else is one model, as before. */
export const isSegmentedFile = (input: unknown): input is Record<string, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input) && "segments" in input;

/** Reads a model a segmented file names by path (relative to that file). */
export type ReadModelFile = (path: string) => unknown;

const FILE_KEYS = ["default", "segments"];

/**
 * The models a model file gives: a plain model (every account), or `default:` and `segments:`,
 * each a model written inline or the path of a model file (relative to this file). Every problem
 * is listed at once, each segment's under its name.
 */
export function buildHealthModels(input: unknown, source: string, read: ReadModelFile): HealthModels {
  if (!isSegmentedFile(input)) return singleModel(buildHealthModel(input, source));
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!FILE_KEYS.includes(key))
      problems.push(
        `unknown key "${key}" (a file with segments: has only default: and segments:, each a model or a model file's path)`,
      );
  }
  const modelAt = (where: string, value: unknown, name?: string): HealthModel | undefined => {
    let data = value;
    let at = where;
    if (typeof value === "string") {
      at = `${where} (${value})`;
      try {
        data = read(value);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
        return undefined;
      }
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      problems.push(`${at}: must be a model or the path of a model file`);
      return undefined;
    }
    if (isSegmentedFile(data)) {
      problems.push(`${at}: a segment's model cannot have segments of its own`);
      return undefined;
    }
    // Signals are declared once, by the default model: the import checks every reading against
    // one catalogue. A segment model uses them.
    const record = data as Record<string, unknown>;
    if (name !== undefined && "signals" in record) {
      problems.push(`${at}: declare signals in the default model only (every model may use them)`);
      return undefined;
    }
    const filled = {
      ...(name !== undefined ? { name, signals: fallbackSignals } : {}),
      ...record,
    };
    try {
      return buildHealthModel(filled, at);
    } catch (error) {
      if (!(error instanceof HealthModelError)) throw error;
      problems.push(...error.problems.map((p) => `${at}: ${p}`));
      return undefined;
    }
  };

  let fallbackSignals: unknown = [];
  const fallback = input.default === undefined ? defaultHealthModel() : modelAt("default", input.default);
  if (fallback) fallbackSignals = fallback.signals;

  const segments: SegmentModel[] = [];
  const raw = input.segments;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || Object.keys(raw).length === 0) {
    problems.push(
      "segments: must map each segment to its model or a model file's path (Enterprise: enterprise.yaml)",
    );
  } else {
    const seen = new Map<string, string>();
    for (const [segment, value] of Object.entries(raw)) {
      const key = segmentKey(segment);
      if (key === "") {
        problems.push(`segments: a segment's name is empty`);
        continue;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(
          `segments.${segment}: the same segment as "${earlier}" (segments are matched ignoring case, spaces and full-width forms)`,
        );
        continue;
      }
      seen.set(key, segment);
      const model = modelAt(`segments.${segment}`, value, segment.trim());
      if (model) segments.push({ segment, key, model });
    }
  }
  if (problems.length > 0 || !fallback) throw new HealthModelError(source, problems);
  return segmentedModels(fallback, segments);
}
