// What the report shows of a campaign's directory beyond its table and manifest: its NOTES.md
// (what ran beside it, why sessions were interrupted) and the checksums of its data files, so
// that a reader can tell the report describes the files they hold.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exists } from '../base/fsx.js';
import { MANIFEST, MEASUREMENTS } from '../dataset/campaign-dir.js';
import type { Campaign } from '../dataset/load.js';
import { toolkitCommit, toolkitGit } from '../base/toolkit.js';

export const NOTES = 'NOTES.md';

export interface CampaignFiles {
  /** NOTES.md as written, absent when the campaign has none. */
  notes?: string;
  /** sha256 (hex) of measurements.csv and manifest.json. */
  sha256: { measurements: string; manifest: string };
}

const sha256Of = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

export async function campaignFiles(c: Pick<Campaign, 'dir'>): Promise<CampaignFiles> {
  const notesFile = join(c.dir, NOTES);
  const notes = (await exists(notesFile)) ? await readFile(notesFile, 'utf8') : undefined;
  return {
    ...(notes !== undefined ? { notes } : {}),
    sha256: { measurements: await sha256Of(join(c.dir, MEASUREMENTS)), manifest: await sha256Of(join(c.dir, MANIFEST)) },
  };
}

/** Every campaign's files, by id. */
export async function filesOf(campaigns: ReadonlyArray<Pick<Campaign, 'id' | 'dir'>>): Promise<Map<string, CampaignFiles>> {
  return new Map(await Promise.all(campaigns.map(async (c) => [c.id, await campaignFiles(c)] as const)));
}

/** When a report is made, and by which toolkit commit (with a note of uncommitted changes). */
export function madeNow(): { at: string; commit: string } {
  const commit = toolkitCommit();
  const dirty = commit !== '' && toolkitGit(['status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    at: new Date().toISOString(),
    commit: commit
      ? `${commit.slice(0, 12)}${dirty ? ' (with uncommitted changes)' : ''}`
      : 'not recorded (the toolkit is not a git clone)',
  };
}
