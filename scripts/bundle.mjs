// The command line's bundle (`npm run build`, after tsc): dist/src/server.js and everything it imports, packages
// included, in one file, dist/bin/iamport-sandbox.cjs, which is the package's bin, `npm start` and the image's CMD.
// Why: most of a start was Node resolving, reading and compiling some 420 modules; one file starts in about 0.5 s
// instead of 0.8 s (docs/architecture.md, "The bundle"). dist/src/ stays as tsc wrote it, for the programmatic API.
//
// Bundled from tsc's output, so it is the same JavaScript as dist/src/ (no second TypeScript compiler with settings of
// its own). CommonJS rather than an ES module: it starts a little faster (no module linking), and import.meta.url, the
// one ESM-only thing the code reads (the package root in config.ts, the entry check in server.ts), is defined as the
// bundle's own file URL. Not minified: stack traces keep their names and lines, and minifying saved little start-up.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  // Paths in the bundle's comments (`// node_modules/fastify/fastify.js`) are relative to the package, wherever this
  // runs from.
  absWorkingDir: root,
  entryPoints: ['dist/src/server.js'],
  outfile: 'dist/bin/iamport-sandbox.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: [
    // Native: loaded from node_modules, as its own package finds its compiled module.
    'better-sqlite3',
    // Loaded on the first request for the OpenAPI document (routes/openapi.ts): not worth compiling at every start.
    '@fastify/swagger',
    '@fastify/swagger-ui',
    // Fastify's default schema compilers, which it requires only for an instance given no compilers of its own; every
    // instance here is given ours (app.ts, routes/openapi.ts), so they are never loaded: a fifth of the bundle less.
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
  ],
  define: { 'import.meta.url': '__bundle_url' },
  // "use strict" first, as esbuild writes it without a banner: the sources are ES modules, strict code.
  banner: { js: `'use strict';\nconst __bundle_url = require('node:url').pathToFileURL(__filename).href;` },
  logLevel: 'warning',
});
