import { describe, expect, it } from "vitest";
import { slackLimitViolations, slackViewViolations, strayBrackets } from "../../src/slack/limits.js";

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

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text });
const long = (n: number) => "x".repeat(n);
const section = (text = "ok") => ({ type: "section", text: mrkdwn(text) });
const button = (extra: object = {}) => ({ type: "button", text: plain("Go"), action_id: "go", ...extra });
const options = (n: number, text = "o", value = "v") =>
  Array.from({ length: n }, (_, i) => ({ text: plain(`${text}${i}`), value: `${value}${i}` }));
const input = (element: object, extra: object = {}) => ({
  type: "input",
  block_id: "b",
  label: plain("Label"),
  element,
  ...extra,
});
const modal = (extra: object = {}) => ({
  type: "modal",
  title: plain("Log a request"),
  submit: plain("Submit"),
  blocks: [input({ type: "plain_text_input", action_id: "a" })],
  ...extra,
});

describe("slackLimitViolations: each rule fires on a payload just over its limit", () => {
  const message = (blocks: unknown[], text = "fallback") => ({ text, blocks });
  it.each<[string, { text?: unknown; blocks?: unknown }, "message" | "modal" | "home", RegExp]>([
    [
      "51 blocks in a message",
      message(Array.from({ length: 51 }, () => section())),
      "message",
      /51 blocks \(max 50\)/,
    ],
    [
      "101 blocks in a modal",
      { blocks: Array.from({ length: 101 }, () => section()) },
      "modal",
      /101 blocks \(max 100\)/,
    ],
    [
      "101 blocks on Home",
      { blocks: Array.from({ length: 101 }, () => section()) },
      "home",
      /101 blocks \(max 100\)/,
    ],
    ["text over 40,000", { text: long(40_001) }, "message", /text over 40,000/],
    ["no text fallback", { blocks: [section()] }, "message", /no text fallback/],
    ["block_id over 255", message([{ ...section(), block_id: long(256) }]), "message", /block_id over 255/],
    ["header over 150", message([{ type: "header", text: plain(long(151)) }]), "message", /header over 150/],
    ["section text over 3,000", message([section(long(3_001))]), "message", /text over 3,000/],
    [
      "11 section fields",
      message([{ type: "section", fields: Array.from({ length: 11 }, () => mrkdwn("f")) }]),
      "message",
      /11 fields \(max 10\)/,
    ],
    [
      "a field over 2,000",
      message([{ type: "section", fields: [mrkdwn(long(2_001))] }]),
      "message",
      /field 0 over 2,000/,
    ],
    [
      "a section with neither text nor fields",
      message([{ type: "section" }]),
      "message",
      /neither text nor fields/,
    ],
    [
      "11 context elements",
      message([{ type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("c")) }]),
      "message",
      /11 elements \(max 10\)/,
    ],
    [
      "a context element over 3,000",
      message([{ type: "context", elements: [mrkdwn(long(3_001))] }]),
      "message",
      /element 0 over 3,000/,
    ],
    [
      "26 actions",
      message([
        { type: "actions", elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })) },
      ]),
      "message",
      /26 elements \(max 25\)/,
    ],
    [
      "a duplicate action_id",
      message([{ type: "actions", elements: [button(), button()] }]),
      "message",
      /duplicate action_id/,
    ],
    [
      "a button label over 75",
      message([{ type: "actions", elements: [button({ text: plain(long(76)) })] }]),
      "message",
      /text over 75/,
    ],
    [
      "a button value over 2,000",
      message([{ type: "actions", elements: [button({ value: long(2_001) })] }]),
      "message",
      /value over 2,000/,
    ],
    [
      "an action_id over 255",
      message([{ type: "actions", elements: [button({ action_id: long(256) })] }]),
      "message",
      /action_id over 255/,
    ],
    [
      "101 select options",
      message([
        { type: "actions", elements: [{ type: "static_select", action_id: "s", options: options(101) }] },
      ]),
      "message",
      /101 options \(max 100\)/,
    ],
    [
      "6 overflow options",
      message([{ ...section(), accessory: { type: "overflow", action_id: "o", options: options(6) } }]),
      "message",
      /6 options \(max 5\)/,
    ],
    [
      "11 radio buttons",
      { blocks: [input({ type: "radio_buttons", action_id: "r", options: options(11) })] },
      "modal",
      /11 options \(max 10\)/,
    ],
    [
      "an option label over 75",
      { blocks: [input({ type: "static_select", action_id: "s", options: options(1, long(76)) })] },
      "modal",
      /option 0 text over 75/,
    ],
    [
      "an option value over 150",
      { blocks: [input({ type: "static_select", action_id: "s", options: options(1, "o", long(151)) })] },
      "modal",
      /option 0 value over 150/,
    ],
    [
      "a placeholder over 150",
      { blocks: [input({ type: "plain_text_input", action_id: "a", placeholder: plain(long(151)) })] },
      "modal",
      /placeholder over 150/,
    ],
    [
      "max_length over 3,000",
      { blocks: [input({ type: "plain_text_input", action_id: "a", max_length: 3_001 })] },
      "modal",
      /max_length over 3,000/,
    ],
    [
      "an initial value over 3,000",
      { blocks: [input({ type: "plain_text_input", action_id: "a", initial_value: long(3_001) })] },
      "modal",
      /initial_value over 3,000/,
    ],
    [
      "an input without a label",
      { blocks: [input({ type: "plain_text_input", action_id: "a" }, { label: plain("") })] },
      "modal",
      /no label/,
    ],
    [
      "an input label over 2,000",
      { blocks: [input({ type: "plain_text_input", action_id: "a" }, { label: plain(long(2_001)) })] },
      "modal",
      /label over 2,000/,
    ],
    [
      "an input hint over 2,000",
      { blocks: [input({ type: "plain_text_input", action_id: "a" }, { hint: plain(long(2_001)) })] },
      "modal",
      /hint over 2,000/,
    ],
    [
      "an input without an element",
      { blocks: [{ type: "input", label: plain("L") }] },
      "modal",
      /no element/,
    ],
    [
      "a stray <…> in mrkdwn",
      message([section("Usage: /health <account>")]),
      "message",
      /stray <…> in mrkdwn/,
    ],
  ])("%s", (_, payload, surface, expected) => {
    const problems = slackLimitViolations(payload, surface);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it("finds nothing wrong at each limit exactly", () => {
    const atLimits = {
      text: long(40_000),
      blocks: [
        { type: "header", text: plain(long(150)) },
        { ...section(long(3_000)), block_id: long(255) },
        { type: "section", fields: Array.from({ length: 10 }, () => mrkdwn(long(2_000))) },
        { type: "context", elements: Array.from({ length: 10 }, () => mrkdwn(long(3_000))) },
        {
          type: "actions",
          elements: [
            button({ text: plain(long(75)), value: long(2_000), action_id: long(255) }),
            { type: "static_select", action_id: "s", options: options(100), placeholder: plain(long(150)) },
            { type: "overflow", action_id: "o", options: options(5) },
          ],
        },
        ...Array.from({ length: 45 }, () => section()),
      ],
    };

    expect(slackLimitViolations(atLimits)).toEqual([]);
  });
});

describe("slackViewViolations: a modal's and a Home tab's own rules", () => {
  it.each<[string, unknown, "modal" | "home", RegExp]>([
    ["no view", undefined, "modal", /view is missing/],
    ["the wrong type", modal({ type: "home" }), "modal", /view.type must be "modal"/],
    ["an empty title", modal({ title: plain("") }), "modal", /title must be 1 to 24/],
    ["a title over 24", modal({ title: plain(long(25)) }), "modal", /title must be 1 to 24/],
    ["a submit label over 24", modal({ submit: plain(long(25)) }), "modal", /submit over 24/],
    ["a close label over 24", modal({ close: plain(long(25)) }), "modal", /close over 24/],
    [
      "private_metadata over 3,000",
      modal({ private_metadata: long(3_001) }),
      "modal",
      /private_metadata over 3,000/,
    ],
    ["a callback_id over 255", modal({ callback_id: long(256) }), "modal", /callback_id over 255/],
    ["inputs and no submit", modal({ submit: undefined }), "modal", /needs submit/],
    [
      "101 blocks on Home",
      { type: "home", blocks: Array.from({ length: 101 }, () => section()) },
      "home",
      /101 blocks/,
    ],
  ])("%s", (_, view, surface, expected) => {
    const problems = slackViewViolations(view, surface);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it("accepts a modal at its limits", () => {
    expect(
      slackViewViolations(
        modal({
          title: plain(long(24)),
          submit: plain(long(24)),
          close: plain(long(24)),
          private_metadata: long(3_000),
        }),
        "modal",
      ),
    ).toEqual([]);
  });
});
