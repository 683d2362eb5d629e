import type { IncomingMessage, ServerResponse } from "node:http";

/** Form fields that Slack's WebClient sends JSON-encoded. */
const JSON_FIELDS = new Set(["blocks", "attachments", "view", "metadata", "users"]);
const MAX_BODY_BYTES = 2_000_000;

/** A request's body as text; undefined past 2 MB (Slack's own limits are far below). */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A request's body as bytes (an uploaded file); undefined past `limit`. */
export async function readBytes(req: IncomingMessage, limit = 10_000_000): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw || "{}");
  } catch {
    return undefined;
  }
}

/** A Web API or response_url body: JSON, or form fields with some JSON-encoded. */
export function parseForm(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes("application/json")) {
    const parsed = parseJsonBody(raw);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key) && /^[[{]/.test(value)) {
      try {
        body[key] = JSON.parse(value);
        continue;
      } catch {
        // Slack answers invalid_json; keeping the raw string lets the method refuse it.
      }
    }
    body[key] = value;
  }
  return body;
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}
