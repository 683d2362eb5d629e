import { statSync } from "node:fs";
import { parseEncoding } from "../accounts/csv.js";
import { ImportRejected, importAccounts, importMetrics, openImportFile } from "../accounts/import.js";
import { type AccountSummary, listAccounts } from "../accounts/repository.js";
import { seedDemo } from "../accounts/seed.js";
import { buildDigest } from "../digest/job.js";
import { KurokoError } from "../errors.js";
import { formatMoney } from "../format.js";
import { lookupHealthCard } from "../health/service.js";
import { formatHealthText } from "../health/text.js";
import type { SlackMessage } from "../slack/blocks.js";
import { addDays, daysBetween } from "../time.js";
import { type CliContext, intFlag, UsageError } from "./main.js";
import { formatTable, progressBar } from "./output.js";

export const DEFAULT_DEMO_ACCOUNTS = 200;

/** Seeds `--accounts N` demo accounts (default 200) with a progress bar. */
async function seedWithProgress(ctx: CliContext, label: string) {
  const accounts = intFlag(ctx, "accounts", DEFAULT_DEMO_ACCOUNTS);
  const db = await ctx.database();
  const bar = progressBar(label);
  const summary = await seedDemo(db.prisma, {
    accounts,
    today: ctx.today,
    model: ctx.model(),
    onProgress: bar.update,
  });
  bar.finish();
  return { db, summary };
}

export async function runSeed(ctx: CliContext): Promise<void> {
  const { db, summary } = await seedWithProgress(ctx, "Seeding");
  if (ctx.json) ctx.out(JSON.stringify(summary));
  else
    ctx.out(
      `Seeded ${summary.accounts} demo accounts (${summary.created} new, ${summary.updated} updated) ` +
        `and ${summary.samples} metric samples into the ${db.description}.`,
    );
}

export async function runImport(ctx: CliContext): Promise<void> {
  const [kind, file, ...extra] = ctx.args;
  if ((kind !== "accounts" && kind !== "metrics") || !file || extra.length > 0) {
    throw new UsageError("Say what to import and from which file.");
  }
  const encoding = typeof ctx.flags.encoding === "string" ? parseEncoding(ctx.flags.encoding) : undefined;
  let source: AsyncIterable<Uint8Array>;
  let size: number;
  try {
    size = statSync(file).size;
    source = openImportFile(file);
  } catch (error) {
    if (error instanceof KurokoError) throw error;
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const db = await ctx.database();
  const reading = progressBar(`Checking ${file}`, process.stderr, megabytes);
  const writing = progressBar(`Importing ${kind}`);
  try {
    const run = kind === "accounts" ? importAccounts : importMetrics;
    const summary = await run(db.prisma, source, {
      encoding,
      onRead: (bytes) => reading.update(bytes, size),
      onProgress: (done, total) => {
        reading.finish();
        writing.update(done, total);
      },
    });
    reading.finish();
    writing.finish();
    if (ctx.json) ctx.out(JSON.stringify({ file, ...summary }));
    else {
      const counts =
        summary.created !== undefined ? ` (${summary.created} new, ${summary.updated} updated)` : "";
      ctx.out(`Imported ${summary.rows} ${kind} rows from ${file}${counts}; read as ${summary.encoding}.`);
    }
  } catch (error) {
    reading.finish();
    writing.finish();
    if (!(error instanceof ImportRejected)) throw error;
    if (ctx.json)
      ctx.out(JSON.stringify({ file, imported: false, errors: error.errors, problems: error.total }));
    throw new KurokoError(`${file}: ${error.message}`);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function accountTable(accounts: AccountSummary[], today: Date): string {
  return formatTable(
    ["Account", "External id", "ARR", "Renewal", "Owner", "Segment"],
    accounts.map((a) => [
      a.name,
      a.externalId,
      formatMoney(a.arr, a.currency),
      a.renewalDate ? `${a.renewalDate} (${daysBetween(today, new Date(a.renewalDate))} d)` : "-",
      a.ownerSlackId ?? "-",
      a.segment ?? "-",
    ]),
    [2],
  );
}

export async function runAccounts(ctx: CliContext): Promise<void> {
  const limit = ctx.flags.limit === undefined ? undefined : intFlag(ctx, "limit", 0);
  const within =
    ctx.flags["renewing-within"] === undefined ? undefined : intFlag(ctx, "renewing-within", 0, 3650);
  const db = await ctx.database();
  const accounts = await listAccounts(db.prisma, {
    limit,
    renewingBefore: within === undefined ? undefined : addDays(ctx.today, within),
  });
  if (ctx.json) {
    ctx.out(JSON.stringify(accounts));
    return;
  }
  if (accounts.length === 0) {
    ctx.out(
      "No accounts yet: run `kuroko seed` for the demo portfolio, or `kuroko import accounts FILE.csv`.",
    );
    return;
  }
  ctx.out(accountTable(accounts, ctx.today));
  ctx.out(`\n${accounts.length} account${accounts.length === 1 ? "" : "s"}.`);
}

/** Totals by currency: ARR in different currencies is never added together. */
function arrByCurrency(accounts: AccountSummary[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const a of accounts) totals[a.currency] = (totals[a.currency] ?? 0) + a.arr;
  return totals;
}

/** A Slack message's sections as terminal text: mrkdwn marks dropped, user mentions kept as ids. */
function digestAsText(message: SlackMessage): string {
  return message.blocks
    .flatMap((b) => {
      if (b.type === "header") return [b.text.text];
      if (b.type === "section")
        return [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text.replace("\n", ": "))];
      return [];
    })
    .join("\n")
    .replace(/[*_]/g, "")
    .replace(/<@([A-Z0-9]+)>/g, "@$1");
}

/** Seeds the demo portfolio, then shows it: the README's first command. */
export async function runDemo(ctx: CliContext): Promise<void> {
  const { db, summary: seeded } = await seedWithProgress(ctx, "Seeding the demo portfolio");
  const portfolio = await listAccounts(db.prisma);
  const renewing = await listAccounts(db.prisma, { renewingBefore: addDays(ctx.today, 30) });
  const acme = portfolio.find((a) => a.externalId === "CRM-0001");
  const acmeFound = acme
    ? await lookupHealthCard(db.query, ctx.model(), acme.externalId, ctx.today)
    : undefined;
  const card = acmeFound?.kind === "card" ? acmeFound.card : undefined;
  if (ctx.json) {
    ctx.out(
      JSON.stringify({
        seeded,
        accounts: portfolio.length,
        arr: arrByCurrency(portfolio),
        renewingIn30Days: renewing,
        acme: card,
      }),
    );
    return;
  }
  const totals = Object.entries(arrByCurrency(portfolio))
    .map(([currency, total]) => formatMoney(total, currency))
    .join(" + ");
  ctx.out(`Kuroko demo: ${portfolio.length} accounts in the ${db.description}, ARR ${totals}.`);
  if (card) ctx.out(`\n$ kuroko health acme\n${formatHealthText(card)}`);
  const digest = await buildDigest(db.prisma, db.query, ctx.model(), ctx.today, new Date());
  ctx.out(`\n$ kuroko run-job digest --dry-run\n${digestAsText(digest.main)}`);
  ctx.out(`\nRenewing in the next 30 days (${renewing.length}):\n${accountTable(renewing, ctx.today)}`);
  ctx.out(
    "\nNext: `npm run kuroko -- health <name>` for any account; `npm run playground` tries the bot in a " +
      "browser; `npm start` runs it in Slack.",
  );
}
