import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { KurokoError } from "../errors.js";
import { buildHealthModel, defaultHealthModel, type HealthModel } from "./model.js";

/**
 * The health model in force: the file at `path` (JSON or YAML) when one is configured,
 * otherwise the default. A wrong file stops start-up with every problem listed.
 */
export function loadHealthModel(path: string | undefined): HealthModel {
  if (!path) return defaultHealthModel();
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new KurokoError(
      `Cannot read the health model HEALTH_MODEL_PATH=${path}: ${(error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new KurokoError(
      `The health model in ${path} is not valid ${/\.json$/i.test(path) ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
  return buildHealthModel(data, path);
}
