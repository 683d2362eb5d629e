import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baselineFingerprint, DEFAULT_ALERT_RULES } from "../../src/alerts/rules.js";
import { DEFAULT_MODEL_SPEC, defaultHealthModel } from "../../src/health/default-model.js";
import { HealthModelError } from "../../src/health/model.js";
import { loadHealthModel, loadHealthModels } from "../../src/health/model-file.js";
import { buildHealthModels, segmentKey } from "../../src/health/models.js";

const enterprise = { ...DEFAULT_MODEL_SPEC, name: "enterprise-v2", bands: { red: 60, green: 85, margin: 5 } };
const smb = { ...DEFAULT_MODEL_SPEC, name: "smb-v1", bands: { red: 30, green: 60, margin: 5 } };
const noFiles = (path: string): unknown => {
  throw new Error(`no file ${path}`);
};

function problemsOf(input: unknown, read = noFiles): string[] {
  try {
    buildHealthModels(input, "models.yaml", read);
  } catch (error) {
    if (error instanceof HealthModelError) return error.problems;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("models by segment", () => {
  it("reads a plain model file as one model for every account, with the same version as before", () => {
    const models = buildHealthModels(DEFAULT_MODEL_SPEC, "model.yaml", noFiles);
    expect(models.segments).toEqual([]);
    expect(models.version).toBe(defaultHealthModel().version);
    expect(models.modelFor("Enterprise").version).toBe(defaultHealthModel().version);
    expect(models.segmentFor("Enterprise")).toBeUndefined();
  });

  it("gives each segment its model and every other account the default", () => {
    const models = buildHealthModels(
      { default: DEFAULT_MODEL_SPEC, segments: { Enterprise: enterprise, SMB: smb } },
      "models.yaml",
      noFiles,
    );
    expect(models.modelFor("Enterprise").name).toBe("enterprise-v2");
    expect(models.modelFor("SMB").bands.red).toBe(30);
    expect(models.modelFor("Mid-Market").name).toBe("kuroko-default");
    expect(models.modelFor(null).name).toBe("kuroko-default");
    expect(models.segmentFor("SMB")).toBe("SMB");
    expect(models.all().map((m) => m.name)).toEqual(["kuroko-default", "enterprise-v2", "smb-v1"]);
  });

  it("matches a segment ignoring case, surrounding spaces and full-width forms", () => {
    const models = buildHealthModels({ segments: { SMB: smb, "Mid Market": enterprise } }, "m.yaml", noFiles);
    for (const typed of ["SMB", " smb ", "ＳＭＢ", "Smb"]) expect(models.modelFor(typed).name).toBe("smb-v1");
    expect(models.modelFor("mid  market").name).toBe("enterprise-v2");
    expect(segmentKey("　ＭＩＤ　Market ")).toBe("mid market");
  });

  it("keeps Kuroko's default model when the file names no default, and names an unnamed segment model after its segment", () => {
    const { name: _name, ...unnamed } = smb;
    const models = buildHealthModels({ segments: { SMB: unnamed } }, "m.yaml", noFiles);
    expect(models.default.version).toBe(defaultHealthModel().version);
    expect(models.modelFor("smb").name).toBe("SMB");
  });

  it("lists every problem at once, each segment's under its name", () => {
    const problems = problemsOf({
      default: DEFAULT_MODEL_SPEC,
      components: [],
      segments: {
        Enterprise: { ...enterprise, bands: { red: 80, green: 70, margin: 5 } },
        SMB: smb,
        ｓｍｂ: smb,
        Startup: "startup.yaml",
        Partner: { ...smb, signals: [] },
      },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^unknown key "components"/),
      "segments.Enterprise: bands: red + margin must not exceed green",
      expect.stringMatching(/^segments\.ｓｍｂ: the same segment as "SMB"/),
      "segments.Startup: no file startup.yaml",
      expect.stringMatching(/^segments\.Partner: declare signals in the default model only/),
    ]);
  });

  it("refuses segments that are not a map of models", () => {
    expect(problemsOf({ segments: ["SMB"] })).toEqual([
      expect.stringMatching(/^segments: must map each segment/),
    ]);
  });

  it("lets segment models use the signals the default declares", () => {
    const signals = [{ name: "api_calls_30d", label: "API calls", min: 0 }];
    const usesApi = {
      ...smb,
      components: [
        {
          key: "usage",
          label: "Usage",
          weight: 1,
          metrics: [
            {
              signal: "api_calls_30d",
              direction: "higher_is_better",
              points: [
                [0, 0],
                [100, 100],
              ],
            },
          ],
        },
      ],
    };
    const models = buildHealthModels(
      { default: { ...DEFAULT_MODEL_SPEC, signals }, segments: { SMB: usesApi } },
      "m.yaml",
      noFiles,
    );
    expect(models.modelFor("SMB").catalogue.all.has("api_calls_30d")).toBe(true);
    expect(problemsOf({ segments: { SMB: usesApi } })).toEqual([
      expect.stringMatching(
        /^segments\.SMB: components\[0\]\.metrics\[0\]\.signal: unknown signal "api_calls_30d"/,
      ),
    ]);
  });

  it("changes its version, and so the alert baseline's fingerprint, when one segment's model changes", () => {
    const file = (red: number) => ({
      segments: { Enterprise: enterprise, SMB: { ...smb, bands: { ...smb.bands, red } } },
    });
    const before = buildHealthModels(file(30), "m.yaml", noFiles);
    const after = buildHealthModels(file(35), "m.yaml", noFiles);
    expect(after.default.version).toBe(before.default.version);
    expect(after.version).not.toBe(before.version);
    expect(baselineFingerprint(after.version, DEFAULT_ALERT_RULES)).not.toBe(
      baselineFingerprint(before.version, DEFAULT_ALERT_RULES),
    );
  });
});

describe("the model file", () => {
  it("reads segment models from files named relative to it, JSON or YAML", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuroko-models-"));
    writeFileSync(join(dir, "enterprise.json"), JSON.stringify(enterprise));
    writeFileSync(
      join(dir, "models.yaml"),
      "segments:\n  Enterprise: enterprise.json\n  SMB: missing.yaml\n",
    );
    expect(() => loadHealthModels(join(dir, "models.yaml"))).toThrow(/segments\.SMB: Cannot read/);
    writeFileSync(join(dir, "models.yaml"), "segments:\n  Enterprise: enterprise.json\n");
    const models = loadHealthModels(join(dir, "models.yaml"));
    expect(models.modelFor("enterprise").name).toBe("enterprise-v2");
    expect(loadHealthModel(join(dir, "models.yaml")).name).toBe("kuroko-default");
  });
});
