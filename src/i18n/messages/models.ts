/**
 * Models by segment (src/health/models.ts): how a card names the segment's model that scored
 * it. `modelsJa` must have exactly `modelsEn`'s keys. See src/i18n/en.ts for the rules.
 */
export const modelsEn = {
  // The card's last line (src/health/view.ts), after "CRM id … · Enterprise".
  "models.card.model": "model {name} {version} (the {segment} model)",
  // `kuroko health` (src/health/text.ts).
  "models.cli.model": "Model: {name} {version} (the {segment} segment's model)",
} as const;

export const modelsJa: { readonly [K in keyof typeof modelsEn]: string } = {
  "models.card.model": "モデル {name} {version}（{segment} 向け）",
  "models.cli.model": "モデル: `{name} {version}`（{segment} セグメント向けのモデル）",
};
