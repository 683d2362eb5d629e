import { beforeAll, describe, expect, it, vi } from "vitest";
import { type BlockElement, clientErrors, mrkdwnHtml, viewState } from "../../src/playground/page/blocks.js";

const ctx = {
  userName: (id: string) => (id === "U0CSM0001" ? "Hana Sato" : id),
  channelName: (id: string) => (id === "C0PGCONTRACT" ? "cs-ops-contracts" : id),
};

beforeAll(() => {
  vi.stubGlobal("location", { origin: "http://127.0.0.1:3100" });
});

describe("the page's mrkdwn", () => {
  it("escapes markup in message text before formatting it", () => {
    const html = mrkdwnHtml('&lt;img src=x onerror="alert(1)"&gt; *Acme* _at risk_ `CR-1001`', ctx);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("<b>Acme</b> <i>at risk</i> <code>CR-1001</code>");
  });

  it("links only http(s) and mailto URLs, and keeps the playground's own permalinks in the page", () => {
    expect(mrkdwnHtml("<javascript:alert(1)|click me>", ctx)).toBe("click me");
    expect(mrkdwnHtml("<https://docs.example.com/a?b=1&amp;c=2|the contract>", ctx)).toBe(
      '<a href="https://docs.example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the contract</a>',
    );
    expect(mrkdwnHtml("<http://127.0.0.1:3100/#/C0PGCONTRACT/1.2|See it in the queue>", ctx)).toBe(
      '<a href="http://127.0.0.1:3100/#/C0PGCONTRACT/1.2">See it in the queue</a>',
    );
  });

  it("names people and channels, and draws quotes and line breaks", () => {
    const html = mrkdwnHtml("Owner <@U0CSM0001> in <#C0PGCONTRACT>\n&gt; Looks good", ctx);
    expect(html).toContain('<span class="mention">@Hana Sato</span>');
    expect(html).toContain('<a class="mention" href="#/C0PGCONTRACT">#cs-ops-contracts</a>');
    expect(html).toContain("<br><blockquote>Looks good</blockquote>");
  });

  it("draws a token inside code without leaving placeholders behind", () => {
    expect(mrkdwnHtml("`/health <@U0CSM0001>` and `/contract &lt;account&gt;`", ctx)).toBe(
      '<code>/health <span class="mention">@Hana Sato</span></code> and <code>/contract &lt;account&gt;</code>',
    );
  });
});

/**
 * Whether `html` is only what the renderer may draw: escaped text, and tags from its own short
 * list whose attribute values hold no markup. Anything a browser could read as more fails.
 */
function onlyDrawnMarkup(html: string): boolean {
  const token =
    /<\/?(a|b|i|s|code|pre|blockquote|span|br)((?: (?:class|href|target|rel)="[^"<>]*")*)>|[^<>"]+/y;
  let at = 0;
  while (at < html.length) {
    token.lastIndex = at;
    if (!token.exec(html)) return false;
    at = token.lastIndex;
  }
  return true;
}

describe("the page's mrkdwn against hostile text", () => {
  const hostile = [
    "<https://x|<img src=x onerror=alert(1)>>",
    "*<script>*",
    "*&lt;script&gt;alert(1)&lt;/script&gt;*",
    "`<script>alert(1)</script>` and ```<img src=x onerror=alert(1)>```",
    '`<https://x|"><img src=x onerror=alert(1)>`',
    "<https://a.example|<https://b.example|nested>>",
    "&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; &#60;b&#62;",
    '<#C0PGCONTRACT|x" onclick="alert(1)> <@U0CSM0001|"><img src=x>> <!subteam^S1|<b>>',
    '<mailto:a@example.com" onclick="alert(1)|mail> <https://x/:warning:|:warning:>',
    "_*~`mixed`~*_ *a<https://x|b>c* >quote <https://x|\n> ``` ` ` `",
  ];

  it.each(hostile)("draws %j as text and the renderer's own tags only", (text) => {
    expect(onlyDrawnMarkup(mrkdwnHtml(text, ctx))).toBe(true);
  });

  it("cannot be made to paste one drawn link into another's address by text that looks like its placeholders", () => {
    // Every character the renderer could use to stand for a drawn token, typed into a link.
    const marks = Array.from({ length: 0x40 }, (_, i) => String.fromCharCode(0xe000 + i)).join("");
    for (const forged of ["\ue0000\ue000", "\ue0000\ue001", `${marks}0${marks}`]) {
      const text = `<https://a.example/ onmouseover=alert(1) x|first> <https://b.example/${forged}|second>`;
      const html = mrkdwnHtml(text, ctx);
      expect(onlyDrawnMarkup(html)).toBe(true);
      expect(html.match(/<a /g)).toHaveLength(2);
      expect(html).toMatch(/>second<\/a>$/);
    }
  });

  it("keeps a link's label and a mention's name as text, entities read once", () => {
    expect(mrkdwnHtml("<https://x.example/|&lt;b&gt; &amp;amp;>", ctx)).toBe(
      '<a href="https://x.example/" target="_blank" rel="noopener noreferrer">&lt;b&gt; &amp;amp;</a>',
    );
    expect(mrkdwnHtml("<@U0CSM0001|&lt;i&gt;Hana&lt;/i&gt;>", ctx)).toBe(
      '<span class="mention">@&lt;i&gt;Hana&lt;/i&gt;</span>',
    );
  });
});

const input = (blockId: string, element: BlockElement, optional = false) => ({
  type: "input",
  block_id: blockId,
  optional,
  label: { type: "plain_text", text: blockId },
  element,
});

describe("the page's modal state", () => {
  it("starts from initial values and keeps what was entered across a redraw with the same ids", () => {
    const before = [
      input("type", {
        type: "static_select",
        action_id: "contract_type",
        initial_option: { value: "renewal", text: {} },
      }),
      input("amount", { type: "number_input", action_id: "amount", is_decimal_allowed: false }),
      input("term", { type: "number_input", action_id: "term" }, true),
    ];
    const values = viewState(before);
    expect(values.type?.contract_type).toMatchObject({ selected_option: { value: "renewal" } });
    expect(values.amount?.amount).toEqual({ type: "number_input", value: null });
    values.amount!.amount = { type: "number_input", value: "12000" };

    const after = [
      before[0]!,
      before[1]!,
      input("notice", { type: "plain_text_input", action_id: "notice" }),
    ];
    const redrawn = viewState(after, values);
    expect(redrawn.amount?.amount).toEqual({ type: "number_input", value: "12000" });
    expect(redrawn.term).toBeUndefined();
    expect(redrawn.notice?.notice).toEqual({ type: "plain_text_input", value: null });
  });

  it("asks for required fields and numbers in range before anything reaches Kuroko, as Slack does", () => {
    const blocks = [
      input("amount", {
        type: "number_input",
        action_id: "amount",
        min_value: "1",
        is_decimal_allowed: false,
      }),
      input("due", { type: "datepicker", action_id: "due" }),
      input("notes", { type: "plain_text_input", action_id: "notes" }, true),
    ];
    const values = viewState(blocks);
    expect(clientErrors(blocks, values)).toEqual({
      amount: "Please complete this required field.",
      due: "Please complete this required field.",
    });
    values.amount!.amount = { type: "number_input", value: "0.5" };
    values.due!.due = { type: "datepicker", selected_date: "2026-12-01" };
    expect(clientErrors(blocks, values)).toEqual({ amount: "Please enter a whole number." });
  });
});
