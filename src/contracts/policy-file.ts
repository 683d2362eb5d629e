import { readDataFile } from "../data-file.js";
import { KurokoError } from "../errors.js";
import { type ApprovalPolicy, DEFAULT_POLICY, policySchema } from "./state.js";

/** The approval policy in force: CONTRACT_POLICY_PATH (JSON or YAML) or the default. */
export function loadApprovalPolicy(path: string | undefined): ApprovalPolicy {
  if (!path) return DEFAULT_POLICY;
  const parsed = policySchema.safeParse(readDataFile(path, "CONTRACT_POLICY_PATH"));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new KurokoError(`The approval policy in ${path} is not valid:\n${problems.join("\n")}`);
  }
  return parsed.data;
}
