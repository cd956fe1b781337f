import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineInfoSchema, checked } from '../../../src/engine/replies.js';

const info: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../fixtures/docker/info.json', import.meta.url), 'utf8'));

describe('Docker engine replies', () => {
  it("reads a real engine's GET /info", async () => {
    const i = await checked(EngineInfoSchema, 'GET /info', Promise.resolve(info));
    expect(i.ServerVersion).toMatch(/^20\.10\./);
    expect(i.NCPU).toBeGreaterThan(0);
    expect(Object.keys(i.Runtimes ?? {})).toContain('runc');
    expect(i.Swarm?.LocalNodeState).toBeTypeOf('string');
  });
  it('names the call and the field when a reply lacks what the toolkit reads', async () => {
    const without = { ...info };
    delete without.NCPU;
    await expect(checked(EngineInfoSchema, 'GET /info', Promise.resolve(without))).rejects.toThrow(
      /reply to GET \/info is not as expected: NCPU: /,
    );
  });
});
