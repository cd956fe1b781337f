// The global options every command takes (config file, lab name and range, --json, --quiet) and the
// lab and campaign settings they give, with the command line's overrides applied.
import type { Command } from 'commander';
import { NetbenchError } from '../base/errors.js';
import { loadConfig, parseLabConfig } from '../config/config-file.js';
import type { LabConfig } from '../lab/lab-config.js';

export interface GlobalOptions {
  config?: string;
  labName?: string;
  labCidr?: string;
  linkRate?: string;
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
  if (!g.labName && !g.labCidr && g.linkRate === undefined) return c;
  for (const [flag, given] of [
    ['--lab-cidr', g.labCidr],
    ['--link-rate', g.linkRate],
  ] as const) {
    if (c.mode !== 'emulated' && given !== undefined) {
      throw new NetbenchError('bad-config', `${flag} applies to the emulated lab only`, 'Remove it, or drop the remote config.');
    }
  }
  // --link-rate off: the link unshaped, whatever the config file says
  const rate = g.linkRate === undefined ? {} : g.linkRate === 'off' ? { linkRate: undefined } : { linkRate: g.linkRate };
  return parseLabConfig(
    { lab: { ...c, ...(g.labName ? { name: g.labName } : {}), ...(g.labCidr ? { labCidr: g.labCidr } : {}), ...rate } },
    'the command line',
  );
}
