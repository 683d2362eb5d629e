/**
 * The CLI's human output (src/cli/): printed in KUROKO_LOCALE; --json stays language-neutral.
 * English and Japanese side by side: `cliJa` must have exactly `cliEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const cliEn = {} as const;

export const cliJa: { readonly [K in keyof typeof cliEn]: string } = {};
