import { loadHealthCard } from "../health/service.js";
import { todayIn } from "../time.js";
import { healthCardJson } from "./health-json.js";
import { errorSchema, healthCardSchema, healthParamsSchema } from "./schemas.js";
import type { ApiDeps, ApiRoute } from "./types.js";

/** GET /api/v1/accounts/{external_id}/health: the card /health shows, as JSON. */
export function healthRoute(deps: ApiDeps): ApiRoute {
  return {
    method: "GET",
    path: "/api/v1/accounts/{external_id}/health",
    operation: {
      operationId: "getAccountHealth",
      summary: "An account's health card",
      description:
        "Today's score and band (in the team's time zone), each component with its signals, the change over 7 and 30 days, the 90-day trend, stale and missing signals, the model version, and the account's context (ARR, renewal, owner, open paperwork, alert).",
      requestParams: { path: healthParamsSchema },
      responses: {
        "200": { description: "The card.", content: { "application/json": { schema: healthCardSchema } } },
        "404": {
          description: "No account has this external_id.",
          content: { "application/json": { schema: errorSchema } },
        },
      },
    },
    async handle({ params }) {
      const { external_id: externalId } = healthParamsSchema.parse(params);
      const account = await deps.prisma.account.findUnique({ where: { externalId }, select: { id: true } });
      const card =
        account &&
        (await loadHealthCard(
          deps.sql,
          deps.models ?? deps.model,
          account.id,
          todayIn(deps.timezone, deps.clock()),
        ));
      if (!card)
        return {
          status: 404,
          body: { error: `No account has the external_id ${JSON.stringify(externalId)}.` },
        };
      return { status: 200, body: healthCardJson(card) };
    },
  };
}
