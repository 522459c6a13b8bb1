// The package as users get it. `npm pack` runs in a copy of the tree (prepack cleans dist/src and dist/bin, prepare
// builds them; the copy keeps the shared working tree's dist/ out of it), then: the tarball's file list (no tests, no
// stale build file), an install into an empty folder (the bin, which is the bundle, both entries, `./control` loading
// nothing but itself, the types of each export), and the container's layout as the Dockerfile's build stage makes it (unpack, production install by the
// lockfile), where its CMD starts the server and its HEALTHCHECK passes, then fails once the server is gone.
//
// Installs run offline-first from the npm cache with --ignore-scripts, and better-sqlite3's compiled module is copied
// from this project's node_modules when the versions match (a compile takes ~90 s; the Docker build does compile).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';

// tsc, two installs and three servers on a shared 2-core machine: more than the default 120 s when the suite runs.
t.setTimeout(300_000);

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-test-'));
t.teardown(() => fs.rmSync(work, { recursive: true, force: true }));

/** The environment of every child: no npm_* settings of an enclosing `npm test`, no tap loaders in NODE_OPTIONS. */
const env: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter(
    (e): e is [string, string] => e[1] !== undefined && !/^npm_/i.test(e[0]) && e[0] !== 'NODE_OPTIONS',
  ),
);
env.LOG_LEVEL = 'silent';

function sh(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
function ok(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}): string {
  const r = sh(cmd, args, cwd, extra);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const INSTALL = ['--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** better-sqlite3's native module: this project's build when it is the same version, else built by npm. */
function nativeSqlite(dir: string) {
  const version = (d: string) =>
    JSON.parse(fs.readFileSync(path.join(d, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  const built = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  if (version(dir) === version(root)) {
    fs.mkdirSync(path.dirname(path.join(dir, built)), { recursive: true });
    fs.copyFileSync(path.join(root, built), path.join(dir, built));
  } else ok('npm', ['rebuild', 'better-sqlite3'], dir);
}

function exited(p: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  p.stdout!.on('data', (d) => (stdout += d));
  p.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, stdout, stderr })));
}
function listening(p: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    p.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
  });
}
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

// The copy of the tree that gets packed, with a build file no source makes any more and a compiled test planted in
// its dist/: neither may reach the tarball.
const copy = path.join(work, 'tree');
const SKIP = /^(node_modules|\.git|dist|\.tap|\.sandbox|test-results|\.tmp-arch-.*|.*\.tgz)$/;
fs.cpSync(root, copy, { recursive: true, filter: (src) => !SKIP.test(path.relative(root, src).split(path.sep)[0]!) });
fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
fs.mkdirSync(path.join(copy, 'dist/src'), { recursive: true });
fs.writeFileSync(path.join(copy, 'dist/src/removed-long-ago.js'), 'export {};\n');
fs.mkdirSync(path.join(copy, 'dist/bin'), { recursive: true });
fs.writeFileSync(path.join(copy, 'dist/bin/removed-long-ago.cjs'), '\n');
fs.mkdirSync(path.join(copy, 'dist/test'), { recursive: true });
fs.writeFileSync(path.join(copy, 'dist/test/cli.test.js'), 'export {};\n');
const packed = ok('npm', ['pack', '--silent', '--pack-destination', work], copy).trim().split('\n').pop()!;
const tarball = path.join(work, packed);

t.test(
  'npm pack: the tarball holds the build, fixtures, public files and docs of the package, and no test',
  async (t) => {
    t.equal(packed, `${pkg.name}-${pkg.version}.tgz`);
    const entries = ok('tar', ['-tzf', tarball], work)
      .trim()
      .split('\n')
      .filter((e) => !e.endsWith('/'));
    t.same(
      entries.filter((e) => !e.startsWith('package/')),
      [],
      'everything under package/',
    );
    const files = entries.map((e) => e.slice('package/'.length)).sort();
    t.same(
      files.filter((f) => !/^(dist\/src\/|dist\/bin\/|fixtures\/|public\/|docs\/)/.test(f)),
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'],
      'at the top: the package file, README, LICENSE and CHANGELOG only',
    );
    t.same(
      files.filter((f) => /(^|\/)tests?\/|\.test\.|(?<!\.d)\.ts$|tsconfig/.test(f)),
      [],
      'no test, no TypeScript source, no tsconfig',
    );
    t.notOk(files.includes('dist/src/removed-long-ago.js'), 'prepack cleaned dist/src before prepare built it');
    t.same(
      files.filter((f) => f.startsWith('dist/bin/')),
      ['dist/bin/iamport-sandbox.cjs'],
      'dist/bin: the bundle alone (prepack cleaned it too)',
    );
    for (const f of [
      'dist/src/server.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/control.js',
      'dist/src/control.d.ts',
      'dist/src/healthcheck.js',
      'dist/src/banner.js',
      'dist/src/routes/home.js',
    ])
      t.ok(files.includes(f), f);
    const tree = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).flatMap((d) => {
        if (!d.isFile()) return [];
        return [path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/')];
      });
    // docs/ because the README links into it (the links then work wherever the package is shown).
    for (const dir of ['fixtures', 'public', 'docs'])
      t.same(
        files.filter((f) => f.startsWith(`${dir}/`)),
        tree(dir).sort(),
        `every file of ${dir}/`,
      );
    const sources = tree('src').filter((f) => f.endsWith('.ts'));
    t.same(
      sources.filter((f) => !files.includes(`dist/${f.replace(/\.ts$/, '.js')}`)),
      [],
      'a .js for every source file',
    );
    // Every path package.json names is in the tarball.
    const named = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    for (const e of Object.values(pkg.exports as Record<string, string | Record<string, string>>))
      named.push(...(typeof e === 'string' ? [e] : Object.values(e)));
    for (const p of named) t.ok(files.includes(path.posix.normalize(p)), `package.json names ${p}`);
    t.same(Object.keys(pkg.exports), ['.', './control', './package.json']);
    t.same(pkg.bin, { 'iamport-sandbox': 'dist/bin/iamport-sandbox.cjs' });
  },
);

t.test(
  'installed into an empty folder: the bin starts a server, both entries import, each export has types',
  async (t) => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    ok('npm', ['install', ...INSTALL, tarball], app);
    nativeSqlite(app);
    const installed = path.join(app, 'node_modules', pkg.name);
    t.ok(fs.existsSync(path.join(installed, 'dist/bin/iamport-sandbox.cjs')));
    t.notOk(fs.existsSync(path.join(app, 'node_modules/typescript')), "the package's dev dependencies stay out");

    const bin = path.join(app, 'node_modules/.bin/iamport-sandbox');
    t.equal(ok(bin, ['--version'], app), `${pkg.version}\n`, 'the bin answers --version');
    const server = spawn(bin, ['--port', '0', '--db-path', ':memory:'], { cwd: app, env });
    const end = exited(server);
    const url = await listening(server);
    const health = await fetch(`${url}/__sandbox/health`);
    t.equal(health.status, 200);
    t.same(await health.json(), { status: 'ok', version: pkg.version });
    t.equal((await fetch(`${url}/v1/iamport.js`)).status, 200, 'public/ is found from the installed package');
    t.equal(
      (await fetch(`${url}/__sandbox/openapi.json`)).status,
      200,
      'the OpenAPI plugins, left out of the bundle, load from the installed dependencies',
    );
    server.kill('SIGTERM');
    t.equal((await end).code, 0, 'SIGTERM: exit 0');

    const main = ok(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { startSandbox, SandboxControl } from '${pkg.name}';
       const s = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'pkg' });
       const clock = await s.control.clock.get();
       const health = await (await fetch(s.url + '/__sandbox/health')).json();
       await s.close();
       console.log(JSON.stringify({ now: clock.now_iso, health, client: s.control instanceof SandboxControl }));`,
      ],
      app,
    );
    t.same(JSON.parse(main), {
      now: '2026-01-01T00:00:00.000Z',
      health: { status: 'ok', version: pkg.version },
      client: true,
    });

    // Which modules an import loads: a resolve hook (module.register) appends every resolved URL to a file.
    fs.writeFileSync(
      path.join(app, 'record.mjs'),
      `import fs from 'node:fs';
     export async function resolve(specifier, context, next) {
       const r = await next(specifier, context);
       fs.appendFileSync(process.env.RECORD, r.url + '\\n');
       return r;
     }`,
    );
    fs.writeFileSync(
      path.join(app, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./record.mjs', import.meta.url);\n",
    );
    const loaded = (code: string, name: string) => {
      const record = path.join(app, `${name}.txt`);
      const out = ok(process.execPath, ['--import', './register.mjs', '--input-type=module', '-e', code], app, {
        RECORD: record,
      });
      const urls = fs.readFileSync(record, 'utf8').trim().split('\n');
      return { out, files: urls.map((u) => (u.startsWith('file:') ? path.relative(app, new URL(u).pathname) : u)) };
    };
    const light = loaded(
      `import { SandboxControl } from '${pkg.name}/control';
     const c = new SandboxControl('http://127.0.0.1:1');
     console.log(typeof SandboxControl, typeof c.reset);`,
      'control',
    );
    t.equal(light.out, 'function function\n');
    t.same(light.files, [`node_modules/${pkg.name}/dist/src/control.js`], './control loads itself and nothing else');
    const full = loaded(`await import('${pkg.name}');`, 'main');
    for (const dep of ['fastify', 'better-sqlite3', 'zod'])
      t.ok(
        full.files.some((f) => f.startsWith(`node_modules/${dep}/`)),
        `the main entry loads ${dep} (the hook sees it)`,
      );

    // A TypeScript consumer: each export resolves to its declarations (a wrong `types` would be TS7016 here).
    fs.writeFileSync(
      path.join(app, 'consumer.ts'),
      `import { startSandbox, type StartedSandbox } from '${pkg.name}';
     import { SandboxControl, type FaultRuleInput, type MerchantView } from '${pkg.name}/control';
     const rule: FaultRuleInput = { match: { path: '/subscribe/payments/again' }, effect: { type: 'decline' } };
     export async function run(): Promise<MerchantView['merchant_code']> {
       const s: StartedSandbox = await startSandbox({ clock: new Date(0) });
       const c: SandboxControl = s.control;
       await c.faults.add(rule);
       const m = await c.createMerchant({ name: 'typed' });
       await s.close();
       return m.merchant_code;
     }`,
    );
    const tsc = sh(
      process.execPath,
      [
        path.join(root, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        'consumer.ts',
      ],
      app,
    );
    t.equal(`${tsc.stdout}${tsc.stderr}`, '', 'the consumer type-checks against the declarations');
    t.equal(tsc.code, 0);
  },
);

t.test(
  'the container layout: the Dockerfile CMD starts from a production install, its HEALTHCHECK tells',
  async (t) => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.split(/^FROM /m)[2]!;
    const cmd = JSON.parse(/^CMD (\[.+\])$/m.exec(runtime)![1]!) as string[];
    const health = JSON.parse(/^HEALTHCHECK .* CMD (\[.+\])$/m.exec(runtime)![1]!) as string[];
    const imageEnv = Object.fromEntries(
      [.../^ENV (.+)$/gm.exec(runtime)![1]!.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
    );
    t.same(Object.keys(imageEnv), ['NODE_ENV', 'HOST', 'PORT', 'DB_PATH']);

    // What the build stage does: unpack into /app, add the lockfile, install production dependencies only.
    const app = path.join(work, 'container/app');
    fs.mkdirSync(app, { recursive: true });
    ok('tar', ['-xzf', tarball, '-C', app, '--strip-components=1'], work);
    fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(app, 'package-lock.json'));
    ok('npm', ['ci', '--omit=dev', ...INSTALL], app);
    nativeSqlite(app);
    for (const dev of Object.keys(pkg.devDependencies))
      t.notOk(fs.existsSync(path.join(app, 'node_modules', dev)), `no dev dependency ${dev}`);
    for (const dep of Object.keys(pkg.dependencies))
      t.ok(fs.existsSync(path.join(app, 'node_modules', dep)), `dependency ${dep}`);

    // The /data volume is a folder here; the port a free one (PORT=0 would leave the health check no port to ask).
    const data = path.join(work, 'container/data');
    fs.mkdirSync(data);
    const port = await freePort();
    const runEnv = {
      ...imageEnv,
      DB_PATH: path.join(data, 'sandbox.db'),
      PORT: String(port),
      SANDBOX_ADMIN_TOKEN: 'ci-admin-secret',
      LOG_LEVEL: 'warn',
    };
    const server = spawn(cmd[0] === 'node' ? process.execPath : cmd[0]!, cmd.slice(1), {
      cwd: app,
      env: { ...env, ...runEnv },
    });
    const end = exited(server);
    const url = await listening(server);
    t.equal(url, `http://0.0.0.0:${port}`, 'HOST=0.0.0.0 from the image');
    t.ok(fs.existsSync(runEnv.DB_PATH), 'the database is in the volume');
    const check = () => sh(health[0] === 'node' ? process.execPath : health[0]!, health.slice(1), app, runEnv);
    const healthy = check();
    t.equal(healthy.code, 0, 'the health check passes against the running server');
    t.equal(healthy.stderr, '');
    const guarded = await fetch(`http://127.0.0.1:${port}/__sandbox/faults`);
    t.equal(guarded.status, 401, 'the control API asks for the admin token off loopback');
    server.kill('SIGTERM');
    const stopped = await end;
    t.equal(stopped.code, 0, 'STOPSIGNAL SIGTERM: a clean exit');
    t.equal(stopped.stderr, '');
    const dead = check();
    t.equal(dead.code, 1, 'the health check fails once nothing listens');
    t.equal(dead.stderr, `iamport-sandbox health check: http://127.0.0.1:${port}/__sandbox/health: ECONNREFUSED\n`);
  },
);
