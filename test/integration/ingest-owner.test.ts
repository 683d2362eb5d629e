import { describe, expect, it } from "vitest";
import type { OwnerLookup } from "../../src/accounts/import.js";
import { IngestRejected, ingestRows } from "../../src/accounts/ingest.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });

/** The workspace's people by e-mail, as Slack's users.lookupByEmail would find them; asks recorded. */
function directory(people: Record<string, string>) {
  const asked: string[][] = [];
  const lookup: OwnerLookup = async (emails) => {
    asked.push(emails);
    return new Map(emails.map((email) => [email, people[email]]));
  };
  return { lookup, asked };
}

describe("accounts rows with the owner's e-mail", () => {
  it("stores each owner's Slack id, asking once per distinct address", async () => {
    const slack = directory({ "hana.sato@example.com": "U0CSM0001" });

    await ingestRows({ prisma: t.db.prisma, ownerLookup: slack.lookup }, "accounts", [
      { external_id: "A-1", name: "Acme", owner_email: "Hana.Sato@example.com" },
      { external_id: "A-2", name: "Globex", owner_email: "hana.sato@example.com" },
    ]);

    expect(slack.asked).toEqual([["hana.sato@example.com"]]);
    const owners = await t.db.prisma.account.findMany({ select: { ownerSlackId: true } });
    expect(owners.map((o) => o.ownerSlackId)).toEqual(["U0CSM0001", "U0CSM0001"]);
  });

  it("refuses the batch when Slack does not know an owner, naming the row and the address, writing nothing", async () => {
    const slack = directory({ "hana.sato@example.com": "U0CSM0001" });

    const refused = await ingestRows({ prisma: t.db.prisma, ownerLookup: slack.lookup }, "accounts", [
      { external_id: "A-1", name: "Acme", owner_email: "hana.sato@example.com" },
      { external_id: "A-2", name: "Globex", owner_email: "ghost@example.com" },
    ]).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(IngestRejected);
    expect((refused as IngestRejected).problems).toEqual([
      {
        index: 1,
        field: "owner_email",
        reason: 'owner_email "ghost@example.com" is not anyone in this Slack workspace',
      },
    ]);
    expect(await t.db.prisma.account.count()).toBe(0);
  });
});
