// The two hosts of an experiment: A runs the clients, B the servers (and the load).

export type HostId = 'A' | 'B';
export const HOST_IDS: readonly HostId[] = ['A', 'B'];
