// The manuscript's threats to validity in numbers, from the committed campaigns, checked against the
// same numbers worked out here from the raw CSV and the manifests (not through the analysis code).
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '../../../src/dataset/load.js';
import { threatsTex } from '../../../src/paper/threats.js';

const RAW = new URL('../../../data/raw/', import.meta.url).pathname;
const MAIN = '2026-11-23T2034Z-nb';
const COST = '2026-12-05T1838Z-nb'; // December, another kernel build, runc beside the gVisor configurations

interface Row {
  metric: string;
  runtime: string;
  client_driver: string;
  server_driver: string;
  load: string;
  warmup: string;
  status: string;
  value: string;
  started_at: string;
  warnings: string;
}
const rowsOf = (id: string) =>
  Papa.parse<Row>(readFileSync(`${RAW}${id}/measurements.csv`, 'utf8'), { header: true, skipEmptyLines: true }).data;
const headline = (id: string) =>
  rowsOf(id).filter(
    (r) =>
      r.metric === 'bandwidth' &&
      r.runtime === 'runc' &&
      r.client_driver === 'bridge' &&
      r.server_driver === 'bridge' &&
      r.load === 'idle' &&
      r.warmup === 'false' &&
      r.status === 'ok',
  );
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sentence = (text: string, key: string) => new RegExp(`\\\\nbset\\{fact\\}\\{${key}\\}\\{(.*)\\}\\n`).exec(text)?.[1] ?? '';
const manifestOf = (id: string) =>
  JSON.parse(readFileSync(`${RAW}${id}/manifest.json`, 'utf8')) as {
    hosts: { A: { kernel: string } };
    sessions: Array<{ startedAt: string; endedAt: string }>;
  };

describe("the manuscript's threats to validity", async () => {
  const main = await loadCampaign(`${RAW}${MAIN}`);
  const cost = await loadCampaign(`${RAW}${COST}`);
  const text = threatsTex(main, [cost]);

  it("gives the spread of runc's headline cell between the main campaign's sessions", () => {
    const m = manifestOf(MAIN);
    const perSession = m.sessions
      .map((s) => headline(MAIN).filter((r) => r.started_at >= s.startedAt && r.started_at <= s.endedAt))
      .filter((rs) => rs.length >= 3)
      .map((rs) => median(rs.map((r) => Number(r.value) / 1e9)));
    expect(perSession.length).toBeGreaterThanOrEqual(2);
    const [lo, hi] = [Math.min(...perSession), Math.max(...perSession)];
    expect(sentence(text, 'threatSessions')).toBe(
      `Campaign ${MAIN} ran in ${m.sessions.length} sessions; the median of runc's idle bridge,bridge bandwidth was ` +
        `${Number(lo.toPrecision(3))} Gbit/s in one and ${Number(hi.toPrecision(3))} Gbit/s in another, a factor of ${Number((hi / lo).toPrecision(2))}.`,
    );
  });

  it("names every kernel build and runc's headline median on each", () => {
    const [k1, k2] = [manifestOf(MAIN).hosts.A.kernel, manifestOf(COST).hosts.A.kernel];
    expect(k1).not.toBe(k2);
    const [a, b] = [median(headline(MAIN).map((r) => Number(r.value) / 1e9)), median(headline(COST).map((r) => Number(r.value) / 1e9))];
    const s = sentence(text, 'threatKernels');
    expect(s).toContain(`The 2 campaigns ran on 2 kernel builds (${k1} and ${k2}).`);
    expect(s).toContain(
      `was ${Number(a.toPrecision(3))} Gbit/s on ${k1} (1 campaign) and ${Number(b.toPrecision(3))} Gbit/s on ${k2} (1 campaign): `,
    );
  });

  it('counts the stalled bandwidth runs of the main campaign', () => {
    const runs = rowsOf(MAIN).filter((r) => r.metric === 'bandwidth' && r.status === 'ok' && r.warmup === 'false');
    const stalled = runs.filter((r) => /(^| \| )stalled: /.test(r.warnings)).length;
    expect(sentence(text, 'threatStalls')).toMatch(
      stalled ? new RegExp(`^${stalled} of the ${runs.length} bandwidth runs of ${MAIN} stalled`) : /^None of the/,
    );
  });

  it('says what it cannot measure instead of a number: one session, one kernel build', () => {
    const oneSession = threatsTex(cost, []);
    expect(sentence(oneSession, 'threatSessions')).toMatch(/in one session, so how far they move between sessions is not measured here/);
    expect(sentence(oneSession, 'threatKernels')).toBe(`All of its runs ran on one kernel build (${manifestOf(COST).hosts.A.kernel}).`);
  });
});
