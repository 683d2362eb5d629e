import { describe, expect, it } from "vitest";
import { ABANDONED_AFTER_MS, claimKey, finishKey, releaseKey } from "../../src/api/idempotency.js";
import { useDatabase } from "../support/harness.js";

const t = useDatabase({ resetEachTest: true });
const at = (iso: string) => new Date(iso);
const T0 = at("2026-11-22T09:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

describe("Idempotency-Key claims", () => {
  it("runs a key once: the same request then gets the stored answer", async () => {
    expect(await claimKey(t.db.prisma, "etl", "k1", "h1", T0)).toEqual({ kind: "new" });
    await finishKey(t.db.prisma, "etl", "k1", 200, { kind: "accounts", rows: 2 });

    expect(await claimKey(t.db.prisma, "etl", "k1", "h1", later(HOUR))).toEqual({
      kind: "replay",
      status: 200,
      body: { kind: "accounts", rows: 2 },
    });
  });

  it("tells a key still running, and a key used for another request, from a replay", async () => {
    await claimKey(t.db.prisma, "etl", "k1", "h1", T0);

    expect(await claimKey(t.db.prisma, "etl", "k1", "h1", later(1000))).toEqual({ kind: "running" });
    expect(await claimKey(t.db.prisma, "etl", "k1", "h2", later(1000))).toEqual({ kind: "mismatch" });
  });

  it("keeps each token's keys apart", async () => {
    await claimKey(t.db.prisma, "etl", "k1", "h1", T0);

    expect(await claimKey(t.db.prisma, "zapier", "k1", "h2", T0)).toEqual({ kind: "new" });
  });

  it("lets a key be used again after 24 hours, and deletes expired keys", async () => {
    await claimKey(t.db.prisma, "etl", "k1", "h1", T0);
    await finishKey(t.db.prisma, "etl", "k1", 200, {});
    await claimKey(t.db.prisma, "etl", "old", "h1", T0);
    await finishKey(t.db.prisma, "etl", "old", 200, {});

    expect(await claimKey(t.db.prisma, "etl", "k1", "h2", later(24 * HOUR - 1000))).toEqual({
      kind: "mismatch",
    });
    expect(await claimKey(t.db.prisma, "etl", "k1", "h2", later(24 * HOUR + 1000))).toEqual({ kind: "new" });
    expect(await t.db.prisma.apiIdempotency.findMany({ select: { key: true } })).toEqual([{ key: "k1" }]);
  });

  it("takes over a claim abandoned mid-run (its process was killed), not one still running", async () => {
    await claimKey(t.db.prisma, "etl", "k1", "h1", T0);

    expect(await claimKey(t.db.prisma, "etl", "k1", "h1", later(ABANDONED_AFTER_MS - 1000))).toEqual({
      kind: "running",
    });
    expect(await claimKey(t.db.prisma, "etl", "k1", "h1", later(ABANDONED_AFTER_MS + 1000))).toEqual({
      kind: "new",
    });
  });

  it("forgets a claim whose request failed, so that the retry runs it", async () => {
    await claimKey(t.db.prisma, "etl", "k1", "h1", T0);
    await releaseKey(t.db.prisma, "etl", "k1");

    expect(await claimKey(t.db.prisma, "etl", "k1", "h1", later(1000))).toEqual({ kind: "new" });
  });
});
