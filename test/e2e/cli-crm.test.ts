import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { openDatabase } from "../../src/db/database.js";
import { FakeSlack } from "../support/fake-slack.js";

/**
 * CRM exports imported as they are downloaded, through the real CLI on its own embedded
 * database, with owners looked up by e-mail in a fake Slack on 127.0.0.1.
 */
const FIXTURES = new URL("../fixtures/crm/", import.meta.url).pathname;
const NOW = new Date("2026-06-01T00:30:00Z");

let dir: string;
let fake: FakeSlack;
let env: Record<string, string>;

async function kuroko(extra: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { ...env, ...extra },
    now: () => NOW,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const slack = () => ({ SLACK_BOT_TOKEN: "xoxb-crm-test", SLACK_API_URL: fake.apiUrl });
const withSlack = (...argv: string[]) => kuroko(slack(), ...argv);

async function accounts() {
  const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
  try {
    return await db.prisma.account.findMany({ orderBy: { externalId: "asc" } });
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kuroko-crm-"));
  env = { KUROKO_DATA_DIR: join(dir, "data"), KUROKO_TIMEZONE: "Asia/Tokyo" };
  fake = await new FakeSlack().start();
  fake.users.set("U0CSM0001", { name: "hana.sato", realName: "Hana Sato", email: "hana.sato@example.com" });
  fake.users.set("U0CSM0002", {
    name: "leo.martin",
    realName: "Leo Martin",
    email: "leo.martin@example.com",
  });
  fake.users.set("U0CSM0003", {
    name: "yuki.tanaka",
    realName: "Yuki Tanaka",
    email: "yuki.tanaka@example.com",
  });
});
afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

describe("kuroko import accounts --mapping", () => {
  it("imports a Salesforce account report with English headers (UTF-8 with BOM), owners found by e-mail once each", {
    timeout: 60_000,
  }, async () => {
    const result = await withSlack(
      "import",
      "accounts",
      `${FIXTURES}salesforce-accounts.csv`,
      "--mapping",
      "salesforce",
    );

    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Imported 3 accounts .*\(3 new, 0 updated\)/);
    expect(result.out).toContain(
      "Read with the mapping salesforce; 6 columns ignored: Account Owner, Rating, Last Activity, Last Modified Date, Billing State/Province, Industry.",
    );
    const stored = await accounts();
    expect(
      stored.map((a) => [
        a.externalId,
        a.name,
        a.domain,
        Number(a.arr),
        a.currency,
        a.ownerSlackId,
        a.segment,
      ]),
    ).toEqual([
      [
        "0015g00000CONTSO",
        "Contoso, Ltd.",
        "contoso.example",
        850000,
        "USD",
        "U0CSM0002",
        "Customer - Channel",
      ],
      [
        "0015g00000FABRKM",
        "Fabrikam Inc",
        "www.fabrikam.example",
        0,
        "EUR",
        "U0CSM0001",
        "Customer - Direct",
      ],
      [
        "0015g00000NWTRAD",
        "Northwind Traders",
        "www.northwind.example",
        1200000,
        "USD",
        "U0CSM0001",
        "Customer - Direct",
      ],
    ]);
    const asked = fake.callsTo("users.lookupByEmail").map((c) => c.body.email);
    expect(asked.sort()).toEqual(["hana.sato@example.com", "leo.martin@example.com"]);
  });

  it("imports a Salesforce account report with Japanese headers, in Shift_JIS and in UTF-8 with BOM", {
    timeout: 60_000,
  }, async () => {
    const sjis = await withSlack(
      "import",
      "accounts",
      `${FIXTURES}salesforce-accounts-ja-sjis.csv`,
      "--mapping",
      "salesforce-ja",
    );
    const utf8 = await withSlack(
      "import",
      "accounts",
      `${FIXTURES}salesforce-accounts-ja-utf8.csv`,
      "--mapping",
      "salesforce-ja",
    );

    expect(sjis.err).toBe("");
    expect(sjis.code).toBe(0);
    expect(sjis.out).toMatch(/Imported 2 accounts .*\(2 new, 0 updated\); read as cp932/);
    expect(utf8.code).toBe(0);
    expect(utf8.out).toMatch(/\(0 new, 2 updated\); read as utf8/);
    const stored = (await accounts()).filter((a) => a.externalId.startsWith("0015g00000JA"));
    expect(
      stored.map((a) => [a.name, a.domain, Number(a.arr), a.currency, a.ownerSlackId, a.segment]),
    ).toEqual([
      ["コントソ合同会社", "contoso.example.jp", 85000000, "JPY", "U0CSM0003", "顧客 - チャネル"],
      ["株式会社ノースウィンド", "www.northwind.example.jp", 120000000, "JPY", "U0CSM0001", "顧客 - 直販"],
    ]);
  });

  it("imports a default Salesforce export, whose owner column holds names, without owners, saying what to add", async () => {
    const file = join(dir, "default-report.csv");
    writeFileSync(
      file,
      '"Account Owner","Account Name","Account ID","Annual Revenue","Type"\n' +
        '"Hana Sato","Default Export Co","0015g00000DEFLT1","120000","Customer - Direct"\n' +
        '"Leo Martin","Second Default Co","0015g00000DEFLT2","90000","Prospect"\n',
    );
    const result = await withSlack("import", "accounts", file, "--mapping", "salesforce");

    expect(result.code).toBe(0);
    expect(result.out).toContain("Imported 2 accounts");
    expect(result.out).toContain(
      'Owners were not set: "Account Owner" holds names, and Slack finds people by e-mail. Add the owner\'s e-mail field to the report',
    );
    expect(fake.callsTo("users.lookupByEmail")).toHaveLength(0);
    const imported = (await accounts()).filter((a) => a.externalId.startsWith("0015g00000DEFLT"));
    expect(imported.map((a) => [a.name, a.ownerSlackId])).toEqual([
      ["Default Export Co", null],
      ["Second Default Co", null],
    ]);
  });

  it("refuses an export whose owner e-mail Slack does not know, naming the line and the address, writing nothing", async () => {
    const file = join(dir, "ghost-owner.csv");
    writeFileSync(
      file,
      "Account ID,Account Name,Account Owner Email\nG-1,Ghost One,hana.sato@example.com\nG-2,Ghost Two,ghost@example.com\nG-3,Ghost Three,ghost@example.com\n",
    );
    const before = await accounts();

    const result = await withSlack("import", "accounts", file, "--mapping", "salesforce");

    expect(result.code).toBe(1);
    expect(result.err).toContain("Refused: 2 problems; nothing was imported.");
    expect(result.err).toContain(
      'line 3: owner_email "ghost@example.com" is not anyone in this Slack workspace',
    );
    expect(result.err).toContain(
      'line 4: owner_email "ghost@example.com" is not anyone in this Slack workspace',
    );
    expect(fake.callsTo("users.lookupByEmail")).toHaveLength(2);
    expect(await accounts()).toEqual(before);
  });

  it("waits out Slack's rate limit (429 with Retry-After) and imports", async () => {
    fake.fail("users.lookupByEmail", { kind: "ratelimit", retryAfter: 0 }, 2);
    const file = join(dir, "rate-limited.csv");
    writeFileSync(file, "Account ID,Account Name,Account Owner Email\nR-1,Rated,leo.martin@example.com\n");

    const result = await withSlack("import", "accounts", file, "--mapping", "salesforce");

    expect(result.code).toBe(0);
    expect(fake.callsTo("users.lookupByEmail")).toHaveLength(3);
    expect((await accounts()).find((a) => a.externalId === "R-1")?.ownerSlackId).toBe("U0CSM0002");
  });

  it("refuses owners by e-mail without a Slack token, saying what to set", async () => {
    const result = await kuroko(
      {},
      "import",
      "accounts",
      `${FIXTURES}salesforce-accounts.csv`,
      "--mapping",
      "salesforce",
    );

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/line 1: owner_email needs Slack to find the owners: set SLACK_BOT_TOKEN/);
  });

  it("refuses an unmapped Salesforce export, suggesting the mapping it needs", async () => {
    const english = await withSlack("import", "accounts", `${FIXTURES}salesforce-accounts.csv`);
    const japanese = await withSlack("import", "accounts", `${FIXTURES}salesforce-accounts-ja-sjis.csv`);

    expect(english.code).toBe(1);
    expect(english.err).toContain(
      "line 1: This looks like a Salesforce account report (English headers): import it with --mapping salesforce",
    );
    expect(japanese.err).toContain(
      "line 1: This looks like a Salesforce account report (Japanese headers): import it with --mapping salesforce-ja",
    );
  });

  it("refuses an unknown file's columns with the pointer to mappings", async () => {
    const file = join(dir, "unknown.csv");
    writeFileSync(file, "Customer,Title\nC-1,One\n");

    const result = await withSlack("import", "accounts", file);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/line 1: unknown column "Customer"/);
    expect(result.err).toContain("Map its columns to Kuroko's with --mapping (see docs/crm-exports.md)");
  });

  it("reads a team's own mapping file, and refuses one with problems listing every one", async () => {
    const good = join(dir, "ours.yaml");
    writeFileSync(
      good,
      "label: Our CRM\ncolumns:\n  external_id: Customer No\n  name: [Customer, Company]\n  renewal_date: Contract End\n",
    );
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "columns:\n  external_id: Customer No\n  account_name: Customer\n  revenue: ARR\n  name: Customer No\n",
    );
    const file = join(dir, "ours.csv");
    writeFileSync(file, "Customer No,Company,Contract End,Notes\nO-1,Our One,2027-03-31,vip\n");

    const refused = await withSlack("import", "accounts", file, "--mapping", bad);
    const imported = await withSlack("import", "accounts", file, "--mapping", good);

    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`The column mapping ${bad} has 3 problems; nothing was imported.`);
    expect(refused.err).toContain(
      '"account_name" is not a Kuroko column (the columns are: external_id, name,',
    );
    expect(refused.err).toContain('"revenue" is not a Kuroko column');
    expect(refused.err).toContain('"Customer No" is mapped to both external_id and name');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain("1 column ignored: Notes.");
    const ours = (await accounts()).find((a) => a.externalId === "O-1");
    expect(ours?.renewalDate?.toISOString().slice(0, 10)).toBe("2027-03-31");
  });

  it("takes owner_email as a column of Kuroko's own accounts.csv", async () => {
    const file = join(dir, "plain.csv");
    writeFileSync(file, "external_id,name,owner_email\nP-1,Plain,Yuki.Tanaka@example.com\n");

    const result = await withSlack("import", "accounts", file);

    expect(result.code).toBe(0);
    expect((await accounts()).find((a) => a.externalId === "P-1")?.ownerSlackId).toBe("U0CSM0003");
  });
});
