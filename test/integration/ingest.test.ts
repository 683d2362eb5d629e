import { describe, expect, it } from "vitest";
import { importMetrics } from "../../src/accounts/import.js";
import { IngestRejected, ingestRows } from "../../src/accounts/ingest.js";
import { DEFAULT_MODEL_SPEC } from "../../src/health/default-model.js";
import { buildHealthModel } from "../../src/health/model.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });

async function refusal(run: Promise<unknown>): Promise<IngestRejected> {
  try {
    await run;
  } catch (error) {
    if (error instanceof IngestRejected) return error;
    throw error;
  }
  throw new Error("expected the batch to be refused");
}

const ACCOUNTS = [
  { external_id: "A-1", name: "株式会社アクメ", arr: 1_200_000, currency: "JPY", renewal_date: "2027-03-31" },
  { external_id: "A-2", name: "Globex", arr: "5,000", currency: "usd", renewal_date: null },
];

const model = buildHealthModel({
  ...DEFAULT_MODEL_SPEC,
  signals: [{ name: "api_calls_30d", label: "API calls (30 d)", min: 0, integer: true }],
});

describe("ingesting rows (the API's and the warehouse pull's path)", () => {
  it("upserts accounts by external id with the CSV import's rules, counting new and updated", async () => {
    const first = await ingestRows({ prisma: t.db.prisma }, "accounts", ACCOUNTS);
    const second = await ingestRows({ prisma: t.db.prisma }, "accounts", [
      { external_id: "A-1", name: "株式会社アクメ", arr: 1_300_000 },
    ]);

    expect(first).toEqual({ kind: "accounts", rows: 2, created: 2, updated: 0 });
    expect(second).toEqual({ kind: "accounts", rows: 1, created: 0, updated: 1 });
    const acme = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "A-1" } });
    expect([acme.arr.toNumber(), acme.currency]).toEqual([1_300_000, "JPY"]);
    const globex = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "A-2" } });
    expect([globex.arr.toNumber(), globex.currency]).toEqual([5_000, "USD"]);
  });

  it("refuses a bad batch naming every bad row's index and field, and writes nothing", async () => {
    const refused = await refusal(
      ingestRows({ prisma: t.db.prisma }, "accounts", [
        { external_id: "A-1", name: "Acme", arr: "lots" },
        { external_id: "A-2", name: "", arr: 10 },
        "not an object",
        { external_id: "A-1", name: "Acme again", arr: 1 },
        { external_id: "A-5", name: "Nested", arr: { value: 3 } },
        { external_id: "A-6", name: "Typo", arr: 1, renewal: "2027-01-01" },
      ]),
    );
    expect(refused.problems).toEqual([
      { index: 2, reason: "must be an object of fields" },
      { index: 4, field: "arr", reason: "must be text, a number or null" },
      {
        index: 5,
        field: "renewal",
        reason: expect.stringMatching(
          /^unknown field "renewal" \(the fields are: external_id, name, domain, arr/,
        ),
      },
    ]);
    expect(await t.db.prisma.account.count()).toBe(0);

    const rowLevel = await refusal(
      ingestRows({ prisma: t.db.prisma }, "accounts", [
        { external_id: "A-1", name: "Acme", arr: "lots" },
        { external_id: "A-2", name: "", arr: 10 },
        { external_id: "A-1", name: "Acme again", arr: 1 },
        { external_id: "A-4", name: "Fine", arr: 1 },
      ]),
    );
    expect(rowLevel.problems.map((p) => [p.index, p.field])).toEqual([
      [0, "arr"],
      [1, "name"],
      [2, "external_id"],
    ]);
    expect(rowLevel.problems[2]!.reason).toBe("external_id repeats row 0");
    expect(rowLevel.total).toBe(3);
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("refuses accounts rows that leave out a field other rows give (it would clear it)", async () => {
    const refused = await refusal(
      ingestRows({ prisma: t.db.prisma }, "accounts", [
        { external_id: "A-1", name: "Acme", domain: "acme.com" },
        { external_id: "A-2", name: "Globex" },
      ]),
    );
    expect(refused.problems).toEqual([
      { index: 1, field: "domain", reason: expect.stringContaining("send the same fields in every row") },
    ]);
  });

  it("merges metrics of a declared signal, wide or long, keeping what a row leaves out", async () => {
    await ingestRows({ prisma: t.db.prisma }, "accounts", ACCOUNTS);
    await ingestRows({ prisma: t.db.prisma, model }, "metrics", [
      { external_id: "A-1", date: "2026-11-20", api_calls_30d: 1200, nps: 40 },
    ]);
    await ingestRows({ prisma: t.db.prisma, model }, "metrics", [
      { external_id: "A-1", date: "2026-11-20", signal: "nps", value: 45 },
      { external_id: "A-1", date: "2026-11-20", signal: "licensed_seats", value: "50" },
      { external_id: "A-1", date: "2026-11-21", signal: "api_calls_30d", value: 1300 },
    ]);
    await ingestRows({ prisma: t.db.prisma, model }, "metrics", [
      { external_id: "A-1", date: "2026-11-21", api_calls_30d: null, nps: 41 },
    ]);

    const samples = await t.db.prisma.metricSample.findMany({ orderBy: { date: "asc" } });
    expect(samples.map((s) => s.metrics)).toEqual([
      { api_calls_30d: 1200, nps: 45, licensed_seats: 50 },
      { api_calls_30d: 1300, nps: 41 },
    ]);

    const unknown = await refusal(
      ingestRows({ prisma: t.db.prisma }, "metrics", [
        { external_id: "A-1", date: "2026-11-22", api_calls_30d: 1 },
      ]),
    );
    expect(unknown.problems[0]).toMatchObject({ index: 0, field: "api_calls_30d" });
    const noAccount = await refusal(
      ingestRows({ prisma: t.db.prisma, model }, "metrics", [
        { external_id: "NOPE", date: "2026-11-22", nps: 1 },
      ]),
    );
    expect(noAccount.problems).toEqual([
      {
        index: 0,
        field: "external_id",
        reason: 'no account has external_id "NOPE" (import accounts first)',
      },
    ]);
  });

  it("the CSV import takes the model's declared signals too", async () => {
    await ingestRows({ prisma: t.db.prisma }, "accounts", ACCOUNTS);
    const csv = new TextEncoder().encode("external_id,date,api_calls_30d\nA-2,2026-11-20,77\n");
    await importMetrics(t.db.prisma, csv, { signals: model.catalogue });
    const sample = await t.db.prisma.metricSample.findFirstOrThrow();
    expect(sample.metrics).toEqual({ api_calls_30d: 77 });
  });

  it("upserts outcomes by account, kind and day", async () => {
    await ingestRows({ prisma: t.db.prisma }, "accounts", ACCOUNTS);
    const first = await ingestRows({ prisma: t.db.prisma }, "outcomes", [
      {
        external_id: "A-1",
        date: "2026-10-31",
        kind: "churned",
        arr_change: "-1,200,000",
        note: "budget cut",
      },
      { external_id: "A-2", date: "2026-10-31", kind: "renewed" },
    ]);
    const again = await ingestRows({ prisma: t.db.prisma }, "outcomes", [
      { external_id: "A-2", date: "2026-10-31", kind: "Renewed", arr_change: 500 },
    ]);
    expect(first).toEqual({ kind: "outcomes", rows: 2, created: 2, updated: 0 });
    expect(again).toEqual({ kind: "outcomes", rows: 1, created: 0, updated: 1 });
    const outcomes = await t.db.prisma.accountOutcome.findMany({ orderBy: { accountId: "asc" } });
    expect(outcomes.map((o) => [o.kind, o.arrChange?.toNumber(), o.note])).toEqual([
      ["churned", -1_200_000, "budget cut"],
      ["renewed", 500, null],
    ]);
    const bad = await refusal(
      ingestRows({ prisma: t.db.prisma }, "outcomes", [
        { external_id: "A-1", date: "2026-02-30", kind: "lost" },
      ]),
    );
    expect(bad.problems.map((p) => p.field)).toEqual(["date", "kind"]);
  });

  it("reads numbers in any JSON notation as their value, and refuses amounts too large to store", async () => {
    await ingestRows({ prisma: t.db.prisma }, "accounts", ACCOUNTS);
    await ingestRows({ prisma: t.db.prisma, model }, "metrics", [
      { external_id: "A-1", date: "2026-11-20", api_calls_30d: 1e21, feature_adoption: 1e-7, nps: "−20" },
      { external_id: "A-2", date: "2026-11-20", api_calls_30d: "1,200", feature_adoption: "55%", nps: -0 },
    ]);
    const samples = await t.db.prisma.metricSample.findMany({ orderBy: { accountId: "asc" } });
    expect(samples.map((s) => s.metrics)).toEqual([
      { api_calls_30d: 1e21, feature_adoption: 1e-7, nps: -20 },
      { api_calls_30d: 1200, feature_adoption: 55, nps: 0 },
    ]);

    const tooBig = await refusal(
      ingestRows({ prisma: t.db.prisma }, "accounts", [{ external_id: "A-9", name: "Huge", arr: 1e15 }]),
    );
    expect(tooBig.problems).toEqual([
      { index: 0, field: "arr", reason: expect.stringContaining("larger than the most Kuroko stores") },
    ]);
    const percentOfCalls = await refusal(
      ingestRows({ prisma: t.db.prisma, model }, "metrics", [
        { external_id: "A-1", date: "2026-11-21", api_calls_30d: "55%" },
      ]),
    );
    expect(percentOfCalls.problems[0]).toMatchObject({ index: 0, field: "api_calls_30d" });
  });

  it("names the form a metrics batch is in when a row mixes the two, and a long row without its value", async () => {
    await ingestRows({ prisma: t.db.prisma }, "accounts", ACCOUNTS);
    const mixed = await refusal(
      ingestRows({ prisma: t.db.prisma, model }, "metrics", [
        { external_id: "A-1", date: "2026-11-20", signal: "nps", value: 10 },
        { external_id: "A-1", date: "2026-11-20", csat: 80 },
        { external_id: "A-1", date: "2026-11-21", signal: "csat" },
      ]),
    );
    expect(mixed.problems).toEqual([
      { index: 1, field: "csat", reason: expect.stringContaining("the batch is in the long form") },
    ]);
    const noValue = await refusal(
      ingestRows({ prisma: t.db.prisma, model }, "metrics", [
        { external_id: "A-1", date: "2026-11-21", signal: "csat" },
      ]),
    );
    expect(noValue.problems).toEqual([
      { index: 0, field: "value", reason: "value is empty (it is required)" },
    ]);
  });

  it("writes no sample for a row that measures nothing (an empty sample would make a stale account look fresh)", async () => {
    await ingestRows({ prisma: t.db.prisma }, "accounts", ACCOUNTS);
    const summary = await ingestRows({ prisma: t.db.prisma, model }, "metrics", [
      { external_id: "A-1", date: "2026-11-20", nps: null },
    ]);
    expect(summary.rows).toBe(1);
    expect(await t.db.prisma.metricSample.count()).toBe(0);
  });

  it("accepts an empty batch, writing nothing", async () => {
    expect(await ingestRows({ prisma: t.db.prisma }, "metrics", [])).toEqual({ kind: "metrics", rows: 0 });
  });
});
