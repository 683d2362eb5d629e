import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { CsvUnencodable, csvCell, csvLine, formatCsv, writeCsvFile } from "../../src/csv-write.js";

describe("writing CSV cells", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","Click")', `"'=HYPERLINK(""http://evil.example"",""Click"")"`],
    ["+1+cmd|' /C calc'!A0", `"'+1+cmd|' /C calc'!A0"`],
    ["-2+3", `"'-2+3"`],
    ["@SUM(A1:A9)", `"'@SUM(A1:A9)"`],
    ["\t=1+1", `"'\t=1+1"`],
    ["\r=1+1", `"'\r=1+1"`],
    ["＝1+1", `"'＝1+1"`],
  ])("neutralises text that a spreadsheet would run as a formula: %j", (text, written) => {
    expect(csvCell(text)).toBe(written);
  });

  it("writes numbers as numbers, negative ones included, and text that looks like one as text", () => {
    expect(csvLine([-1200, 0.5, "-1200"])).toBe(`-1200,0.5,"'-1200"`);
  });

  it("leaves ordinary text alone, quoting only what RFC 4180 requires", () => {
    expect(
      csvLine(["Acme Corp", 'On it, "today"', "a=b", null, undefined, new Date("2026-11-01T09:00:00Z")]),
    ).toBe(`Acme Corp,"On it, ""today""",a=b,,,2026-11-01T09:00:00.000Z`);
  });

  it("neutralises the header as well as the rows, in a file with a BOM and CRLF line ends", () => {
    expect(formatCsv(["name", "=x"], [["@a", 1]])).toBe(`\uFEFFname,"'=x"\r\n"'@a",1\r\n`);
  });
});

describe("writeCsvFile", () => {
  it("streams rows to a file as formatCsv writes them, and counts them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kuroko-csv-"));
    try {
      const file = join(dir, "out.csv");
      async function* rows() {
        yield ["=1+1", -3] as const;
        yield ["plain", 4] as const;
      }

      const count = await writeCsvFile(file, ["comment", "amount"], rows());

      expect(count).toBe(2);
      expect(readFileSync(file, "utf8")).toBe(
        formatCsv(
          ["comment", "amount"],
          [
            ["=1+1", -3],
            ["plain", 4],
          ],
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("writeCsvFile in CP932", () => {
  it("writes CP932 bytes, CRLF and no BOM, that decode to formatCsv's text", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kuroko-csv-"));
    try {
      const file = join(dir, "out.csv");
      const rows = [["株式会社アクメ①", "～ー", "=1+1", 1200]];

      expect(await writeCsvFile(file, ["name", "note", "formula", "arr"], rows, { encoding: "cp932" })).toBe(
        1,
      );

      const bytes = readFileSync(file);
      expect(iconv.decode(bytes, "cp932")).toBe(formatCsv(["name", "note", "formula", "arr"], rows).slice(1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names each character CP932 cannot hold by the line its record starts on and its column, leaving no file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kuroko-csv-"));
    try {
      const file = join(dir, "out.csv");
      const rows = [
        ["fine", "two\nlines"],
        ["𠮷野家", "🍣 and 🍣"],
        ["Café", "ok"],
      ];

      const refusal = await writeCsvFile(file, ["name", "comment"], rows, { encoding: "cp932" }).catch(
        (e) => e,
      );

      expect(refusal).toBeInstanceOf(CsvUnencodable);
      expect((refusal as CsvUnencodable).characters).toEqual([
        { line: 4, column: "name", character: "𠮷" },
        { line: 4, column: "comment", character: "🍣" },
        { line: 5, column: "name", character: "é" },
      ]);
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
