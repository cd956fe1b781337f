import { describe, expect, it } from 'vitest';
import { resolveCampaign } from '../../../src/config/campaign-config.js';
import { demoProtocol } from '../../../src/demo/run-demo.js';

describe('demoProtocol (what the closing screen says makes the numbers an illustration)', () => {
  it("says the demo profile's repetitions and probe lengths, from the campaign's config", () => {
    expect(demoProtocol(resolveCampaign(undefined, { profile: 'demo' }))).toBe(
      '2 repetitions of 1-second iperf3 and sockperf runs, siege for 3 s',
    );
  });
  it('names ping when the campaign ran it, and probes of different lengths apart (an older demo campaign, resumed)', () => {
    const d = resolveCampaign(undefined, { profile: 'demo' });
    const c = { ...d, ping: { ...d.ping, enabled: true }, sockperf: { ...d.sockperf, durationS: 2 }, http: { ...d.http, durationS: 5 } };
    expect(demoProtocol(c)).toBe('2 repetitions of iperf3 for 1 s and sockperf for 2 s and 5 pings, siege for 5 s');
  });
});
