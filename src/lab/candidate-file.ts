import { buildAlertRules } from "../alerts/rules.js";
import { readDataFile } from "../data-file.js";
import { buildHealthModel } from "../health/model.js";
import type { BacktestVariant } from "./backtest.js";

/** The model and rules in force, and the candidate `/csops model` compares them with, if any. */
export interface LabVariants {
  current: BacktestVariant;
  candidate?: BacktestVariant;
}

/**
 * The candidate of KUROKO_CANDIDATE_MODEL_PATH and KUROKO_CANDIDATE_RULES_PATH: with one of them
 * set, the candidate keeps the other in force (as `kuroko backtest --model` alone does). A wrong
 * file stops start-up with every problem listed, as the files in force do.
 */
export function loadLabVariants(
  paths: { candidateModelPath?: string; candidateRulesPath?: string },
  current: BacktestVariant,
): LabVariants {
  const { candidateModelPath: model, candidateRulesPath: rules } = paths;
  if (!model && !rules) return { current };
  return {
    current,
    candidate: {
      model: model
        ? buildHealthModel(readDataFile(model, "KUROKO_CANDIDATE_MODEL_PATH"), model)
        : current.model,
      rules: rules
        ? buildAlertRules(readDataFile(rules, "KUROKO_CANDIDATE_RULES_PATH"), rules)
        : current.rules,
    },
  };
}
