import { describe, expect, it } from "vitest";
import { parseIntake } from "../../src/contracts/intake-form.js";
import { buildIntakeModal } from "../../src/contracts/views/intake-modal.js";
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

describe("parseIntake on forged or careless input", () => {
  const errorsOf = (overrides: Record<string, Record<string, unknown>>) => {
    const result = parseIntake(values(overrides), today);
    return result.ok ? {} : result.errors;
  };

  it("stores each link in its normalised form, which cannot close itself, add a label or mention anyone", () => {
    const result = parseIntake(
      values({
        links: {
          links: {
            value: [
              "https://x.example/a><!channel><https://y.example",
              "HTTPS://Drive.Example.com/a?q=<@U0OUT0001>#<!here>",
              "https://evil.example/|Signed-MSA",
            ].join("\n"),
          },
        },
      }),
      today,
    );

    expect(result.ok && result.input.links).toEqual([
      "https://x.example/a%3E%3C!channel%3E%3Chttps://y.example",
      "https://drive.example.com/a?q=%3C@U0OUT0001%3E#%3C!here%3E",
      "https://evil.example/%7CSigned-MSA",
    ]);
  });

  it.each([
    ["a label after a space", "https://evil.example/ |Signed MSA (legal-approved)"],
    ["a special mention", "<!here>"],
    ["a user mention", "<@U0OUT0001>"],
    ["another scheme", "javascript:alert(1)"],
    ["a control character", "https://a.example/\u0007"],
    ["a NUL byte", "https://a.example/\u0000"],
    ["a user name that hides the host", "https://docs.example.com@evil.example/"],
    ["a link too long to show", `https://a.example/${"a".repeat(1_000)}`],
  ])("refuses a link with %s", (_what, link) => {
    expect(errorsOf({ links: { links: { value: link } } })).toEqual({ links: expect.any(String) });
  });

  it("refuses more links, or more text, than the field allows", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`).join("\n");

    expect(errorsOf({ links: { links: { value: eleven } } })).toEqual({ links: "10 links at most." });
    expect(errorsOf({ links: { links: { value: "x".repeat(3_001) } } })).toEqual({
      links: expect.any(String),
    });
  });

  it.each([
    [
      "a type that is an Object method",
      { type: { contract_type: { selected_option: { value: "toString" } } } },
      "type",
    ],
    [
      "a type that is __proto__",
      { type: { contract_type: { selected_option: { value: "__proto__" } } } },
      "type",
    ],
    [
      "a priority that is an Object method",
      { priority: { priority: { selected_option: { value: "constructor" } } } },
      "priority",
    ],
    ["a lower-case currency", { currency: { currency: { selected_option: { value: "usd" } } } }, "currency"],
    ["a made-up currency", { currency: { currency: { selected_option: { value: "ABC" } } } }, "currency"],
    ["an amount that rounds to 0", { amount: { amount: { value: "0.004" } } }, "amount"],
    ["an amount beyond the column", { amount: { amount: { value: "100000000000000" } } }, "amount"],
    ["an amount in exponent form", { amount: { amount: { value: "1e20" } } }, "amount"],
    ["an amount that is not a number", { amount: { amount: { value: "Infinity" } } }, "amount"],
    ["a term in hexadecimal", { term: { term: { value: "0x0C" } } }, "term"],
    [
      "a date that does not exist",
      { start_date: { start_date: { selected_date: "2027-02-30" } } },
      "start_date",
    ],
    ["a date in year 1", { start_date: { start_date: { selected_date: "0001-01-01" } } }, "start_date"],
    ["a due date in year 9999", { due_date: { due_date: { selected_date: "9999-12-31" } } }, "due_date"],
    [
      "an end date that is not a date",
      { end_date: { end_date: { selected_date: "2028-13-01" } } },
      "end_date",
    ],
    ["an overlong note", { notes: { notes: { value: "x".repeat(2_001) } } }, "notes"],
    ["a NUL in the notes", { notes: { notes: { value: "signed\u0000" } } }, "notes"],
    [
      "an account id beyond int4",
      { account: { contract_account: { selected_option: { value: "2147483648" } } } },
      "account",
    ],
  ])("answers %s under its field", (_what, overrides, block) => {
    expect(Object.keys(errorsOf(overrides))).toEqual([block]);
  });

  it("accepts any upper-case ISO 4217 currency, and a note at its limit", () => {
    const result = parseIntake(
      values({
        currency: { currency: { selected_option: { value: "CHF" } } },
        notes: { notes: { value: "é".repeat(2_000) } },
      }),
      today,
    );

    expect(result.ok && result.input.currency).toBe("CHF");
  });

  it("reads a state of the wrong shape as missing fields, without throwing", () => {
    for (const state of [null, "x", [], { account: null, type: "renewal", due_date: { due_date: 5 } }])
      expect(parseIntake(state, today)).toMatchObject({
        ok: false,
        errors: { account: "Choose the account." },
      });
  });
});

describe("buildIntakeModal's currencies", () => {
  it("offers the account's own currency, so Slack accepts it as the initial option", () => {
    const view = buildIntakeModal({ type: "renewal", currency: "CHF" });
    const currency = view.blocks.find((b) => b.block_id === "currency") as {
      element: { options: { value: string }[]; initial_option: { value: string } };
    };

    expect(currency.element.options.map((o) => o.value)).toContain("CHF");
    expect(currency.element.initial_option.value).toBe("CHF");
  });
});
