import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { upsertAccounts, upsertMetrics } from "../../src/accounts/repository.js";
import { METRIC_NAMES } from "../../src/accounts/rows.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { runSnapshot } from "../../src/health/snapshot.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { addDays } from "../../src/time.js";
import { type RunningApp, startTestApp } from "../support/app.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { FakeSlack } from "../support/fake-slack.js";
import { HEALTHY_METRICS } from "../support/metrics.js";
import { blockActions, slashCommand, USERS } from "../support/payloads.js";

let db: TestDatabase;
let fake: FakeSlack;
let app: RunningApp;
const now = new Date("2026-11-22T09:00:00Z");
const today = new Date("2026-11-22T00:00:00Z");

beforeAll(async () => {
  fake = await new FakeSlack().start();
  db = await openTestDatabase();
  await upsertAccounts(
    db.prisma,
    [
      {
        line: 0,
        externalId: "CRM-0001",
        name: "Acme Corp",
        domain: "acme.com",
        arr: 240_000,
        currency: "USD",
        renewalDate: addDays(today, 45),
        ownerSlackId: USERS.csm,
      },
      { line: 0, externalId: "CRM-0002", name: "Summit Health", domain: "summit-health.com" },
      { line: 0, externalId: "CRM-0003", name: "Summit Logistics" },
      { line: 0, externalId: "CRM-0004", name: "株式会社さくら物流" },
    ],
    ["domain", "arr", "currency", "renewalDate", "ownerSlackId"],
  );
  const healthy = HEALTHY_METRICS;
  await upsertMetrics(
    db.prisma,
    [
      { line: 0, externalId: "CRM-0001", date: addDays(today, -30), values: healthy },
      {
        line: 0,
        externalId: "CRM-0001",
        date: today,
        values: { ...healthy, active_users: 120, p1_tickets_30d: 2 },
      },
      { line: 0, externalId: "CRM-0004", date: today, values: healthy },
    ],
    METRIC_NAMES,
  );
  await runSnapshot(db.prisma, defaultHealthModel(), addDays(today, -30));
  app = await startTestApp(db, fake, {
    now,
    env: { KUROKO_CRM_URL_TEMPLATE: "https://crm.example.com/accounts/{external_id}" },
  });
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
  await fake?.stop();
});
afterEach(() => fake.reset());

interface Answer {
  response_type?: string;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] }[];
}

async function health(text: string): Promise<Answer> {
  const res = await app.slack.command(slashCommand("/health", text, fake.responseUrl()));
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

const buttons = (answer: Answer) => answer.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id);

describe("/health", () => {
  it("answers with Acme's health card, privately, within Slack's limits", async () => {
    const answer = await health("acme");

    expect(answer.response_type).toBe("ephemeral");
    expect(answer.blocks[0]?.text?.text).toMatch(
      /^Acme Corp: (🟢 \d+\/100, healthy|🟡 \d+\/100, needs attention|🔴 \d+\/100, at risk)( \(\w+ until it reaches \d+\))?$/,
    );
    expect(answer.text).toMatch(/−\d+ in 30 days: usage −\d+ \(active users 75% → 30%/);
    expect(JSON.stringify(answer.blocks)).toContain("<@U0CSM0001>");
    expect(slackLimitViolations(answer)).toEqual([]);
    // Answered in the ack: no call but the one asking the reader's language (docs/i18n.md).
    expect(fake.calls.filter((c) => c.method !== "users.info")).toEqual([]);
  });

  it("shows the account's context with a link to its CRM record", async () => {
    const answer = await health("acme");

    expect(JSON.stringify(answer.blocks)).toContain(
      "💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 👤 <@U0CSM0001> · 📝 no open paperwork · 🔗 <https://crm.example.com/accounts/CRM-0001|CRM record CRM-0001>",
    );
  });

  it("says the account has no alert, and offers no snooze, when it has none", async () => {
    const answer = await health("acme");

    expect(JSON.stringify(answer.blocks)).toContain("🔕 No alert open on this account.");
    expect(buttons(answer).map((b) => b.action_id)).not.toContain("health_snooze");
  });

  it("shows an open alert with the offer to snooze it, then, snoozed, until when, without the offer", async () => {
    const account = await db.prisma.account.findFirstOrThrow({ where: { externalId: "CRM-0001" } });
    await db.prisma.alert.create({
      data: {
        accountId: account.id,
        cause: "decline_30d",
        dedupeKey: `decline_30d:${account.id}`,
        reason: "score fell 47 points in 30 days (92 → 45)",
        createdAt: new Date("2026-11-21T09:00:00Z"),
      },
    });
    try {
      const open = await health("acme");
      expect(JSON.stringify(open.blocks)).toContain(
        "🔔 Alert open since <!date^1795251600^{date_short_pretty} {time}|2026-11-21 09:00 UTC>: score fell 47 points in 30 days (92 → 45)",
      );
      const snooze = buttons(open).find((b) => b.action_id === "health_snooze");
      expect(snooze?.value).toBe(String(account.id));

      await app.slack.interaction(
        blockActions(
          { action_id: "health_snooze", value: snooze!.value },
          { userId: USERS.approver, responseUrl: fake.responseUrl("snooze") },
        ),
      );
      await fake.waitForCall("response_url", (c) => c.body.url === "/response/snooze");

      const snoozed = await health("acme");
      expect(JSON.stringify(snoozed.blocks)).toContain(
        `😴 Alert snoozed by <@${USERS.approver}> until <!date^1795942800^{date_short_pretty} {time}|2026-11-29 09:00 UTC>`,
      );
      expect(buttons(snoozed).map((b) => b.action_id)).not.toContain("health_snooze");
      expect(slackLimitViolations(snoozed)).toEqual([]);
    } finally {
      await db.prisma.alert.deleteMany({ where: { accountId: account.id } });
    }
  });

  it("finds the account despite a typo", async () => {
    const answer = await health("acmr");

    expect(answer.blocks.find((b) => b.type === "header")?.text?.text).toMatch(/^Acme Corp:/);
  });

  it("says which account it shows when it took the name for a typo", async () => {
    const answer = await health("acmee");

    expect(answer.blocks[0]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Showing *Acme Corp* for “acmee”." }],
    });
    expect(answer.blocks[1]?.text?.text).toMatch(/^Acme Corp:/);
    expect(slackLimitViolations(answer)).toEqual([]);
  });

  it("escapes what was typed when it names the account it took", async () => {
    const answer = await health("<acmee>");

    expect(JSON.stringify(answer.blocks[0])).toContain("Showing *Acme Corp* for “&lt;acmee&gt;”.");
  });

  it("adds no such line when the name was typed as it is", async () => {
    for (const query of ["acme", "Acme Corp", "acme.com", "CRM-0001"]) {
      expect((await health(query)).blocks[0]?.type).toBe("header");
    }
  });

  it("finds a Japanese account however its legal form is written", async () => {
    expect((await health("(株)さくら物流")).blocks[0]?.text?.text).toMatch(/^株式会社さくら物流:/);
  });

  it("suggests the nearest names when nothing matches", async () => {
    const answer = await health("acquaintance");

    expect(answer.text).toMatch(/^No account matches "acquaintance"\. Nearest: Acme Corp/);
    expect(buttons(answer)[0]?.value).toBeDefined();
  });

  it("explains how to use it when the query is empty", async () => {
    expect((await health("  ")).text).toMatch(/^Usage: `\/health &lt;account&gt;`/);
  });

  it("offers a picker for several matches, and shows the card picked", async () => {
    const picker = await health("summit");
    const choice = buttons(picker).find((b) => b.action_id.startsWith("health_pick:"))!;

    expect(picker.text).toBe('2 accounts match "summit": pick one.');
    const res = await app.slack.interaction(
      blockActions(
        { action_id: choice.action_id, value: choice.value },
        { responseUrl: fake.responseUrl("pick") },
      ),
    );

    expect(res.status).toBe(200);
    const card = await fake.waitForCall("response_url", (c) => c.body.url === "/response/pick");
    expect(card.body).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    expect(String(card.body.text)).toMatch(/^Summit (Health|Logistics): no health score yet/);
  });

  it("shares the card with the channel, naming who shared it", async () => {
    const card = await health("acme");
    const share = buttons(card).find((b) => b.action_id === "health_share")!;

    await app.slack.interaction(
      blockActions(
        { action_id: share.action_id, value: share.value },
        { userId: USERS.approver, responseUrl: fake.responseUrl("share") },
      ),
    );

    const posted = await fake.waitForCall("response_url", (c) => c.body.url === "/response/share");
    expect(posted.body).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(JSON.stringify(posted.body.blocks)).toContain(`Shared by <@${USERS.approver}>`);
    expect(slackLimitViolations(posted.body)).toEqual([]);
  });

  it("answers a very long query at once, echoing and logging only its start", async () => {
    const long = `zz${"Ω".repeat(9_000)}`;

    const answer = await health(long);

    expect(answer.text).toMatch(/^No account matches "zzΩ+…"\.$/);
    expect(answer.text.length).toBeLessThan(200);
    expect(slackLimitViolations(answer)).toEqual([]);
  });

  it("quotes a long query shortened when it logs a failure", async () => {
    await db.prisma.$executeRawUnsafe("ALTER TABLE accounts RENAME TO accounts_away");
    try {
      const answer = await health(`acme ${"x".repeat(6_000)}`);

      expect(answer.text).toMatch(/^Sorry: Kuroko could not read/);
      const line = app.logs.find((l) => /\/health failed/.test(l)) ?? "";
      expect(line).toMatch(/query: 'acme x+… \(6005 characters\)'/);
      expect(line).not.toContain("x".repeat(500));
    } finally {
      await db.prisma.$executeRawUnsafe("ALTER TABLE accounts_away RENAME TO accounts");
    }
  });

  it("apologises privately for a button that failed, and logs who clicked it", async () => {
    await db.prisma.$executeRawUnsafe("ALTER TABLE accounts RENAME TO accounts_away");
    try {
      await app.slack.interaction(
        blockActions(
          { action_id: "health_show", value: "1" },
          { userId: USERS.approver, responseUrl: fake.responseUrl("show-failed") },
        ),
      );

      const answer = await fake.waitForCall("response_url", (c) => c.body.url === "/response/show-failed");
      expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(String(answer.body.text)).toMatch(/^:warning: Sorry: Kuroko could not do that just now/);
      expect(app.logs.some((l) => /ERROR .*block_actions failed .*U0OPS0001/.test(l))).toBe(true);
    } finally {
      await db.prisma.$executeRawUnsafe("ALTER TABLE accounts_away RENAME TO accounts");
    }
  });

  it("apologises, and logs what failed, when the database fails", async () => {
    await db.prisma.$executeRawUnsafe("ALTER TABLE accounts RENAME TO accounts_away");
    try {
      const answer = await health("acme");

      expect(answer.text).toMatch(/^Sorry: Kuroko could not read the account data just now/);
      expect(app.logs.some((line) => /ERROR .*\/health failed .*query: 'acme'/.test(line))).toBe(true);
    } finally {
      await db.prisma.$executeRawUnsafe("ALTER TABLE accounts_away RENAME TO accounts");
    }
  });
});
