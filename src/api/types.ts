import type { IncomingMessage } from "node:http";
import type { ZodOpenApiOperationObject } from "zod-openapi";
import type { PrismaClient, SqlQuery } from "../db/database.js";
import type { HealthModel } from "../health/model.js";
import type { HealthModels } from "../health/models.js";
import type { Logger } from "../log.js";
import type { ApiToken } from "./auth.js";

/** What the API needs, built once by app.ts. */
export interface ApiDeps {
  /** KUROKO_API_TOKENS; empty: every call is refused. */
  tokens: readonly ApiToken[];
  /** Calls a minute per token (KUROKO_API_RATE_PER_MINUTE), counted per replica. */
  ratePerMinute: number;
  prisma: PrismaClient;
  sql: SqlQuery;
  model: HealthModel;
  /** The models by segment (absent: `model` for every account): the card is scored by the account's. */
  models?: HealthModels;
  logger: Logger;
  clock: () => Date;
  /** The team's time zone: the health card's "today". */
  timezone: string;
  /** Finds owners named by e-mail (accounts rows with owner_email); unset without a bot token. */
  ownerLookup?: (emails: string[]) => Promise<Map<string, string | undefined>>;
}

/** An answer: a status and a JSON body, with extra headers. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Rows in the batch, for the access log. */
  rows?: number;
}

export interface RouteContext {
  req: IncomingMessage;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  /** The name of the token the caller used (undefined on a public route). */
  tokenName?: string;
  /** Rows seen so far, for the access log even when the route fails. */
  seen: { rows?: number };
}

/**
 * One route of /api/v1: its method, its path as OpenAPI writes it (`{name}` for a parameter),
 * its OpenAPI operation (built from the zod schemas its handler validates with), and the
 * handler. The OpenAPI document is generated from this table, so no route goes undocumented.
 */
export interface ApiRoute {
  method: "GET" | "POST";
  path: string;
  /** A public route needs no token (the OpenAPI document). */
  public?: boolean;
  operation: ZodOpenApiOperationObject;
  handle(ctx: RouteContext): Promise<Answer>;
}
