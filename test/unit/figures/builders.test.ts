import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { summariseCells } from '../../../src/analysis/cells.js';
import { loadCampaign } from '../../../src/analysis/load.js';
import { cellBars } from '../../../src/figures/builders.js';
import { campaignFigures } from '../../../src/figures/campaign-figures.js';
import { stableSvg, withDpi } from '../../../src/figures/render.js';
import { RUNTIME_STYLE, grayLevel } from '../../../src/figures/style.js';

const DIR = new URL('../../../data/raw/2026-11-23T0915Z-nb', import.meta.url).pathname;
type Trace = { type: string; name: string; x: string[]; y: Array<number | null>; marker: { color: string } };

/** A Kata cell that cannot run (host driver) next to runc: the paper drew it as 0. */
const withKata = () =>
  from(
    [
      ...[1, 2, 3].map((rep) => ({ runtime: 'runc', pair: 'host,bridge', rep, value: 9e9 + rep * 1e8, status: 'ok', reason: '' })),
      ...[1, 2, 3].map((rep) => ({ runtime: 'runc', pair: 'bridge,bridge', rep, value: 8e9 + rep * 1e8, status: 'ok', reason: '' })),
      ...[1, 2, 3].map((rep) => ({ runtime: 'kata', pair: 'bridge,bridge', rep, value: 5e9 + rep * 1e8, status: 'ok', reason: '' })),
      ...[1, 2, 3].map((rep) => ({ runtime: 'kata', pair: 'host,bridge', rep, value: null, status: 'unsupported', reason: 'Kata cannot join the host netns' })),
    ].map((r) => ({ ...r, experiment: 'bandwidth', metric: 'bandwidth', unit: 'bit/s', load: 'idle', started_at: '' })),
  );

describe('figure builders', () => {
  it('never draws an unsupported cell as 0: its bar is empty and labelled in its slot', () => {
    const t = withKata();
    const f = cellBars(summariseCells(t, { resamples: 100 }), t, { name: 'x', caption: '', metric: 'bandwidth', load: 'idle', yTitle: 'bandwidth' });
    const bars = (f.data as unknown as Trace[]).filter((d) => d.type === 'bar');
    const kata = bars.find((b) => b.name === 'Kata')!;
    expect(kata.x).toEqual(['bridge,bridge', 'host,bridge']);
    expect(kata.y[1]).toBeNull();
    expect(kata.y[0]).toBeCloseTo(5.2, 6); // Gbit/s
    const notes = f.layout.annotations!;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ x: 'host,bridge', text: 'unsupported', textangle: '-90' });
    expect(notes[0]!.xshift).toBeGreaterThan(0); // kata's slot is right of runc's
  });

  it('uses one colour per runtime in every figure of a campaign, told apart in grayscale too', async () => {
    const c = await loadCampaign(DIR);
    const figs = campaignFigures(c.table);
    expect(figs.map((f) => f.name)).toEqual(
      expect.arrayContaining(['fig3a-bandwidth-idle', 'fig3b-latency-idle', 'fig4a-bandwidth-stress', 'fig4b-latency-stress', 'degradation-bandwidth']),
    );
    for (const f of figs)
      for (const d of f.data as unknown as Trace[]) {
        const rt = Object.entries(RUNTIME_STYLE).find(([, s]) => d.name?.startsWith(s.label));
        if (rt && !d.name.endsWith('(repetitions)') && d.marker?.color !== '#ffffff') expect(d.marker.color, `${f.name} ${d.name}`).toBe(rt[1].color);
      }
    expect(new Set(Object.values(RUNTIME_STYLE).map((s) => s.color)).size).toBe(Object.keys(RUNTIME_STYLE).length);
    const grays = Object.values(RUNTIME_STYLE).map((s) => grayLevel(s.color));
    for (const [i, a] of grays.entries()) for (const b of grays.slice(i + 1)) expect(Math.abs(a - b)).toBeGreaterThanOrEqual(30);
  });

  it("makes plotly's random ids stable and marks PNGs as 300 dpi", () => {
    const svg = '<svg><defs id="defs-a1b2c3"><clipPath id="clipa1b2c3xyplot"/></defs><g clip-path="url(#clipa1b2c3xyplot)"/></svg>';
    expect(stableSvg(svg, 'fig3a-bandwidth-idle')).toBe(
      '<svg><defs id="fig3abandwidthidle-0"><clipPath id="fig3abandwidthidle-1"/></defs><g clip-path="url(#fig3abandwidthidle-1)"/></svg>',
    );
    const other = svg.replaceAll('a1b2c3', 'ffee00').replace('<svg>', `<svg><pattern id="p-123abc"/><path style="fill: url('#p-123abc')"/>`);
    expect(stableSvg(other, 'f')).toBe(
      `<svg><pattern id="f-0"/><path style="fill: url('#f-0')"/><defs id="f-1"><clipPath id="f-2"/></defs><g clip-path="url(#f-2)"/></svg>`,
    );
    // a 1x1 PNG (signature, IHDR, IDAT, IEND)
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
      'hex',
    );
    const out = withDpi(png, 300);
    const at = out.indexOf('pHYs');
    expect(at).toBeGreaterThan(0);
    expect(out.readUInt32BE(at + 4)).toBe(11811); // pixels per metre
    expect(out.indexOf('pHYs')).toBeLessThan(out.indexOf('IDAT'));
    expect(withDpi(out, 300)).toEqual(out); // replaces, does not add a second one
  });
});
