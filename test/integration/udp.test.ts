// The optional iperf3 UDP probe (--udp) on a real lab: rate, jitter and loss next to the TCP
// bandwidth. (The HTTP experiment is tested on the demo's campaign: test/integration/demo.test.ts.)

import { beforeAll, describe, expect, it } from 'vitest';
import { cli, onlyDir, requireRoot, rowsOf } from './helpers.js';
import { tempDir } from '../temp-dir.js';

describe.sequential('iperf3 UDP on the lab', () => {
  beforeAll(async () => {
    requireRoot();
    const up = await cli(['-q', 'lab', 'up']);
    expect(up.exitCode, up.stderr).toBe(0);
  });

  it('measures UDP rate, jitter and loss with --udp, next to the TCP bandwidth', async () => {
    const out = tempDir('nbudp');
    const r = await cli([
      'collect',
      '--quick',
      '--experiments',
      'bandwidth',
      '--runtimes',
      'runc',
      '--pairs',
      'bridge,bridge;macvlan,macvlan',
      '--loads',
      'idle',
      '--no-baseline',
      '--reps',
      '1',
      '--warmup',
      '0',
      '--udp',
      '2e8',
      '--out',
      out,
    ]);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
    const rows = rowsOf(onlyDir(out).dir);
    for (const c of ['bridge', 'macvlan']) {
      const at = (m: string) => rows.filter((x) => x.client_driver === c && x.metric === m && x.warmup === 'false');
      expect(at('bandwidth')[0]?.status).toBe('ok');
      for (const m of ['udp_bandwidth', 'udp_jitter', 'udp_loss', 'udp_packets']) expect(at(m)[0]?.status, `${c} ${m}`).toBe('ok');
      const udp = Number(at('udp_bandwidth')[0]!.value);
      // a 200 Mbit/s target on a path of several Gbit/s is received at about that rate
      expect(udp).toBeGreaterThan(1e8);
      expect(udp).toBeLessThan(2.2e8);
      expect(Number(at('udp_packets')[0]!.value)).toBeGreaterThan(1000);
      expect(Number(at('udp_loss')[0]!.value)).toBeGreaterThanOrEqual(0);
      expect(Number(at('udp_loss')[0]!.value)).toBeLessThan(50);
    }
  });
});
