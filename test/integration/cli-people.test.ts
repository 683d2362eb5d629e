import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { slackPeople } from "../../src/cli/people.js";
import { FakeSlack } from "../support/fake-slack.js";

/** Names for Slack ids on the command line, against the fake Slack's users.info. */
let fake: FakeSlack;
const config = () => ({
  slack: { botToken: "xoxb-people-test", apiUrl: fake.apiUrl },
  logLevel: "error" as const,
});

beforeAll(async () => {
  fake = await new FakeSlack().start();
  for (let i = 1; i <= 9; i++) fake.users.set(`U0P${i}`, { name: `p${i}`, realName: `Person ${i}` });
});
afterAll(async () => {
  await fake?.stop();
});
beforeEach(() => fake.reset());

describe("slackPeople", () => {
  it("asks Slack once per person in a run, however often they appear", async () => {
    const people = slackPeople(config(), () => {});

    await people.resolve(["U0P1", "U0P2", "U0P1", null]);
    await people.resolve(["U0P2", "U0P1"]);

    expect(people.name("U0P1")).toBe("Person 1");
    expect(fake.callsTo("users.info").map((c) => c.body.user)).toEqual(["U0P1", "U0P2"]);
  });

  it("looks up at most its bound of people per run, showing the rest as ids and saying so", async () => {
    const notes: string[] = [];
    const people = slackPeople(config(), (t) => notes.push(t), { max: 3 });

    await people.resolve(["U0P1", "U0P2", "U0P3", "U0P4", "U0P5"]);

    expect(fake.callsTo("users.info")).toHaveLength(3);
    expect(people.name("U0P5")).toBe("U0P5");
    expect(notes).toEqual(["Names looked up for 3 people at most per run: 2 more shown as Slack ids."]);
  });

  it("asks nothing about what is not a Slack user id", async () => {
    const people = slackPeople(config(), () => {});

    await people.resolve(["kuroko", "system", ""]);

    expect(fake.callsTo("users.info")).toEqual([]);
    expect(people.name("kuroko")).toBe("kuroko");
  });

  it("stops asking after Slack fails, and gives the ids", async () => {
    fake.fail("users.info", { kind: "http", status: 500 }, 1);
    const notes: string[] = [];
    const people = slackPeople(config(), (t) => notes.push(t));

    await people.resolve(["U0P1"]);
    await people.resolve(["U0P2", "U0P3"]);

    expect(people.name("U0P1")).toBe("U0P1");
    expect(fake.callsTo("users.info")).toHaveLength(1);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Could not look up names in Slack \(.+\): people are shown as Slack ids\.$/);
  });
});
