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
