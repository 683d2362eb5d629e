import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { openDatabase } from "../../src/db/database.js";

/** The CLI as an operator runs it, on its own embedded database in a temporary directory. */
let dir: string;
let env: Record<string, string>;

async function kuroko(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
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
  it("seeds the demo, lists the portfolio as JSON, and refuses a broken CSV leaving the data unchanged", async () => {
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

  it("recomputes today's snapshots, idempotently", async () => {
    const first = JSON.parse((await kuroko("snapshot", "--json")).out);
    const second = JSON.parse((await kuroko("snapshot", "--json")).out);

    expect(first.accounts).toBe(30);
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
    await db.prisma.contractEvent.createMany({
      data: [
        { requestId: request.id, actorId: "U0CSM0001", action: "submitted", toStatus: "submitted" },
        {
          requestId: request.id,
          actorId: "U0OPS0001",
          action: "assigned",
          fromStatus: "submitted",
          toStatus: "in_review",
          comment: 'On it, "today", promise',
        },
      ],
    });
    await db.close();
    const csv = join(dir, "audit.csv");
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

    const listed = JSON.parse((await kuroko("requests", "--status", "in_review", "--json")).out);
    const trail = await kuroko("audit", `CR-${request.number}`);
    const exported = await kuroko("audit", "--from", today, "--to", tomorrow, "--csv", csv);

    expect(listed).toMatchObject([
      { label: `CR-${request.number}`, overdue: true, account: { name: "Acme Corp" } },
    ]);
    expect(trail.out).toMatch(/U0OPS0001 +assigned +submitted +in_review/);
    expect(exported.out).toMatch(/^Wrote 2 audit events/);
    const lines = readFileSync(csv, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("request,type,account,at_utc,actor,action,from_status,to_status,comment");
    expect(lines[2]).toMatch(
      new RegExp(
        `^CR-${request.number},renewal,Acme Corp,.*,U0OPS0001,assigned,submitted,in_review,"On it, ""today"", promise"$`,
      ),
    );
  });

  it("imports a good file and says what it did", async () => {
    const file = join(dir, "accounts.csv");
    writeFileSync(file, "external_id,name,arr,currency\nJ-1,株式会社アクメ,1200000,JPY\n");

    const result = await kuroko("import", "accounts", file, "--json");

    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ rows: 1, created: 1, encoding: "utf8" });
  });

  it("explains how to call a command it cannot parse, with exit code 2", async () => {
    const result = await kuroko("import", "contracts", "x.csv");

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/usage: kuroko import accounts\|metrics FILE\.csv/);
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
