// Layer rules for `npm run lint:deps`: packages import only downward, apps are imported by nobody, no import cycles.
/** Layers, lowest first; each `src` may import only the packages listed for it. */
const MAY_IMPORT = {
  protocol: [],
  messages: ['protocol'],
  net: ['protocol', 'messages'],
  client: ['messages'],
  platform: ['protocol', 'messages', 'net'],
  cli: ['protocol', 'messages', 'net', 'platform'],
};
const PACKAGES = Object.keys(MAY_IMPORT);

/** One rule per package: its sources may not reach a package outside its allowed list. */
const layerRules = PACKAGES.map((name) => {
  const forbidden = PACKAGES.filter((other) => other !== name && !MAY_IMPORT[name].includes(other));
  return {
    name: `layer-${name}`,
    comment: `packages/${name} may import only ${MAY_IMPORT[name].join(', ') || 'no other package of ours'}.`,
    severity: 'error',
    from: { path: `^packages/${name}/src/` },
    to: { path: `^(packages/(${forbidden.join('|')})/|apps/)` },
  };
}).filter((rule) => !rule.to.path.startsWith('^(packages/()/'));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-package-imports-apps',
      comment: 'apps/* (games and apps) sit on top: no package imports them, tests included.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-attack-imports-apps',
      comment: 'attack/ (npm run attack, npm run soak) may import the packages (their exports), never apps.',
      severity: 'error',
      from: { path: '^attack/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'browser-safe',
      comment: 'messages and client run in browsers: no Node built-ins.',
      severity: 'error',
      from: { path: '^packages/(messages|client)/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sans-io-core',
      comment: 'The sans-IO core never touches sockets or timers: those belong to the drivers in net.',
      severity: 'error',
      from: { path: '^packages/protocol/src/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(dgram|net|timers|timers/promises|perf_hooks)$' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@paperclip/source', 'import', 'types', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
