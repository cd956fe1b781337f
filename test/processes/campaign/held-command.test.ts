// The held client's command, run by the bash it is written for: it reads the server's address from
// stdin, puts it wherever the client's argv has TARGET, and runs nothing without it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TARGET, heldCommand } from '../../../src/campaign/probe-run.js';
import { siegeProbe, HTTP_DEFAULTS } from '../../../src/probes/siege.js';

const run = (argv: string[], stdin: string) => {
  const [cmd, ...args] = heldCommand(argv);
  const r = spawnSync(cmd!, args, { input: stdin, encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stdout: r.stdout };
};

describe('heldCommand', () => {
  it("puts the address read from stdin into every argument that names TARGET, and execs the client's argv", () => {
    const argv = ['printf', '%s|', ...siegeProbe.client(TARGET, HTTP_DEFAULTS), `-i${TARGET},${TARGET}`, 'plain arg'];
    expect(run(argv, '10.77.0.2\n')).toEqual({
      status: 0,
      stdout: 'siege|-c|512|-t|60S|http://10.77.0.2:8080/|-i10.77.0.2,10.77.0.2|plain arg|',
    });
  });
  it('keeps its exit status: the one of the client it runs', () => {
    expect(run(['bash', '-c', 'exit 3'], '10.77.0.2\n').status).toBe(3);
  });
  it('runs nothing and exits 97 when stdin closes without a line', () => {
    expect(run(['printf', 'ran'], '')).toEqual({ status: 97, stdout: '' });
  });
});
