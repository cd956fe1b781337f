// The registry is the one list of probes: the campaign config's sections, the quick profile and the
// bound probes of a campaign all follow from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveCampaign } from '../../../src/config/campaign-config.js';
import { ALL_PROBES, PROBES, PROBE_KEYS, probesFor } from '../../../src/probes/registry.js';

const manifestConfig = (id: string): unknown =>
  (JSON.parse(readFileSync(new URL(`../../../data/raw/${id}/manifest.json`, import.meta.url), 'utf8')) as { config: unknown }).config;

describe('probe registry', () => {
  it("composes the campaign config's defaults from the probes' own settings, exactly as the default campaign recorded them", () => {
    const c = resolveCampaign(undefined, {});
    for (const k of PROBE_KEYS) expect(c[k]).toEqual(PROBES[k].settings.parse(undefined));
    // key order included: the manifest is written from this object
    expect(JSON.stringify({ ...c, runtimes: undefined })).toBe(JSON.stringify(manifestConfig('2026-11-23T2034Z-nb')));
  });
  it("applies every probe's quick settings with --quick, and a config file's values under them", () => {
    const q = resolveCampaign({ ping: { count: 7 } }, { quick: true });
    for (const k of PROBE_KEYS) expect(q[k]).toMatchObject(PROBES[k].quick);
    expect(q.ping.count).toBe(PROBES.ping.quick.count);
    expect(resolveCampaign({ ping: { count: 7 } }, {}).ping.count).toBe(7);
    expect([q.reps, q.warmup]).toEqual([2, 1]);
  });
  it('takes --reps and --warmup over the quick profile, and checks them', () => {
    expect(resolveCampaign(undefined, { quick: true, reps: 1, warmup: 0 })).toMatchObject({ reps: 1, warmup: 0 });
    expect(() => resolveCampaign(undefined, { warmup: 9 })).toThrow(/campaign\.warmup: /);
  });
  it('names a campaign section or probe section that is not a mapping instead of dropping it', () => {
    expect(() => resolveCampaign('fast', {})).toThrow(/the campaign section is not a mapping \("fast"\)/);
    expect(() => resolveCampaign({ iperf3: 5 }, { duration: 3 })).toThrow(/campaign\.iperf3: /);
  });
  it('binds the probes the settings turn on, in the registry order', () => {
    expect(probesFor(resolveCampaign(undefined, {})).map((p) => p.name)).toEqual(['iperf3', 'ping', 'sockperf', 'siege']);
    const udp = resolveCampaign(undefined, { udp: 5e8 });
    const bound = probesFor(udp);
    expect(bound.map((p) => p.name)).toEqual(['iperf3', 'iperf3-udp', 'ping', 'sockperf', 'siege']);
    expect(bound[1]!.client('10.77.0.2')).toContain('500000000');
  });
  it('names a tool and its version command for every probe', () => {
    for (const p of ALL_PROBES) expect(p.tool.version.startsWith(`${p.tool.name} `)).toBe(true);
  });
});
