import { describe, expect, it } from "vitest";
import type { RequestDetails } from "../../src/contracts/request.js";
import { CS_OPS_STEP } from "../../src/contracts/state.js";
import type { AccountAtAGlance } from "../../src/contracts/views/details.js";
import {
  buildOverdueLine,
  buildQueueMessage,
  buildRequesterDm,
  buildThreadLine,
} from "../../src/contracts/views/queue-message.js";
import { buildReviewModal } from "../../src/contracts/views/review-modal.js";
import { defaultHealthModel } from "../../src/health/default-model.js";
import { slackLimitViolations, strayBrackets } from "../../src/slack/limits.js";

const now = new Date("2026-11-22T09:00:00Z");
const request: RequestDetails = {
  id: 1,
  number: 1001,
  type: "renewal",
  status: "submitted",
  priority: "normal",
  amount: 20_000,
  currency: "USD",
  termMonths: 12,
  startDate: null,
  endDate: null,
  dueDate: new Date("2026-12-15T00:00:00Z"),
  links: ["https://drive.example.com/a?x=1&y=2"],
  notes: "ping <!channel> & <@U0OUT0001>",
  requesterId: "U0CSM0001",
  assigneeId: null,
  approvals: [],
  slaDueAt: new Date("2026-11-27T09:00:00Z"),
  account: { id: 7, name: "Acme <!here> & Co" },
};

/** Acme at a glance, held yellow at 72 by the band's hysteresis, with other paperwork. */
const acme: AccountAtAGlance = {
  context: {
    id: 7,
    externalId: "CRM-0007",
    name: "Acme Corp",
    arr: 240_000,
    currency: "USD",
    renewalDate: new Date("2027-01-06T00:00:00Z"),
    ownerSlackId: "U0CSM0002",
    score: 72,
    band: "yellow",
    paperwork: [
      { number: 1042, type: "renewal", status: "in_review", startDate: null },
      { number: 1001, type: "upsell", status: "approved", startDate: new Date("2026-12-01T00:00:00Z") },
    ],
  },
  options: {
    today: new Date("2026-11-22T00:00:00Z"),
    model: defaultHealthModel(),
    crmUrlTemplate: "https://crm.example.com/{external_id}",
  },
};
const ACME_LINE =
  "💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 🟡 72/100, needs attention (yellow until it reaches 75) · 👤 <@U0CSM0002> · 📝 CR-1042 Renewal: in review, CR-1001 Upsell: approved · 🔗 <https://crm.example.com/CRM-0007|CRM record CRM-0007>";

/** Slack reads these as mentions: none may come from what people typed. */
const MENTIONS = /<!(channel|here|everyone)|<@U0OUT0001|<!subteam/;

/** What Slack reads as mrkdwn: a message's top-level text and every mrkdwn text object (plain_text is shown as is). */
function mrkdwn(payload: unknown): string {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const object = node as Record<string, unknown>;
      if (object.type === "mrkdwn" && typeof object.text === "string") found.push(object.text);
      else Object.values(object).forEach(walk);
    }
  };
  const top = (payload as { text?: unknown }).text;
  if (typeof top === "string") found.push(top);
  walk((payload as { blocks?: unknown }).blocks);
  return found.join("\n");
}

describe("what people typed, in contract messages", () => {
  it("escapes the account name, notes and links in the queue message, its blocks and its notification text", () => {
    const message = buildQueueMessage(request, [CS_OPS_STEP], now);

    expect(mrkdwn(message)).not.toMatch(MENTIONS);
    expect(message.text).toContain("Acme &lt;!here&gt; &amp; Co");
    expect(JSON.stringify(message.blocks)).toContain("<https://drive.example.com/a?x=1&amp;y=2>");
    expect(strayBrackets(message)).toEqual([]);
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it("shows a link stored before links were normalised as a harmless link, or as text", () => {
    const legacy = {
      ...request,
      links: [
        "https://x.example/a><!channel><https://y.example",
        "https://evil.example/|Signed MSA",
        "<!here>",
      ],
    };

    const text = mrkdwn(buildQueueMessage(legacy, [CS_OPS_STEP], now));

    expect(text).not.toMatch(MENTIONS);
    expect(text).not.toMatch(/<[^>]*\|Signed/);
    expect(text).toContain("<https://x.example/a%3E%3C!channel%3E%3Chttps://y.example>");
  });

  it("keeps everything typed escaped in the review modal, the thread and the requester's DM", () => {
    const comment = "see <!channel> <https://evil.example|the signed copy>";
    const outputs = [
      buildReviewModal(request, [CS_OPS_STEP], now, { requestId: 1, version: 0 }),
      buildThreadLine({
        action: "changes_requested",
        actorId: "U0OPS0001",
        comment,
        status: "changes_requested",
      }),
      buildRequesterDm(request, { action: "changes_requested", actorId: "U0OPS0001", comment }),
      buildRequesterDm(request, { action: "submitted", actorId: "U0CSM0001" }, { queueLink: true }),
    ];

    for (const output of outputs) {
      expect(mrkdwn(output)).not.toMatch(MENTIONS);
      expect(mrkdwn(output)).not.toContain("|the signed copy>");
    }
  });

  it("cuts a long escaped note without leaving half an entity or half a link", () => {
    const long = { ...request, notes: "&".repeat(2_000), links: [] };

    const notes = buildQueueMessage(long, [CS_OPS_STEP], now).blocks.find((b) =>
      JSON.stringify(b).includes("*Notes*"),
    ) as { text: { text: string } };

    expect(notes.text.text.length).toBeLessThanOrEqual(3_000);
    expect(notes.text.text).toMatch(/(&amp;)+…$/);
  });
});

describe("the requester's DM on submission", () => {
  it("links to the queue message when there is one, and never leaves an empty link", () => {
    const linked = buildRequesterDm(
      request,
      { action: "submitted", actorId: "U0CSM0001" },
      { queueLink: true },
    );
    const unposted = buildRequesterDm(request, { action: "submitted", actorId: "U0CSM0001" });

    expect(linked.text).toContain("<{permalink}|See it in the queue>.");
    expect(JSON.stringify(unposted)).not.toContain("permalink");
    expect(unposted.text).toMatch(/is in the CS Ops queue\.$/);
  });
});

describe("the review modal", () => {
  it("leaves Approve out, and says why, when the reviewer may not approve", () => {
    const modal = buildReviewModal(
      request,
      [CS_OPS_STEP],
      now,
      { requestId: 1, version: 0 },
      { approveRefused: "you asked for it, so another CS Ops approver must approve it" },
    );
    const decision = modal.blocks.find((b) => b.block_id === "decision") as {
      element: { options: { value: string }[] };
    };

    expect(decision.element.options.map((o) => o.value)).toEqual(["request_changes", "reject"]);
    expect(JSON.stringify(modal)).toContain("You cannot approve it: you asked for it");
    expect(slackLimitViolations(modal, "modal")).toEqual([]);
  });
});

describe("the account's context, for the reviewer", () => {
  it("is under the details of the queue message, within Slack's limits", () => {
    const message = buildQueueMessage(request, [CS_OPS_STEP], now, acme);

    expect(message.blocks[2]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: ACME_LINE }] });
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it("is under the details of the review modal, within a modal's limits", () => {
    const modal = buildReviewModal(request, [CS_OPS_STEP], now, { requestId: 1 }, { account: acme });

    expect(JSON.stringify(modal.blocks)).toContain(JSON.stringify(ACME_LINE));
    expect(slackLimitViolations(modal, "modal")).toEqual([]);
  });

  it("escapes a CRM id full of markup in its link, and stays within limits", () => {
    const odd: AccountAtAGlance = {
      ...acme,
      context: { ...acme.context, externalId: "<!channel>&".repeat(20), name: "x".repeat(500) },
    };

    const message = buildQueueMessage(request, [CS_OPS_STEP], now, odd);

    expect(mrkdwn(message)).toContain("|CRM record &lt;!channel&gt;&amp;&lt;!channel&gt;");
    expect(mrkdwn(message)).not.toMatch(MENTIONS);
    expect(slackLimitViolations(message)).toEqual([]);
  });
});

describe("instants, as each reader's own time", () => {
  const submitted = { ...request, submittedAt: new Date("2026-11-22T08:00:00Z") };

  it("gives the SLA's due and the submission's instants as Slack date tokens", () => {
    const text = JSON.stringify(buildQueueMessage(submitted, [CS_OPS_STEP], now).blocks);

    expect(text).toContain(
      "due in 5 days (<!date^1795770000^{date_short_pretty} {time}|2026-11-27 09:00 UTC>)\\nsubmitted <!date^1795334400^{date_short_pretty} {time}|2026-11-22 08:00 UTC>",
    );
  });

  it("says when an overdue request's SLA ran out as a date token", () => {
    const late = new Date("2026-11-28T09:00:00Z");

    expect(JSON.stringify(buildQueueMessage(submitted, [CS_OPS_STEP], late).blocks)).toContain(
      "⚠️ *overdue* by 24 h (due <!date^1795770000^{date_short_pretty} {time}|2026-11-27 09:00 UTC>)",
    );
    expect(buildOverdueLine(submitted).text).toBe(
      "⚠️ CR-1001 is overdue: its SLA ran out <!date^1795770000^{date_short_pretty} {time}|2026-11-27 09:00 UTC>. Nobody has taken it yet.",
    );
  });
});

describe("the exact Block Kit", () => {
  const plain: RequestDetails = {
    ...request,
    id: 42,
    number: 1042,
    priority: "high",
    termMonths: 12,
    startDate: new Date("2027-01-06T00:00:00Z"),
    endDate: new Date("2028-01-05T00:00:00Z"),
    links: ["https://drive.example.com/acme-renewal"],
    notes: "Signed order form attached.",
    assigneeId: "U0OPS0001",
    status: "in_review",
    submittedAt: new Date("2026-11-20T09:00:00Z"),
    account: { id: 7, name: "Acme Corp" },
  };

  it("of a request's queue message", () => {
    expect(buildQueueMessage(plain, [CS_OPS_STEP], now, acme)).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "🔎 CR-1042 · Renewal · Acme Corp",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "fields": [
              {
                "text": "*Account*
      Acme Corp",
                "type": "mrkdwn",
              },
              {
                "text": "*Type*
      Renewal",
                "type": "mrkdwn",
              },
              {
                "text": "*Amount*
      $20,000 · 12 months",
                "type": "mrkdwn",
              },
              {
                "text": "*Needed by*
      2026-12-15 · High",
                "type": "mrkdwn",
              },
              {
                "text": "*Requester*
      <@U0CSM0001>",
                "type": "mrkdwn",
              },
              {
                "text": "*Assignee*
      <@U0OPS0001>",
                "type": "mrkdwn",
              },
              {
                "text": "*Status*
      🔎 In review",
                "type": "mrkdwn",
              },
              {
                "text": "*SLA*
      due in 5 days (<!date^1795770000^{date_short_pretty} {time}|2026-11-27 09:00 UTC>)
      submitted <!date^1795165200^{date_short_pretty} {time}|2026-11-20 09:00 UTC>",
                "type": "mrkdwn",
              },
              {
                "text": "*Approvals*
      ⏳ CS Ops: still needed",
                "type": "mrkdwn",
              },
              {
                "text": "*Dates*
      2027-01-06 → 2028-01-05",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 🟡 72/100, needs attention (yellow until it reaches 75) · 👤 <@U0CSM0002> · 📝 CR-1042 Renewal: in review, CR-1001 Upsell: approved · 🔗 <https://crm.example.com/CRM-0007|CRM record CRM-0007>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "text": {
              "text": "*Documents*
      • <https://drive.example.com/acme-renewal>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*Notes*
      Signed order form attached.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "block_id": "request_42",
            "elements": [
              {
                "action_id": "contract_review_open",
                "style": "primary",
                "text": {
                  "text": "Review",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "42",
              },
            ],
            "type": "actions",
          },
          {
            "block_id": "lifecycle_42",
            "elements": [
              {
                "action_id": "contract_reassign_open",
                "text": {
                  "text": "Reassign…",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "42",
              },
              {
                "action_id": "contract_unassign",
                "text": {
                  "text": "Unassign",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "42",
              },
              {
                "action_id": "contract_withdraw_open",
                "style": "danger",
                "text": {
                  "text": "Withdraw (requester)…",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "42",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "CR-1042 · Renewal · Acme Corp: In review",
      }
    `);
  });

  it("of the review modal", () => {
    expect(
      buildReviewModal(
        plain,
        [CS_OPS_STEP],
        now,
        { requestId: 42, version: 3, shown: "0123456789abcdef" },
        { account: acme },
      ),
    ).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "*CR-1042 · Renewal · Acme Corp*",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "fields": [
              {
                "text": "*Account*
      Acme Corp",
                "type": "mrkdwn",
              },
              {
                "text": "*Type*
      Renewal",
                "type": "mrkdwn",
              },
              {
                "text": "*Amount*
      $20,000 · 12 months",
                "type": "mrkdwn",
              },
              {
                "text": "*Needed by*
      2026-12-15 · High",
                "type": "mrkdwn",
              },
              {
                "text": "*Requester*
      <@U0CSM0001>",
                "type": "mrkdwn",
              },
              {
                "text": "*Assignee*
      <@U0OPS0001>",
                "type": "mrkdwn",
              },
              {
                "text": "*Status*
      🔎 In review",
                "type": "mrkdwn",
              },
              {
                "text": "*SLA*
      due in 5 days (<!date^1795770000^{date_short_pretty} {time}|2026-11-27 09:00 UTC>)
      submitted <!date^1795165200^{date_short_pretty} {time}|2026-11-20 09:00 UTC>",
                "type": "mrkdwn",
              },
              {
                "text": "*Approvals*
      ⏳ CS Ops: still needed",
                "type": "mrkdwn",
              },
              {
                "text": "*Dates*
      2027-01-06 → 2028-01-05",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "💰 $240,000 ARR · 📅 renews 2027-01-06 (in 45 days) · 🟡 72/100, needs attention (yellow until it reaches 75) · 👤 <@U0CSM0002> · 📝 CR-1042 Renewal: in review, CR-1001 Upsell: approved · 🔗 <https://crm.example.com/CRM-0007|CRM record CRM-0007>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "text": {
              "text": "*Documents*
      • <https://drive.example.com/acme-renewal>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*Notes*
      Signed order form attached.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "block_id": "decision",
            "element": {
              "action_id": "decision",
              "options": [
                {
                  "text": {
                    "text": "Approve",
                    "type": "plain_text",
                  },
                  "value": "approve",
                },
                {
                  "text": {
                    "text": "Request changes",
                    "type": "plain_text",
                  },
                  "value": "request_changes",
                },
                {
                  "text": {
                    "text": "Reject",
                    "type": "plain_text",
                  },
                  "value": "reject",
                },
              ],
              "type": "radio_buttons",
            },
            "label": {
              "text": "Decision",
              "type": "plain_text",
            },
            "type": "input",
          },
          {
            "block_id": "comment",
            "element": {
              "action_id": "comment",
              "max_length": 2000,
              "multiline": true,
              "type": "plain_text_input",
            },
            "hint": {
              "text": "Required to reject or request changes: the requester reads it.",
              "type": "plain_text",
            },
            "label": {
              "text": "Comment",
              "type": "plain_text",
            },
            "optional": true,
            "type": "input",
          },
        ],
        "callback_id": "contract_review",
        "close": {
          "text": "Cancel",
          "type": "plain_text",
        },
        "private_metadata": "{"requestId":42,"version":3,"shown":"0123456789abcdef"}",
        "submit": {
          "text": "Decide",
          "type": "plain_text",
        },
        "title": {
          "text": "Review CR-1042",
          "type": "plain_text",
        },
        "type": "modal",
      }
    `);
  });
});
