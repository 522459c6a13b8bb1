// The command as users run it (`npm start` = build, then `node dist/src/server.js`): start-up, config refusals,
// the SQLite file created on first run and kept across restarts, and a clean exit on SIGTERM.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { DEFAULT_KEY, DEFAULT_SECRET } from './helpers.js';

const root = path.resolve(import.meta.dirname, '..');
const server = path.join(root, 'dist/src/server.js');
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
  { cwd: root },
);

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
  'the Dockerfile copies files that exist and starts what the build produces (no Docker engine here to build it)',
  async (t) => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    t.ok(copies.length >= 6, `${copies.length} COPY sources`);
    for (const src of copies) t.ok(fs.existsSync(path.join(root, src)), `COPY ${src} exists`);
    const cmd = /^CMD \["node", "([^"]+)"\]$/m.exec(dockerfile);
    t.equal(cmd?.[1], 'dist/src/server.js');
    t.ok(fs.existsSync(path.join(root, cmd![1]!)), 'the build produced the CMD file');
    t.match(dockerfile, /^ENV .*HOST=0\.0\.0\.0/m);
    t.match(dockerfile, /SANDBOX_ADMIN_TOKEN/, 'the image says how the admin token rule applies off loopback');
  },
);
