import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { CsvSyntaxError, decodeText, parseCsv } from "../../src/accounts/csv.js";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and knows each record's first line", () => {
    const text =
      'external_id,name,notes\r\nA1,"Acme, Inc.","said ""hi""\r\non two lines"\r\n\r\nA2,Globex,plain\r\n';

    const records = parseCsv(text);

    expect(records).toEqual([
      { line: 1, fields: ["external_id", "name", "notes"] },
      { line: 2, fields: ["A1", "Acme, Inc.", 'said "hi"\r\non two lines'] },
      { line: 5, fields: ["A2", "Globex", "plain"] },
    ]);
  });

  it("keeps a last record that has no final line break", () => {
    expect(parseCsv("a,b\n1,2")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });

  it("keeps empty fields", () => {
    expect(parseCsv("a,b,c\n1,,\n")[1]?.fields).toEqual(["1", "", ""]);
  });

  it("reports a quote that is never closed at the line it opens", () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\nstill open\n')).toThrow(
      expect.objectContaining({ line: 3, message: "line 3: a quoted field is never closed" }),
    );
  });

  it("refuses text after a closing quote", () => {
    expect(() => parseCsv('a,b\n"x"y,2\n')).toThrow(CsvSyntaxError);
  });
});

describe("decodeText", () => {
  it("reads UTF-8 with a byte-order mark, dropping the mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("name\n株式会社アクメ\n")]);

    expect(decodeText(bytes)).toEqual({ text: "name\n株式会社アクメ\n", encoding: "utf8" });
  });

  it("reads UTF-8 without a byte-order mark", () => {
    expect(decodeText(new TextEncoder().encode("Acme Corp,株式会社アクメ")).text).toBe(
      "Acme Corp,株式会社アクメ",
    );
  });

  it("detects Shift_JIS (CP932), what Japanese Excel writes by default", () => {
    const bytes = iconv.encode("external_id,name\nJ1,株式会社アクメ（東京）\n", "cp932");

    expect(decodeText(bytes)).toEqual({
      text: "external_id,name\nJ1,株式会社アクメ（東京）\n",
      encoding: "cp932",
    });
  });

  it("decodes CP932-only characters such as circled numbers and the NEC row-13 symbols", () => {
    const bytes = iconv.encode("①㈱髙橋", "cp932");

    expect(decodeText(bytes, "cp932").text).toBe("①㈱髙橋");
  });
});
