import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const slackEnv = { SLACK_BOT_TOKEN: "xoxb-1-2-3", SLACK_SIGNING_SECRET: "0123456789abcdef" };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("gives the embedded database, port 3000 and UTC when nothing is set", () => {
    const config = loadConfig({ env: {} });

    expect(config.database).toEqual({ url: undefined, dataDir: ".data" });
    expect(config.port).toBe(3000);
    expect(config.timezone).toBe("UTC");
    expect(config.approvers.userIds).toEqual([]);
  });

  it("reports every missing and invalid setting at once, each with what to set", () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: { PORT: "eighty", KUROKO_TIMEZONE: "Mars/Olympus", KUROKO_ALERTS_CHANNEL: "#alerts" },
        require: ["slack"],
      }),
    );

    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(/PORT .*HTTP port/);
    expect(problems.join("\n")).toMatch(/KUROKO_TIMEZONE is not an IANA time zone/);
    expect(problems.join("\n")).toMatch(/KUROKO_ALERTS_CHANNEL must be a channel id .*not a #name/);
    expect(problems.join("\n")).toMatch(/SLACK_BOT_TOKEN is missing: set it to the bot token \(xoxb-/);
    expect(problems.join("\n")).toMatch(/SLACK_SIGNING_SECRET is missing/);
  });

  it("reads the morning's settings: the alert cap, the CRM link and the reporting currency", () => {
    const config = loadConfig({
      env: {
        KUROKO_ALERTS_MAX_PER_RUN: "12",
        KUROKO_CRM_URL_TEMPLATE: "https://example.my.salesforce.com/{external_id}",
        KUROKO_REPORTING_CURRENCY: "jpy",
        KUROKO_FX_RATES_PATH: "rates.yaml",
      },
    });
    expect(config.alerts.maxPerRun).toBe(12);
    expect(config.crmUrlTemplate).toBe("https://example.my.salesforce.com/{external_id}");
    expect(config.reporting).toEqual({ currency: "JPY", fxRatesPath: "rates.yaml" });
    expect(loadConfig({ env: {} }).alerts.maxPerRun).toBe(20);

    const problems = problemsOf(() =>
      loadConfig({
        env: {
          KUROKO_ALERTS_MAX_PER_RUN: "1",
          KUROKO_CRM_URL_TEMPLATE: "https://crm.example.com/accounts",
          KUROKO_FX_RATES_PATH: "rates.yaml",
        },
      }),
    ).join("\n");
    expect(problems).toMatch(/KUROKO_ALERTS_MAX_PER_RUN must be at least 2/);
    expect(problems).toMatch(/KUROKO_CRM_URL_TEMPLATE must contain \{external_id\}/);
    expect(problems).toMatch(/KUROKO_FX_RATES_PATH is set but KUROKO_REPORTING_CURRENCY is not/);
    expect(problemsOf(() => loadConfig({ env: { KUROKO_REPORTING_CURRENCY: "ZZZ" } })).join("\n")).toMatch(
      /KUROKO_REPORTING_CURRENCY must be an ISO 4217 currency code/,
    );
  });

  it("does not ask for the signing secret in Socket Mode", () => {
    const config = loadConfig({
      env: { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A-1-abc" },
      require: ["slack"],
    });

    expect(config.slack.appToken).toBe("xapp-1-A-1-abc");
  });

  it("does not ask for Slack credentials when the caller does not need Slack (the CLI)", () => {
    expect(() => loadConfig({ env: {} })).not.toThrow();
  });

  it("refuses a user token where the bot token belongs", () => {
    const problems = problemsOf(() =>
      loadConfig({ env: { ...slackEnv, SLACK_BOT_TOKEN: "xoxp-123" }, require: ["slack"] }),
    );

    expect(problems).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN must start with xoxb-/)]);
  });

  it("parses the approvers list and the approver group", () => {
    const config = loadConfig({
      env: { CS_OPS_APPROVER_IDS: " U0AAA111, U0BBB222 ,", CS_OPS_APPROVER_GROUP_ID: "S0OPS123" },
    });

    expect(config.approvers).toEqual({ userIds: ["U0AAA111", "U0BBB222"], groupId: "S0OPS123" });
  });

  it("refuses approver names instead of ids", () => {
    const problems = problemsOf(() => loadConfig({ env: { CS_OPS_APPROVER_IDS: "@alice" } }));

    expect(problems[0]).toMatch(/^CS_OPS_APPROVER_IDS must be a comma-separated list of ids/);
  });

  it("treats blank values as unset", () => {
    const config = loadConfig({ env: { DATABASE_URL: "", PORT: " ", SLACK_API_URL: "" } });

    expect(config.database.url).toBeUndefined();
    expect(config.port).toBe(3000);
  });

  it("refuses a DATABASE_URL that is not PostgreSQL", () => {
    const problems = problemsOf(() => loadConfig({ env: { DATABASE_URL: "mysql://db/kuroko" } }));

    expect(problems[0]).toMatch(/^DATABASE_URL must be a postgresql:\/\/ URL/);
  });
});
