// Where plotly.js is: the toolkit's own copies, the full bundle for the notebooks and the cartesian
// one for the figure renderer and the report.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The file of plotly.js (its full bundle, for the notebooks), resolved from the toolkit's clone:
 * NETBENCH_ROOT, which the CLI sets, else the working directory (a notebook kernel's, the project
 * root). Not from this file's URL: tslab compiles the modules a notebook imports to CommonJS,
 * where `import.meta` breaks the module.
 */
export const plotlyFile = (): string => toolkitRequire().resolve('plotly.js-dist-min');

/**
 * plotly.js's cartesian bundle, resolved the same way: every trace type the toolkit's figures use,
 * in a third of the full bundle's size. The figure renderer loads it (Chromium takes about 1.7 s
 * here to load it, 3.5 s for the full one) and the report inlines it.
 */
export const plotlyCartesianFile = (): string => toolkitRequire().resolve('plotly.js-cartesian-dist-min');

const toolkitRequire = () => createRequire(join(process.env.NETBENCH_ROOT ?? process.cwd(), 'package.json'));
