import { describe, expect, it } from "vitest";
import { IngestRejected, ingestBatches } from "../../src/accounts/ingest.js";
import { useDatabase } from "../support/harness.js";

/** ingestBatches: rows arriving a slice at a time (the warehouse pull's path), ingestRows's rules. */
const t = useDatabase({ resetEachTest: true });

async function* slices(...batches: unknown[][]) {
  for (const batch of batches) yield batch;
}

async function refusal(run: Promise<unknown>): Promise<IngestRejected> {
  try {
    await run;
  } catch (error) {
    if (error instanceof IngestRejected) return error;
    throw error;
  }
  throw new Error("expected the rows to be refused");
}

const account = (i: number) => ({ external_id: `A-${i}`, name: `Account ${i}`, arr: i * 100 });

describe("ingesting rows in batches", () => {
  it("writes every batch's rows in one go, counting new and updated", async () => {
    await ingestBatches({ prisma: t.db.prisma }, "accounts", slices([account(1)]));

    const summary = await ingestBatches(
      { prisma: t.db.prisma },
      "accounts",
      slices([], [account(1), account(2)], [account(3)]),
    );

    expect(summary).toEqual({ kind: "accounts", rows: 3, created: 2, updated: 1 });
    expect(await t.db.prisma.account.count()).toBe(3);
  });

  it("names a bad row by its index across batches, and writes nothing", async () => {
    const refused = await refusal(
      ingestBatches(
        { prisma: t.db.prisma },
        "accounts",
        slices([account(0), account(1)], [account(2), { ...account(3), arr: "lots" }]),
      ),
    );

    expect(refused.problems).toEqual([{ index: 3, field: "arr", reason: expect.any(String) }]);
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("refuses a later row whose fields differ from the first rows', listing every such row", async () => {
    const refused = await refusal(
      ingestBatches(
        { prisma: t.db.prisma },
        "accounts",
        slices(
          [account(0), account(1)],
          [
            { external_id: "A-2", name: "No ARR" },
            { ...account(3), segment: "SMB" },
            { ...account(4), arr: [1] },
          ],
          [{ ...account(5), owner: "kenji" }],
        ),
      ),
    );

    expect(refused.problems.map((p) => [p.index, p.field])).toEqual([
      [2, "arr"],
      [3, "segment"],
      [4, "arr"],
      [5, "owner"],
    ]);
    expect(refused.problems[0]?.reason).toMatch(/is missing while other rows of the batch have it/);
    expect(refused.problems[1]?.reason).toMatch(
      /is not among the first rows' fields \(external_id, name, arr\)/,
    );
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("writes nothing and succeeds for no rows", async () => {
    expect(await ingestBatches({ prisma: t.db.prisma }, "metrics", slices([], []))).toEqual({
      kind: "metrics",
      rows: 0,
    });
  });
});
