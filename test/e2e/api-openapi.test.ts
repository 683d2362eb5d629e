import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { useApp } from "../support/harness.js";

const TOKEN = "etl-token-0123456789abcdefghij";
const t = useApp({ env: { KUROKO_API_TOKENS: `etl:${TOKEN}` } });

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
}

const fetchDocument = async () => {
  const res = await fetch(`${t.app.baseUrl}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Document;
};

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document, served without a token", async () => {
    const document = await fetchDocument();

    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("names exactly the routes the server answers, each method", async () => {
    const document = await fetchDocument();
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();

    const served = t.app.kuroko.api.routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(served);
    expect(served).toEqual([
      "GET /api/v1/accounts/{external_id}/health",
      "GET /api/v1/openapi.json",
      "POST /api/v1/accounts",
      "POST /api/v1/metrics",
      "POST /api/v1/outcomes",
    ]);
  });

  it("documents the bearer answers (401, 429), the limits (413) and the refusals (422) of each POST", async () => {
    const document = await fetchDocument();

    for (const kind of ["accounts", "metrics", "outcomes"]) {
      const post = document.paths[`/api/v1/${kind}`]!.post!;
      expect(Object.keys(post.responses)).toEqual(
        expect.arrayContaining(["200", "400", "401", "409", "413", "422", "429"]),
      );
    }
    expect(document.paths["/api/v1/openapi.json"]!.get!.security).toEqual([]);
  });

  it("documents on every operation the answers any route may give (400, 404, 405, 415, 500)", async () => {
    const document = await fetchDocument();
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining(["400", "404", "405", "415", "500"]),
        );
      }
    }
  });
});
