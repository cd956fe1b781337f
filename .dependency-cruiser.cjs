// The import rules of src/ (README, "Layout"): no import circle, and each folder imports only from
// its own folder or the ones below it. Checked by test/processes/layers.test.ts; to see the graph's
// problems by hand: npx depcruise src --config .dependency-cruiser.cjs
// Folders from top to bottom (names not yet in src/ are the coming ones, placed where they go):
const LAYERS = [
  'cli',
  'notebook',
  'demo',
  'paper',
  'report',
  'export',
  'figures',
  'compare',
  'analysis',
  'campaign',
  'dataset',
  'config',
  'probes',
  'lab',
  'engine',
  'machine',
  'model',
  'base',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import circle: the modules can only be understood together',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.slice(1).map((layer, i) => ({
      name: `${layer}-imports-upward`,
      severity: 'error',
      comment: `src/${layer}/ sits below ${LAYERS.slice(0, i + 1).join(', ')}: it may import only from its own folder or lower ones`,
      from: { path: `^src/${layer}/` },
      to: { path: `^src/(${LAYERS.slice(0, i + 1).join('|')})/` },
    })),
    {
      name: 'file-outside-a-layer',
      severity: 'error',
      comment: 'every module sits in a layer folder (src/<layer>/); shared pieces go in src/base/',
      from: { path: '^src/[^/]+\\.ts$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // type-only imports count: a type is as much a dependency as a value
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
