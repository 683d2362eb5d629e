import type { GroupReport, VariantReport } from "./tally.js";

/**
 * The back-test as a CS Ops lead reads it in a terminal (pure): the current model and rules
 * beside the candidate's, then the churned accounts, the alerts per week, the signals and the
 * segments. `--json` prints the report itself.
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

const pct = (x: number | null) => (x === null ? "n/a" : `${Math.round(x * 100)}%`);
const auc = (x: number | null) => (x === null ? "n/a" : x.toFixed(2));
const weeks = (x: number | null) => (x === null ? "n/a" : `${x} wk`);

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

function groupRows(g: GroupReport): [string, string][] {
  return [
    ["Score AUC (churn ranking)", auc(g.auc)],
    ["At risk (red): precision", pct(g.atRisk.precision)],
    ["At risk (red): recall", pct(g.atRisk.recall)],
    ["Churned accounts flagged", `${g.churned.flagged}/${g.churned.accounts}`],
    ["Median lead time", weeks(g.churned.medianLeadWeeks)],
    ["Churned while green", String(g.churned.stayedGreen)],
  ];
}

export function backtestText(r: BacktestText, table: TableLayout = plainTable): string {
  const numbers = (columns: number) => Array.from({ length: columns - 1 }, (_, i) => i + 1);
  const variants = [r.current, ...(r.candidate ? [r.candidate] : [])];
  const names = variants.map(
    (v, i) => `${i === 0 ? "current" : "candidate"} ${v.model.name} (${v.model.version})`,
  );
  const outcomes = Object.entries(r.outcomes)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
  const out: string[] = [
    `Back-test ${r.from} → ${r.to}: ${r.weeks} weeks, ${r.accounts} accounts, churn horizon ${r.horizonDays} days.`,
    `Outcomes: ${outcomes || "none recorded"}. At risk = the red band; a flag = red or an alert raised.`,
    "",
  ];
  const head = ["", ...names];
  const overall = variants.map((v) => groupRows(v.overall));
  const alertRows: string[][] = [
    ["Alerts raised", ...variants.map((v) => String(v.alerts.total))],
    [
      "… followed by a churn",
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
    out.push("", `Churned accounts (${i === 0 ? "current" : "candidate"}):`);
    if (v.churned.length === 0) out.push("  none in this period");
    else {
      const shown = [...v.churned].sort(
        (a, b) => (a.leadWeeks ?? -1) - (b.leadWeeks ?? -1) || a.churnedOn.localeCompare(b.churnedOn),
      );
      out.push(
        table(
          ["Account", "Segment", "Churned", "Lead", "First flag", "Last score"],
          shown
            .slice(0, 25)
            .map((c) => [
              c.name,
              c.segment ?? "",
              c.churnedOn,
              c.leadWeeks === null ? (c.stayedGreen ? "stayed green" : "never flagged") : `${c.leadWeeks} wk`,
              c.firstFlag ?? "",
              c.lastScore === null ? "" : String(c.lastScore),
            ]),
          [3, 5],
        ),
      );
      if (shown.length > 25) out.push(`… and ${shown.length - 25} more (--json lists them all).`);
    }
  }

  out.push("", "Alerts per week (raised / followed by a churn):");
  out.push(
    table(
      ["Week", ...variants.map((_, i) => (i === 0 ? "current" : "candidate"))],
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

  out.push("", "Each signal alone (AUC; 0.50 is a coin toss):");
  const signals = [...new Set(variants.flatMap((v) => v.overall.signals.map((s) => s.signal)))];
  out.push(
    table(
      ["Signal", ...variants.map((_, i) => (i === 0 ? "current" : "candidate"))],
      signals.map((signal) => [
        variants.flatMap((v) => v.overall.signals).find((s) => s.signal === signal)!.label,
        ...variants.map((v) => {
          const s = v.overall.signals.find((x) => x.signal === signal);
          return s ? auc(s.auc) : "—";
        }),
      ]),
      numbers(variants.length + 1),
    ),
  );

  out.push("");
  if (!r.segmented) out.push("By segment: no account has a segment, so the report is overall only.");
  else {
    out.push("By segment:");
    const segments = [...new Set(variants.flatMap((v) => Object.keys(v.segments)))].sort();
    out.push(
      table(
        [
          "Segment",
          "Model",
          "Accounts",
          "Score AUC",
          "Red precision",
          "Red recall",
          "Churned flagged",
          "Stayed green",
        ],
        segments.flatMap((segment) =>
          variants.flatMap((v, i) => {
            const g = v.segments[segment];
            if (!g) return [];
            return [
              [
                segment,
                i === 0 ? "current" : "candidate",
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
