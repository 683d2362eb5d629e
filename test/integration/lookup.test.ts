import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertAccounts } from "../../src/accounts/repository.js";
import type { AccountRow } from "../../src/accounts/rows.js";
import { findAccount, type LookupResult } from "../../src/health/lookup.js";
import { defaultHealthModel } from "../../src/health/model.js";
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
