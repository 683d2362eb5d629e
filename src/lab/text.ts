import { componentLabel, signalLabel } from "../health/labels.js";
import type { HealthModel } from "../health/model.js";
import { type Translator, translator } from "../i18n/index.js";
import type { ChurnedAccount, GroupReport, VariantReport } from "./tally.js";

/**
 * The back-test as a CS Ops lead reads it in a terminal, in KUROKO_LOCALE (pure): the current
 * model and rules beside the candidate's, then the churned accounts, the alerts per week, the
 * signals and the segments. `--json` prints the report itself.
 */

/** What the text needs of the report (backtest.ts's BacktestReport). */
export interface BacktestText {
  from: string;
  to: string;
  horizonDays: number;
  weeks: number;
  accounts: number;
  outcomes: Record<string, number>;
  segmented: boolean;
  current: VariantReport;
  candidate?: VariantReport;
}

/** Lays out a table: a header row and rows, the columns in `rightAligned` (numbers) to the right. */
export type TableLayout = (headers: string[], rows: string[][], rightAligned?: number[]) => string;

/** Plain monospace columns by string length (the CLI passes its own, which knows wide characters). */
export const plainTable: TableLayout = (headers, rows, rightAligned = []) => {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
};

/** The models, for the labels of their components (a cliff names its component). */
export interface TextModels {
  current: HealthModel;
  candidate?: HealthModel;
}

const KINDS = ["churned", "renewed", "downgraded", "expanded"] as const;

export function backtestText(
  r: BacktestText,
  options: { tr?: Translator; table?: TableLayout; models?: TextModels } = {},
): string {
  const tr = options.tr ?? translator("en");
  const table = options.table ?? plainTable;
  const numbers = (columns: number) => Array.from({ length: columns - 1 }, (_, i) => i + 1);
  const na = tr.t("lab.na");
  const pct = (x: number | null) => (x === null ? na : `${Math.round(x * 100)}%`);
  const auc = (x: number | null) => (x === null ? na : x.toFixed(2));
  const weeks = (x: number | null) => (x === null ? na : tr.t("lab.weeks", { weeks: String(x) }));
  const variants = [r.current, ...(r.candidate ? [r.candidate] : [])];
  const kind = (i: number) => (i === 0 ? "current" : "candidate");
  const variantName = (i: number) => tr.t("lab.variant", { variant: kind(i) });
  const models = [options.models?.current, options.models?.candidate];

  const flag = (c: ChurnedAccount, i: number): string => {
    if (c.firstFlag === null) return "";
    if (c.firstFlag.startsWith("cliff:")) {
      const key = c.firstFlag.slice("cliff:".length);
      const declared = models[i]?.components.find((x) => x.key === key)?.label ?? key;
      return tr.t("lab.flag.cliff", { component: componentLabel(tr.locale, key, declared) });
    }
    return tr.t("lab.flag", { flag: c.firstFlag });
  };

  const outcomes = Object.entries(r.outcomes)
    .filter((entry): entry is [(typeof KINDS)[number], number] =>
      (KINDS as readonly string[]).includes(entry[0]),
    )
    .map(([k, n]) => tr.t("lab.outcome", { n, kind: k }));
  const out: string[] = [
    tr.t("lab.head", {
      from: r.from,
      to: r.to,
      weeks: r.weeks,
      accounts: r.accounts,
      horizon: r.horizonDays,
    }),
    outcomes.length ? tr.t("lab.outcomes", { list: tr.list(outcomes) }) : tr.t("lab.noOutcomes"),
    "",
  ];

  const groupRows = (g: GroupReport): [string, string][] => [
    [tr.t("lab.row.auc"), auc(g.auc)],
    [tr.t("lab.row.precision"), pct(g.atRisk.precision)],
    [tr.t("lab.row.recall"), pct(g.atRisk.recall)],
    [tr.t("lab.row.flagged"), `${g.churned.flagged}/${g.churned.accounts}`],
    [tr.t("lab.row.lead"), weeks(g.churned.medianLeadWeeks)],
    [tr.t("lab.row.green"), String(g.churned.stayedGreen)],
  ];
  const head = [
    "",
    ...variants.map((v, i) =>
      tr.t("lab.variantModel", { variant: kind(i), name: v.model.name, version: v.model.version }),
    ),
  ];
  const overall = variants.map((v) => groupRows(v.overall));
  const alertRows: string[][] = [
    [tr.t("lab.row.alerts"), ...variants.map((v) => String(v.alerts.total))],
    [
      tr.t("lab.row.beforeChurn"),
      ...variants.map(
        (v) =>
          `${v.alerts.beforeChurn} (${pct(v.alerts.total ? v.alerts.beforeChurn / v.alerts.total : null)})`,
      ),
    ],
  ];
  out.push(
    table(
      head,
      [...overall[0]!.map(([label], i) => [label, ...overall.map((rows) => rows[i]![1])]), ...alertRows],
      numbers(head.length),
    ),
  );

  for (const [i, v] of variants.entries()) {
    out.push("", tr.t("lab.churned.title", { variant: kind(i) }));
    if (v.churned.length === 0) out.push(tr.t("lab.churned.none"));
    else {
      // Never flagged first (the surprises), then the shortest warnings.
      const shown = [...v.churned].sort(
        (a, b) => (a.leadWeeks ?? -1) - (b.leadWeeks ?? -1) || a.churnedOn.localeCompare(b.churnedOn),
      );
      out.push(
        table(
          ["account", "segment", "churned", "lead", "firstFlag", "lastScore"].map((c) =>
            tr.t(`lab.col.${c}` as "lab.col.account"),
          ),
          shown
            .slice(0, 25)
            .map((c) => [
              c.name,
              c.segment ?? "",
              c.churnedOn,
              c.leadWeeks === null
                ? tr.t(c.stayedGreen ? "lab.stayedGreen" : "lab.neverFlagged")
                : weeks(c.leadWeeks),
              flag(c, i),
              c.lastScore === null ? "" : String(c.lastScore),
            ]),
          [3, 5],
        ),
      );
      if (shown.length > 25) out.push(tr.t("lab.churned.more", { n: shown.length - 25 }));
    }
  }

  out.push("", tr.t("lab.alerts.title"));
  out.push(
    table(
      [tr.t("lab.col.week"), ...variants.map((_, i) => variantName(i))],
      r.current.alertsPerWeek
        .map((w, k) => ({ w, k }))
        // Weeks before the first reading say nothing: left out here (--json keeps them).
        .filter(({ k }) => variants.some((v) => v.alertsPerWeek[k]!.scored > 0))
        .map(({ w, k }) => [
          w.week,
          ...variants.map((v) => `${v.alertsPerWeek[k]!.alerts} / ${v.alertsPerWeek[k]!.beforeChurn}`),
        ]),
      numbers(variants.length + 1),
    ),
  );

  out.push("", tr.t("lab.signals.title"));
  const signals = [...new Set(variants.flatMap((v) => v.overall.signals.map((s) => s.signal)))];
  out.push(
    table(
      [tr.t("lab.col.signal"), ...variants.map((_, i) => variantName(i))],
      signals.map((signal) => {
        const first = variants.flatMap((v) => v.overall.signals).find((s) => s.signal === signal)!;
        return [
          signalLabel(tr.locale, signal, first.label),
          ...variants.map((v) => {
            const s = v.overall.signals.find((x) => x.signal === signal);
            return s ? auc(s.auc) : "—";
          }),
        ];
      }),
      numbers(variants.length + 1),
    ),
  );

  out.push("");
  if (!r.segmented) out.push(tr.t("lab.segments.none"));
  else {
    out.push(tr.t("lab.segments.title"));
    const segments = [...new Set(variants.flatMap((v) => Object.keys(v.segments)))].sort();
    out.push(
      table(
        ["segment", "model", "accounts", "auc", "precision", "recall", "flagged", "green"].map((c) =>
          tr.t(`lab.col.${c}` as "lab.col.account"),
        ),
        segments.flatMap((segment) =>
          variants.flatMap((v, i) => {
            const g = v.segments[segment];
            if (!g) return [];
            return [
              [
                segment,
                variantName(i),
                String(g.accounts),
                auc(g.auc),
                pct(g.atRisk.precision),
                pct(g.atRisk.recall),
                `${g.churned.flagged}/${g.churned.accounts}`,
                String(g.churned.stayedGreen),
              ],
            ];
          }),
        ),
        [2, 3, 4, 5, 6, 7],
      ),
    );
  }
  return out.join("\n");
}
