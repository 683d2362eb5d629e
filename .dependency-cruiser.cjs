/**
 * Kuroko's import rules (docs/structure.md explains them). `npm run lint` runs them; a
 * violation names its rule and the reason below.
 *
 * Layers: the shared kernel (config, log, time, format, text, errors…, i18n/) ← db/ and slack/
 * (plumbing, no feature) ← features ← jobs/, wiring, app, cli/ (composition). The playground
 * stands outside: it may use anything, nothing in the product uses it.
 */

/** Features: one folder each. */
const FEATURES = "accounts|health|alerts|renewals|digest|contracts|home|morning|api|sync|lab";

/**
 * Pure modules: business rules and pure views' inputs, tested without Slack, a database or a
 * clock. They may import only other pure modules and the shared kernel.
 */
const PURE = [
  "^src/time\\.ts$",
  "^src/format\\.ts$",
  "^src/money\\.ts$",
  "^src/data-checks\\.ts$",
  "^src/text\\.ts$",
  // The message catalogues, the translator and the formatters (docs/i18n.md).
  "^src/i18n/",
  "^src/accounts/search-key\\.ts$",
  "^src/accounts/search\\.ts$",
  "^src/accounts/rows\\.ts$",
  "^src/accounts/signals\\.ts$",
  "^src/accounts/row-readers\\.ts$",
  "^src/accounts/mappings\\.ts$",
  "^src/accounts/csv-parse\\.ts$",
  "^src/health/model\\.ts$",
  "^src/health/default-model\\.ts$",
  "^src/health/models\\.ts$",
  "^src/health/score\\.ts$",
  "^src/health/lean-score\\.ts$",
  "^src/memo\\.ts$",
  "^src/health/band\\.ts$",
  "^src/health/labels\\.ts$",
  "^src/health/alert-reason\\.ts$",
  "^src/accounts/crm\\.ts$",
  "^src/health/readings\\.ts$",
  "^src/alerts/rules\\.ts$",
  "^src/alerts/severity\\.ts$",
  "^src/calendar/business-days\\.ts$",
  "^src/renewals/windows\\.ts$",
  "^src/digest/compose\\.ts$",
  "^src/digest/chart\\.ts$",
  "^src/contracts/types\\.ts$",
  "^src/contracts/state\\.ts$",
  "^src/contracts/sla-policy\\.ts$",
  "^src/contracts/sla-plan\\.ts$",
  "^src/contracts/escalation-rules\\.ts$",
  "^src/contracts/renewal-cover\\.ts$",
  "^src/contracts/recipients\\.ts$",
  "^src/contracts/fields\\.ts$",
  "^src/contracts/lifecycle\\.ts$",
  "^src/contracts/cover\\.ts$",
  "^src/morning/compose\\.ts$",
  "^src/api/(auth|limits|parse|rate-limit|schemas)\\.ts$",
  "^src/webhooks/(events|endpoints|payloads|signature)\\.ts$",
  "^src/sync/(sources|statement|values)\\.ts$",
  // The back-test's replay, tally, AUC and report text (backtest.ts reads the database).
  "^src/lab/(auc|lane|replay|tally|text|charts|fitness-view)\\.ts$",
];

/**
 * Where a feature may import another, and why. Anything else across features is an error:
 * add an allowance here, with its reason, or move the code.
 */
const ALLOWED = {
  accounts: [],
  health: [
    // The card and the account context (context.ts) name the account's open paperwork, in the
    // requests' own words (statuses, types, CR numbers).
    "^src/contracts/(state|types)\\.ts$",
    // The card's "Log contract request" button opens the contracts intake.
    "^src/contracts/ids\\.ts$",
    // Looking accounts up by name, domain or CRM id, and reading them.
    "^src/accounts/",
  ],
  alerts: [
    // Alerts are about health: scores, bands, explanations, the card.
    "^src/health/",
    "^src/accounts/",
    // An alert's "Log contract request" button opens the contracts intake.
    "^src/contracts/ids\\.ts$",
  ],
  renewals: [
    // A reminder shows the account's health.
    "^src/health/",
    "^src/accounts/",
    // "Start renewal paperwork" opens the contracts intake, prefilled; a renewal request
    // already covering the renewal (renewal-cover.ts) replaces it with its status and a button
    // opening it, in the requests' own words (types).
    "^src/contracts/(ids|renewal-cover|types|state)\\.ts$",
  ],
  digest: [
    // The digest reports health (bands, scores, why) and overdue paperwork.
    "^src/health/",
    "^src/accounts/",
    "^src/contracts/(types|state|repository|service|ids)\\.ts$",
    // The weekly chart of ARR at risk is drawn with the lab's chart shapes and renderer.
    "^src/lab/(charts|render)\\.ts$",
  ],
  contracts: [
    // /contract and the intake's typeahead find accounts; the review shows the account.
    "^src/accounts/",
    "^src/health/",
  ],
  morning: [
    // "Your morning" gathers each person's new alerts (with the alerts' own buttons), renewal
    // reminders (with their paperwork-aware button), and contract requests waiting on them,
    // each with the account's context (health).
    "^src/alerts/(rules|views)\\.ts$",
    "^src/renewals/",
    "^src/contracts/(ids|request|state|types|repository)\\.ts$",
    // Who a request waits on is the contracts' one rule (recipients.ts, cover applied).
    "^src/contracts/(recipients|waiting|cover-repository)\\.ts$",
    "^src/health/",
    "^src/accounts/",
  ],
  api: [
    // The ingest API writes through the import (accounts/ingest.ts) and answers the health card.
    "^src/accounts/",
    "^src/health/",
  ],
  sync: [
    // The warehouse pull hands its rows to the accounts' one import path (ingest.ts), with the
    // CSV import's and the API's checks and semantics.
    "^src/accounts/",
  ],
  lab: [
    // The back-test replays the health model and the alert rules (pure) over stored readings.
    "^src/health/",
    "^src/alerts/(rules|rules-file)\\.ts$",
    "^src/accounts/",
  ],
  home: [
    // App Home shows the reader's accounts' health and their paperwork.
    "^src/health/",
    "^src/accounts/",
    "^src/contracts/",
    "^src/alerts/",
  ],
};

const crossFeatureRules = Object.entries(ALLOWED).map(([feature, allowed]) => ({
  name: `${feature}-imports-only-allowed-features`,
  severity: "error",
  comment: `${feature}/ imports another feature only where .dependency-cruiser.cjs allows it (ALLOWED.${feature}), with the reason there.`,
  from: { path: `^src/${feature}/` },
  to: { path: `^src/(${FEATURES})/`, pathNot: [`^src/${feature}/`, ...allowed] },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Imports run one way: a cycle means two modules should be one, or one should be split.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "pure-modules-stay-pure",
      severity: "error",
      comment:
        "A pure module (PURE in .dependency-cruiser.cjs) imports no Slack, Prisma, database, node-cron or I/O: its rules are tested without them.",
      from: { path: PURE },
      to: {
        // zod: parsing is pure, and the rules' data (a health model, a policy) is checked with it.
        // FormatJS (intl-messageformat and its parser): formatting messages is pure too.
        pathNot: [
          ...PURE,
          "^src/errors\\.ts$",
          "^node_modules/zod/",
          "^node_modules/(intl-messageformat|@formatjs)/",
        ],
        path: [
          "^src/",
          "@slack/",
          "@prisma/",
          "node-cron",
          "^node_modules/",
          "^(node:)?(fs|http|https|net|child_process)$",
        ],
      },
    },
    {
      name: "plumbing-imports-no-feature",
      severity: "error",
      comment:
        "slack/ and db/ are plumbing every feature shares: they import no feature (a feature passes them what they need).",
      from: { path: "^src/(slack|db)/" },
      to: { path: `^src/(${FEATURES}|jobs|cli|playground)/` },
    },
    {
      name: "i18n-imports-no-feature",
      severity: "error",
      comment:
        "i18n/ is shared kernel: every feature may import it, it imports no feature, no plumbing and no composition.",
      from: { path: "^src/i18n/" },
      to: { path: `^src/(${FEATURES}|slack|db|jobs|cli|playground)/|^src/(app|main|wiring|config)\\.ts$` },
    },
    {
      name: "product-never-imports-the-playground",
      severity: "error",
      comment: "The playground stands in for Slack in a browser; the product must run without it.",
      from: { path: "^src/", pathNot: "^src/playground/" },
      to: { path: "^src/playground/" },
    },
    {
      name: "product-never-imports-tests",
      severity: "error",
      comment: "src/ runs in production; test/ does not ship.",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
    {
      name: "features-import-no-composition",
      severity: "error",
      comment: "Features are wired from above (wiring.ts, app.ts, jobs/, cli/); they never import those.",
      from: { path: `^src/(${FEATURES})/` },
      to: { path: "^src/(jobs|cli)/|^src/(app|main|wiring)\\.ts$" },
    },
    ...crossFeatureRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".json"],
    },
  },
};
