import { defineCommand, EXIT, JSON_OPTION } from "../command.js";
import { databaseText } from "../database-text.js";

/** `kuroko migrate`: brings the schema up to date (opening the database does it). */
export const migrateCommand = defineCommand({
  name: "migrate",
  summary: "bring the database schema up to date (every command also does it first)",
  args: [],
  options: { json: JSON_OPTION },
  async run(ctx) {
    const db = await ctx.database();
    const applied = db.migrated;
    if (ctx.json) ctx.out(JSON.stringify({ database: db.description, applied }));
    else
      ctx.out(
        applied.length
          ? ctx.tr.t("cli.migrate.applied", { migrations: applied.join(", ") })
          : ctx.tr.t("cli.migrate.upToDate", { database: databaseText(db, ctx.tr) }),
      );
    return EXIT.done;
  },
});
