// Docker network drivers and client-server driver pairs: the paper's four, the bare-host
// baseline's, one text form (`client,server`) with its parser, and which pairs can carry traffic
// from host A to host B at all. Pure.
import { z } from 'zod';
import { NetbenchError } from '../base/errors.js';
import { parsesWith } from '../base/refine.js';

export type Driver = 'bridge' | 'host' | 'macvlan' | 'overlay';
export const DRIVERS: readonly Driver[] = ['bridge', 'host', 'macvlan', 'overlay'];
export const isDriver = (s: string): s is Driver => DRIVERS.some((d) => d === s);

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

/** The bare-host baseline's pair: host network on both sides (no veth, bridge, NAT or overlay). */
export const BASELINE_PAIR: Pair = { client: 'host', server: 'host' };

/** The one text form of a pair, `client,server`: in configs, keys, the CSV's pair column and tables. */
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
  const [client, server, ...rest] = parts;
  if (client === undefined || server === undefined || rest.length) throw bad('expected two drivers');
  const driver = (d: string): Driver => {
    if (isDriver(d)) return d;
    throw bad(`unknown driver "${d}"`);
  };
  const pair = { client: driver(client), server: driver(server) };
  const problem = pairProblem(pair);
  if (problem) throw bad(problem);
  return pair;
}

/** The order pairs are shown in: the paper's, then the baseline's, then any other by name. */
const PAIR_ORDER = [...PAPER_PAIRS, BASELINE_PAIR].map(pairId);
const pairRank = (p: string) => (PAIR_ORDER.includes(p) ? PAIR_ORDER.indexOf(p) : PAIR_ORDER.length);
export const byPair = (a: string, b: string): number => pairRank(a) - pairRank(b) || a.localeCompare(b);

/** A pair as config text (`client,server`), checked by parsePair. */
export const PAIR_TEXT = z
  .string()
  .refine(parsesWith(parsePair), 'must be a driver pair client,server such as bridge,bridge (the overlay server needs an overlay client)');
