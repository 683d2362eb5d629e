/**
 * App Home, /csops help and other ephemeral answers, apologies (src/home/, src/slack/).
 * English and Japanese side by side: `homeJa` must have exactly `homeEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 */
export const homeEn = {} as const;

export const homeJa: { readonly [K in keyof typeof homeEn]: string } = {};
