import { z } from "zod";
import { describeIssues } from "../data-checks.js";
import { KurokoError } from "../errors.js";
import { readStatementProblem, statementText } from "./statement.js";

/**
 * The sources file (KUROKO_SOURCES_PATH, YAML or JSON; pure): each source a read-only SQL query
 * against a PostgreSQL-compatible database, mapped to accounts, metrics or outcomes. The
 * database's URL never sits in the file: `url_env` names the environment variable holding it, and
 * a variable not set is a start-up error, like every other problem, all listed at once.
 */

/** What a source's rows are, as `kuroko import` names them. */
export const SOURCE_KINDS = ["accounts", "metrics", "outcomes"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The statement time-out when a source gives none. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Within the import transaction's own limit (an hour), leaving time to write. */
const MAX_TIMEOUT_MS = 30 * 60_000;

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000 };

/** A time-out: seconds as a number, or "90s", "5m", "1h", "500ms". */
const timeout = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const match =
    typeof value === "number"
      ? [String(value), String(value), "s"]
      : value.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)$/);
  const ms = match ? Number(match[1]) * UNITS[match[2]!]! : Number.NaN;
  if (!(ms >= 1_000 && ms <= MAX_TIMEOUT_MS)) {
    ctx.addIssue({
      code: "custom",
      message: `must be from 1 s to 30 min, as seconds (60) or with a unit ("90s", "5m"); got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return Math.round(ms);
});

/** An unknown key is refused; a `url` key gets the reason. */
const sourceKeys = (issue: z.core.$ZodRawIssue) =>
  issue.code === "unrecognized_keys" && (issue.keys as string[]).some((k) => /url|password/i.test(k))
    ? `never put a database URL or password in the file: name its environment variable in url_env (unknown keys: ${(issue.keys as string[]).join(", ")})`
    : undefined;

const sourceSchema = z.strictObject(
  {
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/,
        "must be 1 to 40 letters, digits, - or _ (it names the source in logs and in `kuroko sync --source`)",
      ),
    kind: z.enum(SOURCE_KINDS, { error: `must be one of ${SOURCE_KINDS.join(", ")}` }),
    url_env: z
      .string()
      .regex(
        /^[A-Z_][A-Z0-9_]*$/,
        "must name an environment variable (capitals, digits and _) holding the postgresql:// URL, never the URL itself",
      ),
    query: z.string().superRefine((sql, ctx) => {
      const problem = readStatementProblem(sql);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    columns: z
      .record(z.string(), z.string().min(1, "must name one of Kuroko's fields"))
      .default({})
      .superRefine((map, ctx) => {
        const seen = new Map<string, string>();
        for (const [from, to] of Object.entries(map)) {
          const earlier = seen.get(to);
          if (earlier !== undefined)
            ctx.addIssue({
              code: "custom",
              path: [from],
              message: `maps to "${to}", as "${earlier}" does: each field takes one column`,
            });
          seen.set(to, from);
        }
      }),
    // zod hands a default out as it is (the output, in ms), without the transform.
    timeout: timeout.default(DEFAULT_TIMEOUT_MS),
  },
  { error: sourceKeys },
);

const fileSchema = z
  .object({ sources: z.array(sourceSchema).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.sources.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({ code: "custom", path: ["sources", i, "name"], message: `"${s.name}" is named twice` });
      seen.add(s.name);
    });
  });

/** A source ready to run: its database URL read from the environment. */
export interface WarehouseSource {
  name: string;
  kind: SourceKind;
  /** The variable the URL came from, to name it in errors (the URL itself is never printed). */
  urlEnv: string;
  url: string;
  /** The query as sent (without trailing semicolons). */
  query: string;
  /** The query's column names → Kuroko's field names; other columns keep their names. */
  columns: Record<string, string>;
  timeoutMs: number;
}

export class SourcesFileError extends KurokoError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`The sources file ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Checks a sources file and reads each source's database URL from `env`, listing every problem
 * (the file's, then each variable not set or not a postgresql:// URL) in one error.
 */
export function parseSourcesFile(
  input: unknown,
  source: string,
  env: Record<string, string | undefined>,
): WarehouseSource[] {
  if (input === null || input === undefined)
    throw new SourcesFileError(source, [
      "the file is empty: list the sources (see docs/data.md), or unset KUROKO_SOURCES_PATH",
    ]);
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) throw new SourcesFileError(source, describeIssues(parsed.error.issues));
  const problems: string[] = [];
  const sources = parsed.data.sources.map((s, i) => {
    const url = env[s.url_env]?.trim() ?? "";
    if (!url)
      problems.push(
        `sources[${i}].url_env: ${s.url_env} is not set in the environment (${s.name}'s database URL)`,
      );
    else if (!/^postgres(ql)?:\/\//i.test(url))
      problems.push(
        `sources[${i}].url_env: ${s.url_env} does not hold a postgresql:// URL (${s.name} reads a PostgreSQL-compatible database)`,
      );
    return {
      name: s.name,
      kind: s.kind,
      urlEnv: s.url_env,
      url,
      query: statementText(s.query),
      columns: s.columns,
      timeoutMs: s.timeout,
    };
  });
  if (problems.length > 0) throw new SourcesFileError(source, problems);
  return sources;
}

/** The sources to run: all, or the one named (an unknown name is refused with the known ones). */
export function selectSources(sources: readonly WarehouseSource[], name?: string): WarehouseSource[] {
  const chosen = name === undefined ? [...sources] : sources.filter((s) => s.name === name);
  if (name !== undefined && chosen.length === 0)
    throw new KurokoError(
      sources.length === 0
        ? `No source is named "${name}": the sources file lists none.`
        : `No source is named "${name}": the sources are ${sources.map((s) => s.name).join(", ")}.`,
    );
  // Metrics and outcomes name accounts: a run brings the accounts in first, else in the file's order.
  return chosen.sort((a, b) => SOURCE_KINDS.indexOf(a.kind) - SOURCE_KINDS.indexOf(b.kind));
}
