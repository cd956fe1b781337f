// The A-B link's offload settings, from `ethtool -k` of the emulated lab's veth (ethtool 6.1,
// kernel 6.18), recorded in test/fixtures/ethtool.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEthtoolFeatures } from '../../../src/machine/offloads.js';

const VETH = readFileSync(new URL('../../fixtures/ethtool/veth-k.txt', import.meta.url), 'utf8');

describe('ethtool -k', () => {
  it("keeps a veth's switchable top-level features, on or off, and leaves out their parts and the fixed ones", () => {
    const f = parseEthtoolFeatures(VETH);
    expect(f['tcp-segmentation-offload']).toBe('on');
    expect(f['generic-segmentation-offload']).toBe('on');
    // a veth without XDP does not coalesce what it receives
    expect(f['generic-receive-offload']).toBe('off');
    expect(f['tx-tcp-segmentation']).toBeUndefined(); // a part of tcp-segmentation-offload (indented)
    expect(f['large-receive-offload']).toBeUndefined(); // "off [fixed]"
    expect(f['Features for nb-vethA']).toBeUndefined();
    expect(Object.keys(f).length).toBe(VETH.split('\n').filter((l) => /^[a-z0-9_-]+: (on|off)$/.test(l)).length);
  });
  it('finds nothing in output that is not a feature list', () => {
    expect(parseEthtoolFeatures('Cannot get device feature names: No such device\n')).toEqual({});
  });
});
