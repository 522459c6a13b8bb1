// The dependency rules of src/ (docs/architecture.md, "Layers"), checked by `npm run lint` and so by `npm test`.
// Layers from the top: entry points (server, cli, index) → app and context → routes, hooks → gateway → store.
// schemas/, http/, sandbox/, util/ and config are leaves: they import no layer above them. Type-only imports count:
// a cycle of types is a cycle of meaning.

const LEAVES = '^src/(schemas|http|sandbox|util)/|^src/(banner|config|version)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle at all, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-app',
      severity: 'error',
      comment: 'Only the entry points and tests build the app; nothing below it imports app.ts or context.ts.',
      from: { path: '^src/', pathNot: '^src/(server|index|cli|app)\\.ts$' },
      to: { path: '^src/(app|context)\\.ts$' },
    },
    {
      name: 'nothing-imports-entry-points',
      severity: 'error',
      comment: 'server.ts, cli.ts and index.ts are the top: only each other (and tests) use them.',
      from: { path: '^src/', pathNot: '^src/(server|index|cli)\\.ts$' },
      to: { path: '^src/(server|index|cli)\\.ts$' },
    },
    {
      name: 'leaves-stay-leaves',
      severity: 'error',
      comment: 'schemas/, http/, sandbox/, util/ and config import only each other and packages.',
      from: { path: LEAVES },
      to: { path: '^src/', pathNot: LEAVES },
    },
    {
      name: 'store-below-gateway',
      severity: 'error',
      comment: 'The store remembers: it knows wire shapes (schemas/) and SQLite, never the rules that use it.',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: `^src/store/|${LEAVES}` },
    },
    {
      name: 'gateway-below-routes',
      severity: 'error',
      comment: 'The gateway decides without HTTP: it never imports routes, hooks, the app or Fastify.',
      from: { path: '^src/gateway/' },
      to: { path: '^src/(routes|hooks)/|^fastify|node_modules/fastify' },
    },
    {
      name: 'routes-and-hooks-apart',
      severity: 'error',
      comment: 'Routes and hooks sit side by side under the app; neither imports the other.',
      from: { path: '^src/routes/' },
      to: { path: '^src/hooks/' },
    },
    {
      name: 'hooks-not-routes',
      severity: 'error',
      from: { path: '^src/hooks/' },
      to: { path: '^src/routes/' },
    },
    {
      name: 'control-client-is-light',
      severity: 'error',
      comment: 'The control client (src/control.ts) runs in test processes without the server: types only from src/.',
      from: { path: '^src/control\\.ts$' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'tests-use-src-not-dist',
      severity: 'error',
      from: { path: '^test/' },
      to: { path: '^dist/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too (no cycle of types either).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: '^dist/' },
  },
};
