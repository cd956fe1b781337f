// The house style of every figure: one colour and one marker symbol per runtime, fonts and sizes
// for a single (3.5 in) or double (7 in) column, SI units on axes. Pure data. The colours are
// Okabe-Ito (safe for colour-blind readers) picked so that their gray levels differ by 30 or more
// (readable in grayscale). Fill patterns were tried and dropped: Chromium prints SVG patterns into
// the PDF as raster images, and the PDF must stay vector.
import type { Layout } from 'plotly.js';
import { oneEndOf, runtimeAt } from '../model/runtimes.js';

export interface RuntimeStyle {
  label: string;
  color: string;
  symbol: string;
}

/** Fixed across all figures, so a runtime has the same colour everywhere. */
export const RUNTIME_STYLE: Record<string, RuntimeStyle> = {
  bare: { label: 'bare host', color: '#000000', symbol: 'diamond' },
  runc: { label: 'runc', color: '#0072B2', symbol: 'circle' },
  runsc: { label: 'gVisor', color: '#D55E00', symbol: 'triangle-up' },
  crun: { label: 'crun', color: '#56B4E9', symbol: 'square' },
  kata: { label: 'Kata', color: '#F0E442', symbol: 'star' },
  // gVisor's variants: its orange and red family, a symbol each (grayscale prints tell them by shape)
  'runsc-hostinet': { label: 'gVisor hostinet', color: '#E69F00', symbol: 'triangle-down' },
  'runsc-2024': { label: 'gVisor 2024 (systrap)', color: '#CC79A7', symbol: 'pentagon' },
  'runsc-2024-ptrace': { label: 'gVisor 2024 ptrace', color: '#882255', symbol: 'hexagon' },
  'runsc-2024-hostinet': { label: 'gVisor 2024 hostinet', color: '#AA4499', symbol: 'triangle-left' },
  'runsc-2024-kvm': { label: 'gVisor 2024 KVM', color: '#661100', symbol: 'triangle-right' },
  'kata-qemu': { label: 'Kata QEMU', color: '#DDCC77', symbol: 'star-square' },
  'kata-clh': { label: 'Kata Cloud Hypervisor', color: '#009E73', symbol: 'star-diamond' },
  'kata-fc': { label: 'Kata Firecracker', color: '#117733', symbol: 'star-triangle-up' },
};
const FALLBACK: RuntimeStyle = { label: '', color: '#999999', symbol: 'cross' };

/** Gray level (0-255, ITU-R BT.601 luma) of a #rrggbb colour: what a grayscale print shows. */
export const grayLevel = (hex: string): number =>
  0.299 * parseInt(hex.slice(1, 3), 16) + 0.587 * parseInt(hex.slice(3, 5), 16) + 0.114 * parseInt(hex.slice(5, 7), 16);
/**
 * A runtime's style; a one-end name (`runsc-2024@server`) takes its runtime's symbol, unchanged
 * (server only) or dotted (client only), and its colour blended toward white or black, so bars and
 * markers tell it apart. Not an open symbol: plotly strokes those in the marker's colour, and a
 * colour blended toward white vanishes on the page.
 */
export function runtimeStyle(rt: string): RuntimeStyle {
  const own = RUNTIME_STYLE[rt];
  if (own) return own;
  const end = oneEndOf(rt);
  const of = end ? RUNTIME_STYLE[runtimeAt(rt, end)] : undefined;
  if (!end || !of) return { ...FALLBACK, label: rt };
  return end === 'server'
    ? { label: `${of.label}, server only`, color: blend(of.color, 255, 0.45), symbol: of.symbol }
    : { label: `${of.label}, client only`, color: blend(of.color, 0, 0.35), symbol: `${of.symbol}-dot` };
}

/** #rrggbb moved a share of the way toward a gray level (255: white, 0: black). */
function blend(hex: string, toward: number, share: number): string {
  const channel = (i: number) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - share) + toward * share);
  return '#' + [1, 3, 5].map((i) => channel(i).toString(16).padStart(2, '0')).join('');
}

/** Inches to CSS pixels (96 per inch): what the browser lays out. */
export const PX_PER_IN = 96;
export type Width = 'single' | 'double';
export const WIDTH_IN: Record<Width, number> = { single: 3.5, double: 7 };

export interface FigureSize {
  widthIn: number;
  heightIn: number;
}

/** Heights are rounded to a quarter inch (24 CSS px), so the 300-dpi PNG and the PDF page agree to the pixel. */
export const sizeOf = (w: Width, heightIn: number): FigureSize => ({ widthIn: WIDTH_IN[w], heightIn: Math.round(heightIn * 4) / 4 });

/** The plot area's margins in CSS px (builders that place labels in them read these). */
export const MARGIN = { l: 46, r: 6, t: 8, b: 40 } as const;

/**
 * The one text size of every figure, in CSS px: 10 px is 7.5 pt at the figure's own size, and still
 * 7 pt when a single-column figure is printed at a column's width (3.37 in of its 3.5 in). Labels,
 * legends, ticks and axis titles all use it; `netbench paper` checks the result in the PDF.
 */
export const TEXT_PX = 10;

/** Layout defaults: a serif-free font readable at print size, thin axes, no title (captions live in the paper). */
export function baseLayout(size: FigureSize): Partial<Layout> {
  const plotW = size.widthIn * PX_PER_IN - MARGIN.l - MARGIN.r;
  return {
    width: Math.round(size.widthIn * PX_PER_IN),
    height: Math.round(size.heightIn * PX_PER_IN),
    font: { family: 'DejaVu Sans, Arial, sans-serif', size: TEXT_PX, color: '#000000' },
    margin: { ...MARGIN },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    // the legend starts at the figure's left edge (over the y axis's title), so that one row holds more entries
    legend: { orientation: 'h', x: -MARGIN.l / plotW, y: 1.02, yanchor: 'bottom', font: { size: TEXT_PX }, itemwidth: 30 },
    xaxis: { showline: true, linewidth: 0.75, linecolor: '#000000', ticks: 'outside', ticklen: 3 },
    yaxis: { showline: true, linewidth: 0.75, linecolor: '#000000', ticks: 'outside', ticklen: 3, gridcolor: '#dddddd', zeroline: false },
  };
}
