import { CONTROL_CHARACTERS, escapeControl } from "../format.js";

/** Terminal output helpers. Data goes to stdout; progress and messages to stderr. */

/**
 * Stored text for one line of output (a table cell, a name in a sentence): tabs and line
 * breaks become spaces, any other control character is shown escaped (ESC as `\u001b`), so
 * that what was stored is visible and inert.
 */
export function inlineText(text: string): string {
  return text.replace(/\r\n|[\t\n\v\f\r\u0085]/g, " ").replace(CONTROL_CHARACTERS, escapeControl);
}

/**
 * The last guard on everything the command line prints: line breaks are kept, any other
 * control character is shown escaped. JSON output keeps its value: JSON.stringify already
 * escapes C0 controls inside strings, and writes DEL and C1 controls raw, which this turns
 * into `\u` escapes that read back as the same text.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => (c === "\n" ? c : escapeControl(c)));
}

/** Display width: CJK and full-width characters take two terminal columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

const pad = (text: string, width: number, right = false) => {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

/**
 * A plain-text table; columns named in `rightAligned` (numbers) align right. Cells are shown
 * with `inlineText`, so stored text cannot break the table or reach the terminal raw.
 */
export function formatTable(headers: string[], table: string[][], rightAligned: number[] = []): string {
  const rows = table.map((r) => r.map(inlineText));
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, rightAligned.includes(i)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * A progress bar on stderr for long operations, drawn only on a terminal (logs and pipes
 * stay clean). Redraws at most every 100 ms.
 */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  format: (n: number) => string = String,
) {
  let last = 0;
  let drawn = false;
  return {
    update(done: number, total: number) {
      if (!stream.isTTY || total <= 0) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(
        `\r${inlineText(label)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${format(done)}/${format(total)}`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
