import { renderAsync } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ChartSpec } from "./charts.js";

/**
 * A chart specification (charts.ts) drawn on the server, no browser: Vega-Lite compiled to Vega,
 * drawn as SVG by a headless Vega view (renderer "none": no canvas), then rasterised to PNG by
 * resvg (Rust, prebuilt per platform, in a worker thread so the bot keeps answering). Text is
 * drawn with the system's fonts; the chart names its font families (charts.ts), resvg falls back
 * to DejaVu Sans, then to any installed font that has the glyph.
 */

export interface RenderedChart {
  svg: string;
  png: Buffer;
}

/** The chart as SVG (the numbers and words as text, which tests read). */
export async function chartSvg(spec: ChartSpec): Promise<string> {
  const vegaSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as SVG and as PNG, drawn at `scale` (2: sharp on high-density screens). */
export async function renderChart(spec: ChartSpec, options: { scale?: number } = {}): Promise<RenderedChart> {
  const svg = await chartSvg(spec);
  const image = await renderAsync(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return { svg, png: image.asPng() };
}

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
