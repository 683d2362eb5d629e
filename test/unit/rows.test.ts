import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/accounts/csv.js";
import { validateAccounts, validateMetrics } from "../../src/accounts/rows.js";

const accounts = (text: string) => validateAccounts(parseCsv(text));
const metrics = (text: string) => validateMetrics(parseCsv(text));

describe("validateAccounts", () => {
  it("parses a good row, folding spreadsheet habits (thousands separators, full-width digits, slashes in dates)", () => {
    const result = accounts(
      "External ID,Name,Domain,ARR,Currency,Renewal Date,Owner Slack ID,Segment\n" +
        'J-1,株式会社アクメ,https://acme.co.jp/,"¥１２,０００,０００",jpy,2027/3/31,U0CSM0001,Enterprise\n',
    );

    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toEqual({
      line: 2,
      externalId: "J-1",
      name: "株式会社アクメ",
      domain: "acme.co.jp",
      arr: 12_000_000,
      currency: "JPY",
      renewalDate: new Date("2027-03-31T00:00:00Z"),
      ownerSlackId: "U0CSM0001",
      segment: "Enterprise",
    });
  });

  it("lists every bad row with its line number and the reason", () => {
    const result = accounts(
      "external_id,name,arr,renewal_date,owner_slack_id\n" +
        "A1,Acme,abc,2027-01-01,U0CSM0001\n" +
        "A2,,100,2027-02-30,@alice\n" +
        "A3,Fine,100,2027-01-01,U0CSM0001\n" +
        "A1,Again,1,2027-01-01,U0CSM0001\n" +
        "A5,Short\n",
    );

    expect(result.errors).toEqual([
      { line: 2, message: expect.stringMatching(/^arr "abc" must be a non-negative amount/) },
      { line: 3, message: "name is empty (it is required)" },
      { line: 3, message: 'renewal_date "2027-02-30" is not a real calendar date' },
      { line: 3, message: expect.stringMatching(/^owner_slack_id "@alice" must be a Slack user id/) },
      { line: 5, message: "external_id repeats line 2" },
      { line: 6, message: expect.stringMatching(/^has 2 fields, the header has 5/) },
    ]);
  });

  it("refuses unknown and missing columns at the header", () => {
    const result = accounts("external_id,nmae\nA1,Acme\n");

    expect(result.errors.map((e) => e.line)).toEqual([1, 1]);
    expect(result.errors[0]?.message).toMatch(/^unknown column "nmae"/);
    expect(result.errors[1]?.message).toBe('required column "name" is missing');
  });

  it("reports which optional columns the file has, so absent ones are left alone", () => {
    expect(accounts("external_id,name,arr\nA1,Acme,10\n").present).toEqual(["external_id", "name", "arr"]);
  });
});

describe("validateMetrics", () => {
  it("treats an empty cell as unknown, not zero", () => {
    const result = metrics("external_id,date,active_users,nps\nA1,2026-11-01,,40\n");

    expect(result.errors).toEqual([]);
    expect(result.rows[0]?.values).toEqual({ active_users: null, nps: 40 });
  });

  it("checks ranges: NPS is -100..100, adoption a percentage", () => {
    const result = metrics(
      "external_id,date,nps,feature_adoption\nA1,2026-11-01,140,55%\nA1,2026-11-02,-20,101\n",
    );

    expect(result.errors).toEqual([
      { line: 2, message: 'nps "140" must be from -100 to 100' },
      { line: 3, message: 'feature_adoption "101" must be from 0 to 100' },
    ]);
  });

  it("refuses the same account and day twice", () => {
    const result = metrics("external_id,date,nps\nA1,2026-11-01,1\nA1,2026-11-01,2\n");

    expect(result.errors).toEqual([{ line: 3, message: "external_id and date repeats line 2" }]);
  });

  it("refuses a file with no metric columns", () => {
    expect(metrics("external_id,date\nA1,2026-11-01\n").errors[0]?.message).toMatch(/^no metric columns/);
  });
});
