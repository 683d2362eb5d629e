import { lookupHealthCard } from "../../health/service.js";
import { formatHealthText } from "../../health/text.js";
import { defineCommand, EXIT, JSON_OPTION, UsageError } from "../command.js";
import { inlineText } from "../output.js";
import { slackPeople } from "../people.js";

/**
 * `kuroko health acme`: the card as text (or JSON), or the matches to choose from. No match
 * is a refusal (exit 1); several matches are an answer (exit 0).
 */
export const healthCommand = defineCommand({
  name: "health",
  summary: "an account's health card as text",
  args: [
    {
      name: "<account name, domain or CRM id>",
      description: "the account: part of its name, its domain or its CRM id",
      variadic: true,
    },
  ],
  options: { json: JSON_OPTION },
  async run(ctx) {
    const query = ctx.args.join(" ").trim();
    const { tr } = ctx;
    if (!query) throw new UsageError(tr.t("cli.health.which"));
    const db = await ctx.database();
    const found = await lookupHealthCard(db.query, ctx.models(), query, ctx.today);
    if (found.kind === "card") {
      if (ctx.json) ctx.out(JSON.stringify(found.card));
      else {
        const people = slackPeople(ctx.config, ctx.err, { tr: ctx.tr });
        const { account, alert } = found.card;
        await people.resolve([account.ownerSlackId, alert?.acknowledgedBy, alert?.snoozedBy]);
        ctx.out(formatHealthText(found.card, { nameOf: people.name, tr }));
      }
      return EXIT.done;
    }
    const list = found.kind === "choose" ? found.candidates : found.suggestions;
    if (ctx.json)
      ctx.out(
        JSON.stringify({
          query,
          found: false,
          [found.kind === "choose" ? "candidates" : "suggestions"]: list,
        }),
      );
    else if (found.kind === "choose")
      ctx.out(
        `${tr.t("cli.health.several", { query: inlineText(query) })}\n${list.map((c) => `  ${inlineText(c.name)} (${inlineText(c.externalId)})`).join("\n")}`,
      );
    else
      ctx.out(
        list.length
          ? tr.t("cli.health.noneNearest", {
              query: inlineText(query),
              names: tr.list(list.map((c) => inlineText(c.name))),
            })
          : tr.t("cli.health.none", { query: inlineText(query) }),
      );
    return found.kind === "none" ? EXIT.failed : EXIT.done;
  },
});
