import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig, SETTINGS_HELP } from "../../src/config.js";

const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");

describe(".env.example", () => {
  it("lists every setting Kuroko reads, and nothing else", () => {
    expect(Object.keys(parseEnv(example)).sort()).toEqual(Object.keys(SETTINGS_HELP).sort());
  });

  it("is a valid configuration as it stands (for the CLI)", () => {
    expect(() => loadConfig({ env: parseEnv(example) })).not.toThrow();
  });
});

describe("docs/configuration.md", () => {
  it("has a row for every setting Kuroko reads, and for nothing else", () => {
    const doc = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]);

    // The playground's own port is read by `npm run playground` alone.
    expect(rows.sort()).toEqual([...Object.keys(SETTINGS_HELP), "KUROKO_PLAYGROUND_PORT"].sort());
  });
});
