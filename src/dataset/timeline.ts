// A campaign's timeline.jsonl: one line per probe run attempt, to see where a campaign's wall time
// goes and, on resume, which cells failed how (the retry history). Which tasks are done is never
// read from it: the rows in measurements.csv are.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fileSystemError } from '../base/errors.js';

/**
 * The phases of one probe run, in order but for `client_start`: the client's container starts
 * beside the server's and overlaps the phases up to `client`, which runs from the client's release
 * to its end; `after` runs from there (or a failure) until the server is removed.
 */
export const PHASES = ['server_start', 'client_start', 'server_ready', 'settle', 'stress', 'client', 'after'] as const;
export type Phase = (typeof PHASES)[number];
/** Seconds each phase of one probe run took, filled in as it goes: a failed run shows how far it got. */
export type RunPhases = Partial<Record<Phase, number>>;

/** What history needs of one attempt as timeline.jsonl records it (TimelineEntry). */
export interface AttemptRecord {
  task: string;
  probe: string;
  attempt: number;
  ok: boolean;
  error?: string;
}

export const TIMELINE = 'timeline.jsonl';

/**
 * One probe run attempt as timeline.jsonl records it, to see where a campaign's wall time goes:
 * the task (model/keys.ts taskKey), probe and attempt number, whether it gave values, its error if not,
 * when it began (ISO), its seconds in all, and its seconds per phase (PHASES) up to where
 * it got.
 */
export type TimelineEntry = {
  task: string;
  probe: string;
  attempt: number;
  ok: boolean;
  error?: string;
  /** The campaign was interrupted (Ctrl-C, SIGTERM) during this attempt; the task runs again on resume. */
  interrupted?: true;
  at: string;
  total_s: number;
} & RunPhases;

/**
 * Append one attempt to the campaign's timeline.jsonl. Which tasks are done is never read from it
 * (the rows are); a resume reads it only for the retry history of failing cells.
 */
export async function appendTimeline(dir: string, e: TimelineEntry): Promise<void> {
  const file = join(dir, TIMELINE);
  await appendFile(file, JSON.stringify(e) + '\n').catch((x: unknown) => {
    throw fileSystemError(x, file) ?? x; // a full disk stops the campaign; it is not a failed run
  });
}

/** What a resume reads of a timeline entry: the attempt and its outcome. */
const AttemptLine = z.object({ task: z.string(), probe: z.string(), attempt: z.number(), ok: z.boolean(), error: z.string().optional() });

/**
 * The attempts of the campaign's timeline in order; none without the file. A line that is not an
 * attempt (torn by a kill) is left out: the timeline is history for retries, not data.
 */
export async function readTimeline(dir: string): Promise<AttemptRecord[]> {
  const text = await readFile(join(dir, TIMELINE), 'utf8').catch(() => '');
  return text.split('\n').flatMap((l) => {
    try {
      const r = AttemptLine.safeParse(JSON.parse(l));
      return r.success ? [r.data] : [];
    } catch {
      return [];
    }
  });
}
