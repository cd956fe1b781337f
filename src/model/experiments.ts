// The experiments a campaign can run and the loads on the server host: words every layer shares.

export type Experiment = 'bandwidth' | 'latency' | 'http';
export const EXPERIMENTS: readonly Experiment[] = ['bandwidth', 'latency', 'http'];
export const isExperiment = (s: string): s is Experiment => EXPERIMENTS.some((e) => e === s);
/** The paper's experiments: what `collect` runs when none is named. */
export const PAPER_EXPERIMENTS: readonly Experiment[] = ['bandwidth', 'latency'];

/** The server host's load during a run: nothing else, or stress-ng on its CPUs. */
export type Load = 'idle' | 'stress';
export const LOADS: readonly Load[] = ['idle', 'stress'];

/**
 * Which preset a campaign started from: the paper's protocol (the defaults; flags and config may
 * change it), `quick` (short runs for tests) or `demo` (short runs for `netbench demo`). Short
 * profiles illustrate; the manuscript takes them as evidence only when asked to.
 */
export type Profile = 'paper' | 'quick' | 'demo';
export const PROFILES: readonly Profile[] = ['paper', 'quick', 'demo'];
