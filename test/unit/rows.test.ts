import { describe, expect, it } from "vitest";
import { type CsvRecord, parseCsv } from "../../src/accounts/csv-parse.js";
import {
  accountsReader,
  metricsReader,
  type RowError,
  type RowReader,
} from "../../src/accounts/row-readers.js";
import { BUILT_IN_CATALOGUE } from "../../src/accounts/signals.js";

/** Reads a whole text through a row reader, as an import does record by record. */
function readAll<Row>(reader: RowReader<Row, unknown, string>, records: CsvRecord[]) {
  const [header, ...body] = records;
  const errors: RowError[] = reader.header(header);
  const rows: Row[] = [];
  if (errors.length > 0) return { rows, errors, present: reader.present };
  for (const record of body) {
    const read = reader.row(record);
    errors.push(...read.errors);
    if (read.row) rows.push(read.row);
  }
  errors.push(...reader.end());
  return { rows, errors, present: reader.present };
}

const accounts = (text: string) => readAll(accountsReader(), parseCsv(text));
const metrics = (text: string) => readAll(metricsReader(BUILT_IN_CATALOGUE), parseCsv(text));

describe("reading accounts.csv rows", () => {
  it("parses a good row, folding spreadsheet habits (thousands separators, full-width digits, slashes in dates)", () => {
    const result = accounts(
      "External ID,Name,Domain,ARR,Currency,Renewal Date,Owner Slack ID,Segment\n" +
        'J-1,株式会社アクメ,https://acme.co.jp/,"¥１２,０００,０００",jpy,2027/3/31,U0CSM0001,Enterprise\n',
    );

    expect(result.errors).toMatchObject([]);
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
        "A5,Short\n",
    );

    expect(result.errors).toMatchObject([
      { line: 2, message: expect.stringMatching(/^arr "abc" must be a non-negative amount/) },
      { line: 3, message: "name is empty (it is required)" },
      { line: 3, message: 'renewal_date "2027-02-30" is not a real calendar date' },
      { line: 3, message: expect.stringMatching(/^owner_slack_id "@alice" must be a Slack user id/) },
      { line: 5, message: expect.stringMatching(/^has 2 fields, the header has 5/) },
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

  it("refuses a currency that is not an ISO 4217 code, naming the line and the column", () => {
    const result = accounts("external_id,name,currency\nA1,Acme,EUR\nA2,Globex,XYZ\nA3,Initech,US\n");

    expect(result.errors).toMatchObject([
      { line: 3, message: 'currency "XYZ" is not an ISO 4217 currency code (such as USD, EUR or JPY)' },
      { line: 4, message: 'currency "US" is not an ISO 4217 currency code (such as USD, EUR or JPY)' },
    ]);
  });

  it("stores names without control characters: tabs and line breaks become spaces, escapes are dropped", () => {
    const result = accounts(
      'external_id,name,segment\nA1,"Acme\tCorp\r\nJapan\u0085KK",\u001b[31mEnterprise\u009b0m\u0007\n',
    );

    expect(result.errors).toMatchObject([]);
    expect(result.rows[0]).toMatchObject({ name: "Acme Corp Japan KK", segment: "[31mEnterprise0m" });
  });

  it("refuses a name longer than 200 characters, and an id longer than 100", () => {
    const result = accounts(
      `external_id,name\nA1,${"n".repeat(201)}\n${"i".repeat(101)},Acme\nA3,${"n".repeat(200)}\n`,
    );

    expect(result.errors).toMatchObject([
      { line: 2, message: expect.stringMatching(/^name "n{40}…" is longer than 200 characters/) },
      { line: 3, message: expect.stringMatching(/^external_id "i{40}…" is longer than 100 characters/) },
    ]);
  });

  it("names the column of a field the CSV reader cut off at its length limit", () => {
    const result = accounts(`external_id,name\nA1,"${"x".repeat(10_001)}"\n`);

    expect(result.errors).toMatchObject([
      {
        line: 2,
        message: expect.stringMatching(/^name is longer than 10,000 characters, the most a field may hold/),
      },
    ]);
  });

  it("shows control characters in a refused cell as escapes, not raw", () => {
    const result = accounts("external_id,name,arr\nA1,Acme,\u001b[2J\n");

    expect(result.errors[0]?.message).toBe(
      'arr "\\u001b[2J" must be a non-negative amount such as 120000 or 120000.50',
    );
  });
});

describe("reading metrics.csv rows", () => {
  it("treats an empty cell as unknown, not zero", () => {
    const result = metrics("external_id,date,active_users,nps\nA1,2026-11-01,,40\n");

    expect(result.errors).toMatchObject([]);
    expect(result.rows[0]?.values).toEqual({ active_users: null, nps: 40 });
  });

  it("checks ranges: NPS is -100..100, adoption a percentage", () => {
    const result = metrics(
      "external_id,date,nps,feature_adoption\nA1,2026-11-01,140,55%\nA1,2026-11-02,-20,101\n",
    );

    expect(result.errors).toMatchObject([
      { line: 2, message: 'nps "140" must be a whole number from -100 to 100' },
      { line: 3, message: 'feature_adoption "101" must be a number from 0 to 100' },
    ]);
  });

  it("refuses a file with no metric columns", () => {
    expect(metrics("external_id,date\nA1,2026-11-01\n").errors[0]?.message).toMatch(/^no metric columns/);
  });

  it("refuses a header with no rows", () => {
    expect(metrics("external_id,date,nps\n").errors).toMatchObject([
      { line: 1, message: "the file has a header but no rows" },
    ]);
  });
});
