/**
 * Reading a POST body into rows (pure): a JSON array, or NDJSON (one JSON object a line).
 * A syntax error names its line, so a client can find it in a 10 MB batch.
 */

/** The media types a batch may come as. */
export const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson", "application/jsonl"] as const;
export const JSON_TYPE = "application/json";

export type BodyFormat = "json" | "ndjson";

/** The format a Content-Type names (parameters such as charset ignored); undefined: not one we read. */
export function bodyFormat(contentType: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? JSON_TYPE).split(";")[0]!.trim().toLowerCase();
  if (type === JSON_TYPE || type === "" || type.endsWith("+json")) return "json";
  if ((NDJSON_TYPES as readonly string[]).includes(type)) return "ndjson";
  return undefined;
}

export type Parsed = { ok: true; rows: unknown[] } | { ok: false; error: string };

/** The line (1-based) of a character offset. */
const lineOf = (text: string, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** JSON.parse's complaint, with the line it points at when it gives a position. */
function jsonError(text: string, error: unknown): string {
  const message = (error as Error).message;
  const at = /position (\d+)/.exec(message);
  const where = at && !/\(line \d+/.test(message) ? ` (line ${lineOf(text, Number(at[1]))})` : "";
  return `${message}${where}`;
}

/** The rows of a body already decoded to text. */
export function parseRows(text: string, format: BodyFormat): Parsed {
  const body = text.replace(/^\uFEFF/, "");
  if (format === "json") {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return { ok: false, error: `The body is not valid JSON: ${jsonError(body, error)}.` };
    }
    if (!Array.isArray(value)) {
      return {
        ok: false,
        error:
          "The body must be a JSON array of rows ([{…}, {…}]), or NDJSON with Content-Type application/x-ndjson.",
      };
    }
    return { ok: true, rows: value };
  }
  const rows: unknown[] = [];
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (line.trim() === "") continue;
    try {
      rows.push(JSON.parse(line));
    } catch (error) {
      return { ok: false, error: `Line ${i + 1} is not valid JSON: ${(error as Error).message}.` };
    }
  }
  return { ok: true, rows };
}
