// The config file (JSON or YAML): read, parsed and its lab section validated (lab/lab-config.ts);
// the campaign section is returned raw for its own schema (campaign-config.ts). docs/config.md.
import { isRecord } from '../base/records.js';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { NetbenchError, describeError } from '../base/errors.js';
import { LabConfigSchema, defaultLabConfig, type LabConfig } from '../lab/lab-config.js';

export const ConfigFileSchema = z.object({ lab: LabConfigSchema.default(defaultLabConfig()) }).passthrough();

/** Validate a parsed config object; errors name the file and the field. */
export function parseLabConfig(raw: unknown, source: string): LabConfig {
  const r = ConfigFileSchema.safeParse(raw ?? {});
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new NetbenchError(
      'bad-config',
      `${source} is not a valid netbench config:\n${lines.join('\n')}`,
      'Fix the fields named above; docs/config.md documents every field.',
    );
  }
  return r.data.lab;
}

export async function loadLabConfig(path: string | undefined): Promise<LabConfig> {
  return (await loadConfig(path)).lab;
}

/** The whole config file: the validated lab section and the raw campaign section (validated by its own schema). */
export async function loadConfig(path: string | undefined): Promise<{ lab: LabConfig; campaign: unknown }> {
  if (!path) return { lab: defaultLabConfig(), campaign: undefined };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new NetbenchError('bad-config', `cannot read config ${path}: ${describeError(e)}`, 'Pass an existing file to --config.');
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new NetbenchError(
      'bad-config',
      `${path} does not parse: ${describeError(e)}`,
      'Fix the syntax (JSON, or YAML for .yaml/.yml files).',
    );
  }
  return { lab: parseLabConfig(raw, path), campaign: isRecord(raw) ? raw.campaign : undefined };
}
