import type { Channel, DemoUser } from "./page-state.js";

/**
 * The playground's people. The first four are the ones to act as: a CSM (owner of Acme Corp in
 * the demo portfolio), two CS Ops approvers and someone outside CS Ops; the other CSMs own the
 * rest of the portfolio and receive their alerts.
 */
export const PLAYGROUND_USERS: DemoUser[] = [
  { id: "U0CSM0001", name: "Hana Sato", title: "Customer Success Manager", role: "csm", locale: "en-US" },
  { id: "U0OPS0001", name: "Kenji Ito", title: "CS Ops lead (approver)", role: "approver", locale: "en-US" },
  {
    id: "U0OPS0002",
    name: "Maya Chen",
    title: "CS Ops (second approver)",
    role: "second_approver",
    locale: "en-US",
  },
  {
    id: "U0OUT0001",
    name: "Alex Rivera",
    title: "Account Executive (not in CS Ops)",
    role: "outsider",
    locale: "en-US",
  },
  { id: "U0CSM0002", name: "Leo Martin", title: "Customer Success Manager", role: "csm", locale: "en-GB" },
  // Reads Kuroko in Japanese (Slack locale ja-JP): the health card, and later every surface.
  {
    id: "U0CSM0003",
    name: "Yuki Tanaka",
    title: "Customer Success Manager (Slack in Japanese)",
    role: "csm",
    locale: "ja-JP",
  },
  { id: "U0CSM0004", name: "Priya Nair", title: "Customer Success Manager", role: "csm" },
  { id: "U0CSM0005", name: "Sam Okafor", title: "Customer Success Manager", role: "csm" },
  { id: "U0CSM0006", name: "Ines Moreau", title: "Customer Success Manager", role: "csm" },
];

/**
 * A playground person's e-mail, as Slack's users.lookupByEmail finds them (a CRM export names
 * owners by e-mail): "Hana Sato" is hana.sato@example.com.
 */
export const playgroundEmail = (user: { name: string }) =>
  `${user.name.toLowerCase().replace(/\s+/g, ".")}@example.com`;

/** The channels Kuroko posts to, configured as its KUROKO_*_CHANNEL settings, plus #general. */
export const PLAYGROUND_CHANNELS = {
  general: { id: "C0PGGENERAL", name: "general", purpose: "Type slash commands anywhere, e.g. /health acme" },
  alerts: { id: "C0PGALERTS", name: "cs-alerts", purpose: "At-risk alerts (KUROKO_ALERTS_CHANNEL)" },
  digest: {
    id: "C0PGDIGEST",
    name: "cs-digest",
    purpose: "The daily at-risk digest (KUROKO_DIGEST_CHANNEL)",
  },
  renewals: {
    id: "C0PGRENEWAL",
    name: "cs-renewals",
    purpose: "Renewal reminders (KUROKO_RENEWALS_CHANNEL)",
  },
  contracts: {
    id: "C0PGCONTRACT",
    name: "cs-ops-contracts",
    purpose: "The CS Ops contracts queue (KUROKO_CONTRACTS_CHANNEL)",
  },
} satisfies Record<string, Channel>;

export const APPROVER_IDS = PLAYGROUND_USERS.filter(
  (u) => u.role === "approver" || u.role === "second_approver",
).map((u) => u.id);
