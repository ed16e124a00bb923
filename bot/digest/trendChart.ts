import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Digest } from '../domain/digest';

/**
 * The 8-week status and RAG mix as a stacked bar chart. vega-lite describes the chart (axes,
 * stacking and legend for free); vega renders it to SVG in Node; resvg (a prebuilt binary inside
 * its npm package, no system libraries) turns the SVG into a PNG, drawing text with the DejaVu font
 * shipped from npm so labels survive on servers without fonts.
 */
const CATEGORIES = [
  { key: 'complete', label: '✓ Complete', color: '#4f6bed' },
  { key: 'green', label: '● Green', color: '#237b4b' },
  { key: 'amber', label: '▲ Amber', color: '#e8a317' },
  { key: 'red', label: '■ Red', color: '#c4314b' },
  { key: 'notRated', label: 'No RAG yet', color: '#a19f9d' },
  { key: 'deferred', label: 'Deferred', color: '#d2d0ce' },
] as const;

const FONT_DIR = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONT_DIR, 'ttf', f));

export function trendSpec(d: Digest): vl.TopLevelSpec {
  const values = d.trend.flatMap((t) =>
    CATEGORIES.map((c, order) => ({ week: t.week, category: c.label, count: t.mix[c.key], order })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 520,
    height: 220,
    background: 'white',
    padding: 12,
    config: {
      font: 'DejaVu Sans',
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 11, titleFontSize: 12 },
    },
    title: { text: 'Status and RAG mix, last 8 weeks', fontSize: 14 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'week', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      y: {
        field: 'count',
        type: 'quantitative',
        stack: 'zero',
        title: 'Actions',
        axis: { tickMinStep: 1, format: 'd' },
      },
      color: {
        field: 'category',
        type: 'nominal',
        title: null,
        scale: { domain: CATEGORIES.map((c) => c.label), range: CATEGORIES.map((c) => c.color) },
        legend: { orient: 'right' },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}

export async function trendSvg(d: Digest): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(trendSpec(d)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as PNG bytes. */
export async function trendPng(d: Digest): Promise<Buffer> {
  const svg = await trendSvg(d);
  const png = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width', value: 680 },
  })
    .render()
    .asPng();
  return Buffer.from(png);
}

export const pngDataUri = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;
