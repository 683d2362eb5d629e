/**
 * Contract requests: the intake and review modals, field errors, confirm dialogs, the requester's and approvers' DMs, the queue message and its thread lines, request lists and details (src/contracts/).
 * English and Japanese side by side: `contractsJa` must have exactly `contractsEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const contractsEn = {} as const;

export const contractsJa: { readonly [K in keyof typeof contractsEn]: string } = {};
