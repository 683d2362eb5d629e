import { healthRoute } from "./health-route.js";
import { ingestRoute } from "./ingest-route.js";
import { openApiDocument } from "./openapi.js";
import type { ApiDeps, ApiRoute } from "./types.js";

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = "/api/v1/openapi.json";

/** The table of /api/v1: every route, with the OpenAPI document generated from the same table. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  const routes: ApiRoute[] = [
    ingestRoute(deps, "accounts"),
    ingestRoute(deps, "metrics"),
    ingestRoute(deps, "outcomes"),
    healthRoute(deps),
  ];
  let document: ReturnType<typeof openApiDocument> | undefined;
  routes.push({
    method: "GET",
    path: OPENAPI_PATH,
    public: true,
    operation: {
      operationId: "getOpenApi",
      summary: "This document",
      responses: { "200": { description: "The OpenAPI 3.1 document of /api/v1." } },
    },
    handle: async () => {
      document ??= openApiDocument(routes);
      return { status: 200, body: document };
    },
  });
  return routes;
}
