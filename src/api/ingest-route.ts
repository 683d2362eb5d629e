import type { z } from "zod";
import { MAX_LISTED_PROBLEMS } from "../accounts/import.js";
import { IngestRejected, ingestRows } from "../accounts/ingest.js";
import { BodyTooLarge, decodeUtf8, readBody } from "./body.js";
import { claimKey, finishKey, releaseKey, requestHash } from "./idempotency.js";
import { MAX_BODY_BYTES, MAX_IDEMPOTENCY_KEY_LENGTH, MAX_ROWS } from "./limits.js";
import { bodyFormat, JSON_TYPE, NDJSON_TYPES, parseRows } from "./parse.js";
import {
  BATCH_SCHEMAS,
  errorSchema,
  type IngestKind,
  idempotencyHeaderSchema,
  ingestResultSchema,
  rejectionSchema,
} from "./schemas.js";
import type { Answer, ApiDeps, ApiRoute, RouteContext } from "./types.js";

const thousands = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, what: string) => `${thousands(n)} ${what}${n === 1 ? "" : "s"}`;

/** The header a replayed answer carries. */
export const REPLAY_HEADER = "idempotent-replayed";

const refused = (problems: { index: number; field?: string; reason: string }[], total: number): Answer => ({
  status: 422,
  body: {
    error: `The batch was refused: ${plural(total, "problem")}; nothing was written.`,
    problems,
    total,
  },
});

/** zod's issues with the batch's shape, as the import's problems are listed. */
function shapeProblems(error: z.ZodError): Answer {
  const problems = error.issues.map((issue) => {
    const [index, field] = issue.path;
    return {
      index: typeof index === "number" ? index : 0,
      ...(typeof field === "string" ? { field } : {}),
      reason: issue.message,
    };
  });
  return refused(problems.slice(0, MAX_LISTED_PROBLEMS), problems.length);
}

const SUMMARIES: Record<IngestKind, string> = {
  accounts: "Upsert accounts by external_id",
  metrics: "Merge metrics by account and day",
  outcomes: "Record what became of accounts (churned, renewed, downgraded, expanded)",
};

const jsonError = (description: string) => ({
  description,
  content: { "application/json": { schema: errorSchema } },
});

/** POST /api/v1/{kind}: a batch, all of it written or none. */
export function ingestRoute(deps: ApiDeps, kind: IngestKind): ApiRoute {
  const schema = BATCH_SCHEMAS[kind];
  return {
    method: "POST",
    path: `/api/v1/${kind}`,
    operation: {
      operationId: `ingest${kind[0]!.toUpperCase()}${kind.slice(1)}`,
      summary: SUMMARIES[kind],
      description: `A JSON array of rows, or NDJSON (one JSON object a line) with Content-Type application/x-ndjson. The whole batch is written or none of it; at most ${thousands(MAX_ROWS)} rows and ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
      requestParams: { header: idempotencyHeaderSchema },
      requestBody: {
        required: true,
        content: {
          [JSON_TYPE]: { schema },
          // One row a line: each line is one of the array's items.
          [NDJSON_TYPES[0]]: { schema: schema.element },
        },
      },
      responses: {
        "200": {
          description: "Written (or, with Idempotency-Key, the first answer replayed).",
          headers: {
            [REPLAY_HEADER]: {
              description: "true when this is the stored answer to an earlier request with the same key.",
              schema: { type: "string", enum: ["true"] },
            },
          },
          content: { "application/json": { schema: ingestResultSchema } },
        },
        "400": jsonError(
          "The body is not JSON or NDJSON (the line at fault is named), or the key is too long.",
        ),
        "409": jsonError(
          "Idempotency-Key: the same key is still being processed, or was used for another body.",
        ),
        "413": jsonError(`More than ${thousands(MAX_ROWS)} rows or ${MAX_BODY_BYTES / 1024 / 1024} MB.`),
        "415": jsonError("Neither application/json nor application/x-ndjson."),
        "422": {
          description: "Refused: every bad row's index, field and reason; nothing was written.",
          content: { "application/json": { schema: rejectionSchema } },
        },
      },
    },
    handle: (ctx) => handleIngest(deps, kind, schema, ctx),
  };
}

async function handleIngest(
  deps: ApiDeps,
  kind: IngestKind,
  schema: z.ZodType,
  ctx: RouteContext,
): Promise<Answer> {
  const format = bodyFormat(ctx.req.headers["content-type"]);
  if (!format) {
    return {
      status: 415,
      body: {
        error: `Send the rows as ${JSON_TYPE} (an array) or ${NDJSON_TYPES[0]} (one object a line), not ${ctx.req.headers["content-type"]}.`,
      },
    };
  }
  const key = ctx.req.headers["idempotency-key"];
  if (typeof key === "string" && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    return {
      status: 400,
      body: { error: `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.` },
    };
  }
  let bytes: Buffer;
  try {
    bytes = await readBody(ctx.req, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return {
      status: 413,
      headers: { connection: "close" },
      body: {
        error: `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB, the most one request may carry; send it in several batches.`,
      },
    };
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) return { status: 400, body: { error: "The body is not valid UTF-8." } };
  const parsed = parseRows(text, format);
  if (!parsed.ok) return { status: 400, body: { error: parsed.error } };
  ctx.seen.rows = parsed.rows.length;
  if (parsed.rows.length > MAX_ROWS) {
    return {
      status: 413,
      body: {
        error: `${thousands(parsed.rows.length)} rows: at most ${thousands(MAX_ROWS)} may be sent at once; send them in several batches.`,
      },
    };
  }
  const checked = schema.safeParse(parsed.rows);
  if (!checked.success) return shapeProblems(checked.error);

  if (typeof key !== "string") return ingest(deps, kind, parsed.rows);
  const tokenName = ctx.tokenName!;
  const claim = await claimKey(
    deps.prisma,
    tokenName,
    key,
    requestHash("POST", `/api/v1/${kind}`, format, bytes),
    deps.clock(),
  );
  switch (claim.kind) {
    case "replay":
      return { status: claim.status, body: claim.body, headers: { [REPLAY_HEADER]: "true" } };
    case "mismatch":
      return {
        status: 409,
        body: {
          error:
            "This Idempotency-Key was already used for a different request (another route or body) in the last 24 hours; use a new key for new data.",
        },
      };
    case "running":
      return {
        status: 409,
        body: {
          error: "A request with this Idempotency-Key is still being processed; retry in a few seconds.",
        },
      };
  }
  // Any failure after the claim (the batch, or recording its answer) releases the key, so a
  // retry runs instead of waiting out a claim nobody will finish; batches are upserts, so a
  // batch written before the failure is written the same again.
  try {
    const answer = await ingest(deps, kind, parsed.rows);
    await finishKey(deps.prisma, tokenName, key, answer.status, answer.body);
    return answer;
  } catch (error) {
    await releaseKey(deps.prisma, tokenName, key).catch(() => {});
    throw error;
  }
}

async function ingest(deps: ApiDeps, kind: IngestKind, rows: unknown[]): Promise<Answer> {
  try {
    const result = await ingestRows(
      { prisma: deps.prisma, model: deps.model, ownerLookup: deps.ownerLookup },
      kind,
      rows,
    );
    return { status: 200, body: ingestResultSchema.parse(result) };
  } catch (error) {
    if (error instanceof IngestRejected) return refused(error.problems, error.total);
    throw error;
  }
}
