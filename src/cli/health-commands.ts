import { lookupHealthCard } from "../health/service.js";
import { runSnapshot } from "../health/snapshot.js";
import { formatHealthText } from "../health/text.js";
import { type CliContext, UsageError } from "./main.js";
import { inlineText } from "./output.js";

/** `kuroko health acme`: the card as text (or JSON), or the matches to choose from. */
export async function runHealth(ctx: CliContext): Promise<void> {
  const query = ctx.args.join(" ").trim();
  if (!query) throw new UsageError("Say which account: a name, a domain or a CRM id.");
  const db = await ctx.database();
  const found = await lookupHealthCard(db.query, ctx.model(), query, ctx.today);
  if (found.kind !== "card") {
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
        `Several accounts match "${inlineText(query)}":\n${list.map((c) => `  ${inlineText(c.name)} (${inlineText(c.externalId)})`).join("\n")}`,
      );
    else
      ctx.out(
        `No account matches "${inlineText(query)}".${list.length ? ` Nearest: ${list.map((c) => inlineText(c.name)).join(", ")}.` : ""}`,
      );
    if (found.kind === "none") process.exitCode = 1;
    return;
  }
  ctx.out(ctx.json ? JSON.stringify(found.card) : formatHealthText(found.card));
}

/** `kuroko snapshot`: score the portfolio for a day (today by default) and store it. */
export async function runSnapshotCommand(ctx: CliContext): Promise<void> {
  const raw = ctx.flags.date;
  let date = ctx.today;
  if (typeof raw === "string") {
    date = new Date(`${raw}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(date.getTime()))
      throw new UsageError(`--date must be YYYY-MM-DD, not "${raw}".`);
  }
  const db = await ctx.database();
  const started = performance.now();
  const summary = await runSnapshot(db.prisma, ctx.model(), date);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (ctx.json) ctx.out(JSON.stringify({ ...summary, seconds }));
  else
    ctx.out(
      `Scored ${summary.accounts} accounts for ${summary.date} in ${seconds} s: ` +
        `${summary.bands.green} green, ${summary.bands.yellow} yellow, ${summary.bands.red} red (model ${summary.modelVersion}).`,
    );
}
