import { describe, expect, it } from "vitest";
import { type CsvRecord, parseCsv } from "../../src/accounts/csv-parse.js";
import { metricsReader } from "../../src/accounts/row-readers.js";
import { BUILT_IN_CATALOGUE, signalCatalogue } from "../../src/accounts/signals.js";
import { DEFAULT_MODEL_SPEC } from "../../src/health/default-model.js";
import { buildHealthModel } from "../../src/health/model.js";
import { readingsAsOf } from "../../src/health/readings.js";
import { scoreHealth } from "../../src/health/score.js";

const today = new Date("2026-11-22T00:00:00Z");

/** A model that scores a team's own signals: API calls, seats used per seat bought, overdue invoices. */
const TEAM_MODEL = {
  name: "team",
  signals: [
    { name: "api_calls_30d", label: "API calls (30 d)", min: 0, integer: true },
    { name: "seats_used", label: "seats used", min: 0, integer: true },
    { name: "invoices_overdue", label: "overdue invoices", min: 0, integer: true },
    {
      name: "seat_use",
      label: "seats in use",
      unit: "%",
      ratio: { of: "seats_used", per: "licensed_seats", scale: 100 },
    },
  ],
  components: [
    {
      key: "usage",
      label: "Usage",
      weight: 2,
      metrics: [
        {
          signal: "api_calls_30d",
          direction: "higher_is_better",
          points: [
            [0, 0],
            [10_000, 100],
          ],
        },
        {
          signal: "seat_use",
          direction: "higher_is_better",
          points: [
            [0, 0],
            [100, 100],
          ],
        },
      ],
    },
    {
      key: "billing",
      label: "Billing",
      weight: 1,
      metrics: [
        {
          signal: "invoices_overdue",
          direction: "lower_is_better",
          points: [
            [0, 100],
            [3, 0],
          ],
        },
      ],
    },
  ],
  bands: DEFAULT_MODEL_SPEC.bands,
  freshness: DEFAULT_MODEL_SPEC.freshness,
};

function readAll(catalogue = BUILT_IN_CATALOGUE, text: string) {
  const reader = metricsReader(catalogue);
  const [header, ...rows] = parseCsv(text) as CsvRecord[];
  const errors = reader.header(header);
  // As an import does: a refused header refuses the file before any row is read.
  const read = errors.length > 0 ? [] : rows.map((r) => reader.row(r));
  return {
    headerErrors: errors,
    rows: read.flatMap((r) => (r.row ? [r.row] : [])),
    errors: read.flatMap((r) => r.errors),
  };
}

describe("declared signals", () => {
  it("scores a team's own signals, measured and derived, with their labels and units", () => {
    const model = buildHealthModel(TEAM_MODEL, "team.yaml");
    const samples = [
      {
        date: today,
        metrics: { api_calls_30d: 5_000, seats_used: 40, licensed_seats: 50, invoices_overdue: 0 },
      },
    ];
    const health = scoreHealth(readingsAsOf(samples, today), model, today)!;

    const usage = health.components.find((c) => c.key === "usage")!;
    expect(usage.signals.map((s) => [s.signal, s.label, s.unit, s.value])).toEqual([
      ["api_calls_30d", "API calls (30 d)", "", 5_000],
      ["seat_use", "seats in use", "%", 80],
    ]);
    // usage (50 + 80) / 2 = 65, weight 2; billing 100, weight 1: (130 + 100) / 3 ≈ 77.
    expect(health.score).toBe(77);
    expect(health.missingSignals).toEqual([]);
  });

  it("treats an unmeasured signal as missing, never as zero", () => {
    const model = buildHealthModel(TEAM_MODEL, "team.yaml");
    const health = scoreHealth(
      readingsAsOf([{ date: today, metrics: { api_calls_30d: 10_000 } }], today),
      model,
      today,
    )!;
    expect(health.missingSignals).toEqual(["seat_use", "invoices_overdue"]);
    expect(health.score).toBe(100);
  });

  it("refuses a model scoring an undeclared signal, a ratio of unknown or derived inputs, and a name declared twice", () => {
    const broken = structuredClone(TEAM_MODEL);
    broken.components[1]!.metrics[0]!.signal = "invoices_late";
    broken.signals.push({ name: "api_calls_30d", label: "again", min: 0, integer: true });
    broken.signals.push({
      name: "odd",
      label: "odd",
      unit: "",
      ratio: { of: "seat_use", per: "nothing_here", scale: 1 },
    });
    let message = "";
    try {
      buildHealthModel(broken, "team.yaml");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('unknown signal "invoices_late"');
    expect(message).toContain('"api_calls_30d" is declared twice');
    expect(message).toContain('signal "odd" divides "seat_use", which is derived');
    expect(message).toContain('signal "odd" divides "nothing_here", which is not a signal');
  });

  it("does not score a stored value outside the signal's declaration (a model changed its scale)", () => {
    const fivePoint = buildHealthModel({
      ...DEFAULT_MODEL_SPEC,
      signals: [{ name: "csat", label: "CSAT (1–5)", min: 1, max: 5 }],
      components: [
        {
          key: "sentiment",
          label: "Sentiment",
          weight: 1,
          metrics: [
            {
              signal: "csat",
              direction: "higher_is_better",
              points: [
                [1, 0],
                [5, 100],
              ],
            },
          ],
        },
        {
          key: "usage",
          label: "Usage",
          weight: 1,
          metrics: [
            {
              signal: "active_user_ratio",
              direction: "higher_is_better",
              points: [
                [0, 0],
                [100, 100],
              ],
            },
          ],
        },
      ],
    });
    const old = [{ date: today, metrics: { csat: 80, active_users: 30, licensed_seats: -10 } }];
    const health = scoreHealth(readingsAsOf(old, today), fivePoint, today);
    expect(health).toBeUndefined();
    const fresh = [{ date: today, metrics: { csat: 4, active_users: 30, licensed_seats: 60 } }];
    const scored = scoreHealth(readingsAsOf(fresh, today), fivePoint, today)!;
    expect(scored.score).toBe(63);
  });

  it("refuses signal names objects already use, and unknown keys in a declaration", () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      expect(() =>
        buildHealthModel({ ...DEFAULT_MODEL_SPEC, signals: [{ name, label: "x" }] }, "m.yaml"),
      ).toThrow(/a name JavaScript objects already use/);
    }
    expect(() =>
      buildHealthModel(
        { ...DEFAULT_MODEL_SPEC, signals: [{ name: "seats", label: "seats", minimum: 0 }] },
        "m.yaml",
      ),
    ).toThrow(/minimum/);
  });

  it("refuses a CSV column named like an object's own property as unknown", () => {
    const read = readAll(BUILT_IN_CATALOGUE, "external_id,date,constructor\nA-1,2026-11-20,1\n");
    expect(read.headerErrors[0]!.message).toMatch(/^unknown column "constructor"/);
  });

  it("keeps the version of a model that declares no signals (its alerts' baseline stands)", () => {
    const plain = buildHealthModel(DEFAULT_MODEL_SPEC);
    const withEmpty = buildHealthModel({ ...DEFAULT_MODEL_SPEC, signals: [] });
    expect(withEmpty.version).toBe(plain.version);
    expect(buildHealthModel(TEAM_MODEL).version).not.toBe(plain.version);
  });
});

describe("metrics.csv with declared signals", () => {
  const catalogue = buildHealthModel(TEAM_MODEL).catalogue;

  it("takes a declared signal as a column, checked against its declaration", () => {
    const read = readAll(
      catalogue,
      "external_id,date,api_calls_30d,seats_used\nA-1,2026-11-20,1200,12\nA-2,2026-11-20,-3,2.5\n",
    );
    expect(read.headerErrors).toEqual([]);
    expect(read.rows[0]!.values).toEqual({ api_calls_30d: 1200, seats_used: 12 });
    expect(read.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, "api_calls_30d", 'api_calls_30d "-3" must be a whole number, 0 or more'],
      [3, "seats_used", 'seats_used "2.5" must be a whole number, 0 or more'],
    ]);
  });

  it("refuses an unknown column, naming the known ones, and a derived one, naming its inputs", () => {
    const read = readAll(catalogue, "external_id,date,api_calls,seat_use\nA-1,2026-11-20,1,2\n");
    expect(read.headerErrors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^unknown column "api_calls" \(the columns are: external_id, date, active_users, .*api_calls_30d, seats_used, invoices_overdue\)$/,
      ),
      expect.stringMatching(
        /^column "seat_use" is derived \(seats_used ÷ licensed_seats\): send those instead$/,
      ),
    ]);
  });

  it("reads the long form, one signal per row, refusing unknown signals and bad values by line", () => {
    const read = readAll(
      catalogue,
      "external_id,date,signal,value\nA-1,2026-11-20,api_calls_30d,1200\nA-1,2026-11-20,nps,40\nA-1,2026-11-20,happiness,3\nA-2,2026-11-20,nps,400\n",
    );
    expect(read.headerErrors).toEqual([]);
    expect(read.rows.map((r) => r.values)).toEqual([{ api_calls_30d: 1200 }, { nps: 40 }]);
    expect(read.errors.map((e) => [e.line, e.field])).toEqual([
      [4, "signal"],
      [5, "value"],
    ]);
    expect(read.errors[0]!.message).toMatch(
      /^signal "happiness" is not a known signal \(known: active_users, /,
    );
    expect(read.errors[1]!.message).toBe('value "400" for nps must be a whole number from -100 to 100');
  });

  it("without a model's declarations, knows the built-in signals only", () => {
    expect(signalCatalogue().measured).toEqual(BUILT_IN_CATALOGUE.measured);
    const read = readAll(BUILT_IN_CATALOGUE, "external_id,date,api_calls_30d\nA-1,2026-11-20,1\n");
    expect(read.headerErrors[0]!.message).toMatch(/^unknown column "api_calls_30d"/);
  });
});
