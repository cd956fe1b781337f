import { describe, expect, it } from 'vitest';
import { formatLoad, parseLoadavg } from '../../../src/host/host-load.js';

describe('host load', () => {
  it('reads /proc/loadavg', () => {
    expect(parseLoadavg('1.73 0.92 0.41 3/412 12345\n')).toEqual([1.73, 0.92, 0.41]);
    expect(formatLoad([1.734, 0, 10])).toBe('1.73 0.00 10.00');
    expect(formatLoad(undefined)).toBe('unknown');
    expect(() => parseLoadavg('garbage')).toThrow(/not a \/proc\/loadavg line/);
  });
});
