import { describe, expect, it } from "vitest";
import { slackLimitViolations, strayBrackets } from "../../src/slack/limits.js";

describe("Slack's mrkdwn tokens", () => {
  it("flags a literal <account> that Slack would read as a link", () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "Usage: `/health <account>`" } }];
    expect(slackLimitViolations({ text: "Usage", blocks })).toEqual([
      "stray <…> in mrkdwn: <account> (send &lt; and &gt;)",
    ]);
  });

  it("accepts mentions, channels, special mentions, links and escaped brackets", () => {
    const text =
      "<@U0CSM0001> in <#C0PGCONTRACT|queue>, <!here>, <https://example.com|docs>, <mailto:a@b.co>, `&lt;account&gt;`";
    expect(
      strayBrackets({ text, blocks: [{ type: "context", elements: [{ type: "mrkdwn", text }] }] }),
    ).toEqual([]);
  });
});
