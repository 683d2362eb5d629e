import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { JOBS } from "../../src/jobs/schedule.js";

/** The README's command table: every command, and the options each takes as its usage shows them. */
const COMMAND_OPTIONS: Record<string, string[]> = {
  demo: ["--accounts N", "--json"],
  seed: ["--accounts N", "--json"],
  import: ["--encoding utf8|sjis", "--json"],
  accounts: ["--renewing-within DAYS", "--limit N", "--json"],
  health: ["--json"],
  snapshot: ["--date YYYY-MM-DD", "--json"],
  requests: ["--status submitted,in_review,...", "--json"],
  audit: ["--from YYYY-MM-DD", "--to YYYY-MM-DD", "--csv FILE", "--json"],
  "run-job": ["--force", "--dry-run", "--json"],
  migrate: ["--json"],
};

// A command line refused before it runs never opens a database; were one opened, it would fail.
const env = { KUROKO_DATA_DIR: "/dev/null/kuroko" };

async function kuroko(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("the kuroko command line's options", () => {
  it("lists every command, and every job in the schedule, in kuroko --help", async () => {
    const result = await kuroko("--help");

    expect(result.code).toBe(0);
    for (const name of Object.keys(COMMAND_OPTIONS))
      expect(result.out).toMatch(new RegExp(`^  ${name} `, "m"));
    const usage = result.out.split("\n").find((line) => line.includes("kuroko run-job "));
    expect(usage).toContain(`kuroko run-job <${JOBS.map((j) => j.name).join("|")}>`);
  });

  it.each(Object.entries(COMMAND_OPTIONS))(
    "lists the options of kuroko %s in its --help",
    async (name, options) => {
      const result = await kuroko(name, "--help");

      expect(result.code).toBe(0);
      expect(result.out).toMatch(new RegExp(`^usage: kuroko ${name} `));
      for (const option of [...options, "-h, --help"]) expect(result.out).toContain(`\n  ${option} `);
    },
  );

  it("explains a command with kuroko help <command>", async () => {
    const result = await kuroko("help", "audit");

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^usage: kuroko audit \[CR-1042\] \[--from YYYY-MM-DD\]/);
  });

  it("refuses an option of another command, naming it and the command's own, with exit code 2", async () => {
    const result = await kuroko("migrate", "--force");

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^kuroko migrate does not take --force; its options are --json, --help\.\n/);
    expect(result.err).toMatch(/usage: kuroko migrate \[--json\]$/);
  });

  it("refuses an argument the command does not take, with exit code 2", async () => {
    const result = await kuroko("accounts", "acme");

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^kuroko accounts takes no arguments, not "acme"\./);
  });
});
