import { readDataFile } from "../data-file.js";
import { defaultHealthModel } from "./default-model.js";
import { buildHealthModel, type HealthModel } from "./model.js";

/**
 * The health model in force: the file at `path` (JSON or YAML) when one is configured,
 * otherwise the default. A wrong file stops start-up with every problem listed.
 */
export function loadHealthModel(path: string | undefined): HealthModel {
  return path ? buildHealthModel(readDataFile(path, "HEALTH_MODEL_PATH"), path) : defaultHealthModel();
}
