// The command as users run it (`npm start` = prestart builds, then start execs `node dist/bin/iamport-sandbox.cjs`,
// the bundle of scripts/bundle.mjs): start-up, config refusals, the SQLite file created on first run and kept across
// restarts, a clean exit on SIGTERM, the start-up banner, no orphan behind `npm start`, what the bundle holds, and the
// Dockerfile's shape (the image itself: package.test.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { DEFAULT_KEY, DEFAULT_SECRET } from './helpers.js';

// A build and a dozen spawned servers (one behind npm) on a shared 2-core machine: more than the default 120 s there.
t.setTimeout(300_000);

const root = path.resolve(import.meta.dirname, '..');
const server = path.join(root, 'dist/bin/iamport-sandbox.cjs');
// `npm run build`'s two steps. tsc writes the files even when it reports type errors: those are `npm run typecheck`'s
// to report (npm test runs it first), so a type error elsewhere in the tree does not hide what this file tests. A tsc
// that emits nothing fails, and so does the bundle step.
const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
  { cwd: root, encoding: 'utf8' },
);
if (tsc.status !== 0 && !fs.existsSync(path.join(root, 'dist/src/server.js')))
  throw new Error(`build failed: ${tsc.stdout}${tsc.stderr}`);
const bundle = spawnSync(process.execPath, [path.join(root, 'scripts/bundle.mjs')], { cwd: root, encoding: 'utf8' });
if (bundle.status !== 0) throw new Error(`bundle failed: ${bundle.stdout}${bundle.stderr}`);

function run(args: string[], env: Record<string, string> = {}, cwd = os.tmpdir()) {
  return spawn(process.execPath, [server, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
  });
}

function exited(p: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  p.stdout!.on('data', (d) => (stdout += d));
  p.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Start, wait for the "listening on" line, and hand back the URL. */
async function started(p: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    p.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
  });
}

t.test('an invalid setting stops start-up with one line naming the variable, exit code 2', async (t) => {
  const bad = await exited(run([], { PORT: 'abc' }));
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'iamport-sandbox: Invalid config: PORT Invalid input: expected number, received NaN\n');
  const flag = await exited(run(['--clock', 'tomorrow']));
  t.equal(flag.code, 2);
  t.equal(
    flag.stderr,
    'iamport-sandbox: Invalid config: CLOCK must be "system" or an ISO time such as 2026-01-01T00:00:00Z\n',
  );
  const open = await exited(run([], { HOST: '0.0.0.0' }));
  t.equal(open.code, 2);
  t.match(
    open.stderr,
    /^iamport-sandbox: Invalid config: SANDBOX_ADMIN_TOKEN is required when HOST \(0\.0\.0\.0\) is not loopback/,
  );
  const unknown = await exited(run(['--prot', '1']));
  t.equal(unknown.code, 2);
  t.equal(unknown.stderr, 'iamport-sandbox: Unknown flag --prot\n');
});

t.test('--help and --version answer and exit 0', async (t) => {
  const help = await exited(run(['--help']));
  t.equal(help.code, 0);
  t.match(help.stdout, /^Usage: iamport-sandbox \[--port 7707\]/);
  const version = await exited(run(['--version']));
  t.equal(version.code, 0);
  t.equal(version.stdout, `${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
  // tsc's server.js, which the bundle is made from, is still a program too (test/bench runs it).
  const unbundled = spawnSync(process.execPath, [path.join(root, 'dist/src/server.js'), '--version'], {
    encoding: 'utf8',
  });
  t.equal(unbundled.status, 0);
  t.equal(unbundled.stdout, version.stdout);
});

t.test('the bin is one file: the code and its packages, without the native and the lazily loaded ones', async (t) => {
  const text = fs.readFileSync(server, 'utf8');
  t.match(
    text,
    /^#!\/usr\/bin\/env node\n'use strict';\n/,
    'a program, in strict mode like the ES modules it is made of',
  );
  // esbuild names each file it bundles in a comment line: `// node_modules/fastify/fastify.js`, `// dist/src/app.js`.
  const files = [...text.matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm)].map((m) => m[1]!);
  const packages = new Set(files.map((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
  t.ok(files.includes('dist/src/app.js'), "made from tsc's output");
  for (const name of ['fastify', 'zod', 'fastify-type-provider-zod', '@fastify/formbody', '@fastify/send'])
    t.ok(packages.has(name), `${name} is in it`);
  for (const name of [
    'better-sqlite3',
    '@fastify/swagger',
    '@fastify/swagger-ui',
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
    'ajv',
  ])
    t.notOk(packages.has(name), `${name} is not`);
});

t.test('the database file is created on first run, survives a restart, and SIGTERM exits cleanly', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const args = ['--port', '0', '--clock', '2026-01-01T00:00:00Z', '--seed', 'cli'];

  const first = run(args, {}, dir);
  const firstExit = exited(first);
  const url = await started(first);
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.ok(
    fs.existsSync(path.join(dir, '.sandbox/sandbox.db')),
    'default DB_PATH ./.sandbox/sandbox.db, created on first run',
  );
  const health = await (await fetch(`${url}/__sandbox/health`)).json();
  t.same(health, {
    status: 'ok',
    version: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
  });
  const token = (
    await (
      await fetch(`${url}/users/getToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET }),
      })
    ).json()
  ).response.access_token;
  const issued = await (
    await fetch(`${url}/subscribe/customers/kept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ card_number: '4111-1111-1111-1111', expiry: '2030-12' }),
    })
  ).json();
  t.equal(issued.code, 0);
  first.kill('SIGTERM');
  const end = await firstExit;
  t.equal(end.code, 0, 'SIGTERM closes cleanly');
  t.match(end.stdout, /iamport-sandbox: SIGTERM, closing/);

  const second = run(args, {}, dir);
  const secondExit = exited(second);
  const url2 = await started(second);
  const token2 = (
    await (
      await fetch(`${url2}/users/getToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET }),
      })
    ).json()
  ).response.access_token;
  t.equal(token2, token, 'the token is still live by the same fixed clock');
  const kept = await (await fetch(`${url2}/subscribe/customers/kept`, { headers: { authorization: token2 } })).json();
  t.equal(kept.code, 0);
  t.equal(kept.response.card_number, '41111111****1111');
  second.kill('SIGINT');
  t.equal((await secondExit).code, 0, 'SIGINT closes cleanly too');
});

t.test(
  'the Dockerfile: two stages, a runtime without build tools, not root, the volume, health check and signal',
  async (t) => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    t.same(copies, [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'scripts',
      'src',
      'fixtures',
      'public',
      'docs',
    ]);
    for (const src of copies) t.ok(fs.existsSync(path.join(root, src)), `COPY ${src} exists`);
    const ignored = fs
      .readFileSync(path.join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    t.same(
      copies.filter((c) => ignored.includes(c)),
      [],
      '.dockerignore keeps every COPY source in the context',
    );
    t.ok(ignored.includes('node_modules') && ignored.includes('.git'), 'no node_modules or .git in the context');

    const stages = dockerfile.split(/^FROM /m).slice(1);
    t.equal(stages.length, 2, 'a build stage and a runtime stage');
    const runtime = stages[1]!;
    t.match(runtime, /^node:20-bookworm-slim\n/, 'the slim image: no compiler, no python');
    t.notMatch(runtime, /apt-get|g\+\+|python3|npm (ci|install)/, 'the runtime stage installs nothing');
    t.match(runtime, /^COPY --from=build \/app \.\/$/m, 'it takes the unpacked package with its production modules');
    t.match(runtime, /^USER node$/m);
    t.match(runtime, /^RUN mkdir -p \/data && chown node:node \/data\nVOLUME \/data$/m, 'the volume belongs to node');
    t.match(runtime, /^EXPOSE 7707$/m);
    t.match(runtime, /^STOPSIGNAL SIGTERM$/m);
    t.match(runtime, /^ENV .*HOST=0\.0\.0\.0/m);
    t.match(runtime, /^ENV .*DB_PATH=\/data\/sandbox\.db/m);
    t.match(dockerfile, /SANDBOX_ADMIN_TOKEN/, 'the image says how the admin token rule applies off loopback');
    const health = /^HEALTHCHECK .* CMD (\[.+\])$/m.exec(runtime);
    t.same(JSON.parse(health![1]!), ['node', 'dist/src/healthcheck.js'], 'the health check runs with node');
    const cmd = /^CMD (\[.+\])$/m.exec(runtime);
    t.same(JSON.parse(cmd![1]!), ['node', 'dist/bin/iamport-sandbox.cjs']);
    for (const file of ['dist/bin/iamport-sandbox.cjs', 'dist/src/healthcheck.js'])
      t.ok(fs.existsSync(path.join(root, file)), `the build produced ${file}`);
    // The build stage packs, unpacks into /app and installs there (test/package.test.ts runs the same steps).
    t.match(stages[0]!, /npm pack --silent --pack-destination \/tmp/);
    t.match(stages[0]!, /npm ci --omit=dev --ignore-scripts/);
  },
);

/** Read stdout until the banner's last line (health) and hand back the whole block. */
function banner(p: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      if (/\n {2}health +\S+\n/.test(out)) resolve(out);
    });
    p.on('exit', (code) => reject(new Error(`exited ${code} before the banner ended: ${out}`)));
  });
}

t.test(
  'the start-up banner: one block on stdout even with LOG_LEVEL=warn, created merchants without their secret',
  async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-banner-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const args = ['--port', '0', '--db-path', 'sandbox.db', '--clock', '2026-01-01T00:00:00Z', '--seed', 'banner'];
    const fixtures = JSON.parse(fs.readFileSync(path.join(root, 'fixtures/merchants.json'), 'utf8')).merchants as {
      id: string;
      merchant_code: string;
      imp_key: string;
      imp_secret: string;
    }[];

    const first = run(args, { LOG_LEVEL: 'warn' }, dir);
    const firstExit = exited(first);
    const text = await banner(first);
    const url = /^iamport-sandbox \S+ listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(text)?.[1];
    t.ok(url, 'the first line: version and URL');
    const lines = text.split('\n');
    t.equal(lines[1], `  database     ${fs.realpathSync(dir)}/sandbox.db`);
    t.equal(
      lines[2],
      '  clock        fixed, from 2026-01-01T00:00:00.000Z (moves only when told: POST /__sandbox/clock)',
    );
    t.equal(lines[3], `  REST API     ${url} (in place of https://api.iamport.kr)`);
    const width = Math.max(...fixtures.map((m) => m.id.length));
    fixtures.forEach((m, i) => {
      const creds = `${m.id.padEnd(width)}  merchant_code=${m.merchant_code}  imp_key=${m.imp_key}  imp_secret=${m.imp_secret}`;
      t.equal(lines[5 + i], `${i === 0 ? '  merchants    ' : '               '}${creds}`, m.id);
    });
    for (const [label, p] of [
      ['SDK script', '/v1/iamport.js'],
      ['dashboard', '/__sandbox/ui/'],
      ['OpenAPI', '/__sandbox/openapi.json'],
      ['API docs', '/__sandbox/docs'],
    ])
      t.ok(lines.includes(`  ${label.padEnd(11)}  ${url}${p}`), label);
    t.equal((await fetch(`${url}/v1/iamport.js`)).status, 200, 'the SDK pointer answers');
    t.equal((await fetch(`${url}/`)).headers.get('content-type'), 'text/html; charset=utf-8', 'so does GET /');
    const created = await (
      await fetch(`${url}/__sandbox/merchants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'kept' }),
      })
    ).json();
    first.kill('SIGTERM');
    t.equal((await firstExit).code, 0);

    const second = run(args, { LOG_LEVEL: 'warn' }, dir);
    const secondExit = exited(second);
    const again = await banner(second);
    const m = created.response as { id: string; merchant_code: string; imp_key: string; imp_secret: string };
    const line = again.split('\n').find((l) => l.includes(`merchant_code=${m.merchant_code}`));
    t.equal(
      line,
      `               ${m.id.padEnd(Math.max(width, m.id.length))}  merchant_code=${m.merchant_code}  imp_key=${m.imp_key}  (created through the control API)`,
      'the created merchant, kept in the file, is listed after a restart',
    );
    t.notMatch(again, m.imp_secret, 'without its secret');
    second.kill('SIGTERM');
    const end = await secondExit;
    t.equal(end.code, 0);
    t.equal(end.stderr, '', 'nothing on stderr');
  },
);

/** The pids whose parent is `ppid` (Linux /proc). */
function childrenOf(ppid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after the last ')'.
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

t.test(
  'npm start: node replaces the shell, so a SIGTERM to npm stops the server (no orphan)',
  { skip: process.platform === 'linux' ? false : 'reads /proc' },
  async (t) => {
    // --ignore-scripts skips prestart (the build, done above) but still runs start itself.
    const npm = spawn('npm', ['start', '--silent', '--ignore-scripts', '--', '--port', '0', '--db-path', ':memory:'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const npmExit = exited(npm);
    const url = await started(npm);
    const kids = childrenOf(npm.pid!);
    t.equal(kids.length, 1, 'npm has one child');
    const server = kids[0]!;
    t.teardown(() => {
      if (alive(server)) process.kill(server, 'SIGKILL');
    });
    const argv = fs.readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0');
    t.equal(path.basename(argv[0]!), 'node', 'the child is node itself, not sh -c');
    t.equal(argv[1], 'dist/bin/iamport-sandbox.cjs');
    npm.kill('SIGTERM');
    const end = await npmExit;
    t.equal(end.code, 0, 'npm exits 0: the server closed cleanly');
    t.equal(alive(server), false, 'the server is gone');
    const after = await fetch(`${url}/__sandbox/health`).then(
      () => 'answered',
      () => 'refused',
    );
    t.equal(after, 'refused');
  },
);
