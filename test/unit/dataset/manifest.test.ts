// The manifest's one schema: what collect wrote reads back typed, and written again it keeps its layout.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataDate, parseManifest } from '../../../src/dataset/manifest.js';

const raw = (id: string): unknown => JSON.parse(readFileSync(new URL(`../../../data/raw/${id}/manifest.json`, import.meta.url), 'utf8'));

describe('manifest schema', () => {
  it('reads the committed campaigns back unchanged, key order included', () => {
    for (const id of ['2026-11-23T2034Z-nb', '2026-11-23T1437Z-nb']) {
      const m = parseManifest(raw(id), id);
      expect(JSON.stringify(m, null, 2)).toBe(JSON.stringify(raw(id), null, 2));
      expect(m.sessions.at(-1)?.status).toBe('complete');
    }
  });
  it("gives an older campaign's config the fields added since, with their defaults, and nothing else changes", () => {
    const old = raw('2026-11-23T0915Z-nb') as { config: Record<string, unknown> };
    const m = parseManifest(old, 'old');
    expect(Object.keys(m.config).filter((k) => !(k in old.config))).toEqual(['iperf3Udp', 'http']);
    expect(m.config.iperf3Udp.enabled).toBe(false);
    expect(JSON.stringify({ ...m, config: old.config })).toBe(JSON.stringify(old));
  });
  it('names the file and the field when a manifest is not one', () => {
    const broken = { ...(raw('2026-11-23T2034Z-nb') as object), seed: 'x' };
    expect(() => parseManifest(broken, 'data/raw/x/manifest.json')).toThrow(
      /data\/raw\/x\/manifest\.json: not a netbench campaign manifest \(seed: /,
    );
    expect(() => parseManifest([], 'm.json')).toThrow(/m\.json: not a netbench campaign manifest/);
  });
});

describe('dataDate', () => {
  it("is the latest time the campaigns' data was added to: a campaign's end, or an open session's start", () => {
    const a = parseManifest(raw('2026-11-23T2034Z-nb'), 'a');
    const b = parseManifest(raw('2026-11-23T1437Z-nb'), 'b');
    const lastEnd = (m: typeof a) => Date.parse(m.endedAt!);
    expect(dataDate([a]).getTime()).toBe(lastEnd(a));
    expect(dataDate([a, b]).getTime()).toBe(Math.max(lastEnd(a), lastEnd(b)));
    expect(dataDate([b, a])).toEqual(dataDate([a, b]));
    // a session still running (no end yet) counts by its start
    const later = new Date(lastEnd(a) + 3_600_000).toISOString();
    const open = { ...a, endedAt: undefined, sessions: [...a.sessions, { ...a.sessions[0]!, startedAt: later, endedAt: undefined }] };
    expect(dataDate([open]).toISOString()).toBe(later);
  });
});
