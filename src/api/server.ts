import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { authenticate, bearerToken } from "./auth.js";
import { createRateLimiter } from "./rate-limit.js";
import { apiRoutes, OPENAPI_PATH } from "./routes.js";
import type { Answer, ApiDeps, ApiRoute, RouteContext } from "./types.js";

/** Where the API lives; Bolt hands every request under it to `handleApiRequest`. */
export const API_PREFIX = "/api/v1";

/** Every method, so that a known path with the wrong one gets 405 (Bolt would answer 404). */
const ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** A path as the route table writes it ("/a/{id}/b"), matched against the request's segments. */
function matchPath(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split("/").slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const param = /^\{(\w+)\}$/.exec(part);
    if (param) {
      // An empty segment names nothing (`/accounts//health`): no route, a 404.
      if (segments[i] === "") return undefined;
      params[param[1]!] = segments[i]!;
    } else if (part !== segments[i]) return undefined;
  }
  return params;
}

/** The request's path split into decoded segments; undefined when one does not decode. */
function segmentsOf(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, answer: Answer) {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...answer.headers,
  });
  res.end(body);
}

/**
 * The /api/v1 routes as one Bolt custom route: it matches the route table itself (Bolt's
 * matching would answer 404 for a known path with the wrong method), checks the bearer token
 * and the rate, runs the route, answers JSON (`{error}` on every failure), and writes one
 * access-log line per call: method, path, token name (never the token), status, rows, time.
 */
export function createApiRoute(deps: ApiDeps) {
  const routes = apiRoutes(deps);
  const limiter = createRateLimiter(deps.ratePerMinute);

  async function answer(req: IncomingMessage, pathname: string, ctx: RouteContext): Promise<Answer> {
    const method = (req.method ?? "GET").toUpperCase();
    const segments = segmentsOf(pathname);
    if (!segments) return { status: 400, body: { error: "The path is not valid URL encoding." } };
    const matching = routes
      .map((route) => ({ route, params: matchPath(route.path, segments) }))
      .filter((m): m is { route: ApiRoute; params: Record<string, string> } => m.params !== undefined);
    if (matching.length === 0) {
      return {
        status: 404,
        body: { error: `No route ${method} ${pathname}; the routes are listed at ${OPENAPI_PATH}.` },
      };
    }
    // HEAD is GET without the body (Node's response drops it for HEAD).
    const found = matching.find(
      (m) => m.route.method === method || (method === "HEAD" && m.route.method === "GET"),
    );
    if (!found) {
      const allowed = matching.map((m) => m.route.method).join(", ");
      return {
        status: 405,
        headers: { allow: allowed },
        body: { error: `${pathname} answers ${allowed}, not ${method}.` },
      };
    }
    ctx.params = found.params;
    const encoding = req.headers["content-encoding"];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") {
      return {
        status: 415,
        body: { error: `Content-Encoding ${encoding} is not supported: send the body uncompressed.` },
      };
    }
    if (!found.route.public) {
      const tokenName = authenticate(deps.tokens, bearerToken(req.headers.authorization));
      if (!tokenName) {
        return {
          status: 401,
          headers: { "www-authenticate": 'Bearer realm="kuroko"' },
          body: {
            error:
              deps.tokens.length === 0
                ? "The API is off: no token is configured (set KUROKO_API_TOKENS on the server)."
                : "Send a configured token as Authorization: Bearer <token>.",
          },
        };
      }
      ctx.tokenName = tokenName;
      const rate = limiter.take(tokenName, deps.clock().getTime());
      if (!rate.allowed) {
        return {
          status: 429,
          headers: { "retry-after": String(rate.retryAfterSeconds) },
          body: {
            error: `More than ${deps.ratePerMinute} calls a minute with this token; retry in ${rate.retryAfterSeconds} s.`,
          },
        };
      }
    }
    return found.route.handle(ctx);
  }

  async function handleApiRequest(req: IncomingMessage, res: ServerResponse) {
    const started = performance.now();
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const ctx: RouteContext = { req, params: {}, seen: {} };
    let result: Answer;
    try {
      result = await answer(req, pathname, ctx);
    } catch (error) {
      deps.logger.error(`api ${req.method} ${pathname} failed:`, error);
      result = {
        status: 500,
        body: {
          error:
            "Something failed on Kuroko's side (its log says what); a retry with the same Idempotency-Key is safe.",
        },
      };
    }
    try {
      send(res, result);
    } catch (error) {
      deps.logger.error(`api ${req.method} ${pathname}: the answer could not be sent:`, error);
    }
    const rows = result.rows ?? ctx.seen.rows;
    deps.logger.info(
      `api ${req.method} ${pathname} token=${ctx.tokenName ?? "-"} status=${result.status} rows=${rows ?? "-"} ${Math.round(performance.now() - started)}ms`,
    );
  }

  return {
    routes,
    /** For Bolt's `customRoutes` (HTTP and Socket Mode receivers alike). */
    customRoute: {
      path: `${API_PREFIX}{/*rest}`,
      method: ALL_METHODS,
      handler: (req: IncomingMessage, res: ServerResponse) => void handleApiRequest(req, res),
    },
  };
}
