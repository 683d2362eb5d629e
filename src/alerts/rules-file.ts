import { readDataFile } from "../data-file.js";
import { type AlertRules, buildAlertRules, DEFAULT_ALERT_RULES } from "./rules.js";

/**
 * The alert rules in force: the file at `path` (JSON or YAML, KUROKO_ALERT_RULES_PATH) when one
 * is configured, otherwise the defaults. A wrong file stops start-up with every problem listed.
 */
export function loadAlertRules(path?: string): AlertRules {
  return path ? buildAlertRules(readDataFile(path, "KUROKO_ALERT_RULES_PATH"), path) : DEFAULT_ALERT_RULES;
}
