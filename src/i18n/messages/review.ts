/**
 * Deciding a contract request: the review modal, the queue message and its thread lines, the
 * approvers' DMs and reminders, lifecycle stages, SLA and escalation messages, the details modal
 * (src/contracts/views/review-modal.ts, queue-message.ts, lifecycle.ts, details*.ts, cover.ts,
 * waiting-dm.ts; announce.ts, escalation.ts, sla-messages.ts).
 * English and Japanese side by side: `reviewJa` must have exactly `reviewEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const reviewEn = {} as const;

export const reviewJa: { readonly [K in keyof typeof reviewEn]: string } = {};
