import { type AccountSummary, listAccounts } from "../../accounts/repository.js";
import { formatMoney } from "../../format.js";
import { addDays, daysBetween } from "../../time.js";
import { defineCommand, EXIT, JSON_OPTION } from "../command.js";
import { formatTable } from "../output.js";
import { slackPeople } from "../people.js";

/** The portfolio as a table, with days to each renewal counted from `today`, owners by `nameOf`. */
export function accountTable(
  accounts: AccountSummary[],
  today: Date,
  nameOf: (slackId: string) => string = (id) => id,
): string {
  return formatTable(
    ["Account", "External id", "ARR", "Renewal", "Owner", "Segment"],
    accounts.map((a) => [
      a.name,
      a.externalId,
      formatMoney(a.arr, a.currency),
      a.renewalDate ? `${a.renewalDate} (${daysBetween(today, new Date(a.renewalDate))} d)` : "-",
      a.ownerSlackId ? nameOf(a.ownerSlackId) : "-",
      a.segment ?? "-",
    ]),
    [2],
  );
}

/** `kuroko accounts`: the portfolio. */
export const accountsCommand = defineCommand({
  name: "accounts",
  summary: "list the portfolio",
  args: [],
  options: {
    "renewing-within": {
      type: "number",
      value: "DAYS",
      min: 1,
      max: 3650,
      description: "only accounts renewing within this many days",
    },
    limit: { type: "number", value: "N", min: 1, max: 1_000_000, description: "list at most N accounts" },
    json: JSON_OPTION,
  },
  async run(ctx) {
    const within = ctx.options["renewing-within"];
    const db = await ctx.database();
    const accounts = await listAccounts(db.prisma, {
      limit: ctx.options.limit,
      renewingBefore: within === undefined ? undefined : addDays(ctx.today, within),
    });
    if (ctx.json) ctx.out(JSON.stringify(accounts));
    else if (accounts.length === 0)
      ctx.out(
        "No accounts yet: run `kuroko seed` for the demo portfolio, or `kuroko import accounts FILE.csv`.",
      );
    else {
      const people = slackPeople(ctx.config, ctx.err);
      await people.resolve(accounts.map((a) => a.ownerSlackId));
      ctx.out(accountTable(accounts, ctx.today, people.name));
      ctx.out(`\n${accounts.length} account${accounts.length === 1 ? "" : "s"}.`);
    }
    return EXIT.done;
  },
});
