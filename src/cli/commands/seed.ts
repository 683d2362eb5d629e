import { seedDemo } from "../../demo.js";
import { type CliContext, defineCommand, EXIT, JSON_OPTION } from "../command.js";
import { databaseText } from "../database-text.js";
import { progressBar } from "../output.js";

export const DEFAULT_DEMO_ACCOUNTS = 200;

/** `--accounts N`, shared by `seed` and `demo`. */
export const ACCOUNTS_OPTION = {
  type: "number",
  value: "N",
  min: 1,
  max: 1_000_000,
  description: `how many demo accounts (default ${DEFAULT_DEMO_ACCOUNTS})`,
} as const;

/** Seeds the demo accounts with a progress bar. */
export async function seedWithProgress(ctx: CliContext, accounts: number | undefined, label: string) {
  const db = await ctx.database();
  const bar = progressBar(label, process.stderr, (n) => ctx.tr.number(n));
  const summary = await seedDemo(db.prisma, {
    accounts: accounts ?? DEFAULT_DEMO_ACCOUNTS,
    today: ctx.today,
    model: ctx.models(),
    onProgress: bar.update,
  });
  bar.finish();
  return { db, summary };
}

/** `kuroko seed`: the demo portfolio, safe to run twice. */
export const seedCommand = defineCommand({
  name: "seed",
  summary: "load the demo portfolio (safe to run twice)",
  args: [],
  options: { accounts: ACCOUNTS_OPTION, json: JSON_OPTION },
  async run(ctx) {
    const { tr } = ctx;
    const { db, summary } = await seedWithProgress(ctx, ctx.options.accounts, tr.t("cli.seed.progress"));
    if (ctx.json) ctx.out(JSON.stringify(summary));
    else
      ctx.out(
        tr.t("cli.seed.done", {
          accounts: summary.accounts,
          created: tr.number(summary.created),
          updated: tr.number(summary.updated),
          samples: tr.number(summary.samples),
          database: databaseText(db, tr),
        }),
      );
    return EXIT.done;
  },
});
