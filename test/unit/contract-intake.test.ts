import { describe, expect, it } from "vitest";
import { buildIntakeModal, parseIntake } from "../../src/contracts/intake.js";
import { slackLimitViolations } from "../../src/slack/limits.js";

const today = new Date("2026-11-22T00:00:00Z");

function values(overrides: Record<string, Record<string, unknown>> = {}) {
  return {
    account: { contract_account: { selected_option: { value: "7" } } },
    type: { contract_type: { selected_option: { value: "renewal" } } },
    amount: { amount: { value: "120000" } },
    currency: { currency: { selected_option: { value: "USD" } } },
    term: { term: { value: "12" } },
    start_date: { start_date: { selected_date: "2027-01-06" } },
    end_date: { end_date: { selected_date: "2028-01-05" } },
    due_date: { due_date: { selected_date: "2026-12-15" } },
    priority: { priority: { selected_option: { value: "high" } } },
    links: { links: { value: "https://drive.example.com/acme-renewal\nhttps://crm.example.com/opp/42" } },
    notes: { notes: { value: "Multi-year discount agreed." } },
    ...overrides,
  } as Parameters<typeof parseIntake>[0];
}

describe("parseIntake", () => {
  it("reads a complete renewal", () => {
    const result = parseIntake(values(), today);

    expect(result).toEqual({
      ok: true,
      input: {
        accountId: 7,
        type: "renewal",
        amount: 120_000,
        currency: "USD",
        termMonths: 12,
        startDate: new Date("2027-01-06T00:00:00Z"),
        endDate: new Date("2028-01-05T00:00:00Z"),
        dueDate: new Date("2026-12-15T00:00:00Z"),
        priority: "high",
        links: ["https://drive.example.com/acme-renewal", "https://crm.example.com/opp/42"],
        notes: "Multi-year discount agreed.",
      },
    });
  });

  it("answers each bad field under the field: past due date, non-positive amount, non-URL link, no account", () => {
    const result = parseIntake(
      values({
        account: { contract_account: { selected_option: null } },
        amount: { amount: { value: "-5" } },
        due_date: { due_date: { selected_date: "2026-11-01" } },
        links: { links: { value: "https://ok.example.com\nsee the shared drive" } },
      }),
      today,
    );

    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([
      "account",
      "amount",
      "due_date",
      "links",
    ]);
    expect(!result.ok && result.errors.due_date).toBe("That date has passed: choose 2026-11-22 or later.");
  });

  it("asks a cancellation for its end date, and an upsell for its amount", () => {
    const cancellation = parseIntake(
      values({
        type: { contract_type: { selected_option: { value: "cancellation" } } },
        end_date: { end_date: {} },
      }),
      today,
    );
    const upsell = parseIntake(
      values({
        type: { contract_type: { selected_option: { value: "upsell" } } },
        amount: { amount: { value: null } },
      }),
      today,
    );

    expect(!cancellation.ok && cancellation.errors.end_date).toBe("A cancellation needs an end date.");
    expect(!upsell.ok && upsell.errors.amount).toBe("An upsell needs an amount.");
  });
});

describe("buildIntakeModal", () => {
  it("shows the fields of the chosen type only, within Slack's modal limits", () => {
    const nda = buildIntakeModal({ type: "nda" });
    const renewal = buildIntakeModal({ type: "renewal", account: { id: 7, name: "Acme Corp" } });
    const ids = (view: typeof nda) => view.blocks.map((b) => b.block_id);

    expect(ids(nda)).not.toContain("amount");
    expect(ids(renewal)).toEqual(expect.arrayContaining(["amount", "term", "start_date", "end_date"]));
    expect(slackLimitViolations(renewal, "modal")).toEqual([]);
    expect(renewal.title.text.length).toBeLessThanOrEqual(24);
  });
});
