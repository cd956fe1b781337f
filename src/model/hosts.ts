// The two hosts of an experiment: A runs the clients, B the servers (and the load).

export type HostId = 'A' | 'B';
export const HOST_IDS: readonly HostId[] = ['A', 'B'];

/** The two ends of a pair, and the host each runs on. */
export type End = 'client' | 'server';
export const HOST_OF: Readonly<Record<End, HostId>> = { client: 'A', server: 'B' };
export const ENDS: readonly End[] = ['client', 'server'];
