// The global options every command takes (config file, lab name and range, --json, --quiet) and the
// lab and campaign settings they give, with the command line's overrides applied.
import type { Command } from 'commander';
import { NetbenchError } from '../errors.js';
import { loadConfig, parseLabConfig } from '../config/config-file.js';
import type { LabConfig } from '../lab/lab-config.js';

export interface GlobalOptions {
  config?: string;
  labName?: string;
  labCidr?: string;
  json?: boolean;
  quiet?: boolean;
}

export async function labConfigFrom(cmd: Command): Promise<LabConfig> {
  return (await configFrom(cmd)).lab;
}

export async function configFrom(cmd: Command): Promise<{ lab: LabConfig; campaign: unknown }> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const { lab, campaign } = await loadConfig(g.config);
  return { lab: overrideLab(lab, g), campaign };
}

function overrideLab(c: LabConfig, g: GlobalOptions): LabConfig {
  if (!g.labName && !g.labCidr) return c;
  if (c.mode !== 'emulated' && g.labCidr) {
    throw new NetbenchError('bad-config', '--lab-cidr applies to the emulated lab only', 'Remove it, or drop the remote config.');
  }
  return parseLabConfig(
    { lab: { ...c, ...(g.labName ? { name: g.labName } : {}), ...(g.labCidr ? { labCidr: g.labCidr } : {}) } },
    'the command line',
  );
}
