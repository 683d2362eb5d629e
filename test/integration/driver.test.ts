import { describe, expect, it } from "vitest";
import { driverOf, driverTransactionOf } from "../../src/db/database.js";
import { useDatabase } from "../support/harness.js";

/** The driver behind Prisma, for statements whose parameters are large (src/db/database.ts). */

const t = useDatabase({ resetEachTest: true });

const names = async () =>
  (await t.db.prisma.account.findMany({ orderBy: { externalId: "asc" } })).map((a) => a.externalId);
const insert = (externalId: string) =>
  `INSERT INTO accounts (external_id, name, search_key, updated_at) VALUES ('${externalId}', '${externalId}', '${externalId.toLowerCase()}', now())`;

describe("a transaction through the driver", () => {
  it("commits what its work wrote, and returns what the work returned", async () => {
    const result = await driverTransactionOf(t.db.prisma)(async (tx) => {
      const written = await tx.$executeRawUnsafe(insert("CRM-A"));
      const [row] = await tx.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM accounts");
      return { written, seen: row?.n };
    });
    expect(result).toEqual({ written: 1, seen: 1 });
    expect(await names()).toEqual(["CRM-A"]);
  });

  it("writes nothing when the work throws, and the database goes on answering", async () => {
    await expect(
      driverTransactionOf(t.db.prisma)(async (tx) => {
        await tx.$executeRawUnsafe(insert("CRM-B"));
        await tx.$executeRawUnsafe("CREATE TEMP TABLE staged (n int) ON COMMIT DROP");
        throw new Error("a bad row");
      }),
    ).rejects.toThrow("a bad row");
    expect(await names()).toEqual([]);
    // Its temporary table went with it; a failing statement also rolls back.
    await expect(
      driverTransactionOf(t.db.prisma)(async (tx) => {
        await tx.$executeRawUnsafe(insert("CRM-C"));
        await tx.$queryRawUnsafe("SELECT * FROM staged");
      }),
    ).rejects.toThrow(/staged/);
    expect(await names()).toEqual([]);
    expect(await driverOf(t.db.prisma)<{ one: number }>("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("is refused for a Prisma client the database did not open", () => {
    expect(() => driverTransactionOf({})).toThrow(/not opened by openDatabase/);
  });
});
