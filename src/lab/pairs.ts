// Client-server driver pairs: the paper's four, parsing from the command line, and which pairs
// can work at all across two hosts (pure).
import { NetbenchError } from '../errors.js';
import { DRIVERS, runtimeInfo, type Driver } from './runtimes.js';

export interface Pair {
  client: Driver;
  server: Driver;
}

/** The paper's pairs: (client, server), client on host A, server on host B. */
export const PAPER_PAIRS: readonly Pair[] = [
  { client: 'bridge', server: 'bridge' },
  { client: 'host', server: 'bridge' },
  { client: 'macvlan', server: 'macvlan' },
  { client: 'overlay', server: 'overlay' },
];

export const pairId = (p: Pair): string => `${p.client},${p.server}`;

/** Why a pair cannot carry traffic from host A to host B, or undefined when it can. */
export function pairProblem(p: Pair): string | undefined {
  if (p.server === 'overlay' && p.client !== 'overlay') {
    return 'a server on the overlay network is reachable only from containers on the same overlay network';
  }
  return undefined;
}

/** "bridge,bridge" (or "bridge-bridge", "bridge:bridge") into a checked Pair. */
export function parsePair(text: string): Pair {
  const parts = text
    .trim()
    .toLowerCase()
    .split(/[,:/-]/);
  const bad = (why: string) =>
    new NetbenchError(
      'bad-config',
      `bad driver pair "${text}": ${why}`,
      `Write pairs as client,server with drivers from ${DRIVERS.join(', ')}; the paper's pairs are ${PAPER_PAIRS.map(pairId).join(' ')}.`,
    );
  if (parts.length !== 2) throw bad('expected two drivers');
  const [client, server] = parts as [string, string];
  for (const d of [client, server]) if (!DRIVERS.includes(d as Driver)) throw bad(`unknown driver "${d}"`);
  const pair = { client: client as Driver, server: server as Driver };
  const problem = pairProblem(pair);
  if (problem) throw bad(problem);
  return pair;
}

/** Why `runtime` cannot use this pair by design (e.g. Kata with the host driver), or undefined. */
export function pairUnsupportedBy(runtime: string, p: Pair): string | undefined {
  const info = runtimeInfo(runtime);
  return info?.unsupportedDrivers[p.client] ?? info?.unsupportedDrivers[p.server];
}
