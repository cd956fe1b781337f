// `netbench doctor`
import { diagnose } from '../lab/doctor.js';
import { matrixTable } from './lab.js';
import type { GlobalOptions } from './options.js';
import { formatTable, gib } from './output.js';
import type { LabConfig } from '../lab/lab-config.js';

export async function doctorCommand(c: LabConfig, o: GlobalOptions & { runtimes?: string; containers: boolean }): Promise<void> {
  const r = await diagnose(c, { runtimes: o.runtimes?.split(',').filter(Boolean), quick: !o.containers });
  if (o.json) {
    process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  } else {
    const rows = (['A', 'B'] as const).flatMap((id) => {
      const h = r.hosts[id];
      return h
        ? [
            [
              id,
              h.endpoint,
              h.engineVersion,
              h.kernel,
              String(h.cpus),
              gib(h.memoryBytes),
              h.runtimes.join(' '),
              h.image ? 'yes' : 'MISSING',
            ],
          ]
        : [];
    });
    const out = [
      `image: ${r.image}`,
      '',
      formatTable(['host', 'endpoint', 'engine', 'kernel', 'cpus', 'memory', 'runtimes', 'image'], rows),
    ];
    if (r.matrix.length) out.push('', matrixTable(r.matrix));
    if (r.problems.length) {
      out.push('', `${r.problems.length} problem(s):`);
      for (const p of r.problems) out.push(`  - ${p.host ? `host ${p.host}: ` : ''}${p.problem}`, `    fix: ${p.fix}`);
    } else out.push('', 'no problems found');
    process.stdout.write(out.join('\n') + '\n');
  }
  if (r.problems.length) process.exitCode = 1;
}
