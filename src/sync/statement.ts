/**
 * What can be told of a source's SQL before it runs (pure): one statement that only reads.
 * Text is not proof: a function can still write. The real guarantee is that every source runs in
 * a READ ONLY transaction (warehouse.ts), which PostgreSQL enforces; this check refuses the plain
 * mistakes at load time, naming them.
 */

/** The query with comments, string literals and quoted identifiers blanked out (kept the same length). */
export function codeOf(sql: string): string {
  let out = "";
  let i = 0;
  const blank = (text: string) => text.replace(/[^\n]/g, " ");
  while (i < sql.length) {
    const rest = sql.slice(i);
    let match: RegExpMatchArray | null = null;
    if (rest.startsWith("--")) match = rest.match(/^--[^\n]*/);
    else if (rest.startsWith("/*")) {
      let depth = 0;
      let j = 0;
      while (j < rest.length) {
        if (rest.startsWith("/*", j)) {
          depth++;
          j += 2;
        } else if (rest.startsWith("*/", j)) {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      match = [rest.slice(0, j)];
    } else if (/^[eE]'/.test(rest)) match = rest.match(/^[eE]'(?:[^'\\]|\\.|'')*'?/);
    else if (rest.startsWith("'")) match = rest.match(/^'(?:[^']|'')*'?/);
    else if (rest.startsWith('"')) match = rest.match(/^"(?:[^"]|"")*"?/);
    else if (rest.startsWith("$")) {
      const tag = rest.match(/^\$([A-Za-z_][A-Za-z0-9_]*)?\$/);
      if (tag) {
        const end = rest.indexOf(tag[0], tag[0].length);
        match = [end < 0 ? rest : rest.slice(0, end + tag[0].length)];
      }
    }
    if (match) {
      // A comment becomes blanks; a literal or identifier one placeholder word, so that a keyword
      // inside it is not taken for the statement's.
      const text = match[0];
      const comment = text.startsWith("--") || text.startsWith("/*");
      out += comment ? blank(text) : `x${blank(text.slice(1))}`;
      i += text.length;
    } else {
      out += sql[i];
      i++;
    }
  }
  return out;
}

const READ_STARTS = ["SELECT", "WITH", "VALUES", "TABLE"];

/** Words that write, or lock rows for writing, wherever they stand in a statement. */
const WRITING = /\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i;

/**
 * Why `sql` is not one read statement, or undefined when it looks like one: SELECT, WITH … SELECT,
 * VALUES or TABLE, without a second statement, a data-modifying WITH, FOR UPDATE or SELECT … INTO.
 */
export function readStatementProblem(sql: string): string | undefined {
  const code = codeOf(sql)
    .trim()
    .replace(/[\s;]+$/, "");
  if (code === "") return "is empty: write the SELECT the source runs";
  if (code.includes(";"))
    return "holds more than one statement: a source runs one SELECT (drop what follows the first ;)";
  const first =
    code
      .replace(/^[\s(]+/, "")
      .match(/^[A-Za-z_]+/)?.[0]
      ?.toUpperCase() ?? code.slice(0, 10);
  if (!READ_STARTS.includes(first))
    return `begins with ${first}: a source runs one read statement (SELECT, WITH … SELECT, VALUES or TABLE)`;
  const writing = code.match(WRITING)?.[1]?.toUpperCase();
  if (writing)
    return `contains ${writing}: a source only reads (sources run in a read-only transaction, where it would fail)`;
  if (/\bINTO\b/i.test(code)) return "contains INTO: SELECT … INTO creates a table, and a source only reads";
  return undefined;
}

/** The query as it is sent: without its trailing semicolons (it runs inside DECLARE … CURSOR FOR). */
export function statementText(sql: string): string {
  const code = codeOf(sql);
  let end = sql.length;
  while (end > 0 && /[\s;]/.test(code[end - 1]!)) end--;
  return sql.slice(0, end);
}
