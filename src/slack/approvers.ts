import type { WebClient } from "@slack/web-api";
import type { ApprovalStep } from "../contracts/state.js";
import type { Logger } from "../log.js";

/** User groups change rarely; their members are looked up at most this often. */
const GROUP_TTL_MS = 5 * 60_000;

export interface Approvers {
  /** May this user assign, review and decide contract requests? */
  isApprover(userId: string): Promise<boolean>;
  /** The approval steps this user may give. */
  stepsOf(userId: string, steps: ApprovalStep[]): Promise<string[]>;
}

/**
 * Authorization is Kuroko's: Slack says who clicked, not who may approve. CS Ops approvers are
 * the configured user ids plus the members of the configured user group (cached). A group that
 * cannot be read counts as empty, and the failure is logged: refusing is the safe side.
 */
export function createApprovers(
  config: { userIds: string[]; groupId?: string },
  client: WebClient,
  logger: Logger,
  clock: () => Date = () => new Date(),
): Approvers {
  const cache = new Map<string, { members: Set<string>; until: number }>();

  async function groupMembers(groupId: string): Promise<Set<string>> {
    const hit = cache.get(groupId);
    const now = clock().getTime();
    if (hit && hit.until > now) return hit.members;
    try {
      const result = await client.usergroups.users.list({ usergroup: groupId });
      const members = new Set(result.users ?? []);
      cache.set(groupId, { members, until: now + GROUP_TTL_MS });
      return members;
    } catch (error) {
      logger.error(`approvers: cannot read the members of user group ${groupId}:`, (error as Error).message);
      return hit?.members ?? new Set();
    }
  }

  async function isApprover(userId: string): Promise<boolean> {
    if (config.userIds.includes(userId)) return true;
    return config.groupId ? (await groupMembers(config.groupId)).has(userId) : false;
  }

  return {
    isApprover,
    async stepsOf(userId, steps) {
      const out: string[] = [];
      for (const step of steps) {
        const member =
          step.members === "cs_ops"
            ? await isApprover(userId)
            : step.members.userIds.includes(userId) ||
              (step.members.groupId ? (await groupMembers(step.members.groupId)).has(userId) : false);
        if (member) out.push(step.key);
      }
      return out;
    },
  };
}
