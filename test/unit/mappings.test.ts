import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  MappingInvalid,
  parseMapping,
  READY_MAPPINGS,
  readyMapping,
  resolveHeader,
  suggestMapping,
} from "../../src/accounts/mappings.js";
import { accountsReader } from "../../src/accounts/row-readers.js";
import { ACCOUNT_COLUMNS } from "../../src/accounts/rows.js";

const KNOWN = Object.keys(ACCOUNT_COLUMNS);

describe("column mappings", () => {
  it("names each column by the mapping, the first of a column's headers the file has winning, the rest ignored", () => {
    const header = ["Account Owner", "Account Name", "Account ID", "Account Owner Email", "Rating"];

    const resolved = resolveHeader(header, readyMapping("salesforce")!);

    expect(resolved.targets).toEqual([undefined, "name", "external_id", "owner_email", undefined]);
    expect(resolved.ignored).toEqual(["Account Owner", "Rating"]);
  });

  it("matches headers whatever their spacing, width and case (取引先ID is 取引先 ID)", () => {
    const resolved = resolveHeader(["取引先ID", "取引先名", "ＷＥＢサイト"], readyMapping("salesforce-ja")!);

    expect(resolved.targets).toEqual(["external_id", "name", "domain"]);
  });

  it.each([
    [["Record ID", "Company name", "Company Domain Name", "Create Date", "Company owner"], "hubspot"],
    [["レコードID", "会社名", "会社の所有者", "作成日", "年間売上高"], "hubspot-ja"],
    [["Account Owner", "Account Name", "Type", "Account ID", "Annual Revenue"], "salesforce"],
    [["取引先 所有者", "取引先名", "取引先 ID", "年間売上"], "salesforce-ja"],
  ])("suggests the ready mapping a header needs: %j → %s", (header, name) => {
    expect(suggestMapping(header)?.name).toBe(name);
  });

  it("suggests nothing for a header no ready mapping reads", () => {
    expect(suggestMapping(["Customer", "Title", "Account Name"])).toBeUndefined();
  });

  it("lists every problem of a mapping file at once", () => {
    const read = () =>
      parseMapping(
        { columns: { external_id: "No", acount_name: "Name", name: ["No", ""], arr: [] } },
        "ours.yaml",
        KNOWN,
      );

    expect(read).toThrow(MappingInvalid);
    expect(() => read()).toThrow(
      /has 4 problems[\s\S]*"acount_name" is not a Kuroko column \(the columns are: external_id, name,[\s\S]*"No" is mapped to both external_id and name[\s\S]*name: an empty header[\s\S]*arr: no header given/,
    );
  });

  it("refuses a mapping file without columns, saying what it should hold", () => {
    expect(() => parseMapping({ external_id: "No" }, "flat.yaml", KNOWN)).toThrow(
      /columns: .*expected "columns:"/,
    );
  });

  it("every ready mapping maps only Kuroko columns, and both required ones", () => {
    for (const mapping of READY_MAPPINGS) {
      expect(() => parseMapping({ columns: mapping.columns }, mapping.name, KNOWN)).not.toThrow();
      expect(Object.keys(mapping.columns)).toEqual(expect.arrayContaining(["external_id", "name"]));
    }
  });

  it("reads only the mapped cells of a row, so an ignored column's content is never checked", () => {
    const reader = accountsReader(readyMapping("salesforce")!);
    expect(reader.header({ line: 1, fields: ["Account ID", "Rating", "Account Name"] })).toEqual([]);

    const read = reader.row({ line: 2, fields: ["A-1", "\u0000 not a rating", "Acme"] });

    expect(read.errors).toEqual([]);
    expect(read.row).toMatchObject({ externalId: "A-1", name: "Acme" });
    expect(reader.ignored).toEqual(["Rating"]);
  });

  it("names the export's header when a mapped file lacks a required column", () => {
    const reader = accountsReader(readyMapping("salesforce")!);

    expect(reader.header({ line: 1, fields: ["Account Name"] })).toEqual([
      expect.objectContaining({
        message:
          'required column "external_id" is missing (the mapping salesforce takes it from "Account ID")',
      }),
    ]);
  });

  it("refuses an owner given both by Slack id and by e-mail", () => {
    const reader = accountsReader();

    expect(
      reader.header({ line: 1, fields: ["external_id", "name", "owner_slack_id", "owner_email"] }),
    ).toEqual([
      expect.objectContaining({ message: "give the owner as owner_slack_id or as owner_email, not both" }),
    ]);
  });

  it("checks owner_email is an e-mail address, and keeps it lower-cased", () => {
    const reader = accountsReader();
    reader.header({ line: 1, fields: ["external_id", "name", "owner_email"] });

    const good = reader.row({ line: 2, fields: ["A-1", "Acme", " Jane.Doe@Example.com "] });
    const bad = reader.row({ line: 3, fields: ["A-2", "Beta", "Jane Doe"] });

    expect(good.row?.ownerEmail).toBe("jane.doe@example.com");
    expect(bad.errors[0]?.message).toMatch(/^owner_email "Jane Doe" must be an e-mail address/);
  });
});

describe("docs/crm-exports.md", () => {
  it("shows each ready mapping as the file a team can copy, exactly as the code has it", () => {
    const text = readFileSync(new URL("../../docs/crm-exports.md", import.meta.url), "utf8");
    const blocks = [...text.matchAll(/```yaml\n# ([\w-]+): [^\n]*\n([\s\S]*?)```/g)];

    const shown = Object.fromEntries(blocks.map(([, name, yaml]) => [name, parse(yaml!)]));

    expect(Object.keys(shown)).toEqual(READY_MAPPINGS.map((m) => m.name));
    for (const mapping of READY_MAPPINGS) {
      expect(parseMapping(shown[mapping.name], mapping.name, KNOWN).columns).toEqual(mapping.columns);
      expect(shown[mapping.name].label).toBe(mapping.label);
    }
  });
});
