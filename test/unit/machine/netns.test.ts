import { describe, expect, it } from 'vitest';
import { linksWithAddressIn } from '../../../src/machine/netns.js';

describe('leftover engine bridges', () => {
  // `ip -j addr show` on this machine after a lab engine died (trimmed to the fields read).
  const addrs = [
    { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1' }] },
    {
      ifname: 'eth0',
      addr_info: [
        { family: 'inet', local: '192.0.2.2' },
        { family: 'inet6', local: 'fe80::fc:ff:fe00:1' },
      ],
    },
    {
      ifname: 'docker_gwbridge',
      addr_info: [
        { family: 'inet', local: '10.77.4.1' },
        { family: 'inet6', local: 'fe80::42:f9ff:fe75:ded3' },
      ],
    },
    { ifname: 'vetha66f8bf' },
  ];
  it('finds the links that hold an address in the lab range, and no other', () => {
    expect(linksWithAddressIn(addrs, '10.77.0.0/16')).toEqual(['docker_gwbridge']);
    expect(linksWithAddressIn(addrs, '10.78.0.0/16')).toEqual([]);
    expect(linksWithAddressIn(addrs, '192.0.2.0/24')).toEqual(['eth0']);
  });
});
