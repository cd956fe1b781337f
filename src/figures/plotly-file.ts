// Where plotly.js is: the toolkit's own copy, for the figure renderer and the notebooks.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The file of plotly.js (its full bundle), resolved from the toolkit's clone: NETBENCH_ROOT, which
 * the CLI sets, else the working directory (a notebook kernel's, the project root). Not from this
 * file's URL: tslab compiles the modules a notebook imports to CommonJS, where `import.meta`
 * breaks the module.
 */
export const plotlyFile = (): string => createRequire(join(process.env.NETBENCH_ROOT ?? process.cwd(), 'package.json')).resolve('plotly.js-dist-min');
