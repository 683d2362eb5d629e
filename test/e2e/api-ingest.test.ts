import { describe, expect, it } from "vitest";
import { REPLAY_HEADER } from "../../src/api/ingest-route.js";
import type { HealthCardJson } from "../../src/api/schemas.js";
import { DEFAULT_MODEL_SPEC } from "../../src/health/default-model.js";
import { buildHealthModel } from "../../src/health/model.js";
import type { RunningApp } from "../support/app.js";
import { useApp } from "../support/harness.js";

const TOKEN = "etl-token-0123456789abcdefghij";
const t = useApp({ now: new Date("2026-11-22T09:00:00Z"), env: { KUROKO_API_TOKENS: `etl:${TOKEN}` } });

interface Body {
  error?: string;
  kind?: string;
  rows?: number;
  created?: number;
  updated?: number;
  total?: number;
  problems?: { index: number; field?: string; reason: string }[];
}

async function post(
  app: RunningApp,
  kind: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Body }> {
  const res = await fetch(`${app.baseUrl}/api/v1/${kind}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}

const ACME = {
  external_id: "API-0001",
  name: "Acme Corp",
  arr: 240000,
  currency: "USD",
  renewal_date: "2027-01-06",
};

describe("POST /api/v1/accounts, /metrics, /outcomes", () => {
  it("upserts accounts from a JSON array, and says how many were created and updated", async () => {
    const summit = { external_id: "API-0002", name: "Summit", arr: null, currency: null, renewal_date: null };
    const first = await post(t.app, "accounts", JSON.stringify([ACME, summit]));
    const again = await post(t.app, "accounts", JSON.stringify([{ ...ACME, name: "Acme Corporation" }]));

    expect(first).toMatchObject({ status: 200, body: { kind: "accounts", rows: 2, created: 2, updated: 0 } });
    expect(again).toMatchObject({ status: 200, body: { kind: "accounts", rows: 1, created: 0, updated: 1 } });
    const acme = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "API-0001" } });
    expect(acme.name).toBe("Acme Corporation");
    expect(Number(acme.arr)).toBe(240000);
  });

  it("takes metrics as NDJSON, and the health card scores them", async () => {
    await post(t.app, "accounts", JSON.stringify([ACME]));
    const ndjson = [
      { external_id: "API-0001", date: "2026-10-23", active_users: 300, licensed_seats: 400 },
      { external_id: "API-0001", date: "2026-11-22", active_users: 120, licensed_seats: 400, nps: 31 },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");

    const res = await post(t.app, "metrics", `${ndjson}\n`, { "content-type": "application/x-ndjson" });

    expect(res).toMatchObject({ status: 200, body: { kind: "metrics", rows: 2 } });
    const card = (await (
      await fetch(`${t.app.baseUrl}/api/v1/accounts/API-0001/health`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as HealthCardJson;
    const signals = card.components.flatMap((c) => c.signals);
    expect(signals).toContainEqual(expect.objectContaining({ signal: "active_user_ratio", value: 30 }));
    expect(signals).toContainEqual(expect.objectContaining({ signal: "nps", value: 31 }));
    expect(card.score).toEqual(expect.any(Number));
  });

  it("records outcomes", async () => {
    await post(t.app, "accounts", JSON.stringify([ACME]));

    const res = await post(
      t.app,
      "outcomes",
      JSON.stringify([{ external_id: "API-0001", kind: "churned", date: "2026-11-30", arr_change: -240000 }]),
    );

    expect(res).toMatchObject({ status: 200, body: { kind: "outcomes", rows: 1 } });
    const outcomes = await t.db.prisma.accountOutcome.findMany();
    expect(outcomes.map((o) => [o.kind, Number(o.arrChange)])).toEqual([["churned", -240000]]);
  });

  it("refuses a bad batch with 422 listing every bad row, and writes nothing", async () => {
    const before = await t.db.prisma.account.count();
    const row = (
      external_id: string,
      name: string,
      renewal_date: string | null,
      currency: string | null,
    ) => ({
      external_id,
      name,
      renewal_date,
      currency,
    });
    const rows = [
      row("API-0100", "Good One", null, "USD"),
      row("API-0101", "Bad Date", "2026-02-30", null),
      row("API-0102", "Good Two", "2027-01-01", "JPY"),
      row("", "No Id", null, null),
      row("API-0104", "Bad Currency", null, "XXXX"),
    ];

    const res = await post(t.app, "accounts", JSON.stringify(rows));

    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/nothing was written/);
    expect(res.body.problems?.map((p) => [p.index, p.field])).toEqual([
      [1, "renewal_date"],
      [3, "external_id"],
      [4, "currency"],
    ]);
    expect(res.body.total).toBe(3);
    expect(await t.db.prisma.account.count()).toBe(before);
  });

  it("answers a repeated Idempotency-Key with the first answer, without writing again", async () => {
    const key = "3b1d5c7e-0000-4000-8000-000000000001";
    const batch = JSON.stringify([{ external_id: "API-0200", name: "Keyed Co" }]);

    const first = await post(t.app, "accounts", batch, { "idempotency-key": key });
    // Someone else renames the account between the two.
    await post(t.app, "accounts", JSON.stringify([{ external_id: "API-0200", name: "Renamed Co" }]));
    const replay = await post(t.app, "accounts", batch, { "idempotency-key": key });

    expect(first).toMatchObject({ status: 200, body: { rows: 1, created: 1 } });
    expect(first.headers.get(REPLAY_HEADER)).toBeNull();
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get(REPLAY_HEADER)).toBe("true");
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { externalId: "API-0200" } });
    expect(account.name).toBe("Renamed Co");
  });

  it("refuses the same Idempotency-Key with another body, with 409, writing nothing", async () => {
    const key = "3b1d5c7e-0000-4000-8000-000000000002";
    await post(t.app, "accounts", JSON.stringify([{ external_id: "API-0300", name: "First" }]), {
      "idempotency-key": key,
    });

    const other = await post(
      t.app,
      "accounts",
      JSON.stringify([{ external_id: "API-0301", name: "Other" }]),
      {
        "idempotency-key": key,
      },
    );

    expect(other.status).toBe(409);
    expect(other.body.error).toMatch(/already used for a different request/);
    expect(await t.db.prisma.account.count({ where: { externalId: "API-0301" } })).toBe(0);
  });

  it("logs one line per call with the rows, and not the token", async () => {
    await post(t.app, "accounts", JSON.stringify([{ external_id: "API-0400", name: "Logged" }]));

    const lines = t.app.logs.filter((l) => l.includes("api POST /api/v1/accounts"));
    expect(lines.at(-1)).toMatch(
      / INFO \[kuroko\] api POST \/api\/v1\/accounts token=etl status=200 rows=1 \d+ms$/,
    );
    expect(t.app.logs.join("\n")).not.toContain(TOKEN);
  });
});

describe("a team's own signal through the API", () => {
  const model = buildHealthModel({
    ...DEFAULT_MODEL_SPEC,
    name: "team",
    signals: [{ name: "api_calls_30d", label: "API calls (30 d)", min: 0, integer: true }],
    components: [
      {
        key: "usage",
        label: "Usage",
        weight: 1,
        metrics: [
          {
            signal: "api_calls_30d",
            direction: "higher_is_better",
            points: [
              [0, 0],
              [10_000, 100],
            ],
          },
        ],
      },
    ],
  });
  const team = useApp({
    now: new Date("2026-11-22T09:00:00Z"),
    model,
    env: { KUROKO_API_TOKENS: `etl:${TOKEN}` },
  });

  it("scores an account whose metrics arrive under the name the model declares", async () => {
    await post(team.app, "accounts", JSON.stringify([{ external_id: "TEAM-1", name: "Team Co" }]));
    const res = await post(
      team.app,
      "metrics",
      JSON.stringify([{ external_id: "TEAM-1", date: "2026-11-22", api_calls_30d: 5000 }]),
    );

    expect(res).toMatchObject({ status: 200, body: { kind: "metrics", rows: 1 } });
    const card = (await (
      await fetch(`${team.app.baseUrl}/api/v1/accounts/TEAM-1/health`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as HealthCardJson;
    expect(card.score).toBe(50);
    expect(card.components[0]?.signals).toEqual([
      expect.objectContaining({ signal: "api_calls_30d", label: "API calls (30 d)", value: 5000, score: 50 }),
    ]);
    expect(card.model.name).toBe("team");
  });
});
