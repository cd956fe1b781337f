// The lab link's shaping: rates as tc writes them, the bucket a veth's offload packets need, the
// tc command, and tc's own JSON read back (recorded from `tc -j qdisc show` on this machine).
import { describe, expect, it } from 'vitest';
import { burstBytes, shapedBits, tbfArgs } from '../../../src/machine/link-shaping.js';
import { rateBits } from '../../../src/model/link-rate.js';
import { checkSameLink } from '../../../src/campaign/runner.js';
import { linkText } from '../../../src/cli/lab.js';
import { defaultLabConfig } from '../../../src/lab/lab-config.js';
import type { Manifest } from '../../../src/dataset/manifest.js';

// iproute2 6.1 on Debian bookworm: a veth shaped with `tbf rate 400mbit burst 500000 latency 50ms`, then unshaped
const SHAPED = '[{"kind":"tbf","handle":"8001:","root":true,"refcnt":3,"options":{"rate":50000000,"burst":500000,"lat":50000}}]';
const UNSHAPED = '[]';

describe('the lab link at a set rate', () => {
  it('reads rates as tc writes them, and nothing else', () => {
    expect([rateBits('1gbit'), rateBits('400mbit'), rateBits('64kbit')]).toEqual([1e9, 4e8, 64e3]);
    for (const bad of ['1gigabit', '0mbit', '1.5gbit', 'gbit', '1 gbit', '1Gbit', '']) expect(rateBits(bad)).toBeUndefined();
  });
  it('gives the bucket 10 ms at the rate, never under 256 KiB (a 64-KiB offload packet fits)', () => {
    expect(burstBytes(1e9)).toBe(1_250_000);
    expect(burstBytes(1e8)).toBe(256 * 1024);
    expect(tbfArgs('nb-vethA', '1gbit')).toEqual([
      'qdisc',
      'replace',
      'dev',
      'nb-vethA',
      'root',
      'tbf',
      'rate',
      '1gbit',
      'burst',
      '1250000',
      'latency',
      '50ms',
    ]);
    expect(() => tbfArgs('nb-vethA', 'fast')).toThrow(/link rate "fast" is not a rate/);
  });
  it("reads the root tbf's rate back from tc's JSON (bytes per second there)", () => {
    expect(shapedBits(SHAPED)).toBe(4e8);
    expect(shapedBits(UNSHAPED)).toBeUndefined();
    expect(shapedBits('[{"kind":"noqueue","root":true,"refcnt":2,"options":{}}]')).toBeUndefined();
    expect(linkText({ A: 4e8, B: 4e8 })).toBe('400 Mbit/s each way (tc tbf)');
    expect(linkText({ A: 1e9, B: null })).toBe('A->B 1 Gbit/s, B->A unshaped (tc tbf)');
    expect(linkText({ A: null, B: null })).toBe('unshaped (as fast as the CPUs go)');
  });
  it('resumes a campaign only over a link of the rate it began with', () => {
    const m = (linkRate?: string) =>
      ({ campaignId: 'c1', lab: { mode: 'emulated', name: 'nb', ...(linkRate ? { linkRate } : {}) } }) as Manifest;
    const lab = (linkRate?: string) => ({ ...defaultLabConfig(), ...(linkRate ? { linkRate } : {}) });
    expect(() => checkSameLink(m('1gbit'), lab('1gbit'))).not.toThrow();
    expect(() => checkSameLink(m(), lab())).not.toThrow();
    expect(() => checkSameLink(m('1gbit'), lab())).toThrow(
      /campaign c1 ran over a link shaped to 1gbit, and this run would use an unshaped one/,
    );
    expect(() => checkSameLink(m(), lab('500mbit'))).toThrow(/ran over an unshaped link, and this run would use one shaped to 500mbit/);
  });
});
