// The manifest's tool versions come from one bash script with a section per command: run here by
// real bash, then split again.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sectionsScript, splitSections } from '../../../src/campaign/tool-versions.js';

const bash = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 10_000 }).stdout;

describe('tool version sections', () => {
  it('gives each command its own stdout, whatever the others print or exit with, and keeps no stderr', () => {
    const script = sectionsScript(
      new Map([
        ['iperf3', 'echo "iperf 3.12 (cJSON 1.7.15)"; echo "Linux host 6.1" '],
        ['broken', 'echo oops >&2; exit 3'],
        ['two lines', 'printf "first\\nsecond\\n"'],
        ['stress-ng', 'echo "stress-ng, version 0.15.06"'],
      ]),
    );
    expect(splitSections(bash(script))).toEqual(
      new Map([
        ['iperf3', 'iperf 3.12 (cJSON 1.7.15)\nLinux host 6.1'],
        ['broken', ''],
        ['two lines', 'first\nsecond'],
        ['stress-ng', 'stress-ng, version 0.15.06'],
      ]),
    );
  });

  it('leaves out a section whose marker never came (the script stopped before it)', () => {
    const script = sectionsScript(
      new Map([
        ['a', 'echo 1'],
        ['b', 'kill -9 $$'],
        ['c', 'echo 3'],
      ]),
    );
    const got = splitSections(bash(script));
    expect(got.get('a')).toBe('1');
    expect(got.get('b')).toBe('');
    expect(got.has('c')).toBe(false);
  });
});
