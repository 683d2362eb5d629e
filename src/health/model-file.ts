import { dirname, resolve } from "node:path";
import { readDataFile } from "../data-file.js";
import { defaultHealthModel } from "./default-model.js";
import type { HealthModel } from "./model.js";
import { buildHealthModels, type HealthModels, singleModel } from "./models.js";

/**
 * The health model in force: the file at `path` (JSON or YAML) when one is configured,
 * otherwise the default. A wrong file stops start-up with every problem listed.
 */
export function loadHealthModel(path: string | undefined): HealthModel {
  return loadHealthModels(path).default;
}

/**
 * The health models in force (models.ts): the file at `path` when one is configured, one model
 * or a default and segments' models, the paths it names read relative to it; otherwise the
 * default model for every account. A wrong file stops start-up with every problem listed.
 */
export function loadHealthModels(path: string | undefined, setting = "HEALTH_MODEL_PATH"): HealthModels {
  if (!path) return singleModel(defaultHealthModel());
  const folder = dirname(path);
  return buildHealthModels(readDataFile(path, setting), path, (relative) =>
    readDataFile(resolve(folder, relative), `${setting} (${relative})`),
  );
}
