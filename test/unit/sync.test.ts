import { describe, expect, it } from "vitest";
import { parseSourcesFile, SourcesFileError, selectSources } from "../../src/sync/sources.js";
import { readStatementProblem, statementText } from "../../src/sync/statement.js";
import { cellOf, planColumns, rowOf } from "../../src/sync/values.js";

const ENV = { WAREHOUSE_URL: "postgresql://reader:secret@db.example.com:5432/warehouse" };
const source = (fields: Record<string, unknown> = {}) => ({
  name: "crm",
  kind: "accounts",
  url_env: "WAREHOUSE_URL",
  query: "SELECT id AS external_id, name FROM accounts",
  ...fields,
});

function problems(input: unknown, env: Record<string, string> = ENV): string[] {
  try {
    parseSourcesFile(input, "sources.yaml", env);
  } catch (error) {
    if (error instanceof SourcesFileError) return error.problems;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("the sources file", () => {
  it("reads each source with its URL from the environment, a rename map and a time-out", () => {
    const [crm, usage] = parseSourcesFile(
      {
        sources: [
          source({ columns: { id: "external_id" }, timeout: "90s" }),
          { ...source({ name: "usage", kind: "metrics", query: "SELECT 1;\n-- done\n" }), timeout: 5 },
        ],
      },
      "sources.yaml",
      ENV,
    );

    expect(crm).toEqual({
      name: "crm",
      kind: "accounts",
      urlEnv: "WAREHOUSE_URL",
      url: ENV.WAREHOUSE_URL,
      query: "SELECT id AS external_id, name FROM accounts",
      columns: { id: "external_id" },
      timeoutMs: 90_000,
    });
    expect([usage?.query, usage?.timeoutMs, usage?.columns]).toEqual(["SELECT 1", 5_000, {}]);
  });

  it("defaults the time-out to 60 s", () => {
    expect(parseSourcesFile({ sources: [source()] }, "s.yaml", ENV)[0]?.timeoutMs).toBe(60_000);
  });

  it("lists every problem with where it is", () => {
    expect(
      problems({
        sources: [
          source({ kind: "deals", timeout: "forever" }),
          source({ url_env: "postgresql://x@y/z", query: "DELETE FROM accounts" }),
          source({ name: "bi", columns: { a: "name", b: "name" } }),
        ],
      }),
    ).toEqual([
      "sources[0].kind: must be one of accounts, metrics, outcomes",
      expect.stringMatching(/^sources\[0\]\.timeout: must be from 1 s to 30 min/),
      expect.stringMatching(
        /^sources\[1\]\.url_env: must name an environment variable .*never the URL itself/,
      ),
      expect.stringMatching(/^sources\[1\]\.query: begins with DELETE: a source runs one read statement/),
      'sources[2].columns.b: maps to "name", as "a" does: each field takes one column',
    ]);
  });

  it("refuses two sources of one name", () => {
    expect(problems({ sources: [source(), source({ kind: "metrics" })] })).toEqual([
      'sources[1].name: "crm" is named twice',
    ]);
  });

  it("refuses a URL or password written in the file", () => {
    expect(problems({ sources: [source({ url: "postgresql://reader:secret@db/warehouse" })] })).toEqual([
      expect.stringMatching(/^sources\[0\]: never put a database URL or password in the file/),
    ]);
  });

  it("refuses a URL variable not set, or not a postgresql:// URL, naming the variable", () => {
    expect(
      problems(
        { sources: [source(), source({ name: "bi", url_env: "BI_URL" })] },
        { WAREHOUSE_URL: "mysql://db/x" },
      ),
    ).toEqual([
      "sources[0].url_env: WAREHOUSE_URL does not hold a postgresql:// URL (crm reads a PostgreSQL-compatible database)",
      "sources[1].url_env: BI_URL is not set in the environment (bi's database URL)",
    ]);
  });

  it("refuses an empty file", () => {
    expect(problems(null)).toEqual([expect.stringMatching(/^the file is empty/)]);
  });

  it("runs accounts first, then metrics and outcomes, in the file's order within each", () => {
    const sources = parseSourcesFile(
      {
        sources: [
          source({ name: "usage", kind: "metrics" }),
          source({ name: "churn", kind: "outcomes" }),
          source({ name: "crm" }),
          source({ name: "tickets", kind: "metrics" }),
        ],
      },
      "s.yaml",
      ENV,
    );

    expect(selectSources(sources).map((s) => s.name)).toEqual(["crm", "usage", "tickets", "churn"]);
    expect(selectSources(sources, "tickets").map((s) => s.name)).toEqual(["tickets"]);
    expect(() => selectSources(sources, "tix")).toThrow(
      'No source is named "tix": the sources are usage, churn, crm, tickets.',
    );
  });
});

describe("a source's statement", () => {
  it.each([
    "SELECT * FROM accounts",
    "  with recent AS (SELECT 1) SELECT * FROM recent",
    "(SELECT 1) UNION (SELECT 2)",
    "VALUES (1, 'a')",
    "TABLE accounts",
    "SELECT 'DELETE FROM x; INSERT' AS note, \"update\" FROM t -- UPDATE later; really\n",
    "SELECT $$ ; DROP TABLE x $$, $tag$ INTO $tag$ /* DELETE; */ FROM t;",
  ])("takes a read statement: %s", (sql) => {
    expect(readStatementProblem(sql)).toBeUndefined();
  });

  it.each([
    ["UPDATE accounts SET arr = 0", /^begins with UPDATE/],
    ["SELECT 1; DELETE FROM accounts", /^holds more than one statement/],
    [
      "WITH gone AS (DELETE FROM accounts RETURNING *) SELECT * FROM gone",
      /^contains DELETE: a source only reads/,
    ],
    ["SELECT * FROM accounts FOR UPDATE", /^contains UPDATE/],
    ["SELECT * INTO copy FROM accounts", /^contains INTO/],
    ["-- nothing but a comment\n", /^is empty/],
    ["CALL refresh()", /^begins with CALL/],
  ])("refuses %s", (sql, problem) => {
    expect(readStatementProblem(sql)).toMatch(problem);
  });

  it("is sent without its trailing semicolons and comments", () => {
    expect(statementText("SELECT ';' AS x ;  -- the end\n")).toBe("SELECT ';' AS x");
  });
});

describe("a warehouse value", () => {
  it.each([
    ["42", 23, 42],
    ["9007199254740993", 20, "9007199254740993"],
    ["1200000.50", 1700, "1200000.5"],
    ["3.000", 1700, "3"],
    ["120", 1700, "120"],
    ["37.5", 701, 37.5],
    ["1e-07", 701, "0.0000001"],
    ["2026-11-23", 1082, "2026-11-23"],
    ["2026-11-23 09:30:00", 1114, "2026-11-23"],
    ["2026-11-23 05:30:00+09", 1184, "2026-11-23"],
    ["t", 16, "true"],
    ["Globex", 25, "Globex"],
    [null, 23, null],
  ] as const)("%s (type %i) becomes %j", (text, type, cell) => {
    expect(cellOf(text, type)).toEqual(cell);
  });

  it("renames columns to Kuroko's fields", () => {
    const plan = planColumns(
      [
        { name: "Account ID", dataTypeID: 25 },
        { name: "arr", dataTypeID: 1700 },
      ],
      { "Account ID": "external_id" },
    );

    expect(plan.ok && rowOf(plan.fields, ["001A", "10.00"])).toEqual({ external_id: "001A", arr: "10" });
  });

  it("refuses columns with no one cell, a rename of no column, and two columns on one field", () => {
    const plan = planColumns(
      [
        { name: "id", dataTypeID: 25 },
        { name: "external_id", dataTypeID: 25 },
        { name: "tags", dataTypeID: 1009 },
        { name: "raw", dataTypeID: 3802 },
      ],
      { id: "external_id", Name: "name" },
    );

    expect(plan.ok ? [] : plan.problems).toEqual([
      'columns.Name: the query has no column "Name" (its columns: id, external_id, tags, raw)',
      'columns "id" and "external_id" both become "external_id": map one of them elsewhere',
      'column "tags" is an array: Kuroko takes text, numbers and dates; cast it in the query (e.g. tags::text)',
      'column "raw" is jsonb: Kuroko takes text, numbers and dates; cast it in the query (e.g. raw::text)',
    ]);
  });
});
