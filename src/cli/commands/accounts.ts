import { type AccountSummary, listAccounts } from "../../accounts/repository.js";
import { ENGLISH, type Translator } from "../../i18n/index.js";
import { addDays, daysBetween } from "../../time.js";
import { defineCommand, EXIT, JSON_OPTION } from "../command.js";
import { formatTable } from "../output.js";
import { slackPeople } from "../people.js";

/** The portfolio as a table, with days to each renewal counted from `today`, owners by `nameOf`. */
export function accountTable(
  accounts: AccountSummary[],
  today: Date,
  nameOf: (slackId: string) => string = (id) => id,
  tr: Translator = ENGLISH,
): string {
  return formatTable(
    [
      tr.t("cli.accounts.account"),
      tr.t("cli.accounts.externalId"),
      tr.t("cli.accounts.arr"),
      tr.t("cli.accounts.renewal"),
      tr.t("cli.accounts.owner"),
      tr.t("cli.accounts.segment"),
    ],
    accounts.map((a) => [
      a.name,
      a.externalId,
      tr.money(a.arr, a.currency),
      a.renewalDate ? renewal(tr, today, new Date(a.renewalDate)) : "-",
      a.ownerSlackId ? nameOf(a.ownerSlackId) : "-",
      a.segment ?? "-",
    ]),
    [2],
  );
}

/** The renewal day, and the days to it (or since it, once past). */
function renewal(tr: Translator, today: Date, day: Date): string {
  const days = daysBetween(today, day);
  return tr.t(days < 0 ? "cli.accounts.renewedOn" : "cli.accounts.renewsOn", {
    day: tr.day(day),
    days: String(Math.abs(days)),
  });
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
    else if (accounts.length === 0) ctx.out(ctx.tr.t("cli.accounts.none"));
    else {
      const people = slackPeople(ctx.config, ctx.err, { tr: ctx.tr });
      await people.resolve(accounts.map((a) => a.ownerSlackId));
      ctx.out(accountTable(accounts, ctx.today, people.name, ctx.tr));
      ctx.out(`\n${ctx.tr.t("cli.accounts.count", { count: accounts.length })}`);
    }
    return EXIT.done;
  },
});
