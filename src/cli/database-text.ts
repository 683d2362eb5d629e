import type { OpenedDatabase } from "../db/database.js";
import type { Translator } from "../i18n/index.js";

/**
 * The database a command used, in the CLI's language. `openDatabase` describes it in English
 * ("embedded database in DIR/pglite", "embedded database in memory", "PostgreSQL at URL",
 * with the password redacted); the words are said again from the catalogue, the place kept.
 */
export function databaseText(db: Pick<OpenedDatabase, "description">, tr: Translator): string {
  const { description } = db;
  if (description === "embedded database in memory") return tr.t("cli.db.memory");
  const embedded = /^embedded database in (.+)$/.exec(description);
  if (embedded) return tr.t("cli.db.embedded", { dir: embedded[1]! });
  const postgres = /^PostgreSQL at (.+)$/.exec(description);
  if (postgres) return tr.t("cli.db.postgres", { url: postgres[1]! });
  return description;
}
