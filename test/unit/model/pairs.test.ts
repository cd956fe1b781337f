import { describe, expect, it } from 'vitest';
import { PAPER_PAIRS, pairId, pairProblem, parsePair } from '../../../src/model/pairs.js';

describe('driver pairs', () => {
  it("has the paper's four pairs, client first", () => {
    expect(PAPER_PAIRS.map(pairId)).toEqual(['bridge,bridge', 'host,bridge', 'macvlan,macvlan', 'overlay,overlay']);
    for (const p of PAPER_PAIRS) expect(pairProblem(p)).toBeUndefined();
  });
  it('parses the separators people type', () => {
    expect(parsePair('host,bridge')).toEqual({ client: 'host', server: 'bridge' });
    expect(parsePair(' Macvlan-macvlan ')).toEqual({ client: 'macvlan', server: 'macvlan' });
    expect(parsePair('bridge:host')).toEqual({ client: 'bridge', server: 'host' });
  });
  it('refuses unknown drivers and impossible pairs with a fix', () => {
    expect(() => parsePair('bridge,ipvlan')).toThrow(/unknown driver "ipvlan"/);
    expect(() => parsePair('bridge')).toThrow(/expected two drivers/);
    expect(() => parsePair('bridge,overlay')).toThrow(/same overlay network/);
  });
});
