import { describe, expect, it } from "vitest";
import { authenticate, bearerToken } from "../../src/api/auth.js";
import { bodyFormat, parseRows } from "../../src/api/parse.js";
import { createRateLimiter } from "../../src/api/rate-limit.js";

describe("bearer tokens", () => {
  const tokens = [
    { name: "etl", token: "etl-token-0123456789abcdefghij" },
    { name: "zapier", token: "zap-token-abcdefghij0123456789" },
  ];

  it("names the token that matches, and none for a wrong, shorter, longer or missing one", () => {
    expect(authenticate(tokens, "zap-token-abcdefghij0123456789")).toBe("zapier");
    expect(authenticate(tokens, "zap-token-abcdefghij012345678")).toBeUndefined();
    expect(authenticate(tokens, "zap-token-abcdefghij01234567890")).toBeUndefined();
    expect(authenticate(tokens, undefined)).toBeUndefined();
    expect(authenticate([], "zap-token-abcdefghij0123456789")).toBeUndefined();
  });

  it("reads the token of an Authorization header only with the Bearer scheme", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer  abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("abc")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe("the rate per token", () => {
  it("allows a minute's calls at once, then one more each 60/rate seconds, each token apart", () => {
    const limiter = createRateLimiter(2);
    const at = (s: number) => s * 1000;

    expect(limiter.take("etl", at(0))).toEqual({ allowed: true });
    expect(limiter.take("etl", at(0))).toEqual({ allowed: true });
    expect(limiter.take("etl", at(0))).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take("zapier", at(0))).toEqual({ allowed: true });
    expect(limiter.take("etl", at(20))).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take("etl", at(30))).toEqual({ allowed: true });
    expect(limiter.take("etl", at(30))).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });
});

describe("reading a batch", () => {
  it("takes JSON by default and NDJSON by its media types, nothing else", () => {
    expect(bodyFormat(undefined)).toBe("json");
    expect(bodyFormat("application/json; charset=utf-8")).toBe("json");
    expect(bodyFormat("application/x-ndjson")).toBe("ndjson");
    expect(bodyFormat("application/ndjson")).toBe("ndjson");
    expect(bodyFormat("text/csv")).toBeUndefined();
    expect(bodyFormat("application/x-www-form-urlencoded")).toBeUndefined();
  });

  it("reads NDJSON one object a line, blank lines and CRLF allowed", () => {
    expect(parseRows('{"a":1}\r\n\r\n{"a":2}\n', "ndjson")).toEqual({ ok: true, rows: [{ a: 1 }, { a: 2 }] });
  });

  it("names the line of an NDJSON or JSON syntax error", () => {
    const ndjson = parseRows('{"a":1}\n{"a":2,}\n', "ndjson");
    const json = parseRows('[\n  {"a": 1},\n  {"a" 2}\n]', "json");

    expect(ndjson.ok ? "" : ndjson.error).toMatch(/^Line 2 is not valid JSON: /);
    expect(json.ok ? "" : json.error).toMatch(/ \(line 3\)\.$/);
  });

  it("refuses JSON that is not an array, and drops a byte-order mark", () => {
    expect(parseRows('{"a":1}', "json").ok).toBe(false);
    expect(parseRows('\uFEFF[{"a":1}]', "json")).toEqual({ ok: true, rows: [{ a: 1 }] });
  });
});
