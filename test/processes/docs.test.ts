// The docs stay true: every relative link and anchor in README.md and docs/ resolves (remark with
// remark-validate-links, offline), every command and option they name exists in `netbench --help`,
// and every command there has a page or section in them.
import { execa } from 'execa';
import { readFileSync, readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { remark } from 'remark';
import remarkValidateLinks from 'remark-validate-links';
import type { PluggableList } from 'unified';
import { engine } from 'unified-engine';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const netbench = (args: string[]) =>
  execa('node', ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } });

/** The names under a --help's "Commands:" heading (without `help`). */
const commandsOf = (help: string): string[] =>
  [...(help.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
/** The long options a --help lists. */
const optionsOf = (help: string): string[] => [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][\w-]*)/gm)].map((m) => m[1]!);

/** Every `netbench <command> [sub] ... --option` the docs show, in code (blocks and spans), a shell comment and what follows a pipe left out. */
function namedInDocs(): Array<{ file: string; command: string; options: string[] }> {
  const out: Array<{ file: string; command: string; options: string[] }> = [];
  for (const file of FILES) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const code =
      [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n') +
      '\n' +
      [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!).join('\n');
    for (const line of code.split('\n')) {
      for (const m of line.matchAll(/(?:^|[\s(])(?:\.\/)?netbench((?: [a-z][\w-]*)+)([^#|;&]*)/g)) {
        const words = m[1]!.trim().split(' ');
        const command = words[0] === 'lab' && words[1] ? `lab ${words[1]}` : words[0]!;
        out.push({ file, command, options: [...`${m[1]} ${m[2]}`.matchAll(/(?:^|\s)(--[a-z][\w-]*)/g)].map((o) => o[1]!) });
      }
    }
  }
  return out;
}

describe('the docs', () => {
  it('have every relative link and anchor resolve, across files too', async () => {
    // unified-engine processes the files as one set, so that a link to another file's heading is checked
    const files = await new Promise<Array<{ path: string; messages: Array<{ line?: number | undefined; reason: string }> }>>(
      (resolve, reject) =>
        engine(
          {
            processor: remark(),
            files: FILES,
            cwd: ROOT,
            plugins: [[remarkValidateLinks, { repository: false }]] as PluggableList,
            out: false,
            output: false,
            streamError: new PassThrough(),
          },
          (e, _code, context) => (e ? reject(e) : resolve(context?.files ?? [])),
        ),
    );
    expect(files.map((f) => f.path).sort()).toEqual([...FILES].sort());
    expect(files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line ?? '?'}: ${m.reason}`))).toEqual([]);
  }, 60_000);

  it('name only commands and options that exist, and every command has a page or section', async () => {
    const top = (await netbench(['--help'])).stdout;
    const commands = commandsOf(top).flatMap((c) => (c === 'lab' ? [] : [c]));
    const labHelp = (await netbench(['lab', '--help'])).stdout;
    const all = [...commands, ...commandsOf(labHelp).map((c) => `lab ${c}`)];
    expect(all).toEqual(expect.arrayContaining(['demo', 'collect', 'analyse', 'history', 'lab up', 'lab down']));
    const global = optionsOf(top);
    const helps = new Map(await Promise.all(all.map(async (c) => [c, (await netbench([...c.split(' '), '--help'])).stdout] as const)));
    const named = namedInDocs();
    const wrong = named.flatMap((n) => {
      const help = helps.get(n.command);
      if (help === undefined) return [`${n.file}: netbench ${n.command}: no such command`];
      const known = new Set([...optionsOf(help), ...global, '--help']);
      return n.options.filter((o) => !known.has(o)).map((o) => `${n.file}: netbench ${n.command} ${o}: no such option`);
    });
    expect(wrong).toEqual([]);
    // each command's --help ends with examples, and the docs show each command
    for (const [c, help] of helps) expect(help, c).toMatch(/\nExamples:\n {2}\$ netbench /);
    const shown = new Set(named.map((n) => n.command));
    expect(all.filter((c) => !shown.has(c))).toEqual([]);
  }, 120_000);
});
