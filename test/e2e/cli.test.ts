import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { openDatabase } from "../../src/db/database.js";
import { CONTROL_CHARACTERS } from "../../src/format.js";
import { FakeSlack } from "../support/fake-slack.js";

/** The CLI as an operator runs it, on its own embedded database in a temporary directory. */
let dir: string;
let env: Record<string, string>;

/** The CLI's clock: 09:30 on Monday 1 June 2026 in Tokyo, whatever the day the tests run. */
const NOW = new Date("2026-06-01T00:30:00Z");
const TODAY = "2026-06-01";
const TOMORROW = "2026-06-02";

async function kuroko(...argv: string[]) {
  return kurokoWith({}, ...argv);
}

/** The CLI with settings added to the environment (a bot token, the fake Slack's address). */
async function kurokoWith(extra: Record<string, string>, ...argv: string[]) {
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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kuroko-cli-"));
  env = { KUROKO_DATA_DIR: join(dir, "data"), KUROKO_TIMEZONE: "Asia/Tokyo" };
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the kuroko command line", () => {
  // The first command opens and migrates a new embedded database: slow on a busy machine.
  it("seeds the demo, lists the portfolio as JSON, and refuses a broken CSV leaving the data unchanged", {
    timeout: 60_000,
  }, async () => {
    const seeded = await kuroko("seed", "--accounts", "30", "--json");
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.out)).toMatchObject({ accounts: 30, created: 30 });

    const before = await kuroko("accounts", "--json");
    const accounts = JSON.parse(before.out) as { name: string }[];
    expect(accounts).toHaveLength(30);
    expect(accounts.map((a) => a.name)).toContain("Acme Corp");

    const broken = join(dir, "broken.csv");
    writeFileSync(broken, "external_id,name,arr\nCRM-0001,Renamed Acme,10\nX-2,,5\nX-3,Fine,-4\n");
    const refused = await kuroko("import", "accounts", broken);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("nothing was imported");
    expect(refused.err).toMatch(/line 3: name is empty/);
    expect(refused.err).toMatch(/line 4: arr "-4"/);

    const after = await kuroko("accounts", "--json");
    expect(after.out).toBe(before.out);
  });

  it("runs the demo: seeds, then shows the portfolio with Acme Corp in it", async () => {
    const result = await kuroko("demo", "--accounts", "30");

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Kuroko demo: 30 accounts/);
    expect(result.out).toMatch(
      /\$ kuroko health acme\nAcme Corp \(CRM-0001, acme\.com\)\nHealth: \d+\/100, (green|yellow|red)/,
    );
    expect(result.out).toMatch(/Why: −\d+ in 30 days: usage −\d+/);
  });

  it("prints an account's health card, as text and as JSON", async () => {
    const text = await kuroko("health", "acme");
    const json = await kuroko("health", "CRM-0001", "--json");

    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Acme Corp \(CRM-0001, acme\.com\)\nHealth: \d+\/100/);
    expect(JSON.parse(json.out)).toMatchObject({
      account: { name: "Acme Corp" },
      health: { score: expect.any(Number) },
    });
  });

  it("exits 1 when no account matches", async () => {
    const result = await kuroko("health", "zzzz");

    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^No account matches "zzzz"/);
  });

  it("refuses an option the command does not take, naming it and the command's options, with exit code 2", async () => {
    const result = await kuroko("health", "acme", "--csv", "x");

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/kuroko health does not take --csv; its options are --json, --help\./);
    expect(result.err).toMatch(/usage: kuroko health <account name, domain or CRM id> \[--json\]$/);
    expect(result.out).toBe("");
  });

  it("recomputes today's snapshots by its clock, idempotently", async () => {
    const first = JSON.parse((await kuroko("snapshot", "--json")).out);
    const second = JSON.parse((await kuroko("snapshot", "--json")).out);

    expect(first).toMatchObject({ accounts: 30, date: TODAY });
    expect(second.bands).toEqual(first.bands);
  });

  it("lists contract requests and exports their audit trail as CSV", async () => {
    const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
    const account = await db.prisma.account.findFirstOrThrow({ where: { externalId: "CRM-0001" } });
    const request = await db.prisma.contractRequest.create({
      data: {
        accountId: account.id,
        type: "renewal",
        status: "in_review",
        requesterId: "U0CSM0001",
        slaDueAt: new Date("2020-01-01T00:00:00Z"),
      },
    });
    // Due after the CLI's clock (though long past by the wall clock): not overdue yet.
    const dueLater = await db.prisma.contractRequest.create({
      data: {
        accountId: account.id,
        type: "upsell",
        status: "in_review",
        requesterId: "U0CSM0001",
        slaDueAt: new Date(NOW.getTime() + 3_600_000),
      },
    });
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
          comment: 'On it, "today", promise',
          createdAt: new Date(NOW.getTime() + 60_000),
        },
      ],
    });
    await db.close();
    const csv = join(dir, "audit.csv");

    const listed = JSON.parse((await kuroko("requests", "--status", "in_review", "--json")).out);
    // The table shows SLA times on the team's clock, naming the zone (not unlabelled UTC).
    const tokyo = await kurokoWith({ KUROKO_TIMEZONE: "Asia/Tokyo" }, "requests", "--status", "in_review");
    expect(tokyo.out).toContain("SLA due (Asia/Tokyo)");
    expect(tokyo.out).toContain("2020-01-01 09:00 OVERDUE");
    const trail = await kuroko("audit", `CR-${request.number}`);
    const exported = await kuroko("audit", "--from", TODAY, "--to", TOMORROW, "--csv", csv);

    expect(listed).toMatchObject([
      { label: `CR-${request.number}`, overdue: true, account: { name: "Acme Corp" } },
      { label: `CR-${dueLater.number}`, overdue: false },
    ]);
    expect(trail.out).toMatch(/U0OPS0001 +assigned +submitted +in_review/);
    expect(exported.out).toMatch(/^Wrote 2 audit events/);
    const lines = readFileSync(csv, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "request,type,account,at_utc,actor,action,from_status,to_status,comment,on_behalf_of",
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^CR-${request.number},renewal,Acme Corp,.*,U0OPS0001,assigned,submitted,in_review,"On it, ""today"", promise",$`,
      ),
    );
  });

  it("writes names and comments that a spreadsheet would run as formulas as inert text in the audit CSV", async () => {
    const accounts = join(dir, "formula-accounts.csv");
    writeFileSync(accounts, 'external_id,name\nF-1,"=HYPERLINK(""http://evil.example"",""Refund"")"\n');
    expect((await kuroko("import", "accounts", accounts)).code).toBe(0);
    const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
    const account = await db.prisma.account.findFirstOrThrow({ where: { externalId: "F-1" } });
    const request = await db.prisma.contractRequest.create({
      data: {
        accountId: account.id,
        type: "renewal",
        status: "submitted",
        requesterId: "U0CSM0001",
        slaDueAt: NOW,
      },
    });
    const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
    await db.prisma.contractEvent.createMany({
      data: [
        {
          requestId: request.id,
          actorId: "U0CSM0001",
          action: "submitted",
          comment: "@SUM(1+1)*cmd|' /C calc'!A0",
          createdAt: at(10),
        },
        {
          requestId: request.id,
          actorId: "U0CSM0001",
          action: "commented",
          comment: "-5",
          createdAt: at(11),
        },
        {
          requestId: request.id,
          actorId: "U0CSM0001",
          action: "commented",
          comment: "\t+1",
          createdAt: at(12),
        },
      ],
    });
    await db.close();
    const csv = join(dir, "formulas.csv");

    expect((await kuroko("audit", "--from", TODAY, "--to", TOMORROW, "--csv", csv)).code).toBe(0);

    const lines = readFileSync(csv, "utf8").trim().split("\r\n");
    const mine = lines.filter((l) => l.startsWith(`CR-${request.number},`));
    expect(mine).toEqual([
      expect.stringMatching(
        /^CR-\d+,renewal,"'=HYPERLINK\(""http:\/\/evil\.example"",""Refund""\)",.*,"'@SUM\(1\+1\)\*cmd\|' \/C calc'!A0",$/,
      ),
      expect.stringMatching(/,"'-5",$/),
      expect.stringMatching(/,"'\t\+1",$/),
    ]);
  });

  it("prints stored names and comments with their control characters escaped, never raw", async () => {
    const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
    // Stored before imports cleaned names, or typed in Slack: an escape sequence that retitles
    // the terminal and one that writes the clipboard (OSC 52), and a C1 CSI.
    const account = await db.prisma.account.create({
      data: { externalId: "ESC-1", name: "Evil\u001b]0;owned\u0007 Corp\u009b2J", searchKey: "evil corp" },
    });
    const request = await db.prisma.contractRequest.create({
      data: {
        accountId: account.id,
        type: "renewal",
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
        comment: "ok\u001b]52;c;cm0gLXJmIH4=\u0007\r\nsecond line",
      },
    });
    await db.close();

    const printed = [
      await kuroko("audit", `CR-${request.number}`),
      await kuroko("requests"),
      await kuroko("accounts"),
      await kuroko("health", "evil"),
      await kuroko("requests", "--json"),
    ];

    for (const result of printed) {
      expect(result.code, result.err).toBe(0);
      expect((result.out.match(CONTROL_CHARACTERS) ?? []).filter((c) => c !== "\n")).toEqual([]);
    }
    expect(printed[0]!.out).toContain("ok\\u001b]52;c;cm0gLXJmIH4=\\u0007 second line");
    expect(printed[1]!.out).toContain("Evil\\u001b]0;owned\\u0007 Corp\\u009b2J");
    const listed = JSON.parse(printed[4]!.out) as { account: { name: string } }[];
    expect(listed.map((r) => r.account.name)).toContain("Evil\u001b]0;owned\u0007 Corp\u009b2J");
  });

  it("refuses a file over 100 MB at once, and lists at most 100 problems with a count of the rest", async () => {
    const huge = join(dir, "huge.csv");
    writeFileSync(huge, "");
    truncateSync(huge, 100_000_001);
    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      `external_id,name,currency\n${Array.from({ length: 250 }, (_, i) => `B-${i},Bad,XYZ`).join("\n")}\n`,
    );

    const tooBig = await kuroko("import", "metrics", huge);
    const refused = await kuroko("import", "accounts", bad);
    const refusedJson = await kuroko("import", "accounts", bad, "--json");

    expect(tooBig.code).toBe(1);
    expect(tooBig.err).toMatch(/huge\.csv is 101 MB, larger than 100 MB, the most one import reads/);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Refused: 250 problems; nothing was imported\./);
    expect(refused.err).toMatch(/line 101: currency "XYZ" is not an ISO 4217 currency code/);
    expect(refused.err).not.toMatch(/line 102:/);
    expect(refused.err).toMatch(/… and 150 more problems$/);
    expect(JSON.parse(refusedJson.out)).toMatchObject({
      imported: false,
      problems: 250,
      errors: expect.any(Array),
    });
    expect(JSON.parse(refusedJson.out).errors).toHaveLength(100);
  });

  it("imports a good file and says what it did", async () => {
    const file = join(dir, "accounts.csv");
    writeFileSync(file, "external_id,name,arr,currency\nJ-1,株式会社アクメ,1200000,JPY\n");

    const result = await kuroko("import", "accounts", file, "--json");

    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ rows: 1, created: 1, encoding: "utf8" });
  });

  it("says how many accounts an import brought in, in plain words", async () => {
    const file = join(dir, "two-accounts.csv");
    writeFileSync(file, "external_id,name\nW-1,Wording One\nW-2,Wording Two\n");

    const result = await kuroko("import", "accounts", file);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Imported 2 accounts from .*two-accounts\.csv/);
    expect(result.out).not.toMatch(/rows/);
  });

  it("runs a job for the slot its clock is in", async () => {
    const result = await kuroko("run-job", "renewals", "--dry-run", "--json");

    expect(result.code).toBe(0);
    const run = JSON.parse(result.out) as { job: string; slot: string; ran: boolean };
    expect(run).toMatchObject({ job: "renewals", ran: true });
    const slot = new Date(run.slot).getTime();
    expect(slot).toBeLessThanOrEqual(NOW.getTime());
    expect(slot).toBeGreaterThan(NOW.getTime() - 7 * 86_400_000);
  });

  it("explains how to call a command it cannot parse, with exit code 2", async () => {
    const result = await kuroko("import", "contracts", "x.csv");

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/usage: kuroko import accounts\|metrics\|outcomes FILE\.csv/);
  });

  it("refuses to share the embedded database with another running process", async () => {
    const holder = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
    // A lock held by a live process other than this one: take PID 1's name.
    writeFileSync(join(env.KUROKO_DATA_DIR!, "kuroko.lock"), "1");
    try {
      const result = await kuroko("accounts");

      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /in use by another Kuroko process \(pid 1\).*stop that process first, or set DATABASE_URL/s,
      );
    } finally {
      writeFileSync(join(env.KUROKO_DATA_DIR!, "kuroko.lock"), String(process.pid));
      await holder.close();
    }
  });
});

describe("people on the command line", () => {
  let fake: FakeSlack;
  const slack = () => ({ SLACK_BOT_TOKEN: "xoxb-cli-test", SLACK_API_URL: fake.apiUrl });
  const ownerCell = (table: string, account: string) =>
    table
      .split("\n")
      .find((line) => line.startsWith(account))
      ?.split(/\s{2,}/)[4];

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.users.set("U0CSM0001", { name: "jane.doe", realName: "Jane Doe", displayName: "Jane" });
    fake.users.set("U0CSM0002", { name: "ken.sato", realName: "Ken Sato" });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it("shows owners by their Slack names, asking Slack once per person", async () => {
    fake.reset();
    const result = await kurokoWith(slack(), "accounts", "--limit", "12");

    expect(result.code).toBe(0);
    expect(ownerCell(result.out, "Acme Corp")).toBe("Jane");
    expect(result.out).toMatch(/Ken Sato/);
    const asked = fake.callsTo("users.info").map((c) => c.body.user);
    expect(asked.length).toBe(new Set(asked).size);
    expect(asked).toContain("U0CSM0001");

    fake.reset();
    const json = await kurokoWith(slack(), "accounts", "--limit", "3", "--json");
    expect(JSON.parse(json.out)[0]).toMatchObject({ ownerSlackId: expect.stringMatching(/^U0CSM/) });
    expect(fake.callsTo("users.info")).toEqual([]);
  });

  it("names the owner on an account's health card", async () => {
    const result = await kurokoWith(slack(), "health", "acme");

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/\nOwner: Jane {4}Open contract requests: \d+/);
  });

  it("shows a person Slack does not know by their id, and says so once", async () => {
    const result = await kurokoWith(slack(), "accounts", "--limit", "12");

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/U0CSM0003/);
    expect(result.err).toMatch(/^4 Slack ids not found in Slack: shown as ids\.$/m);
  });

  it("falls back to the ids, saying why once, when Slack refuses the lookups, and still succeeds", async () => {
    fake.reset();
    fake.fail("users.info", { kind: "error", error: "invalid_auth" }, 20);

    const result = await kurokoWith(slack(), "accounts", "--limit", "12");

    expect(result.code).toBe(0);
    expect(ownerCell(result.out, "Acme Corp")).toBe("U0CSM0001");
    expect(result.err).toBe(
      "Could not look up names in Slack (invalid_auth): people are shown as Slack ids.",
    );
    expect(fake.callsTo("users.info").length).toBeLessThanOrEqual(4);
  });

  it("without a bot token, shows ids with a single hint on how to show names", async () => {
    const result = await kuroko("accounts", "--limit", "12");

    expect(result.code).toBe(0);
    expect(ownerCell(result.out, "Acme Corp")).toBe("U0CSM0001");
    expect(result.err).toBe(
      "People are shown as Slack ids: set SLACK_BOT_TOKEN (the bot's, with users:read) to show their names.",
    );
  });
});
