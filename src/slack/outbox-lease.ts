import type { PrismaClient } from "../db/database.js";

/** A claim's lease, renewed (only while it is still ours) as long as its send is under way. */
export interface LeaseKeeper {
  current(): Date;
  /** Extends the lease if it is still ours: false when another sender has taken the message. */
  renew(): Promise<boolean>;
  /** Renews it every third of its length until `stop`. */
  keepAlive(): void;
  stop(): Promise<void>;
}

export function leaseKeeper(
  prisma: PrismaClient,
  id: number,
  claimed: Date,
  leaseMs: number,
  clock: () => Date,
): LeaseKeeper {
  let current = claimed;
  let timer: NodeJS.Timeout | undefined;
  let renewing: Promise<boolean> | undefined;
  const renew = async () => {
    const next = new Date(clock().getTime() + leaseMs);
    const { count } = await prisma.outboxMessage.updateMany({
      where: { id, lockedUntil: current },
      data: { lockedUntil: next },
    });
    if (count === 1) current = next;
    return count === 1;
  };
  return {
    current: () => current,
    renew,
    keepAlive() {
      timer = setInterval(() => {
        renewing ??= renew()
          .catch(() => false)
          .finally(() => {
            renewing = undefined;
          });
      }, leaseMs / 3);
    },
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}
