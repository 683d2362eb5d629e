import { beforeAll, describe, expect, it, vi } from "vitest";
import { clientErrors, mrkdwnHtml, viewState } from "../../src/playground/page/blocks.js";

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

const input = (blockId: string, element: Record<string, unknown>, optional = false) => ({
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

    const after = [before[0], before[1], input("notice", { type: "plain_text_input", action_id: "notice" })];
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
