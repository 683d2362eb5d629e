/**
 * Asking for a contract request: the intake modal (fields, field errors, confirm dialogs), the
 * requester's DMs and ephemeral answers, editing/resubmitting, the request list (/csops requests)
 * (src/contracts/views/intake-modal.ts, request-list.ts, intake-form.ts, fields.ts, submission.ts,
 * listeners/intake-*.ts, listeners/open.ts, listeners/edit.ts, csops-listeners.ts).
 * English and Japanese side by side: `contractsJa` must have exactly `contractsEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const contractsEn = {} as const;

export const contractsJa: { readonly [K in keyof typeof contractsEn]: string } = {};
