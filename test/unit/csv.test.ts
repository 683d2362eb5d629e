import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/accounts/csv.js";
import { CsvDecoder, decodeText } from "../../src/accounts/csv-decode.js";
import {
  CSV_LIMITS,
  CsvParser,
  type CsvRecord,
  CsvSyntaxError,
  parseCsv,
} from "../../src/accounts/csv-parse.js";

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

describe("CsvParser, reading a stream piece by piece", () => {
  const tricky =
    'id,name,note\r\nA1,"Acme, ""Inc.""","two\r\nlines"\r\n\r\nA2,Globex,\rA3,"",x\nA4,"q""",""""\n';

  it("finds the same records however the text is cut into pieces", () => {
    const whole = parseCsv(tricky);

    for (let cut = 1; cut < tricky.length; cut++) {
      const parser = new CsvParser();
      const records = [
        ...parser.push(tricky.slice(0, cut)),
        ...parser.push(tricky.slice(cut)),
        ...parser.end(),
      ];
      expect(records, `cut at ${cut}`).toEqual(whole);
    }
    const oneByOne = new CsvParser();
    const records = [...[...tricky].flatMap((ch) => oneByOne.push(ch)), ...oneByOne.end()];
    expect(records).toEqual(whole);
  });

  it("drops a field longer than 10,000 characters, saying which, and goes on with the next record", () => {
    const records = parseCsv(`a,b\n1,${"x".repeat(10_001)}\n2,"${"y\n".repeat(6_000)}"\n3,ok\n`);

    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", ""], longField: 1 },
      { line: 3, fields: ["2", ""], longField: 1 },
      { line: 6_004, fields: ["3", "ok"] },
    ]);
  });

  it("keeps a field of exactly 10,000 characters", () => {
    expect(parseCsv(`a\n${"x".repeat(10_000)}\n`)[1]?.fields[0]).toHaveLength(10_000);
  });

  it("keeps at most 100 fields of a record, saying there were more", () => {
    const [record] = parseCsv(`${",".repeat(150)}\n`);

    expect(record?.fields).toHaveLength(100);
    expect(record?.tooManyFields).toBe(true);
  });
});

describe("CsvDecoder, decoding a stream piece by piece", () => {
  const pieces = (bytes: Uint8Array, size: number) =>
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    );

  it("decodes UTF-8 characters cut between pieces", () => {
    const bytes = new TextEncoder().encode("name\n株式会社アクメ\n");
    const decoder = new CsvDecoder();

    const text =
      pieces(bytes, 1)
        .map((p) => decoder.write(p))
        .join("") + decoder.end();

    expect(text).toBe("name\n株式会社アクメ\n");
    expect(decoder.encoding).toBe("utf8");
  });

  it("detects Shift_JIS from the first non-ASCII bytes, even after 100 KB of ASCII", () => {
    const text = `id,name\n${"A1,Acme\n".repeat(13_000)}J1,株式会社アクメ（東京）\n`;
    const decoder = new CsvDecoder();

    const decoded =
      pieces(iconv.encode(text, "cp932"), 4096)
        .map((p) => decoder.write(p))
        .join("") + decoder.end();

    expect(decoder.encoding).toBe("cp932");
    expect(decoded).toBe(text);
  });

  it("refuses bytes that are not UTF-8 in a file that read as UTF-8 so far, instead of garbling them", () => {
    const bytes = Buffer.concat([
      new TextEncoder().encode(`id,name\nJ1,株式会社\n${"A,B\n".repeat(20_000)}`),
      iconv.encode("J2,アクメ\n", "cp932"),
    ]);
    const decoder = new CsvDecoder();

    expect(() => {
      for (const piece of pieces(bytes, 4096)) decoder.write(piece);
      decoder.end();
    }).toThrow(/not UTF-8.*--encoding sjis/);
  });
});

describe("readCsv", () => {
  async function* oneBigPiece(size: number) {
    yield Buffer.alloc(size, "a");
  }

  it("refuses a file over 100 MB as soon as it has read that much, naming the limit", async () => {
    const reading = readCsv(oneBigPiece(CSV_LIMITS.fileBytes + 1));

    await expect(async () => {
      for await (const _ of reading.batches());
    }).rejects.toThrow(
      "line 1: the file is larger than 100 MB, the most one import reads: split it into smaller files",
    );
  });

  it("reads a stream into the same records as the whole text", async () => {
    const text = 'id,name\r\nA1,"Acme,\r\nInc."\r\nA2,株式会社アクメ\r\n';
    async function* bytes() {
      for (const piece of [...new TextEncoder().encode(text)]) yield new Uint8Array([piece]);
    }

    const batches: CsvRecord[][] = [];
    for await (const batch of readCsv(bytes()).batches()) batches.push(batch);

    expect(batches.flat()).toEqual(parseCsv(text));
  });
});
