import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outcomeOf, retryAfterMs } from "../../src/webhooks/deliver.js";
import { parseWebhooksFile, WebhooksFileError } from "../../src/webhooks/endpoints.js";
import { eventBody, webhookEventId } from "../../src/webhooks/events.js";
import { loadWebhooks } from "../../src/webhooks/file.js";
import { requestEventType } from "../../src/webhooks/payloads.js";
import { signWebhook, verifyWebhook } from "../../src/webhooks/signature.js";

const SECRET = "a-long-random-secret-0123456789";
const env = { KUROKO_WEBHOOK_SECRET_CRM: SECRET };

/** The problems a file is refused with (every one, in one error). */
function problemsOf(input: unknown, environment: Record<string, string | undefined> = env): string[] {
  try {
    parseWebhooksFile(input, "webhooks.yaml", environment);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhooksFileError);
    return (error as WebhooksFileError).problems;
  }
  throw new Error("the file was accepted");
}

describe("the webhooks file", () => {
  it("reads each endpoint with its secret from the environment", () => {
    const endpoints = parseWebhooksFile(
      {
        endpoints: [
          {
            name: "crm",
            url: "https://hooks.example.com/kuroko",
            events: ["request.approved", "request.signed"],
            secret_env: "KUROKO_WEBHOOK_SECRET_CRM",
          },
          { name: "all", url: "http://127.0.0.1:9/x", events: "*", secret_env: "KUROKO_WEBHOOK_SECRET_CRM" },
        ],
      },
      "webhooks.yaml",
      env,
    );

    expect(endpoints).toEqual([
      {
        name: "crm",
        url: "https://hooks.example.com/kuroko",
        events: ["request.approved", "request.signed"],
        secret: SECRET,
      },
      { name: "all", url: "http://127.0.0.1:9/x", events: "*", secret: SECRET },
    ]);
  });

  it("lists every problem of the file at once, each with where it is", () => {
    const problems = problemsOf({
      endpoints: [
        {
          name: "crm",
          url: "ftp://hooks.example.com",
          events: ["request.approved", "request.aproved"],
          secret_env: "X",
        },
        { name: "crm", url: "not a url", events: [], secret_env: "lower-case" },
        { name: "bi", url: "https://example.com/", events: "*", secret_env: "S", secret: "hunter2" },
      ],
    });

    expect(problems).toEqual([
      "endpoints[0].url: must be an https:// (or http://) URL",
      expect.stringMatching(
        /^endpoints\[0\]\.events\[1\]: "request\.aproved" is not an event; the events are alert\.opened, .*request\.approved/,
      ),
      'endpoints[1].url: "not a url" is not a URL',
      expect.stringMatching(
        /^endpoints\[1\]\.events: must be "\*" \(all events\) or a list of events: alert\.opened, /,
      ),
      "endpoints[1].secret_env: must name an environment variable (capitals, digits and _)",
      expect.stringMatching(
        /^endpoints\[2\]: never put a secret in the file: name its environment variable in secret_env/,
      ),
    ]);
  });

  it("refuses a second endpoint of the same name, after the file's shape is right", () => {
    const endpoint = { url: "https://a.example.com", events: "*", secret_env: "KUROKO_WEBHOOK_SECRET_CRM" };
    expect(
      problemsOf({
        endpoints: [
          { name: "crm", ...endpoint },
          { name: "crm", ...endpoint },
        ],
      }),
    ).toEqual(['endpoints[1].name: "crm" is named twice']);
  });

  it("refuses a credential in the URL", () => {
    expect(
      problemsOf({
        endpoints: [
          {
            name: "a",
            url: "https://user:pw@example.com/",
            events: "*",
            secret_env: "KUROKO_WEBHOOK_SECRET_CRM",
          },
        ],
      }),
    ).toEqual(["endpoints[0].url: must not hold credentials: the receiver checks the signature instead"]);
  });

  it("names every secret variable that is not set, or too short", () => {
    const endpoint = (name: string, variable: string) => ({
      name,
      url: "https://a.example.com",
      events: "*",
      secret_env: variable,
    });
    expect(
      problemsOf(
        {
          endpoints: [
            endpoint("crm", "KUROKO_WEBHOOK_SECRET_CRM"),
            endpoint("bi", "MISSING"),
            endpoint("x", "SHORT"),
          ],
        },
        { ...env, SHORT: "abc" },
      ),
    ).toEqual([
      "endpoints[1].secret_env: MISSING is not set in the environment (bi's signing secret)",
      "endpoints[2].secret_env: SHORT is shorter than 16 characters: use a long random secret",
    ]);
  });

  it("refuses an empty file, and says how to have no webhooks", () => {
    expect(problemsOf(null)).toEqual([
      expect.stringMatching(/the file is empty: .*unset KUROKO_WEBHOOKS_PATH/),
    ]);
  });

  it("loads YAML from KUROKO_WEBHOOKS_PATH, and has no endpoints when it is unset", () => {
    const path = join(mkdtempSync(join(tmpdir(), "kuroko-webhooks-")), "webhooks.yaml");
    writeFileSync(
      path,
      "endpoints:\n  - name: crm\n    url: https://hooks.example.com/k\n    events: [alert.opened]\n    secret_env: KUROKO_WEBHOOK_SECRET_CRM\n",
    );
    expect(loadWebhooks(path, env).map((e) => e.events)).toEqual([["alert.opened"]]);
    expect(loadWebhooks(undefined, env)).toEqual([]);
    expect(() => loadWebhooks(path, {})).toThrow(/KUROKO_WEBHOOK_SECRET_CRM is not set/);
  });
});

describe("a delivery's signature", () => {
  it("is the hex HMAC-SHA256 of v1:timestamp:body, as docs/webhooks.md says", () => {
    const body = '{"id":"evt_1","type":"request.approved"}';
    const expected = createHmac("sha256", SECRET).update(`v1:1767000000:${body}`).digest("hex");
    expect(signWebhook(SECRET, 1767000000, body)).toBe(`v1=${expected}`);
  });

  it("verifies only the same body, secret and a recent timestamp", () => {
    const body = '{"id":"evt_1"}';
    const signature = signWebhook(SECRET, 1000, body);
    expect(verifyWebhook(SECRET, { timestamp: "1000", signature }, body, 1100)).toBe(true);
    expect(verifyWebhook(SECRET, { timestamp: "1000", signature }, `${body} `, 1100)).toBe(false);
    expect(verifyWebhook("another-secret-of-some-length", { timestamp: "1000", signature }, body, 1100)).toBe(
      false,
    );
    expect(verifyWebhook(SECRET, { timestamp: "1000", signature }, body, 1000 + 301)).toBe(false);
    expect(verifyWebhook(SECRET, { timestamp: "999", signature }, body, 1000)).toBe(false);
  });
});

describe("events", () => {
  it("keeps one id for one change, whoever reports it", () => {
    expect(webhookEventId("alert.opened", "alert:1:opened")).toBe(
      webhookEventId("alert.opened", "alert:1:opened"),
    );
    expect(webhookEventId("alert.opened", "alert:1:opened")).not.toBe(
      webhookEventId("alert.opened", "alert:2:opened"),
    );
    expect(
      eventBody({ type: "alert.opened", key: "k", at: new Date("2026-11-22T09:00:00Z"), data: { a: 1 } }),
    ).toEqual({
      id: webhookEventId("alert.opened", "k"),
      type: "alert.opened",
      created_at: "2026-11-22T09:00:00.000Z",
      data: { a: 1 },
    });
  });

  it("reports a request's final approval, rejection, resubmission and signature, nothing else", () => {
    const signed = (key: string) => key === "signed";
    expect(requestEventType("approved", signed)).toBe("request.approved");
    expect(requestEventType("approved_step", signed)).toBeUndefined();
    expect(requestEventType("rejected", signed)).toBe("request.rejected");
    expect(requestEventType("resubmitted", signed)).toBe("request.submitted");
    expect(requestEventType("stage:signed", signed)).toBe("request.signed");
    expect(requestEventType("stage:booked", signed)).toBeUndefined();
    expect(requestEventType("assigned", signed)).toBeUndefined();
  });
});

describe("what an endpoint's answer means", () => {
  const now = new Date("2026-11-22T09:00:00Z");

  it("2xx delivered; 5xx, 408 and 429 retried; other 4xx and redirects given up", () => {
    expect(outcomeOf(204, "")).toEqual({ kind: "sent" });
    expect(outcomeOf(503, "down for maintenance\n")).toEqual({
      kind: "retry",
      error: "HTTP 503: down for maintenance",
    });
    expect(outcomeOf(408, "")).toEqual({ kind: "retry", error: "HTTP 408" });
    expect(outcomeOf(429, "", 30_000)).toEqual({ kind: "retry", error: "HTTP 429", retryAfterMs: 30_000 });
    expect(outcomeOf(410, "gone")).toEqual({ kind: "permanent", error: "HTTP 410: gone" });
    expect(outcomeOf(301, "")).toMatchObject({
      kind: "permanent",
      error: expect.stringMatching(/redirects are not followed/),
    });
  });

  it("reads Retry-After as seconds or a date, within an hour", () => {
    expect(retryAfterMs("30", now)).toBe(30_000);
    expect(retryAfterMs("Sun, 22 Nov 2026 09:02:00 GMT", now)).toBe(120_000);
    expect(retryAfterMs("86400", now)).toBe(3_600_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
