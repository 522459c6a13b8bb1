// The shape of src/ stays as docs/architecture.md says: the dependency rules hold (the same check as `npm run lint`),
// and no source file grows past 400 lines or 140 characters a line.

import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { cruise } from 'dependency-cruiser';
import { packageRoot } from '../src/config.js';

const require = (await import('node:module')).createRequire(import.meta.url);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

t.test('the dependency rules hold: no cycle, layers point one way', async (t) => {
  const config = require(path.join(packageRoot, '.dependency-cruiser.cjs'));
  const cwd = process.cwd();
  process.chdir(packageRoot);
  try {
    const result = await cruise(['src'], {
      ...config.options,
      ruleSet: { forbidden: config.forbidden },
      validate: true,
    });
    const output = result.output as {
      summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[] };
      modules: unknown[];
    };
    t.same(
      output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`),
      [],
      'no violations',
    );
    t.equal(output.summary.error, 0);
    t.ok(output.modules.length > 50, `cruised ${output.modules.length} modules`);
  } finally {
    process.chdir(cwd);
  }
});

t.test('the rules do catch a cycle and an upward import', async (t) => {
  const config = require(path.join(packageRoot, '.dependency-cruiser.cjs'));
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(packageRoot, '.tmp-arch-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const d of ['src/gateway', 'src/store', 'src/schemas']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src/gateway/a.ts'), "import { b } from '../store/b.js';\nexport const a = b;\n");
  fs.writeFileSync(
    path.join(dir, 'src/store/b.ts'),
    "import type { a } from '../gateway/a.js';\nexport const b = 1 as typeof a;\n",
  );
  fs.writeFileSync(path.join(dir, 'src/schemas/c.ts'), "import { b } from '../store/b.js';\nexport const c = b;\n");
  process.chdir(dir);
  try {
    const { tsConfig: _ts, ...options } = config.options;
    const result = await cruise(['src'], { ...options, ruleSet: { forbidden: config.forbidden }, validate: true });
    const names = new Set(
      (result.output as { summary: { violations: { rule: { name: string } }[] } }).summary.violations.map(
        (v) => v.rule.name,
      ),
    );
    t.ok(names.has('no-circular'), 'a type-only cycle is a cycle');
    t.ok(names.has('store-below-gateway'), 'the store may not import the gateway');
    t.ok(names.has('leaves-stay-leaves'), 'schemas may not import the store');
  } finally {
    process.chdir(cwd);
  }
});

t.test('no file in src/ is over 400 lines, no line over 140 characters', async (t) => {
  const files = sourceFiles(path.join(packageRoot, 'src'));
  t.ok(files.length > 40);
  const long = files
    .filter((f) => fs.readFileSync(f, 'utf8').split('\n').length > 400)
    .map((f) => path.relative(packageRoot, f));
  t.same(long, []);
  const wide = files.flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((l, i) => (l.length > 140 ? [`${path.relative(packageRoot, f)}:${i + 1}`] : [])),
  );
  t.same(wide, []);
});
