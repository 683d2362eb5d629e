import type { WebClient } from "@slack/web-api";
import type { Logger } from "../log.js";

/** Who may give an approval step: CS Ops approvers, or named people and/or a user group. */
export interface StepMembers {
  key: string;
  members: "cs_ops" | { userIds: string[]; groupId?: string };
}

/**
 * What a person outside CS Ops is told when they try what only approvers may do: in their
 * words, never a setting's name (the admin finds that in the log, see `refusal`).
 */
export const NOT_AN_APPROVER =
  "Only CS Ops approvers can do that. If you should be one, ask your CS Ops team.";

/** User groups change rarely; their members are looked up at most this often. */
const GROUP_TTL_MS = 5 * 60_000;

export interface Approvers {
  /** May this user assign, review and decide contract requests? */
  isApprover(userId: string): Promise<boolean>;
  /** The approval steps this user may give. */
  stepsOf(userId: string, steps: StepMembers[]): Promise<string[]>;
  /** Who may give this step: the configured ids plus the user group's members. */
  membersOf(step: StepMembers): Promise<string[]>;
  /**
   * What to tell someone refused for not being an approver (NOT_AN_APPROVER); the admin is
   * told once per person, in the log, which setting would make them one.
   */
  refusal(userId: string): string;
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

  const explained = new Set<string>();
  const settings = config.groupId
    ? "CS_OPS_APPROVER_IDS or the user group CS_OPS_APPROVER_GROUP_ID"
    : "CS_OPS_APPROVER_IDS (or set CS_OPS_APPROVER_GROUP_ID)";

  async function members(ids: string[], groupId: string | undefined): Promise<string[]> {
    const group = groupId ? [...(await groupMembers(groupId))] : [];
    return [...new Set([...ids, ...group])].sort();
  }

  return {
    isApprover,
    membersOf(step) {
      return step.members === "cs_ops"
        ? members(config.userIds, config.groupId)
        : members(step.members.userIds, step.members.groupId);
    },
    refusal(userId) {
      // Bounded: one line per person ever refused (a workspace's people), not per click.
      if (!explained.has(userId)) {
        explained.add(userId);
        logger.warn(
          `approvers: ${userId} tried what only CS Ops approvers may do; to make them one, add them to ${settings}`,
        );
      }
      return NOT_AN_APPROVER;
    },
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
