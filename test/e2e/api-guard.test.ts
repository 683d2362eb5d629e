import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, MAX_ROWS } from "../../src/api/limits.js";
import { type RunningApp, startTestApp } from "../support/app.js";
import { useApp } from "../support/harness.js";

/** What stands before every route: the bearer token, the rate per token, the size limits, the JSON errors and the access log. */
const TOKEN = "etl-token-0123456789abcdefghij";
const OTHER = "zap-token-abcdefghij0123456789";
const NOW = new Date("2026-11-22T09:00:00Z");
const t = useApp({ now: NOW, env: { KUROKO_API_TOKENS: `etl:${TOKEN},zapier:${OTHER}` } });

const call = (app: RunningApp, path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${app.baseUrl}${path}`, {
    ...init,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...(init.headers as Record<string, string>),
    },
  });

interface Body {
  error: string;
  total: number;
  problems: { index: number; field?: string; reason: string }[];
}
const bodyOf = async (res: Response) => (await res.json()) as Body;

const accessLines = (app: RunningApp) => app.logs.filter((l) => / INFO \[kuroko\] api /.test(l));

describe("the ingest API's bearer token", () => {
  it("answers 401 with WWW-Authenticate without a token, and with a wrong one", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-token-0123456789abc" },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const res = await call(t.app, "/api/v1/accounts/CRM-1/health", { headers });

      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await bodyOf(res)).toEqual({
        error: "Send a configured token as Authorization: Bearer <token>.",
      });
    }
  });

  it("answers 401 to every call, saying why, when no token is configured", async () => {
    const app = await startTestApp(t.db, t.fake, { now: NOW });
    try {
      const res = await call(app, "/api/v1/accounts", { method: "POST", token: TOKEN, body: "[]" });

      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await bodyOf(res)).error).toMatch(/no token is configured \(set KUROKO_API_TOKENS/);
    } finally {
      await app.stop();
    }
  });

  it("never writes the token to the log, only its name", async () => {
    await call(t.app, "/api/v1/accounts/NOPE/health", { token: OTHER });
    await call(t.app, "/api/v1/accounts/NOPE/health", { token: "a-wrong-token-0123456789abcdef" });

    const lines = accessLines(t.app);
    expect(
      lines.some((l) =>
        / api GET \/api\/v1\/accounts\/NOPE\/health token=zapier status=404 rows=- \d+ms$/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => /token=- status=401/.test(l))).toBe(true);
    for (const line of t.app.logs) {
      expect(line).not.toContain(OTHER);
      expect(line).not.toContain("a-wrong-token");
    }
  });
});

describe("the rate per token", () => {
  it("answers 429 with Retry-After past the rate, for that token only", async () => {
    // 3 calls a minute, and the clock stands still: the 4th call with one token waits 20 s.
    const app = await startTestApp(t.db, t.fake, {
      now: NOW,
      env: { KUROKO_API_TOKENS: `etl:${TOKEN},zapier:${OTHER}`, KUROKO_API_RATE_PER_MINUTE: "3" },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await call(app, "/api/v1/accounts/NOPE/health", { token: TOKEN })).status);
      }
      const refused = await call(app, "/api/v1/accounts/NOPE/health", { token: TOKEN });
      const other = await call(app, "/api/v1/accounts/NOPE/health", { token: OTHER });

      expect(statuses).toEqual([404, 404, 404, 429]);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("20");
      expect((await bodyOf(refused)).error).toMatch(
        /More than 3 calls a minute with this token; retry in 20 s/,
      );
      expect(other.status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});

describe("the size limits", () => {
  it(`answers 413 past ${MAX_ROWS.toLocaleString("en-US")} rows, before anything is checked or written`, async () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => ({ external_id: `X-${i}`, name: `X ${i}` }));
    const res = await call(t.app, "/api/v1/accounts", {
      method: "POST",
      token: TOKEN,
      body: JSON.stringify(rows),
    });

    expect(res.status).toBe(413);
    expect((await bodyOf(res)).error).toBe(
      "10,001 rows: at most 10,000 may be sent at once; send them in several batches.",
    );
    expect(await t.db.prisma.account.count()).toBe(0);
  });

  it("answers 413 to a body declared larger than 10 MB without reading it", async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${t.app.baseUrl}/api/v1/metrics`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${OTHER}`,
          "content-type": "application/json",
          "content-length": String(MAX_BODY_BYTES + 1),
        },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on("error", reject);
      // Only the start of the body: the answer must not wait for the rest.
      req.write("[");
    });

    expect(status).toBe(413);
    expect(JSON.parse(body).error).toMatch(/larger than 10 MB/);
  });

  it("stops reading a chunked body once it passes 10 MB", async () => {
    const chunk = Buffer.alloc(1024 * 1024, " ");
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the limit if it were all read; the server answers after about 10 MB.
        if (sent++ > 40) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${t.app.baseUrl}/api/v1/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${OTHER}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit).catch((error: Error) => error);

    // The server closes the connection after its answer: a client still sending may see the
    // close rather than the 413; either way, it did not read the whole 40 MB.
    if (res instanceof Response) expect(res.status).toBe(413);
    expect(sent).toBeLessThan(40);
  });
});

describe("errors", () => {
  it("answers 400 naming the line of malformed NDJSON, and of malformed JSON", async () => {
    const ndjson = await call(t.app, "/api/v1/metrics", {
      method: "POST",
      token: TOKEN,
      headers: { "content-type": "application/x-ndjson" },
      body: '{"external_id":"A","date":"2026-11-20"}\n\n{"external_id":"B",date:1}\n',
    });
    const json = await call(t.app, "/api/v1/metrics", {
      method: "POST",
      token: TOKEN,
      body: '[\n{"external_id":"A"},\n{"external_id" "B"}\n]',
    });

    expect(ndjson.status).toBe(400);
    expect((await bodyOf(ndjson)).error).toMatch(/^Line 3 is not valid JSON: /);
    expect(json.status).toBe(400);
    expect((await bodyOf(json)).error).toMatch(/^The body is not valid JSON: .* \(line 3\)\.$/);
  });

  it("answers 400 when the body is not an array, 415 for another media type", async () => {
    const object = await call(t.app, "/api/v1/accounts", { method: "POST", token: TOKEN, body: '{"a":1}' });
    const csv = await call(t.app, "/api/v1/accounts", {
      method: "POST",
      token: TOKEN,
      headers: { "content-type": "text/csv" },
      body: "external_id,name\n",
    });

    expect(object.status).toBe(400);
    expect((await bodyOf(object)).error).toMatch(/must be a JSON array of rows/);
    expect(csv.status).toBe(415);
  });

  it("answers 422 for rows that are not objects, and for nested values, listing each", async () => {
    const res = await call(t.app, "/api/v1/accounts", {
      method: "POST",
      token: TOKEN,
      body: JSON.stringify([
        { external_id: "A", name: "A" },
        "B",
        { external_id: "C", name: { first: "C" } },
      ]),
    });

    expect(res.status).toBe(422);
    const body = await bodyOf(res);
    expect(body.total).toBe(2);
    expect(body.problems.map((p: { index: number; field?: string }) => [p.index, p.field])).toEqual([
      [1, undefined],
      [2, "name"],
    ]);
  });

  it("answers 404 for an unknown route, 405 with Allow for a wrong method, in JSON", async () => {
    const unknown = await call(t.app, "/api/v1/contracts", { token: TOKEN });
    const wrong = await call(t.app, "/api/v1/accounts", { token: TOKEN });

    expect(unknown.status).toBe(404);
    expect((await bodyOf(unknown)).error).toMatch(/No route GET \/api\/v1\/contracts/);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    expect(await bodyOf(wrong)).toEqual({ error: "/api/v1/accounts answers POST, not GET." });
  });

  it("answers 404 for an empty id in the path, HEAD like GET, and 415 for a compressed body", async () => {
    const empty = await call(t.app, "/api/v1/accounts//health", { token: TOKEN });
    const head = await call(t.app, "/api/v1/openapi.json", { method: "HEAD" });
    const gzip = await call(t.app, "/api/v1/accounts", {
      method: "POST",
      token: TOKEN,
      headers: { "content-encoding": "gzip" },
      body: "[]",
    });

    expect(empty.status).toBe(404);
    expect((await bodyOf(empty)).error).toMatch(/No route GET \/api\/v1\/accounts\/\/health/);
    expect(head.status).toBe(200);
    expect(gzip.status).toBe(415);
    expect((await bodyOf(gzip)).error).toBe(
      "Content-Encoding gzip is not supported: send the body uncompressed.",
    );
  });
});
