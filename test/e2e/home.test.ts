import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { slackLimitViolations } from "../../src/slack/limits.js";
import { useApp } from "../support/harness.js";
import {
  appHomeOpened,
  blockActions,
  eventCallback,
  intakeValues,
  USERS,
  viewSubmission,
} from "../support/payloads.js";

/** App Home through the real app: a signed event in, views.publish out, on the demo portfolio. */

const dir = mkdtempSync(join(tmpdir(), "kuroko-home-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rates = join(dir, "rates.json");
writeFileSync(
  rates,
  JSON.stringify({ currency: "USD", rates: [{ date: "2026-11-01", EUR: 1.08, JPY: 0.0067 }] }),
);

const t = useApp({
  now: new Date("2026-11-22T09:00:00Z"),
  env: {
    KUROKO_REPORTING_CURRENCY: "USD",
    KUROKO_FX_RATES_PATH: rates,
    KUROKO_CRM_URL_TEMPLATE: "https://crm.example/{external_id}",
  },
  seed: async (db) => {
    await seedDemo(db.prisma, {
      accounts: 200,
      today: new Date("2026-11-22T00:00:00Z"),
      model: defaultHealthModel(),
    });
    // Open alerts as the sweep leaves them: Acme's the most severe, one already resolved.
    const acme = await db.prisma.account.findFirstOrThrow({ where: { name: "Acme Corp" } });
    const other = await db.prisma.account.findFirstOrThrow({ where: { name: { not: "Acme Corp" } } });
    await db.prisma.alert.createMany({
      data: [
        {
          accountId: other.id,
          cause: "entered_red",
          dedupeKey: "t1",
          reason: "in the red band",
          severity: 40,
        },
        {
          accountId: acme.id,
          cause: "decline_30d",
          dedupeKey: "t2",
          reason: "score fell 47 points in 30 days (92 → 45)",
          severity: 90,
        },
        { accountId: acme.id, cause: "cliff", dedupeKey: "t3", reason: "usage fell", severity: 10 },
        {
          accountId: other.id,
          cause: "cliff",
          dedupeKey: "t4",
          reason: "resolved long ago",
          severity: 99,
          status: "resolved",
        },
      ],
    });
  },
});

const publishedFor = async (user: string) => {
  await t.app.slack.event(appHomeOpened(user));
  const publish = await t.fake.waitForCall("views.publish", (c) => c.body.user_id === user);
  const view = publish.body.view as {
    blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[];
  };
  return view;
};
const texts = (view: Awaited<ReturnType<typeof publishedFor>>) =>
  view.blocks.flatMap((b) => [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)]);

describe("the App Home tab", () => {
  it("is drawn only when the Home tab opens, not the Messages tab", async () => {
    await t.app.slack.event(
      eventCallback({
        type: "app_home_opened",
        user: USERS.csm,
        channel: "D0HOME",
        tab: "messages",
        event_ts: `${Date.now() / 1000}`,
      }),
    );
    // Events are handled before the app answers (processBeforeResponse): this one is done.
    expect(t.fake.callsTo("views.publish")).toEqual([]);

    await t.app.slack.event(appHomeOpened(USERS.csm));

    const publish = await t.fake.waitForCall("views.publish");
    expect(publish.body.user_id).toBe(USERS.csm);
    expect(t.fake.callsTo("views.publish")).toHaveLength(1);
  });

  it("shows CS Ops the portfolio: bands, one ARR-at-risk total with its rates' date, the accounts by alert severity", async () => {
    const view = await publishedFor(USERS.approver);

    expect(slackLimitViolations(view, "home")).toEqual([]);
    const lines = texts(view);
    expect(lines).toContainEqual(
      expect.stringMatching(/^\*Accounts\*\n🔴 \d+ at risk · 🟡 \d+ need attention · 🟢 \d+ healthy$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\*ARR at risk\*\n≈ \$[\d,]+ at rates of 2026-11-01: \$[\d,]+ \+ (¥|€)[\d,]+ \+ (¥|€)[\d,]+$/,
      ),
    );
    const top = lines.indexOf("*Top accounts by alert severity*");
    expect(top).toBeGreaterThan(0);
    // The most severe first, with its reason, its context and the CRM link; a resolved alert counts for nothing.
    expect(lines[top + 1]).toMatch(
      /^🟡 \*Acme Corp\* · score fell 47 points in 30 days \(92 → 45\) \(2 open alerts\)\n/,
    );
    expect(lines[top + 1]).toContain("💰 $240,000 ARR");
    expect(lines[top + 1]).toContain("<https://crm.example/");
    expect(lines[top + 2]).toMatch(/ · in the red band\n/);
    expect(lines[top + 3]).not.toMatch(/resolved long ago/);
    // The requests waiting on CS Ops stay.
    expect(lines).toContain("*Waiting on you*\nNothing.");
  });

  it("shows a CSM their own accounts in the one vocabulary, with context, and no portfolio", async () => {
    const view = await publishedFor(USERS.csm);

    expect(slackLimitViolations(view, "home")).toEqual([]);
    const lines = texts(view);
    expect(lines.some((l) => l.startsWith("*Top accounts by alert severity*"))).toBe(false);
    const own = lines.find((l) => l.startsWith("*🔴 At risk · 🟡 needs attention*"));
    // Acme Corp (owned by U0CSM0001) is yellow: it needs attention, with its ARR and renewal.
    expect(own).toMatch(
      /\*Acme Corp\* · 💰 \$240,000 ARR · 📅 renews 2027-01-06 \(in 45 days\) · 🟡 \d+\/100, needs attention/,
    );
  });

  it("gives CS Ops an Away / cover button that opens the cover modal, and a requester Withdraw on their own request", async () => {
    const approverHome = JSON.stringify(await publishedFor(USERS.approver));
    expect(approverHome).toContain('"action_id":"cover_open"');
    expect(JSON.stringify(await publishedFor(USERS.outsider))).not.toContain("cover_open");

    await t.app.slack.interaction(
      blockActions({ action_id: "cover_open", value: "home" }, { userId: USERS.approver }),
    );
    const open = await t.fake.waitForCall("views.open");
    expect(JSON.stringify(open.body.view)).toMatch(/cover|away/i);

    const acme = await t.db.prisma.account.findFirstOrThrow({ where: { name: "Acme Corp" } });
    await t.app.slack.interaction(
      viewSubmission("contract_intake", intakeValues(acme.id), { userId: USERS.csm }),
    );
    t.fake.reset();
    const csmHome = JSON.stringify(await publishedFor(USERS.csm));
    expect(csmHome).toContain('"action_id":"contract_withdraw_open"');
  });
});
