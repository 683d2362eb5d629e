import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { openDatabase } from "../../src/db/database.js";

/** `kuroko requests` and `kuroko audit` show the stage after approval, the document and who stood in for whom. */
let dir: string;
let env: Record<string, string>;
const NOW = new Date("2026-11-22T09:00:00Z");

async function kuroko(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (x) => out.push(x), err: (x) => err.push(x), env, now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kuroko-cli-stages-"));
  env = { KUROKO_DATA_DIR: join(dir, "data"), KUROKO_TIMEZONE: "Asia/Tokyo" };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("lists and exports each request's stage and signed document, and audits decisions on behalf", {
  timeout: 60_000,
}, async () => {
  expect((await kuroko("migrate")).code).toBe(0);
  const db = await openDatabase({ dataDir: env.KUROKO_DATA_DIR! });
  const account = await db.prisma.account.create({ data: { externalId: "CRM-0001", name: "Acme Corp" } });
  const request = await db.prisma.contractRequest.create({
    data: {
      accountId: account.id,
      type: "renewal",
      status: "approved",
      amount: 264_000,
      currency: "USD",
      requesterId: "U0CSM0001",
      slaDueAt: new Date("2026-11-25T00:00:00Z"),
      stage: "signed",
      documentUrl: "https://docs.example.com/acme-signed.pdf",
    },
  });
  await db.prisma.contractEvent.create({
    data: { requestId: request.id, actorId: "U0OPS0002", onBehalfOf: "U0OPS0001", action: "approved_step" },
  });
  await db.close();
  const csv = join(dir, "requests.csv");

  const table = await kuroko("requests");
  const exported = await kuroko("requests", "--csv", csv);
  const trail = await kuroko("audit", `CR-${request.number}`);

  expect(table.out).toMatch(/Approved +Signed +https:\/\/docs\.example\.com\/acme-signed\.pdf/);
  expect(exported.out).toBe(`Wrote 1 contract request to ${csv}.`);
  const lines = readFileSync(csv, "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe(
    "request,type,account,amount,currency,status,stage,document_url,requester,assignee,sla_due_utc,overdue",
  );
  expect(lines[1]).toBe(
    `CR-${request.number},renewal,Acme Corp,264000,USD,approved,Signed,https://docs.example.com/acme-signed.pdf,U0CSM0001,,2026-11-25T00:00:00.000Z,no`,
  );
  expect(trail.out).toMatch(/U0OPS0002 on behalf of U0OPS0001 +approved_step/);
});
