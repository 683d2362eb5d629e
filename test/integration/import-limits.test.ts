import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ImportRejected, importAccounts, importMetrics, openImportFile } from "../../src/accounts/import.js";
import { listAccounts } from "../../src/accounts/repository.js";
import { useDatabase } from "../support/harness.js";

/** Imports read files as streams, bounded whatever the file: these are the limits and what they say. */
const t = useDatabase({ resetEachTest: true });

const utf8 = (text: string) => new TextEncoder().encode(text);

async function rejection(run: Promise<unknown>): Promise<ImportRejected> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error("expected the import to be refused");
}

/** Bytes handed out in small pieces, as a file stream does, counting what was asked for. */
function stream(bytes: Uint8Array, size = 1000) {
  const seen = { pieces: 0 };
  async function* pieces() {
    for (let start = 0; start < bytes.length; start += size) {
      seen.pieces++;
      yield bytes.subarray(start, start + size);
    }
  }
  return { source: pieces(), seen };
}

const accountLines = (count: number, row: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => row(i)).join("\n");

describe("an import's problems", () => {
  it("lists the first 100 by line and counts the rest", async () => {
    const bad = 12_345;
    // Every other row bad, then 100 good ones.
    const csv = `external_id,name,arr\n${accountLines(2 * bad + 100, (i) => (i % 2 === 1 && i < 2 * bad ? `A${i},Bad,minus` : `A${i},Fine,1`))}\n`;

    const refused = await rejection(importAccounts(t.db.prisma, stream(utf8(csv), 4096).source));

    expect(refused.total).toBe(bad);
    expect(refused.errors).toHaveLength(100);
    expect(refused.errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^arr "minus"/) });
    expect(refused.errors[99]?.line).toBe(201);
    expect(refused.message).toMatch(/^Refused: 12,345 problems; nothing was imported\.\n/);
    expect(refused.message).toMatch(/\n {2}line 201: arr "minus" .*\n {2}… and 12,245 more problems$/);
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("merges the checks across rows into the first 100 by line, counting every problem once", async () => {
    await importAccounts(t.db.prisma, utf8("external_id,name\nA1,Acme\n"));
    const rows = Array.from({ length: 300 }, (_, i) => {
      if (i % 3 === 0) return `NOPE${i},2026-11-01,1`; // no such account
      if (i % 3 === 1) return "A1,2026-11-01,1"; // the same day again (after the first)
      return "A1,2026-11-02,900"; // NPS out of range; also repeats after the first
    });

    const refused = await rejection(
      importMetrics(t.db.prisma, utf8(`external_id,date,nps\n${rows.join("\n")}\n`)),
    );

    // 100 unknown accounts, 99 repeated days of each kind, 100 NPS out of range.
    expect(refused.total).toBe(100 + 99 + 99 + 100);
    expect(refused.errors.map((e) => e.line)).toEqual(
      [...refused.errors.map((e) => e.line)].sort((a, b) => a - b),
    );
    expect(refused.errors.slice(0, 6)).toMatchObject([
      { line: 2, message: 'no account has external_id "NOPE0" (import accounts first)' },
      { line: 4, message: 'nps "900" must be a whole number from -100 to 100' },
      { line: 5, message: 'no account has external_id "NOPE3" (import accounts first)' },
      { line: 6, message: "external_id and date repeat line 3" },
      { line: 7, message: 'nps "900" must be a whole number from -100 to 100' },
      { line: 7, message: "external_id and date repeat line 4" },
    ]);
    expect(await t.db.prisma.metricSample.count()).toBe(0);
  });

  it("writes nothing when a bad row comes after thousands of good ones", async () => {
    const csv = `external_id,name\n${accountLines(5_000, (i) => `A${i},Account ${i}`)}\nA-LAST,\n`;

    const refused = await rejection(importAccounts(t.db.prisma, stream(utf8(csv), 8192).source));

    expect(refused.errors).toMatchObject([{ line: 5_002, message: "name is empty (it is required)" }]);
    expect(await t.db.prisma.account.count()).toBe(0);
  });
});

describe("the limits of one import", () => {
  it("refuses a field over 10,000 characters, naming its line and column, and reads on", async () => {
    const csv = `external_id,name,segment\nA1,Acme,SMB\nA2,"${"G\n".repeat(100_000)}",SMB\nA3,,SMB\n`;

    const refused = await rejection(importAccounts(t.db.prisma, utf8(csv)));

    expect(refused.errors).toMatchObject([
      {
        line: 3,
        message: "name is longer than 10,000 characters, the most a field may hold (a quote never closed?)",
      },
      { line: 100_004, message: "name is empty (it is required)" },
    ]);
  });

  it("refuses a quote never closed at the line it opens", async () => {
    const csv = `external_id,name,segment\nA1,Acme,SMB\nA2,"Globex,SMB\n${"A3,Initech,SMB\n".repeat(1_000)}`;

    const refused = await rejection(importAccounts(t.db.prisma, utf8(csv)));

    expect(refused.errors).toMatchObject([{ line: 3, message: "a quoted field is never closed" }]);
  });

  it("refuses a stream over 100 MB when it gets there, reading no further", async () => {
    let piecesAsked = 0;
    async function* endless() {
      for (;;) {
        piecesAsked++;
        yield piecesAsked === 1 ? utf8("external_id,name\n") : new Uint8Array(100_000_000).fill(0x41);
      }
    }

    const refused = await rejection(importAccounts(t.db.prisma, endless()));

    expect(refused.errors).toMatchObject([
      {
        line: 2,
        message: "the file is larger than 100 MB, the most one import reads: split it into smaller files",
      },
    ]);
    expect(piecesAsked).toBe(2);
  });

  it("refuses a file over 100 MB before reading it", () => {
    const dir = mkdtempSync(join(tmpdir(), "kuroko-import-"));
    try {
      const file = join(dir, "huge.csv");
      writeFileSync(file, "");
      truncateSync(file, 100_000_001);

      expect(() => openImportFile(file)).toThrow(
        `${file} is 101 MB, larger than 100 MB, the most one import reads: split it into smaller files. Nothing was imported.`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a streamed import", () => {
  it("imports a file read in small pieces as it would the whole, Shift_JIS detected after 100 KB of ASCII", async () => {
    const csv = `external_id,name,currency\r\n${accountLines(5_000, (i) => `A${i},Account ${i},USD`)}\r\nJ1,株式会社アクメ,JPY\r\n`;

    const summary = await importAccounts(t.db.prisma, stream(iconv.encode(csv, "cp932"), 777).source);

    expect(summary).toMatchObject({ rows: 5_001, created: 5_001, encoding: "cp932" });
    const acme = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "J1" } });
    expect(acme).toMatchObject({ name: "株式会社アクメ", currency: "JPY" });
  });

  it("refuses an unknown currency, naming the line and the column", async () => {
    const refused = await rejection(
      importAccounts(t.db.prisma, utf8("external_id,name,currency\nA1,Acme,usd\nA2,Globex,XYZ\n")),
    );

    expect(refused.errors).toMatchObject([
      { line: 3, message: 'currency "XYZ" is not an ISO 4217 currency code (such as USD, EUR or JPY)' },
    ]);
  });

  it("stores names and segments without control characters", async () => {
    await importAccounts(
      t.db.prisma,
      utf8('external_id,name,segment\nA1,"\u001b]0;pwned\u0007Acme\r\nCorp\tKK",\u009b31mSMB\n'),
    );

    expect(await listAccounts(t.db.prisma)).toMatchObject([
      { name: "]0;pwnedAcme Corp KK", segment: "31mSMB" },
    ]);
  });

  it("stores names without the marks that reorder how text reads (bidi overrides and isolates)", async () => {
    await importAccounts(t.db.prisma, utf8("external_id,name\nA1,bidi\u202egnp.exe \u2066x\u2069\n"));

    expect(await listAccounts(t.db.prisma)).toMatchObject([{ name: "bidignp.exe x" }]);
  });
});
