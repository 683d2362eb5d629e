/**
 * The scheduled posts and DMs: alerts (messages, reasons, snooze modal, summaries), renewal reminders, the digest and /csops digest, the morning DM (src/alerts/, src/renewals/, src/digest/, src/morning/).
 * English and Japanese side by side: `scheduledJa` must have exactly `scheduledEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const scheduledEn = {} as const;

export const scheduledJa: { readonly [K in keyof typeof scheduledEn]: string } = {};
