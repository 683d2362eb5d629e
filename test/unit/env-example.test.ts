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
