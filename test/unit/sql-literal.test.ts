import { describe, expect, it } from "vitest";
import { sqlLiteral } from "../../src/db/pglite-statements.js";

describe("sqlLiteral", () => {
  it("quotes text, doubling single quotes so no value can end the literal", () => {
    expect(sqlLiteral("acme")).toBe("'acme'");
    expect(sqlLiteral("O'Brien'); DROP TABLE accounts; --")).toBe("'O''Brien''); DROP TABLE accounts; --'");
    expect(sqlLiteral("back\\slash")).toBe("'back\\slash'");
  });

  it("writes numbers, booleans and NULL as SQL does", () => {
    expect(sqlLiteral(42)).toBe("42");
    expect(sqlLiteral(-1.5)).toBe("-1.5");
    expect(sqlLiteral(true)).toBe("TRUE");
    expect(sqlLiteral(null)).toBe("NULL");
  });

  it("refuses what it cannot write exactly", () => {
    expect(() => sqlLiteral("a\u0000b")).toThrow(/NUL/);
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral({})).toThrow();
  });
});
