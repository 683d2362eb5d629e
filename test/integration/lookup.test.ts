import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAccount, type LookupResult } from "../../src/accounts/lookup.js";
import { upsertAccounts } from "../../src/accounts/repository.js";
import type { AccountRow } from "../../src/accounts/rows.js";
import type { SqlQuery } from "../../src/db/database.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { lookupHealthCard } from "../../src/health/service.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;

const account = (externalId: string, name: string, domain: string | null = null): AccountRow => ({
  line: 0,
  externalId,
  name,
  domain,
});

beforeAll(async () => {
  db = await openTestDatabase();
  await upsertAccounts(
    db.prisma,
    [
      account("CRM-0001", "Acme Corp", "acme.com"),
      account("CRM-0002", "Acme Widgets GmbH", "acmewidgets.de"),
      account("CRM-0003", "Globex Corporation", "globex.com"),
      account("CRM-0004", "株式会社さくら物流", "sakura-butsuryu.co.jp"),
      account("CRM-0005", "Initech, Inc.", "initech.com"),
      account("CRM-0006", "Blue Harbor Logistics Ltd"),
      account("0015g00000AbCdE", "Hooli"),
      ...Array.from({ length: 40 }, (_, i) => account(`FILL-${i}`, `Summit Partner ${i}`)),
    ],
    ["domain"],
  );
});
afterAll(async () => {
  await db?.close();
});

const nameOf = (result: LookupResult) => (result.kind === "found" ? result.account.name : result.kind);
const namesIn = (result: LookupResult) =>
  result.kind === "choose"
    ? result.candidates.map((c) => c.name)
    : result.kind === "none"
      ? result.suggestions.map((c) => c.name)
      : [];

describe("findAccount", () => {
  it.each([
    ["acme", "Acme Corp"],
    ["ACME CORP.", "Acme Corp"],
    ["Acme, Inc.", "Acme Corp"],
    ["ａｃｍｅ", "Acme Corp"],
    ["globex", "Globex Corporation"],
    ["さくら物流", "株式会社さくら物流"],
    ["(株)さくら物流", "株式会社さくら物流"],
    ["サクラ物流", "株式会社さくら物流"],
    ["initech inc", "Initech, Inc."],
    ["blue harbor", "Blue Harbor Logistics Ltd"],
  ])("finds %s by name: %s", async (query, expected) => {
    expect(nameOf(await findAccount(db.query, query))).toBe(expected);
  });

  it("finds by domain, and by CRM id in any case", async () => {
    expect(nameOf(await findAccount(db.query, "https://globex.com/about"))).toBe("Globex Corporation");
    expect(nameOf(await findAccount(db.query, "crm-0003"))).toBe("Globex Corporation");
    expect(nameOf(await findAccount(db.query, "0015g00000AbCdE"))).toBe("Hooli");
  });

  it.each([
    ["globx", "Globex Corporation"],
    ["gloebx", "Globex Corporation"],
    ["initehc", "Initech, Inc."],
    ["blue harbour", "Blue Harbor Logistics Ltd"],
  ])("forgives a small typo: %s", async (query, expected) => {
    expect(nameOf(await findAccount(db.query, query))).toBe(expected);
  });

  it("marks an account found only by forgiving a typo, and not one found by name, domain or id", async () => {
    expect(await findAccount(db.query, "globx")).toMatchObject({ kind: "found", byTypo: true });
    for (const query of ["globex", "glob", "globex.com", "CRM-0003"]) {
      expect(await findAccount(db.query, query)).not.toHaveProperty("byTypo");
    }
  });

  it("offers a choice when several accounts match", async () => {
    const result = await findAccount(db.query, "summit");

    expect(result.kind).toBe("choose");
    expect(namesIn(result)).toHaveLength(10);
    expect(result).toMatchObject({ more: true });
  });

  it("prefers the exact name over longer names that start with it", async () => {
    expect(nameOf(await findAccount(db.query, "acme"))).toBe("Acme Corp");
    expect(nameOf(await findAccount(db.query, "acme widgets"))).toBe("Acme Widgets GmbH");
  });

  it("finds a word inside a name when nothing starts with it", async () => {
    expect(nameOf(await findAccount(db.query, "harbor logistics"))).toBe("Blue Harbor Logistics Ltd");
  });

  it("says nothing matches, with the nearest names", async () => {
    const result = await findAccount(db.query, "glorbotron");

    expect(result.kind).toBe("none");
    expect(namesIn(result)[0]).toBe("Globex Corporation");
  });
});

describe("a lookup's work is bounded, whatever was typed", () => {
  /** The real database, with every statement it is sent recorded. */
  const recording = () => {
    const statements: { sql: string; params: unknown[] }[] = [];
    const sql: SqlQuery = (text, params = []) => {
      statements.push({ sql: text, params });
      return db.query(text, params);
    };
    return { sql, statements };
  };
  const size = (s: { sql: string; params: unknown[] }) =>
    s.sql.length + s.params.reduce<number>((n, p) => n + String(p ?? "").length, 0);

  it.each([
    ["a long run of letters", "a".repeat(8_000)],
    ["a long name-like text", "Acme Corp ".repeat(1_600)],
    ["Japanese text", "株式会社さくら物流".repeat(2_000)],
    ["characters NFKC lengthens", "\uFDFA".repeat(5_000)],
    ["a paste of 100,000 characters", "globx ".repeat(20_000)],
  ])("%s: a few small statements, on both lookups", async (_, query) => {
    for (const lookup of [
      (sql: SqlQuery) => findAccount(sql, query),
      (sql: SqlQuery) => lookupHealthCard(sql, defaultHealthModel(), query, new Date("2026-11-22T00:00:00Z")),
    ]) {
      const { sql, statements } = recording();
      const result = await lookup(sql);

      expect(["none", "choose", "found", "card"]).toContain(result.kind);
      expect(statements.length).toBeLessThanOrEqual(5);
      for (const statement of statements) {
        expect(statement.params.length).toBeLessThanOrEqual(10);
        expect(size(statement)).toBeLessThan(8_000);
      }
    }
  });

  it("still suggests the account a long text starts with", async () => {
    const result = await findAccount(db.query, `Globex Corporation ${"x".repeat(5_000)}`);

    expect(result.kind).toBe("none");
    expect(namesIn(result)[0]).toBe("Globex Corporation");
  });

  it("still finds an account by a long name that it starts with", async () => {
    expect(nameOf(await findAccount(db.query, "blue harbor logistics ltd"))).toBe(
      "Blue Harbor Logistics Ltd",
    );
  });

  it("still forgives a typo in a name of ordinary length", async () => {
    expect(nameOf(await findAccount(db.query, "blue harbour logistics"))).toBe("Blue Harbor Logistics Ltd");
  });
});

describe("lookupHealthCard (the lookup and the card in one round trip)", () => {
  it.each([
    "acme",
    "acme widgets",
    "crm-0003",
    "https://globex.com",
    "globx",
    "さくら物流",
    "harbor logistics",
    "summit",
    "glorbotron",
  ])("finds what findAccount finds for %s", async (query) => {
    const today = new Date("2026-11-22T00:00:00Z");
    const expected = await findAccount(db.query, query);

    const result = await lookupHealthCard(db.query, defaultHealthModel(), query, today);

    if (expected.kind === "found") {
      expect(result.kind).toBe("card");
      expect(result.kind === "card" && result.card.account).toMatchObject({
        id: expected.account.id,
        name: expected.account.name,
      });
    } else {
      expect(result).toEqual(expected);
    }
  });
});
