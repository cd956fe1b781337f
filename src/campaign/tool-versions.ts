// The manifest's tool versions (and the CPU model) from one container: each version command runs in
// its own section of one bash script, and the sections are split again by their markers. One
// container instead of one per tool (each about 0.6 s to start here). Pure.

/** Starts each section's line of output; the section's name follows it. */
const MARK = '@@netbench-section ';

/** One bash script that runs every command (name -> shell command) under its marker, in order. */
export function sectionsScript(commands: ReadonlyMap<string, string>): string {
  return [...commands].map(([name, cmd]) => `echo '${MARK}${name}'; ( ${cmd} ) 2>/dev/null`).join('; ');
}

/**
 * The output of sectionsScript, back into each name's text (trimmed). A name whose marker is
 * missing (the script stopped before it) is left out, so the caller says it is unknown.
 */
export function splitSections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name !== undefined) out.set(name, lines.join('\n').trim());
  };
  for (const line of stdout.split('\n')) {
    if (line.startsWith(MARK)) {
      flush();
      name = line.slice(MARK.length);
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}
