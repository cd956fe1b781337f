#!/usr/bin/env node
// netbench: the command line. Each command is a thin front end over the library in src/.
import { Command, CommanderError, Option } from 'commander';
import { NetbenchError, describeError, isNetbenchError, fileSystemError } from '../base/errors.js';
// Each command's module is imported when that command runs (`await import` in its action): --help,
// --version and every command load only what they use, not the whole library.
import type { AnalyseOptions } from './analyse.js';
import type { CollectOptions } from './collect.js';
import type { BoundsCliOptions, CompareCliOptions } from './compare.js';
import type { PlanCliOptions } from './plan.js';
import type { DemoCliOptions } from './demo.js';
import type { ExportOptions } from './export.js';
import type { FiguresOptions } from './figures.js';
import type { HistoryCliOptions } from './history.js';
import type { ModelOptions } from './model.js';
import type { NotebookOptions } from './notebook.js';
import type { PaperOptions } from './paper.js';
import type { ReportOptions } from './report.js';
import type { StallsOptions } from './stalls.js';
import { configFrom, labConfigFrom, type GlobalOptions } from './options.js';
import { TOOLKIT_ROOT, toolkitGit, toolkitPackage } from '../base/toolkit.js';

// `netbench analyse ... | head`: a reader that stops reading ends the output, not in a stack trace.
for (const out of [process.stdout, process.stderr])
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

// The toolkit's clone, for modules that cannot find it from their own URL (figures/render.ts).
process.env.NETBENCH_ROOT ??= TOOLKIT_ROOT;

/** `runtime-netbench 0.1.0 (git 67fc805)`, the commit as a campaign's manifest records it in full. */
function versionText(): string {
  const { name, version } = toolkitPackage();
  const commit = toolkitGit(['rev-parse', '--short', 'HEAD']);
  return `${name} ${version}${commit ? ` (git ${commit})` : ''}`;
}

/** The lines a command's --help ends with. */
const examples = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;

const program = new Command()
  .name('netbench')
  .description(
    'Measure how an OCI container runtime (runc, crun, gVisor runsc, Kata) changes the network ' +
      'performance of Docker containers, between a client on host A and a server on host B. ' +
      'Default lab: this machine is host A, a network namespace with its own dockerd is host B.',
  )
  .option('-c, --config <file>', 'config file (JSON or YAML); see docs/config.md')
  .option('--lab-name <name>', 'name of the lab (prefix of its namespace, links and labels)', undefined)
  .option('--lab-cidr <cidr>', 'the /16 the emulated lab uses (blackholed while it exists)', undefined)
  .option(
    '--link-rate <rate>',
    "the emulated lab's A-B link rate each way in tc's notation (e.g. 1gbit; tc tbf on both ends), or off; default: unshaped",
    undefined,
  )
  .option('--json', 'print machine-readable JSON on stdout')
  .option('-q, --quiet', 'no progress lines on stderr')
  // not .version(text): that would read package.json and run git at every start, for every command
  .option('-V, --version', 'the toolkit version and git commit')
  .on('option:version', () => {
    process.stdout.write(`${versionText()}\n`);
    process.exit(0);
  })
  .showHelpAfterError();

const lab = program.command('lab').description('the two-host lab: hosts, engines, image, networks, runtimes');
lab
  .command('up')
  .addHelpText('after', examples('netbench lab up', 'netbench lab up --variants runsc-2024,runsc-2024-ptrace'))
  .description('bring the lab up (installs missing Debian packages, builds the image once); idempotent')
  .option(
    '--hosts-only',
    'emulated lab: only the two hosts (namespace, link, engines, image), no swarm or lab networks, e.g. to point a remote config at them',
  )
  .option(
    '--variants <list>',
    'runtime variants to register too (comma-separated; "none" for none; default: those of the last lab up): ' +
      "runsc-2024, runsc-2024-ptrace, runsc-2024-hostinet, runsc-2024-kvm (Debian trixie's runsc, fetched and verified), " +
      'runsc-hostinet, kata-qemu, kata-clh, kata-fc; see docs/variants.md',
  )
  .option(
    '--recheck',
    'run the runtime x driver check (one container each) even when the engines, their runtimes, the image and the variants are those of the last check, and check again that each gVisor variant starts a sandbox',
  )
  .action(async (o: { hostsOnly?: boolean; variants?: string; recheck?: boolean }, cmd: Command) =>
    (await import('./lab.js')).labUpCommand(await labConfigFrom(cmd), { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );
lab
  .command('down')
  .addHelpText('after', examples('netbench lab down', "netbench lab down --purge   # the image and host B's engine data too"))
  .description('remove everything the lab created (containers, networks, swarm, namespace, link, its dockerds); idempotent')
  .option(
    '--purge',
    "also delete the benchmark image (from host A and its build cache) and host B's engine data, also after a plain lab down; the next lab up rebuilds them",
  )
  .action(async (o: { purge?: boolean }, cmd: Command) =>
    (await import('./lab.js')).labDownCommand(await labConfigFrom(cmd), { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );
lab
  .command('status')
  .addHelpText('after', examples('netbench lab status', 'netbench --json lab status'))
  .description('what exists now and what the last lab up found')
  .action(async (_o, cmd: Command) =>
    (await import('./lab.js')).labStatusCommand(await labConfigFrom(cmd), cmd.optsWithGlobals<GlobalOptions>()),
  );

program
  .command('doctor')
  .addHelpText('after', examples('netbench doctor', 'netbench doctor --runtimes runc,runsc --no-containers'))
  .description('check each host: engine, kernel, CPUs, memory, working runtimes and drivers, the image; prints a fix for every problem')
  .option('-r, --runtimes <list>', 'runtimes you intend to use (comma-separated); each missing one is a problem')
  .option('--no-containers', 'do not run containers (facts only)')
  .action(async (o: { runtimes?: string; containers: boolean }, cmd: Command) =>
    (await import('./doctor.js')).doctorCommand(await labConfigFrom(cmd), { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

const intOpt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new NetbenchError('bad-config', `${name} must be a whole number (0 or more), not "${v}"`, `e.g. ${name} 3`);
  return n;
};
const portOpt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new NetbenchError('bad-config', `--port must be a TCP port (1 to 65535), not "${v}"`, 'e.g. --port 8888');
  return n;
};
const numOpt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!(n > 0)) throw new NetbenchError('bad-config', `${name} must be a positive number, not "${v}"`, `e.g. ${name} 10`);
  return n;
};

program
  .command('demo')
  .addHelpText('after', examples('netbench demo', 'netbench demo --runtimes runc,runsc --out /tmp/raw --results /tmp/res'))
  .description(
    'the whole pipeline in a short profile, on the built-in lab: lab up; a demo campaign (every driver pair and runtime plus ' +
      'the bare-host baseline, idle and stress; bandwidth, latency and HTTP; 2 repetitions of short probes) into data/raw/<campaign>/; ' +
      'then its tables, figures, HTML report and manuscript (PDF) into figures/<campaign>/; it ends with the headline ratios and the command ' +
      'that opens the notebooks on it. Its numbers illustrate; `collect` runs the paper protocol',
  )
  .option('-r, --runtimes <list>', 'runtimes, comma-separated (default: runc plus every runtime both hosts offer)')
  .option('--seed <n>', 'seed of the run order (default: random, recorded in the manifest)', intOpt('--seed'))
  .option('-o, --out <dir>', 'where the campaign goes', 'data/raw')
  .option('--results <dir>', 'where tables, figures, the report and the manuscript go (in <dir>/<campaign>/)', 'figures')
  .option('--resume <campaign>', 'finish an interrupted demo (id under --out, or its path), then make everything from it')
  .action(async (o: DemoCliOptions, cmd: Command) =>
    (await import('./demo.js')).demoCommand(await labConfigFrom(cmd), { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('collect')
  .addHelpText(
    'after',
    examples(
      "netbench collect                      # the paper's protocol on the built-in lab",
      'netbench collect --resume 2026-11-23T2034Z-nb',
    ),
  )
  .description(
    "run the paper's protocol on the lab and write data/raw/<campaign>/{measurements.csv, manifest.json, artifacts/}. " +
      'Defaults: pairs bridge,bridge host,bridge macvlan,macvlan overlay,overlay; runc plus every runtime both hosts offer; ' +
      'idle and stress; 15 repetitions (+1 warm-up); bandwidth (iperf3 10 s, 2 s omitted) and latency (ping, sockperf). ' +
      "--experiments http runs the blog post's HTTP test instead: siege -c 512 -t 60s against nginx on bridge,bridge, with the " +
      "server's CPU and memory from docker stats",
  )
  .option('--quick', 'short profile for demos and CI: 2 repetitions of short probes')
  .option(
    '-r, --runtimes <list>',
    'runtimes, comma-separated (e.g. runc,runsc); <runtime>@server or <runtime>@client runs it at that end only, runc at the other',
  )
  .option(
    '-p, --pairs <list>',
    'driver pairs client,server separated by spaces or ; (e.g. "bridge,bridge;overlay,overlay"), for every experiment run',
  )
  .option('-l, --loads <list>', 'idle,stress')
  .option('-e, --experiments <list>', 'any of bandwidth,latency,http (default bandwidth,latency)')
  .option('--streams <n>', 'parallel TCP streams of iperf3 (-P; default 1)', intOpt('--streams'))
  .option('--udp <bits/s>', 'add the iperf3 UDP probe (jitter, loss) at this target rate, e.g. 1e9', numOpt('--udp'))
  .option('-c, --concurrency <n>', 'siege users of the http experiment (default 512)', intOpt('--concurrency'))
  .option('-n, --reps <n>', 'repetitions per cell', intOpt('--reps'))
  .option('--warmup <n>', 'discarded warm-up repetitions per cell, run first (default 1; 0 for none)', intOpt('--warmup'))
  .option('-d, --duration <seconds>', 'seconds per iperf3, sockperf and siege run', numOpt('--duration'))
  .option('--seed <n>', 'seed of the run order (default: random, recorded in the manifest)', intOpt('--seed'))
  .option('--skip-missing', 'record runtimes missing on a host as unsupported instead of refusing')
  .option('--no-baseline', "leave out the bare-host baseline (runtime 'bare': the hosts' own network stacks)")
  .option(
    '--no-cpu-cost',
    "do not read the CPU counters around iperf3 and siege runs (their cpu_* metrics are then 'unsupported'); on by default",
  )
  .option('-o, --out <dir>', 'output directory (default data/raw)')
  .option('--resume <campaign>', 'finish an interrupted campaign (same config and seed; finished repetitions are kept)')
  .action(async (o: CollectOptions, cmd: Command) => {
    const { lab, campaign } = await configFrom(cmd);
    await (await import('./collect.js')).collectCommand(lab, campaign, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o });
  });

program
  .command('analyse')
  .addHelpText(
    'after',
    examples('netbench analyse 2026-11-23T2034Z-nb', 'netbench analyse 2026-11-23T2034Z-nb --reference bare -m bandwidth'),
  )
  .alias('analyze')
  .description(
    'statistics of one or more campaigns: per cell n, mean, sd, median, IQR, CV with 95% CIs; every runtime against a reference ' +
      "(ratio with Fieller CI, Welch's t, Mann-Whitney U, Hedges' g, Cliff's delta, Holm-adjusted); idle->stress degradation. " +
      'Prints the headline metrics and writes every table as CSV and JSON',
  )
  .argument('<campaign...>', 'campaign ids under data/raw (or paths)')
  .option('--reference <runtime>', "reference of the comparisons: runc, or bare (the bare-host baseline's host,host cell)", 'runc')
  .option('-m, --metrics <list>', 'metrics to print (default: the headline metrics of each experiment); every metric is written')
  .option('-o, --out <dir>', 'where the tables go (default figures/<campaign>/tables)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .option('--include-warmup', 'keep the warm-up repetitions (left out by default)')
  .action(async (campaigns: string[], o: AnalyseOptions, cmd: Command) =>
    (await import('./analyse.js')).analyseCommand(campaigns, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('figures')
  .addHelpText('after', examples('netbench figures 2026-11-23T2034Z-nb', 'netbench figures 2026-11-23T2034Z-nb -o /tmp/figs'))
  .description(
    "every figure of one or more campaigns (the paper's Figures 3 and 4, distributions, overhead vs runc, idle->stress " +
      "degradation, latency percentiles) in SVG, vector PDF and 300-dpi PNG, rendered by plotly.js in Debian's Chromium",
  )
  .argument('<campaign...>', 'campaign ids under data/raw (or paths)')
  .option('-o, --out <dir>', 'where the files go (default figures/<campaign>)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (campaigns: string[], o: FiguresOptions, cmd: Command) =>
    (await import('./figures.js')).figuresCommand(campaigns, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('model')
  .addHelpText('after', examples('netbench model 2026-12-05T1838Z-nb 2026-12-05T1846Z-nb 2026-12-05T1854Z-nb'))
  .description(
    'the CPU model of bandwidth: B = min(link, C / c), with c the CPU seconds per GB and C the CPUs busy of each configuration over the unshaped link. ' +
      'Takes bandwidth campaigns of the same configurations over links of different rates (collect --link-rate), one of them unshaped; ' +
      'prints per configuration and link the bandwidth measured and predicted, and writes model.csv, model.json and the figures cpu-model, link-cap and link-cost',
  )
  .argument('<campaign...>', 'campaign ids under data/raw (or paths), one of them over the unshaped link')
  .option('-o, --out <dir>', 'where the files go (default figures/<campaigns>/model)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (campaigns: string[], o: ModelOptions, cmd: Command) =>
    (await import('./model.js')).modelCommand(campaigns, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('report')
  .addHelpText(
    'after',
    examples(
      'netbench report 2026-11-23T2034Z-nb 2026-11-23T1437Z-nb',
      'netbench report 2026-11-23T0915Z-nb 2026-11-23T2034Z-nb 2026-12-02T1215Z-nb   # with a history section',
    ),
  )
  .description(
    "one self-contained HTML file to share campaigns (opens offline; plotly and the data inlined): the manifests' facts, every " +
      'figure of `netbench figures`, interactive (hover: repetition, session, start time), the per-cell and against-runc tables ' +
      "(sortable, filterable), medians per session, and with HTTP cells the blog post's table beside ours",
  )
  .argument('<campaign...>', 'campaign ids under data/raw (or paths): e.g. a bandwidth/latency campaign and an HTTP one')
  .option('-o, --out <file>', 'the file to write (default figures/<first campaign>/report.html)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (campaigns: string[], o: ReportOptions, cmd: Command) =>
    (await import('./report.js')).reportCommand(campaigns, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('export')
  .addHelpText('after', examples('netbench export 2026-11-23T2034Z-nb', 'netbench export 2026-11-23T2034Z-nb -o /tmp/rows.arrow'))
  .description(
    "one or more campaigns' checked rows (the loader's table: a row per value, with its cell and session; null where a value is " +
      'unsupported or failed) in Parquet or Arrow IPC with their types and the manifests as key-value metadata, or as CSV with the ' +
      'manifests beside it: for pandas, R, polars and DuckDB',
  )
  .argument('<campaign...>', 'campaign ids under data/raw (or paths)')
  .option('-f, --format <format>', 'parquet, arrow or csv (default: from the -o name, else parquet)')
  .option('-o, --out <file>', 'the file to write (default figures/<campaign>/measurements.<format>)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .option('--include-warmup', 'keep the warm-up repetitions (left out by default)')
  .action(async (campaigns: string[], o: ExportOptions, cmd: Command) =>
    (await import('./export.js')).exportCommand(campaigns, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

/** The exit code of a failure: 1, but 2 for compare, whose 1 means "a cell got worse". */
let failureCode = 1;

program
  .command('compare')
  .addHelpText(
    'after',
    examples(
      'netbench compare base cand -m bandwidth --cells "runc/bridge,bridge/idle"',
      'netbench compare 2026-11-23T0915Z-nb 2026-11-23T2034Z-nb --markdown > compare.md',
    ),
  )
  .description(
    'did anything change between two campaigns (a new runtime version, kernel, machine or config)? Matches their cells ' +
      '(experiment, metric, runtime, pair, load) and gives per cell B/A (ratio of means) with its 95% CI, Mann-Whitney p (Holm) and a ' +
      'verdict: same (the 95% CI within 1 ± tolerance), better or worse (the estimate beyond the tolerance and the ' +
      'simultaneous CI over all cells compared, Bonferroni, off 1: no false alarm from comparing many cells; the direction ' +
      'from the metric), else inconclusive, with the repetitions that would settle it; a shift that its own CI calls but the ' +
      'gate cannot yet is listed. --metrics and --cells narrow the family: a gate on a few cells sees smaller changes. Rates ' +
      "(bandwidth, transaction rate) are divided by the bare host's mean of their campaign, load and session when both have it, " +
      'so a faster machine does not read as a faster runtime. Refused (exit 2) when no cell matches, or when the manifests differ ' +
      'in what the cells depend on (kernel, engine, image recipe, probe settings, a variant binary) unless --accept names it. ' +
      'Exit code: 0 no cell worse, 1 a cell worse, 2 could not compare (usage, data, comparability).',
  )
  .argument('<A>', 'the baseline campaign: id under data/raw (or path); with --bounds, the campaign checked')
  .argument('[B]', 'the campaign compared with it')
  .option('-t, --tolerance <pct>', 'the change that matters, e.g. 10% or 0.1', '10%')
  .option('-m, --metrics <list>', 'only these metrics (comma-separated; default all)')
  .option(
    '--cells <selectors>',
    'only these cells: runtime[/pair[/load]] separated by ";", * for any (e.g. "runc/bridge,bridge/idle; crun")',
  )
  .option(
    '--accept <names>',
    'differences between the manifests accepted on purpose (comma-separated): kernel, docker, machine, image, lab, link, stress, ' +
      'iperf3, iperf3Udp, ping, sockperf, http, runtime (or runtime:<name>)',
  )
  .option('--normalise <how>', 'bare (divide rates by the bare host; default when both campaigns have it) or none (as measured)')
  .option('--all', 'list every cell (default: the better, worse and changed ones, and the shifts the gate cannot call yet)')
  .option('--markdown', 'a Markdown table for a pull-request comment (changed cells shown, the rest folded)')
  .option('--allow-short', 'compare quick or demo campaigns too (2 short repetitions: most verdicts inconclusive)')
  .option(
    '--bounds <file>',
    'instead of B: check A against a bounds file (netbench bounds writes one): each median within its range, each CV under its ceiling',
  )
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .exitOverride()
  .hook('preAction', () => {
    failureCode = 2;
  })
  .action(async (a: string, b: string | undefined, o: CompareCliOptions, cmd: Command) =>
    (await import('./compare.js')).compareCommand([a, b], { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('history')
  .addHelpText('after', examples('netbench history --all -m bandwidth', 'netbench history --all --figures figures/history'))
  .description(
    'every cell across campaigns, in the order they started: per cell (and link) the series of its medians with 95% CIs, and of its ' +
      "ratio to runc in the same campaign (which survives drift that moves every runtime together); each series' change points by " +
      'E-divisive means (the method of Apache Otava) on the repetitions, with a p-value from permuting whole sessions, and what the ' +
      'manifests on either side differ in (kernel, Docker, runtime binaries, image, toolkit commit). Demo and quick campaigns are left out ' +
      'unless --include-short',
  )
  .argument('[campaigns...]', 'campaign ids under data/raw (or paths), two or more; or --all')
  .option('--all', 'every campaign under --data-dir')
  .option('-m, --metrics <list>', 'only these metrics (comma-separated; default the headline ones)')
  .option('--every', 'list every series, not only those with a change point')
  .option(
    '--figures <dir>',
    'also write a figure per metric and load there (bridge,bridge and the bare host: the series, change points dashed)',
  )
  .option('--include-short', 'take demo and quick campaigns too')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (names: string[], o: HistoryCliOptions, cmd: Command) =>
    (await import('./history.js')).historyCommand(names, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('plan')
  .addHelpText('after', examples('netbench plan --detect 20% 2026-11-23T2034Z-nb -m bandwidth'))
  .description(
    "before a campaign: the repetitions per campaign each cell needs for compare's gate to call a change of --detect worse " +
      "with --power's chance, from a pilot campaign's spread (as compare sees it: rates normalised by the bare host), gating " +
      'the whole family of cells or one cell alone',
  )
  .argument('<pilot>', 'the pilot campaign: id under data/raw (or path)')
  .requiredOption('-d, --detect <pct>', 'the change to detect, e.g. 20% (beyond the tolerance)')
  .option('-t, --tolerance <pct>', "compare's tolerance", '10%')
  .option('--power <pct>', 'the chance of calling the change', '90%')
  .option('-m, --metrics <list>', 'only these metrics (comma-separated; default all)')
  .option('--cells <selectors>', 'only these cells: runtime[/pair[/load]] separated by ";", * for any')
  .option('--normalise <how>', 'bare (default when the pilot has the bare host) or none')
  .option('--all', 'list every cell (default: the 10 that need the most)')
  .option('--allow-short', 'plan from a quick or demo campaign (2 repetitions: a rough spread)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (pilot: string, o: PlanCliOptions, cmd: Command) =>
    (await import('./plan.js')).planCommand(pilot, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('bounds')
  .addHelpText('after', examples('netbench bounds 2026-11-23T2034Z-nb -o bounds.yaml', 'netbench compare cand --bounds bounds.yaml'))
  .description(
    "write a starting bounds file from a campaign (Kata checkmetrics' way): per runtime cell the median's range (± tolerance) and " +
      "a CV ceiling (1.5 times the campaign's, at least 0.05); `netbench compare <campaign> --bounds <file>` checks another campaign " +
      'against it and exits 1 when a bound fails',
  )
  .argument('<campaign>', 'campaign id under data/raw (or path)')
  .option('-o, --out <file>', 'the file to write (default figures/<campaign>/bounds.yaml)')
  .option('-t, --tolerance <pct>', "the median's range around the campaign's, e.g. 10% or 0.1", '10%')
  .option('-m, --metrics <list>', 'only these metrics (comma-separated; default all)')
  .option('--allow-short', 'from a quick or demo campaign too')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (campaign: string, o: BoundsCliOptions, cmd: Command) =>
    (await import('./compare.js')).boundsCliCommand(campaign, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('stalls')
  .addHelpText('after', examples('netbench stalls 2026-11-23T2034Z-nb'))
  .description(
    "check a campaign's stall flags (the `stalled:` warnings of iperf3 runs) against the server reports it kept, with today's " +
      "parser (e.g. after a fix to what counts as a stalled second); --write puts the parser's flags into measurements.csv and " +
      'records that in the manifest; values are never changed',
  )
  .argument('<campaign>', 'campaign id under data/raw (or path); its artifacts/ or artifacts.tar.xz is read')
  .option('--write', 'rewrite the flags that differ (default: only list them)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (campaign: string, o: StallsOptions, cmd: Command) =>
    (await import('./stalls.js')).stallsCommand(campaign, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('paper')
  .addHelpText(
    'after',
    examples('netbench paper 2026-11-23T2034Z-nb 2026-11-23T1437Z-nb', 'netbench paper <demo campaign> --allow-short --dir /tmp/paper'),
  )
  .description(
    "regenerate the manuscript's numbers, tables and figures (paper/generated/) from campaigns and build paper/main.pdf (latexmk); " +
      'the first is the bandwidth/latency campaign; an HTTP campaign after it adds the HTTP section, a campaign of two or more gVisor configurations the section on gVisor across versions and platforms, ' +
      'a campaign with gVisor at one end only (e.g. runsc-2024@server), one over a shaped link (lab up --link-rate) and one of gVisor on hostinet (a variant with --network=host) a paragraph and table each; ' +
      'campaigns with the CPU cost of their runs (one over the unshaped link, others over shaped links) the paragraph "What a byte costs" with its table and figures; ' +
      'one campaign of each role, e.g. the committed ones: paper 2026-11-23T2034Z-nb 2026-11-23T1437Z-nb 2026-12-02T1215Z-nb 2026-12-03T0315Z-nb 2026-12-03T0635Z-nb 2026-12-02T1944Z-nb 2026-12-05T1838Z-nb 2026-12-05T1846Z-nb 2026-12-05T1854Z-nb',
  )
  .argument('<campaigns...>', 'campaign ids under data/raw (or paths)')
  .option('--dir <dir>', 'the manuscript directory', 'paper')
  .option('--allow-short', 'build it from a quick or demo campaign too (short runs: an illustration, not evidence)')
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (campaigns: string[], o: PaperOptions, cmd: Command) =>
    (await import('./paper.js')).paperCommand(campaigns, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

program
  .command('notebook')
  .addHelpText('after', examples('netbench notebook', 'netbench notebook 2026-11-23T2034Z-nb 2026-11-23T1437Z-nb --port 8899'))
  .description(
    'open the notebooks in Jupyter on these campaigns (default: the committed ones): installs Jupyter Notebook and the ' +
      'tslab kernel when missing, serves on 127.0.0.1 with a token and prints the address; Ctrl-C stops it',
  )
  .argument('[campaigns...]', 'campaign ids under data/raw (or paths): a bandwidth/latency one and an HTTP one')
  .addOption(new Option('--port <n>', 'first port to try (the next free one is taken)').default(8888).argParser(portOpt))
  .option('--data-dir <dir>', 'where campaign ids are looked up', 'data/raw')
  .action(async (campaigns: string[], o: NotebookOptions, cmd: Command) =>
    (await import('./notebook.js')).notebookCommand(campaigns, { ...cmd.optsWithGlobals<GlobalOptions>(), ...o }),
  );

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const known = isNetbenchError(e) ? e : fileSystemError(e);
  if (e instanceof CommanderError) {
    // compare's usage errors (commander printed them already); its --help ends with 0
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    if (known) process.stderr.write(`netbench: ${known.message}\n  fix: ${known.hint}\n`);
    else process.stderr.write(`netbench: unexpected error: ${describeError(e)}\n${e instanceof Error && e.stack ? e.stack + '\n' : ''}`);
    process.exitCode = failureCode;
  }
}
// Idle Docker API connections (dockerode keeps some open) must not keep a finished command alive.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(process.exitCode ?? 0);
