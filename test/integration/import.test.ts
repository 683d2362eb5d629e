import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ImportRejected, importAccounts, importMetrics, importOutcomes } from "../../src/accounts/import.js";
import { listAccounts } from "../../src/accounts/repository.js";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { useDatabase } from "../support/harness.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

const t = useDatabase({ resetEachTest: true });

const ACCOUNTS =
  "external_id,name,domain,arr,currency,renewal_date,owner_slack_id,segment\n" +
  'A-1,"Acme, Corp",acme.com,120000,USD,2027-01-31,U0CSM0001,Enterprise\n' +
  "A-2,Globex,globex.com,5000,USD,,U0CSM0002,SMB\n";

async function rejection(run: Promise<unknown>): Promise<ImportRejected> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error("expected the import to be refused");
}

describe("importing accounts", () => {
  it("creates accounts, then updates them by external id on a second import", async () => {
    const first = await importAccounts(t.db.prisma, utf8(ACCOUNTS));
    const second = await importAccounts(
      t.db.prisma,
      utf8("external_id,name,arr\nA-1,Acme Corp,130000\nA-3,Initech,1\n"),
    );

    expect(first).toMatchObject({ rows: 2, created: 2, updated: 0 });
    expect(second).toMatchObject({ rows: 2, created: 1, updated: 1 });
    const acme = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "A-1" } });
    expect(acme.name).toBe("Acme Corp");
    expect(acme.arr.toNumber()).toBe(130_000);
    // Columns the second file lacks were left as they were.
    expect(acme.domain).toBe("acme.com");
    expect(acme.ownerSlackId).toBe("U0CSM0001");
  });

  it("refuses a file with bad rows as a whole, listing each line, and writes nothing", async () => {
    await importAccounts(t.db.prisma, utf8(ACCOUNTS));
    const before = await listAccounts(t.db.prisma);

    const refused = await rejection(
      importAccounts(t.db.prisma, utf8("external_id,name,arr\nA-1,Changed,1\nA-9,New,lots\nA-10,,5\n")),
    );

    expect(refused.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(await listAccounts(t.db.prisma)).toEqual(before);
  });

  it("refuses an external_id given twice, naming the first line, and writes nothing", async () => {
    const refused = await rejection(
      importAccounts(
        t.db.prisma,
        utf8("external_id,name,arr\nA1,Acme,1\nA2,Globex,x\nA1,Again,1\nA2,Twice,2\n"),
      ),
    );

    expect(refused.errors).toMatchObject([
      { line: 3, message: expect.stringMatching(/^arr "x" must be/) },
      { line: 4, message: "external_id repeats line 2" },
      { line: 5, message: "external_id repeats line 3" },
    ]);
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("reads a Shift_JIS file from Japanese Excel, with Japanese names and a quoted line break", async () => {
    const csv =
      'external_id,name,arr,currency\r\nJ-1,株式会社アクメ,"12,000,000",JPY\r\nJ-2,"(株)さくら\r\n物流",500,JPY\r\n';

    const summary = await importAccounts(t.db.prisma, iconv.encode(csv, "cp932"));

    expect(summary.encoding).toBe("cp932");
    const names = (await listAccounts(t.db.prisma)).map((a) => a.name);
    expect(names).toEqual(["(株)さくら 物流", "株式会社アクメ"]);
  });

  it('reads UTF-8 with a byte-order mark (Excel\'s "CSV UTF-8")', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("external_id,name\nJ-1,株式会社アクメ\n")]);

    await importAccounts(t.db.prisma, bytes);

    expect((await listAccounts(t.db.prisma))[0]?.name).toBe("株式会社アクメ");
  });
});

describe("importing metrics", () => {
  it("merges a day's metrics: an empty cell keeps the stored value", async () => {
    await importAccounts(t.db.prisma, utf8(ACCOUNTS));
    await importMetrics(t.db.prisma, utf8("external_id,date,active_users,nps\nA-1,2026-11-01,40,30\n"));

    await importMetrics(t.db.prisma, utf8("external_id,date,active_users,nps\nA-1,2026-11-01,,35\n"));

    const sample = await t.db.prisma.metricSample.findFirstOrThrow();
    expect(sample.metrics).toEqual({ active_users: 40, nps: 35 });
  });

  it("refuses rows for accounts that do not exist, naming them, and writes nothing", async () => {
    await importAccounts(t.db.prisma, utf8(ACCOUNTS));

    const refused = await rejection(
      importMetrics(t.db.prisma, utf8("external_id,date,nps\nA-1,2026-11-01,10\nNOPE,2026-11-01,10\n")),
    );

    expect(refused.errors).toMatchObject([
      { line: 3, message: 'no account has external_id "NOPE" (import accounts first)' },
    ]);
    expect(await t.db.prisma.metricSample.count()).toBe(0);
  });

  it("refuses the same account and day twice", async () => {
    await importAccounts(t.db.prisma, utf8(ACCOUNTS));

    const refused = await rejection(
      importMetrics(t.db.prisma, utf8("external_id,date,nps\nA-1,2026-11-01,1\nA-1,2026-11-01,2\n")),
    );

    expect(refused.errors).toMatchObject([{ line: 3, message: "external_id and date repeat line 2" }]);
  });

  it("imports thousands of rows in one go, reporting progress", async () => {
    const ids = Array.from({ length: 2_500 }, (_, i) => `B-${i}`);
    await importAccounts(
      t.db.prisma,
      utf8(`external_id,name\n${ids.map((id) => `${id},Account ${id}`).join("\n")}\n`),
    );
    const progress: number[] = [];

    const summary = await importMetrics(
      t.db.prisma,
      utf8(`external_id,date,active_users\n${ids.map((id, i) => `${id},2026-11-01,${i}`).join("\n")}\n`),
      { onProgress: (done) => progress.push(done) },
    );

    expect(summary.rows).toBe(2_500);
    expect(progress).toEqual([1_000, 2_000, 2_500]);
    expect(await t.db.prisma.metricSample.count()).toBe(2_500);
  });
});

describe("seeding the demo portfolio", () => {
  it("loads Acme Corp among ~200 accounts with 90 days of history, and changes nothing when run twice", async () => {
    const today = new Date("2026-11-22T00:00:00Z");

    const first = await seedDemo(t.db.prisma, { accounts: 200, today, model: defaultHealthModel() });
    const second = await seedDemo(t.db.prisma, { accounts: 200, today, model: defaultHealthModel() });

    expect(first).toMatchObject({ accounts: 200, created: 200, updated: 0 });
    expect(second).toMatchObject({ accounts: 200, created: 0, updated: 200 });
    expect(await t.db.prisma.account.count()).toBe(200);
    const acme = await t.db.prisma.account.findFirstOrThrow({
      where: { name: "Acme Corp" },
      include: { metrics: true },
    });
    const days = acme.metrics.map((m) => m.date.getTime());
    expect((Math.max(...days) - Math.min(...days)) / 86_400_000).toBe(90);
    expect(await t.db.prisma.metricSample.count()).toBe(first.samples);
  });
});

describe("the example files shipped in src/accounts/examples", () => {
  const example = (name: string) =>
    readFileSync(new URL(`../../src/accounts/examples/${name}`, import.meta.url));

  it("import cleanly, in UTF-8 and in Shift_JIS alike", async () => {
    const utf = await importAccounts(t.db.prisma, example("accounts.csv"));
    const sjis = await importAccounts(t.db.prisma, example("accounts-shift-jis.csv"));
    const metrics = await importMetrics(t.db.prisma, example("metrics.csv"));
    const long = await importMetrics(t.db.prisma, example("metrics-long.csv"));
    const outcomes = await importOutcomes(t.db.prisma, example("outcomes.csv"));

    expect(utf).toMatchObject({ rows: 5, created: 5, encoding: "utf8" });
    expect(sjis).toMatchObject({ rows: 5, updated: 5, encoding: "cp932" });
    expect(metrics.rows).toBe(5);
    expect(long.rows).toBe(5);
    expect(outcomes).toMatchObject({ rows: 3, created: 3, updated: 0 });
    expect((await listAccounts(t.db.prisma)).map((a) => a.name)).toContain("株式会社アクメ");
  });
});

describe("empty cells in accounts.csv", () => {
  it("keep the stored ARR and currency (a new account gets 0 USD), and clear the other columns", async () => {
    await importAccounts(
      t.db.prisma,
      utf8("external_id,name,arr,currency,segment\nE-1,Existing,5000,EUR,SMB\n"),
    );

    await importAccounts(
      t.db.prisma,
      utf8("external_id,name,arr,currency,segment\nE-1,Existing,,,\nE-2,New,,,\n"),
    );

    const [existing, created] = await listAccounts(t.db.prisma);
    expect(existing).toMatchObject({ name: "Existing", arr: 5000, currency: "EUR", segment: null });
    expect(created).toMatchObject({ name: "New", arr: 0, currency: "USD" });
  });
});
