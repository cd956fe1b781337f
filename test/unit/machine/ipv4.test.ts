import { describe, expect, it } from 'vitest';
import { contains, hostAddress, ipToInt, intToIp, overlaps, parseCidr, subnet } from '../../../src/machine/ipv4.js';

describe('ipv4', () => {
  it('round-trips addresses', () => {
    expect(intToIp(ipToInt('10.77.0.1'))).toBe('10.77.0.1');
    expect(ipToInt('0.0.1.0')).toBe(256);
  });
  it('rejects malformed addresses and host bits in a network', () => {
    expect(() => ipToInt('10.77.0')).toThrow(/not an IPv4/);
    expect(() => ipToInt('10.77.0.256')).toThrow(/not an IPv4/);
    expect(() => parseCidr('10.77.0.1/24')).toThrow(/host bits/);
  });
  it('carves subnets out of a /16', () => {
    expect(subnet('10.77.0.0/16', 24, 0)).toBe('10.77.0.0/24');
    expect(subnet('10.77.0.0/16', 24, 17)).toBe('10.77.17.0/24');
    expect(subnet('10.77.0.0/16', 20, 3)).toBe('10.77.48.0/20');
    expect(subnet('10.77.0.0/24', 27, 3)).toBe('10.77.0.96/27');
    expect(() => subnet('10.77.0.0/24', 25, 2)).toThrow(/outside/);
  });
  it('answers containment and overlap', () => {
    expect(hostAddress('10.77.0.0/24', 2)).toBe('10.77.0.2');
    expect(contains('10.77.0.0/16', '10.77.8.0/24')).toBe(true);
    expect(contains('10.77.0.0/16', '10.78.0.1')).toBe(false);
    expect(overlaps('10.0.0.0/8', '10.77.0.0/16')).toBe(true);
    expect(overlaps('10.76.0.0/16', '10.77.0.0/16')).toBe(false);
  });
});
