import { type AccountSummary, listAccounts } from "../../accounts/repository.js";
import { buildDigest } from "../../digest/job.js";
import { lookupHealthCard } from "../../health/service.js";
import { formatHealthText } from "../../health/text.js";
import type { SlackMessage } from "../../slack/blocks.js";
import { addDays } from "../../time.js";
import { defineCommand, EXIT, JSON_OPTION } from "../command.js";
import { databaseText } from "../database-text.js";
import { slackPeople } from "../people.js";
import { accountTable } from "./accounts.js";
import { ACCOUNTS_OPTION, seedWithProgress } from "./seed.js";

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

/** `kuroko demo`: seeds the demo portfolio, then shows it (the README's first command). */
export const demoCommand = defineCommand({
  name: "demo",
  summary: "seed the embedded database and show what Kuroko sees",
  args: [],
  options: { accounts: ACCOUNTS_OPTION, json: JSON_OPTION },
  async run(ctx) {
    const { db, summary: seeded } = await seedWithProgress(
      ctx,
      ctx.options.accounts,
      ctx.tr.t("cli.demo.progress"),
    );
    const portfolio = await listAccounts(db.prisma);
    const renewing = await listAccounts(db.prisma, { renewingBefore: addDays(ctx.today, 30) });
    const acme = portfolio.find((a) => a.externalId === "CRM-0001");
    const acmeFound = acme
      ? await lookupHealthCard(db.query, ctx.models(), acme.externalId, ctx.today)
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
      return EXIT.done;
    }
    const { tr } = ctx;
    const totals = Object.entries(arrByCurrency(portfolio))
      .map(([currency, total]) => tr.money(total, currency))
      .join(" + ");
    ctx.out(tr.t("cli.demo.title", { accounts: portfolio.length, database: databaseText(db, tr), totals }));
    const people = slackPeople(ctx.config, ctx.err, { tr: ctx.tr });
    await people.resolve([card?.account.ownerSlackId, ...renewing.map((a) => a.ownerSlackId)]);
    if (card) ctx.out(`\n$ kuroko health acme\n${formatHealthText(card, { nameOf: people.name, tr })}`);
    const digest = await buildDigest(db.prisma, db.query, ctx.model(), ctx.today, ctx.now());
    ctx.out(`\n$ kuroko run-job digest --dry-run\n${digestAsText(digest.main)}`);
    ctx.out(
      `\n${tr.t("cli.demo.renewing", { count: renewing.length })}\n${accountTable(renewing, ctx.today, people.name, tr)}`,
    );
    ctx.out(`\n${tr.t("cli.demo.next")}`);
    return EXIT.done;
  },
});
