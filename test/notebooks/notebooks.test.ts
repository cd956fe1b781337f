// Every notebook runs headless in Jupyter (Debian's nbconvert, the project's tslab kernel) on the
// committed data; any cell error fails the suite, and each notebook must show what it promises.
import { execa } from 'execa';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const out = tempDir('nbnb');
interface Output {
  output_type: string;
  name?: string;
  text?: string[] | string;
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Notebook {
  cells: Array<{ cell_type: string; outputs?: Output[] }>;
}

async function execute(name: string): Promise<Output[]> {
  const r = await execa(
    'jupyter',
    [
      'nbconvert',
      '--to',
      'notebook',
      '--execute',
      '--ExecutePreprocessor.timeout=600',
      '--output',
      join(out, name),
      join(ROOT, 'notebooks', name),
    ],
    { cwd: ROOT, reject: false, env: { JUPYTER_PATH: join(ROOT, '.jupyter/share/jupyter') } },
  );
  if (r.exitCode !== 0) {
    // nbconvert's CellExecutionError hides tslab's message: it is in the cell's stderr output
    const tried = await execa(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', '--allow-errors', '--stdout', join(ROOT, 'notebooks', name)],
      { cwd: ROOT, reject: false, env: { JUPYTER_PATH: join(ROOT, '.jupyter/share/jupyter') } },
    );
    const outputs = (JSON.parse(tried.stdout || '{"cells":[]}') as Notebook).cells.flatMap((c) => c.outputs ?? []);
    const errs = outputs
      .filter((o) => o.output_type === 'error' || o.name === 'stderr')
      .map((o) => `${o.ename ?? ''} ${o.evalue ?? ''} ${[o.text ?? ''].flat().join('')}`);
    throw new Error(`${name} failed in Jupyter:\n${errs.join('\n') || r.stderr.slice(-2000)}`);
  }
  return (JSON.parse(readFileSync(join(out, name), 'utf8')) as Notebook).cells.flatMap((c) => c.outputs ?? []);
}
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const html = (os: Output[]) => os.flatMap((o) => strings(o.data?.['text/html'])).join('\n');
const text = (os: Output[]) =>
  os.flatMap((o) => [...strings(o.text), ...strings(o.data?.['text/markdown']), ...strings(o.data?.['text/plain'])]).join('\n');
/**
 * The plotly figures as plotly's own MIME type (what JupyterLab, VS Code and nteract draw without
 * running scripts), each in the same output as its HTML.
 */
const plotlyFigures = (os: Output[]) =>
  os.flatMap((o) => {
    const fig = o.data?.['application/vnd.plotly.v1+json'];
    if (fig === undefined) return [];
    expect(strings(o.data?.['text/html']).join('')).toMatch(/Plotly\.newPlot\(/);
    expect(fig).toMatchObject({ data: expect.any(Array), layout: expect.any(Object) });
    return [fig as { data: Array<{ type: string }>; layout: Record<string, unknown> }];
  });

describe('notebooks run headless with the tslab kernel', () => {
  beforeAll(async () => {
    await execa(join(ROOT, 'scripts/install-kernel.sh'), { cwd: ROOT });
  });

  it('every notebook in notebooks/ is covered here', () => {
    expect(
      readdirSync(join(ROOT, 'notebooks'))
        .filter((f) => f.endsWith('.ipynb'))
        .sort(),
    ).toEqual([
      '01-explore.ipynb',
      '02-paper-figures.ipynb',
      '03-http.ipynb',
      '04-statistics.ipynb',
      '05-compare.ipynb',
      '06-history.ipynb',
    ]);
  });

  it('01-explore: the table, a pivot, cells without values, interactive plots of every repetition, danfojs', async () => {
    const os = await execute('01-explore.ipynb');
    expect(text(os)).toMatch(/2026-11-23T2034Z-nb: \w+, \d+ rows \(warm-ups left out\)/);
    const h = html(os);
    expect(h).toMatch(/<table/);
    expect(h).toMatch(/macvlan,macvlan/); // the pivot's columns are the pairs
    // a pivot cell a runtime has no value for (bare under the container pairs) shows as —, never "undefined"
    const tables = (h.match(/<table[\s\S]*?<\/table>/g) ?? []).join('');
    expect(tables).not.toMatch(/>\s*undefined\s*</);
    expect(tables).toMatch(/>—</);
    // human units and plain numbers: Gbit/s and µs, never the CSV's bit/s or e-notation
    expect(tables).toMatch(/>Gbit\/s</);
    expect(tables).toMatch(/>µs</);
    expect(tables).not.toMatch(/>bit\/s</);
    expect(tables).not.toMatch(/>-?\d(\.\d+)?e[+-]?\d+</);
    expect(h).toMatch(/unsupported/);
    expect(h.match(/Plotly\.newPlot\(/g)?.length).toBe(4);
    expect(h).toMatch(/"type":"box"/);
    expect(plotlyFigures(os).map((f) => f.data[0]?.type)).toEqual(['box', 'box', 'box', 'box']);
    expect(text(os)).toMatch(/gbit_mean/); // danfojs groupby output
  }, 600_000);

  it("02-paper-figures: the paper's Figures 3 and 4 by the builders of `netbench figures` (median, CI, repetitions), idle and stress", async () => {
    const os = await execute('02-paper-figures.ipynb');
    const h = html(os);
    expect(h.match(/Plotly\.newPlot\(/g)?.length).toBe(4);
    expect(plotlyFigures(os)).toHaveLength(4);
    expect(h).toMatch(/"error_y":\{"type":"data","symmetric":false/);
    expect(h).toMatch(/"name":"gVisor \(repetitions\)"/); // the house style's labels, points on the bars
    expect(h).toMatch(/"text":"round-trip time \(µs\)"/);
    // at screen size: the notebook's width, the print figure's text and markers enlarged
    for (const f of plotlyFigures(os)) {
      expect(f.layout).toMatchObject({ autosize: true, font: { size: 18 } });
      expect(f.layout).not.toHaveProperty('width');
    }
  }, 600_000);

  it("03-http: the blog post's table per load, every quantity per cell, the figure, comparisons and a reading", async () => {
    const os = await execute('03-http.ipynb');
    const t = text(os);
    expect(t).toMatch(/\*\*2026-11-23T1437Z-nb\*\*: \d+ rows; siege -c 512 -t 60s, 15 repetitions per cell/);
    for (const row of ['Availability', 'Transactions', 'Response', 'Rate', 'Concurrency', 'CPU \\(mean\\)', 'RAM \\(max\\)'])
      expect(t).toMatch(new RegExp(`^${row} +\\d[\\d.]* \\[[\\d.]+, [\\d.]+\\] n=\\d+ +\\d`, 'm'));
    const h = html(os);
    expect(h).toMatch(/http_transaction_rate/);
    const tables = (h.match(/<table[\s\S]*?<\/table>/g) ?? []).join('');
    for (const unit of ['transactions/s', 'ms', 'MiB']) expect(tables).toContain(`>${unit}<`);
    expect(tables).not.toMatch(/>-?\d(\.\d+)?e[+-]?\d+</);
    expect(h.match(/Plotly\.newPlot\(/g)?.length).toBe(1);
    expect(h).toMatch(/"xaxis4"/); // four panels
    expect(plotlyFigures(os)).toHaveLength(1);
    expect(t).toMatch(/\*\*gVisor serves \d+(\.\d+)? % of runc's transaction rate\*\* idle/);
    expect(t).toMatch(/Not shown: Kata/);
  }, 600_000);

  it('04-statistics: comparison tables and a reading computed from them', async () => {
    const os = await execute('04-statistics.ipynb');
    expect(html(os)).toMatch(/welch_p_holm/);
    expect(text(os)).toMatch(/\*\*runsc\*\* moves \d+–\d+ % of runc's bandwidth/);
    expect(text(os)).toMatch(/Not shown: Kata/);
  }, 600_000);

  it('05-compare: two campaigns compared, the figures with the band, a reading computed from the comparison', async () => {
    const os = await execute('05-compare.ipynb');
    const t = text(os);
    expect(t).toMatch(/\*\*B 2026-11-23T2034Z-nb against A 2026-11-23T0915Z-nb\.\*\*/);
    expect(t).toMatch(/\*\*\d+ inconclusive(, \d+ same)? of \d+ cells matched\.\*\*|\*\*\d+ (worse|better)/);
    expect(t).toMatch(/The bare host's idle bandwidth moved from \d+\.\d to \d+\.\d Gbit\/s \(B\/A \d\.\d\d, 95 % CI/);
    expect(t).toMatch(/Not shown: Kata/);
    const figs = plotlyFigures(os);
    expect(figs).toHaveLength(3);
    for (const f of figs)
      expect(f.layout).toMatchObject({ shapes: [expect.objectContaining({ type: 'rect', y0: 0.9, y1: 1.1 }), expect.anything()] });
    expect(html(os)).toMatch(/rawVerdict/);
    expect(html(os)).toMatch(/>Gbit\/s</);
    expect(html(os)).not.toMatch(/>-?\d(\.\d+)?e[+-]?\d+</);
  }, 600_000);

  it('06-history: every cell across the committed campaigns, the change points, the figures and a reading', async () => {
    const os = await execute('06-history.ipynb');
    const t = text(os);
    expect(t).toMatch(/\*\*\d+ campaigns\*\*, 2026-11-23T0915Z-nb to 2026-12-05T1854Z-nb: \d+ series, \d+ with a change point\./);
    const h = html(os);
    expect(h).toContain('kernel of host A: 6.18.44-fc-v782 -&gt; 6.18.44-fc-v1045');
    expect(plotlyFigures(os)).toHaveLength(2);
    expect(h).toMatch(/>Gbit\/s</); // the bare host's series in display units
    expect(t).toMatch(
      /\*\*bandwidth host,host idle \(bare, Gbit\/s\)\*\* changed ×0\.\d+ at 2026-12-02T1215Z-nb \(p = 0\.\d+\), where kernel of host A went from 6\.18\.44-fc-v782 to 6\.18\.44-fc-v1045/,
    );
    expect(t).toMatch(/\*\*bandwidth bridge,bridge idle \(runsc \/ runc\)\*\*: no change point over \d+ campaigns\./);
  }, 600_000);
});
