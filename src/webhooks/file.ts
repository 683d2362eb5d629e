import { readDataFile } from "../data-file.js";
import { parseWebhooksFile, type WebhookEndpoint } from "./endpoints.js";

/**
 * The webhook endpoints in force: the file at `path` (KUROKO_WEBHOOKS_PATH), each secret read
 * from `env`; unset, none (nothing is ever enqueued). A wrong file, or a secret's variable not
 * set, stops start-up with every problem listed.
 */
export function loadWebhooks(
  path: string | undefined,
  env: Record<string, string | undefined>,
): WebhookEndpoint[] {
  return path ? parseWebhooksFile(readDataFile(path, "KUROKO_WEBHOOKS_PATH"), path, env) : [];
}
