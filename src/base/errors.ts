// Errors a user can act on: each kind carries a `hint` saying what to do next.
// The CLI prints message + hint and exits non-zero; nothing else catches these silently.

export type ErrorKind =
  | 'not-root'
  | 'missing-package'
  | 'daemon-down'
  | 'daemon-start'
  | 'missing-runtime'
  | 'bad-config'
  | 'busy'
  | 'tool-failed'
  | 'timeout'
  | 'lab-missing'
  | 'bad-data';

export class NetbenchError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string;
  constructor(kind: ErrorKind, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetbenchError';
    this.kind = kind;
    this.hint = hint;
  }
}

export const isNetbenchError = (e: unknown): e is NetbenchError => e instanceof NetbenchError;

/** One-line description of any thrown value. */
export const describeError = (e: unknown): string => (e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e));

/** What to do about a file-system error, by its code. */
const FILE_SYSTEM_HINTS: Record<string, string> = {
  ENOSPC: 'The disk is full: free some space, or choose a directory on another disk, and run it again.',
  EDQUOT: 'The disk quota is used up: free some space, or choose another directory, and run it again.',
  EROFS: 'The file system is read-only: choose a writable directory.',
  EACCES: 'Permission denied: choose a directory you may write to (or read from).',
  EPERM: 'The operation is not permitted there: choose another directory.',
  ENOTDIR: 'A part of the path is a file, not a directory: choose another path.',
  EISDIR: 'The path is a directory where a file is expected: choose a file name.',
  ENOENT: 'No such file or directory: check the path.',
  EEXIST: 'Something that is not a directory (a file, or a symbolic link to nothing) is in the way: choose another path.',
};

/**
 * A file-system error (ENOSPC, EACCES, ENOTDIR and the like) turned into an error a user can act on, naming `path`
 * when the error itself does not (a failed write does not); undefined for other errors.
 */
export function fileSystemError(e: unknown, path?: string): NetbenchError | undefined {
  if (!(e instanceof Error) || !('code' in e) || typeof e.code !== 'string') return undefined;
  const hint = FILE_SYSTEM_HINTS[e.code];
  const where = path ? `cannot write ${path}` : 'cannot use the file system here';
  return hint ? new NetbenchError('bad-config', `${where}: ${e.message}`, hint, { cause: e }) : undefined;
}
