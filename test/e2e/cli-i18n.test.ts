import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsv } from "../../src/accounts/csv.js";
import { runCli } from "../../src/cli/main.js";
import { writeCsvFile } from "../../src/csv-write.js";
import { openDatabase } from "../../src/db/database.js";
import { englishWords } from "../support/english-words.js";

/**
 * Issue 15, the command line: its human output in KUROKO_LOCALE (`--json` unchanged), and the
 * exports in CP932 for Japanese Excel, read back by the importer's own reader.
 */
let dir: string;
let env: Record<string, string>;
const NOW = new Date("2026-06-01T00:30:00Z");
const TODAY = "2026-06-01";
const TOMORROW = "2026-06-02";

/** What Japanese CRM data holds: 株式会社 names, circled digits, full-width tilde and letters, a long vowel mark. */
const NAMES = [
  "株式会社アクメ①",
  "ナカムラ～商事",
  "ＡＢＣホールディングス株式会社",
  "コーヒー・ラボ合同会社",
];
const FORMULA = "=SUM(A1:A9)";
let requestNumbers: number[] = [];

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
const ja = (...argv: string[]) => kuroko({ KUROKO_LOCALE: "ja" }, ...argv);
const en = (...argv: string[]) => kuroko({ KUROKO_LOCALE: "en" }, ...argv);
const byDefault = (...argv: string[]) => kuroko({}, ...argv);

/**
 * English words left in the CLI's plain text for a Japanese reader: what an operator types
 * (the usage line, `--flags`, the file paths) and the names and ids the data holds are not words
 * of the message.
 */
function englishIn(text: string, names: readonly string[] = []): string[] {
  const plain = text
    .split("\n")
    // The usage lines (after "使い方:", and the help's list of them) are what an operator types.
    .filter((line) => !line.startsWith("使い方: kuroko") && !line.startsWith("  kuroko "))
    // The help's first column: a command's name, an argument's or an option's syntax.
    .map((line) => line.replace(/^ {2}\S+(?: \S+)? {2,}/, " "))
    .join("\n")
    .replace(/\S*\/\S+/g, " ")
    .replace(/--[\w-]+/g, " ")
    // Ids: CR-1042, JP-1, EMOJI-1.
    .replace(/\b[A-Z]+-\d+\b/g, " ");
  return englishWords({ text: plain }, { names: [...names, ...NAMES, FORMULA] });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kuroko-cli-i18n-"));
  env = { KUROKO_DATA_DIR: join(dir, "data"), KUROKO_TIMEZONE: "Asia/Tokyo" };
  const accounts = join(dir, "jp-accounts.csv");
  writeFileSync(
    accounts,
    `external_id,name,arr,currency,renewal_date\n${NAMES.map((n, i) => `JP-${i + 1},${n},${(i + 1) * 1_200_000},JPY,2026-09-30`).join("\n")}\n`,
  );
  // The first command opens and migrates a new embedded database: slow on a busy machine.
  expect((await byDefault("import", "accounts", accounts)).code).toBe(0);
  const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
  try {
    const account = await db.prisma.account.findFirstOrThrow({ where: { externalId: "JP-1" } });
    const request = await db.prisma.contractRequest.create({
      data: {
        accountId: account.id,
        type: "renewal",
        status: "in_review",
        amount: 18_000_000,
        currency: "JPY",
        requesterId: "U0CSM0001",
        assigneeId: "U0OPS0001",
        slaDueAt: new Date("2026-05-30T00:00:00Z"),
      },
    });
    requestNumbers = [request.number];
    await db.prisma.contractEvent.createMany({
      data: [
        {
          requestId: request.id,
          actorId: "U0CSM0001",
          action: "submitted",
          toStatus: "submitted",
          createdAt: NOW,
        },
        {
          requestId: request.id,
          actorId: "U0OPS0001",
          action: "assigned",
          fromStatus: "submitted",
          toStatus: "in_review",
          comment: `${FORMULA}`,
          createdAt: new Date(NOW.getTime() + 60_000),
        },
        {
          requestId: request.id,
          actorId: "U0OPS0001",
          action: "changes_requested",
          comment: "ＰＯ番号をご確認ください～①",
          onBehalfOf: "U0OPS0002",
          createdAt: new Date(NOW.getTime() + 120_000),
        },
      ],
    });
  } finally {
    await db.close();
  }
}, 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("CSV exports in CP932 (--encoding cp932)", () => {
  it("writes the audit export in CP932 with CRLF and no BOM, and the importer's reader reads back every cell unchanged", async () => {
    const utf8 = join(dir, "audit-utf8.csv");
    const cp932 = join(dir, "audit-cp932.csv");

    expect((await byDefault("audit", "--from", TODAY, "--to", TOMORROW, "--csv", utf8)).code).toBe(0);
    const result = await byDefault(
      "audit",
      "--from",
      TODAY,
      "--to",
      TOMORROW,
      "--csv",
      cp932,
      "--encoding",
      "cp932",
    );

    expect(result.code).toBe(0);
    expect(result.out).toBe(`Wrote 3 audit events (${TODAY} to ${TOMORROW}) to ${cp932}.`);
    const bytes = readFileSync(cp932);
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    // Not UTF-8: the bytes of 株 in CP932 (0x8A 0x94).
    expect(bytes.includes(Buffer.from([0x8a, 0x94]))).toBe(true);
    expect(bytes.toString("latin1").split("\r\n")).toHaveLength(5);
    // Read as the importer reads a file: its encoding found from the bytes, then parsed.
    const reading = readCsv(bytes);
    const records = [];
    for await (const batch of reading.batches()) records.push(...batch.map((r) => r.fields));
    expect(reading.encoding).toBe("cp932");
    // The same cells as the UTF-8 export (which Kuroko wrote before), character for character.
    const fromUtf8 = [];
    for await (const batch of readCsv(readFileSync(utf8)).batches())
      fromUtf8.push(...batch.map((r) => r.fields));
    expect(records).toEqual(fromUtf8);
    expect(records.map((r) => r[2])).toEqual(["account", NAMES[0], NAMES[0], NAMES[0]]);
    expect(records.map((r) => r[8])).toEqual(["comment", "", `'${FORMULA}`, "ＰＯ番号をご確認ください～①"]);
  });

  it("writes accounts in CP932 that `kuroko import accounts` reads back as the same names", async () => {
    const file = join(dir, "round-trip.csv");
    await writeCsvFile(
      file,
      ["external_id", "name"],
      NAMES.map((name, i) => [`RT-${i + 1}`, name]),
      { encoding: "cp932" },
    );

    const imported = await byDefault("import", "accounts", file, "--json");
    const listed = JSON.parse((await byDefault("accounts", "--json")).out) as {
      externalId: string;
      name: string;
    }[];

    expect(JSON.parse(imported.out)).toMatchObject({ rows: 4, encoding: "cp932" });
    expect(listed.filter((a) => a.externalId.startsWith("RT-")).map((a) => a.name)).toEqual(
      [...NAMES].sort(),
    );
  });

  it("refuses characters CP932 cannot hold, naming the line, the column and each character, and writes nothing", async () => {
    const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
    try {
      const account = await db.prisma.account.create({
        data: { externalId: "EMOJI-1", name: "𠮷野家🍣", arr: 0, currency: "JPY" },
      });
      const request = await db.prisma.contractRequest.create({
        data: {
          accountId: account.id,
          type: "nda",
          status: "submitted",
          requesterId: "U0CSM0001",
          slaDueAt: NOW,
        },
      });
      await db.prisma.contractEvent.create({
        data: {
          requestId: request.id,
          actorId: "U0CSM0001",
          action: "submitted",
          comment: "Café",
          createdAt: new Date(NOW.getTime() + 180_000),
        },
      });
    } finally {
      await db.close();
    }
    const file = join(dir, "refused.csv");
    const before = readdirSync(dir).sort();

    const english = await byDefault(
      "audit",
      "--from",
      TODAY,
      "--to",
      TOMORROW,
      "--csv",
      file,
      "--encoding",
      "cp932",
    );
    const japanese = await ja(
      "audit",
      "--from",
      TODAY,
      "--to",
      TOMORROW,
      "--csv",
      file,
      "--encoding",
      "cp932",
    );
    const requests = await byDefault("requests", "--csv", file, "--encoding", "cp932");

    expect(english.code).toBe(1);
    expect(english.err).toContain(
      `Nothing was written to ${file}: 3 characters cannot be written in CP932 (Japanese Excel's encoding).`,
    );
    expect(english.err).toContain('line 5, column account: "𠮷" (U+20BB7)');
    expect(english.err).toContain('line 5, column account: "🍣" (U+1F363)');
    expect(english.err).toContain('line 5, column comment: "é" (U+00E9)');
    expect(japanese.code).toBe(1);
    expect(japanese.err).toContain("5行目、account列: 「𠮷」(U+20BB7)");
    expect(requests.code).toBe(1);
    expect(requests.err).toMatch(/line \d+, column account: "𠮷"/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("refuses an encoding it does not write, as a usage error", async () => {
    const result = await byDefault("requests", "--csv", join(dir, "x.csv"), "--encoding", "latin1");

    expect(result.code).toBe(2);
    expect(result.err).toContain('--encoding takes utf8 or cp932, not "latin1".');
  });
});

describe("the command line in KUROKO_LOCALE", () => {
  /** Commands whose human output is converted, each run in Japanese and in English. */
  const commands = () => [
    ["accounts"],
    ["requests"],
    ["audit", `CR-${requestNumbers[0]}`],
    ["health", "nosuchaccount"],
    ["health"],
    ["audit", "--from", "June"],
    ["requests", "--status", "bogus"],
    ["accounts", "--limit", "0"],
    ["accounts", "extra"],
    ["import", "accounts", join(dir, "jp-accounts.csv")],
    ["nosuchcommand"],
    ["--help"],
    ["snapshot", "--date", "tomorrow"],
    ["audit", "--help"],
    ["import", "--help"],
    ["requests", "--help"],
  ];

  it("prints in Japanese with KUROKO_LOCALE=ja: no English word left outside names, ids, commands and flags", {
    timeout: 90_000,
  }, async () => {
    const found: Record<string, string[]> = {};
    for (const argv of commands()) {
      const result = await ja(...argv);
      // What the operator typed comes back quoted in a refusal: not a word of the message.
      const typed = [
        "U0CSM0001",
        "U0OPS0001",
        "U0OPS0002",
        "nosuchaccount",
        "June",
        "bogus",
        "extra",
        "nosuchcommand",
        "Asia/Tokyo",
        "tomorrow",
      ];
      found[argv.join(" ")] = englishIn(`${result.out}\n${result.err}`, typed);
    }

    expect(found).toEqual(Object.fromEntries(commands().map((argv) => [argv.join(" "), []])));
    const accounts = await ja("accounts");
    expect(accounts.out).toContain("1,200,000円");
    expect(accounts.out).toContain("2026年9月30日(水)(残り121日)");
    expect(accounts.out).toMatch(/\d+件のアカウント/);
    const requests = await ja("requests");
    expect(requests.out).toContain("18,000,000円");
    expect(requests.out).toContain("期限超過");
    expect(requests.out).toContain("更新");
    const trail = await ja("audit", `CR-${requestNumbers[0]}`);
    expect(trail.out).toContain("U0OPS0001(U0OPS0002 の代理)");
    expect(trail.out).toMatch(/差し戻し/);
    const snapshot = await ja("snapshot");
    expect(snapshot.out).toMatch(/^2026年6月1日\(月\)のヘルススコアを\d+件のアカウントについて計算しました/);
    expect(englishIn(snapshot.out.replace(/`[^`]*`/g, " "))).toEqual([]);
    const help = await ja("--help");
    expect(help.out).toContain("契約申請の一覧を対応期限の近い順に表示します");
  });

  it("prints the same English with KUROKO_LOCALE=en as with no locale set, and the same --json in both languages", {
    timeout: 90_000,
  }, async () => {
    for (const argv of commands()) {
      const [english, unset] = [await en(...argv), await byDefault(...argv)];
      expect(english).toEqual(unset);
    }
    const health = await byDefault("health", "nosuchaccount");
    expect(health.out).toMatch(/^No account matches "nosuchaccount"\./);
    const accounts = await byDefault("accounts");
    expect(accounts.out).toContain("2026-09-30 (121 d)");
    expect(accounts.out).toContain("¥1,200,000");
    expect(accounts.out).toMatch(/^Account +External id +ARR +Renewal +Owner +Segment$/m);
    for (const argv of [
      ["accounts", "--json"],
      ["requests", "--json"],
      ["audit", `CR-${requestNumbers[0]}`, "--json"],
    ]) {
      const [japanese, english] = [await ja(...argv), await en(...argv)];
      expect(japanese.out).toBe(english.out);
      expect(() => JSON.parse(japanese.out)).not.toThrow();
    }
  });
});

describe("the rest of the command line in KUROKO_LOCALE: health's card, seed, run-job, webhooks, sync, import's refusals", () => {
  let demoEnv: Record<string, string>;
  const run = async (locale: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { ...demoEnv, KUROKO_LOCALE: locale },
      now: () => NOW,
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  /** What the demo portfolio holds: its English names, the owners' ids, the model's name. */
  const names = ["Acme Corp", "acme.com", "U0CSM0001", "nosuchjob"];

  beforeAll(async () => {
    demoEnv = { KUROKO_DATA_DIR: join(dir, "demo"), KUROKO_TIMEZONE: "Asia/Tokyo" };
  }, 60_000);

  it("prints seed, run-job, the health card of an account with an alert, webhooks and sync in Japanese, with no English word left", {
    timeout: 180_000,
  }, async () => {
    const seeded = await run("ja", "seed", "--accounts", "30");
    const job = await run("ja", "run-job", "alerts");
    const again = await run("ja", "run-job", "alerts");
    const health = await run("ja", "health", "acme");
    const webhooks = await run("ja", "webhooks", "--failed");
    const usage = await run("ja", "webhooks");
    const sync = await run("ja", "sync", "--dry-run");
    const migrate = await run("ja", "migrate");
    const badJob = await run("ja", "run-job");

    expect(seeded.out).toMatch(
      /^デモ用アカウント30件\(新規 30件、更新 0件\)とメトリクス\d+件を.*の組み込みデータベースに読み込みました。$/,
    );
    expect(job.out).toMatch(/^`alerts`\(.+\)を実行しました: `\{.*"raised":\d+/);
    expect(again.out).toContain("この枠は別の実行で完了しています");
    expect(health.code).toBe(0);
    expect(health.out).toMatch(
      /^Acme Corp（CRM-0001、acme\.com）\nヘルススコア: \d+\/100（(赤|黄|緑)・(解約リスク|要注意|良好)/,
    );
    expect(health.out).toMatch(
      /\nアラート: \d{4}年\d+月\d+日\(.\) \d\d:\d\d\(協定世界時\)から発生中：.*(ポイント低下|更新)/,
    );
    expect(health.out).toContain("更新日: 2026年7月16日(木)（45日後）");
    expect(health.out).toContain("ARR: $240,000");
    expect(webhooks.out).toBe("失敗したウェブフック配信はありません。");
    expect(usage.code).toBe(2);
    expect(sync.code).toBe(1);
    expect(migrate.out).toMatch(/^データベースのスキーマは最新です/);
    const found = Object.fromEntries(
      Object.entries({ seeded, job, again, health, webhooks, usage, sync, migrate, badJob }).map(([k, r]) => [
        k,
        englishIn(`${r.out}\n${r.err}`, names),
      ]),
    );
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  it("prints the same English with KUROKO_LOCALE=en as before", { timeout: 120_000 }, async () => {
    const health = await run("en", "health", "acme");
    const again = await run("en", "run-job", "alerts");
    const webhooks = await run("en", "webhooks", "--failed");
    const sync = await run("en", "sync");
    const migrate = await run("en", "migrate");

    expect(health.out).toMatch(/^Acme Corp \(CRM-0001, acme\.com\)\nHealth: \d+\/100, (red|yellow|green): /);
    expect(health.out).toMatch(/\n {2}Usage +\d+ (red|yellow|green) +\d+% of score {2}active users \d+%/);
    expect(health.out).toContain(
      "\nRenewal: 2026-07-16 (in 45 days)\nOwner: U0CSM0001    Open contract requests: 0",
    );
    expect(health.out).toMatch(/\nAlert: open since \d{4}-\d\d-\d\d \d\d:\d\d UTC: /);
    expect(health.out).toMatch(/\nModel: kuroko-default \w+$/);
    expect(again.out).toMatch(
      /^alerts \S+: not run, another run has done this slot \(--force runs it again\)\.$/,
    );
    expect(webhooks.out).toBe("No failed webhook deliveries.");
    expect(sync.err).toBe("No sources: set KUROKO_SOURCES_PATH to a sources file (see docs/data.md).");
    expect(migrate.out).toMatch(/^Up to date \(embedded database in .+\)\.$/);
  });

  it("states an import's problems in Japanese, each with the importer's own reason, its line and its column", {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, "bad-accounts.csv");
    writeFileSync(file, "external_id,name,arr\nB-1,,100\nB-2,Beta,-4\n");

    const japanese = await run("ja", "import", "accounts", file);
    const english = await run("en", "import", "accounts", file);

    expect(japanese.code).toBe(1);
    expect(japanese.err).toContain("取り込みを中止しました。問題が2件あるため、何も取り込んでいません。");
    expect(japanese.err).toMatch(/\n {2}2行目、name列: name is empty/);
    expect(japanese.err).toMatch(/\n {2}3行目、arr列: arr "-4"/);
    expect(english.err).toContain("Refused: 2 problems; nothing was imported.\n  line 2: name is empty");
  });
});
