/** Formatting shared by Slack views and the command line. Pure. */

/** "$240,000", "¥18,000,000", "€42,000": whole units, the currency's own symbol. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(
      amount,
    );
  } catch {
    return `${amount.toLocaleString("en-US")} ${currency}`;
  }
}
