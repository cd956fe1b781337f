// How long work tells the user where it is: a step line for progress, a warning for what went
// wrong but did not stop it. The CLI prints both to stderr (cli/output.ts); tests collect them.
export interface Logger {
  step(message: string): void;
  warn(message: string): void;
}
