import { describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import type { HealthCardJson } from "../../src/api/schemas.js";
import { DEFAULT_MODEL_SPEC } from "../../src/health/default-model.js";
import { buildHealthModels } from "../../src/health/models.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { useApp } from "../support/harness.js";
import { HEALTHY_METRICS } from "../support/metrics.js";
import { slashCommand } from "../support/payloads.js";

/** /health, `GET …/health`: the card scored by the account's segment's model, and naming it. */

const TOKEN = "etl-token-0123456789abcdefghij";
const JA = "U0JAPAN01";
const EN = "U0ENGLISH1";
const today = new Date("2026-11-22T00:00:00Z");
// Enterprise's model is strict: a healthy account by the default model is at risk by it.
const models = buildHealthModels(
  {
    default: DEFAULT_MODEL_SPEC,
    segments: {
      Enterprise: { ...DEFAULT_MODEL_SPEC, name: "enterprise-v2", bands: { red: 95, green: 99, margin: 1 } },
    },
  },
  "models.yaml",
  () => undefined,
);
const enterprise = models.modelFor("Enterprise");

const t = useApp({
  now: new Date("2026-11-22T09:00:00Z"),
  env: { KUROKO_API_TOKENS: `etl:${TOKEN}` },
  models,
  seed: async (db) => {
    await upsertAccounts(
      db.prisma,
      [
        { line: 0, externalId: "CRM-ENT", name: "Acme Corp", segment: "ENTERPRISE" },
        { line: 0, externalId: "CRM-SMB", name: "Beta Labs", segment: "SMB" },
      ],
      ["segment"],
    );
    await upsertMetrics(
      db.prisma,
      ["CRM-ENT", "CRM-SMB"].map((externalId) => ({
        line: 0,
        externalId,
        date: today,
        values: HEALTHY_METRICS,
      })),
      METRIC_NAMES,
    );
    await runSnapshot(db.prisma, models, today);
  },
});

async function health(text: string, user: string): Promise<string> {
  const res = await t.app.slack.command(
    slashCommand("/health", text, t.fake.responseUrl(), { user_id: user }),
  );
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

describe("the card under models by segment", () => {
  it("scores an Enterprise account by Enterprise's model and names it, in English and Japanese", async () => {
    t.fake.users.set(EN, { name: "leo", locale: "en-US" });
    t.fake.users.set(JA, { name: "yuki", locale: "ja-JP" });
    const version = enterprise.version.slice(0, 7);

    const en = await health("Acme", EN);
    expect(en).toContain("at risk");
    expect(en).toContain(`model enterprise-v2 ${version} (the Enterprise model)`);
    const ja = await health("Acme", JA);
    expect(ja).toContain("解約リスク");
    expect(ja).toContain(`モデル enterprise-v2 ${version}（Enterprise 向け）`);
  });

  it("keeps the default model, named as before, for an account of a segment without its own", async () => {
    const card = await health("Beta Labs", EN);
    expect(card).toContain("healthy");
    expect(card).toContain(`model kuroko-default ${models.default.version.slice(0, 7)}`);
    expect(card).not.toContain("(the ");
  });

  it("names the model and its segment in GET /api/v1/accounts/{id}/health", async () => {
    const res = await fetch(`${t.app.baseUrl}/api/v1/accounts/CRM-ENT/health`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const card = (await res.json()) as HealthCardJson;
    expect(card.model).toEqual({
      name: "enterprise-v2",
      version: enterprise.version,
      segment: "Enterprise",
      changed_after: null,
    });
    expect(card.band).toBe("red");
  });
});
