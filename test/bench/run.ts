// Benchmark (on demand: `npm run bench`, never part of `npm test`; issue 12). Every figure is printed beside a baseline
// measured in the same run on the same machine, and their ratio, so a loaded or slow machine moves both alike:
//  - hot paths: GET /payments/{imp_uid} and POST /subscribe/payments/again over loopback, 50 connections (autocannon),
//    the sandbox against minimal.ts (Fastify + better-sqlite3 doing only the unavoidable work, same payload), in
//    alternating rounds; requests/s and p99 latency are the medians of the rounds;
//  - start-up: spawn to the first 200 from the health route, the sandbox's server against a bare Fastify hello-world
//    (hello.ts) spawned the same way, median of 7 each, alternating;
//  - scale, memory and reset: the rows of scale.ts when it is there (it brings its own baselines).
// Knobs: BENCH_SECONDS (per load, 5), BENCH_ROUNDS (3), BENCH_STARTS (7); BENCH_SCALE=0 leaves the scale rows out (they
// build a 1,000,000-row database first, which takes minutes); BENCH_SANDBOX, another build's server
// (dist/bin/iamport-sandbox.cjs, or dist/src/server.js) to measure instead (a before/after on the same machine).

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { MinimalSeed } from './minimal.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STARTS = Number(process.env.BENCH_STARTS ?? 7);
const CONNECTIONS = 50;

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(here, '../..');
// The command line's bundle (what `npx iamport-sandbox`, `npm start` and the image run), built by `npm run build`.
const SERVER = process.env.BENCH_SANDBOX
  ? path.resolve(process.env.BENCH_SANDBOX)
  : path.join(DIST, 'bin/iamport-sandbox.cjs');
const MINIMAL = path.join(here, 'minimal.js');
const HELLO = path.join(here, 'hello.js');
const KEY = 'imp_apikey';
const SECRET = 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f';

export interface Row {
  measure: string;
  baseline: number;
  value: number;
  ratio: number;
  /** What the issue asks of this figure, if anything. */
  target?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/** One GET; resolves with the status, rejects when nothing answers (not listening yet). */
const probe = (port: number, urlPath: string, headers: Record<string, string> = {}) =>
  new Promise<number>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });

/** Poll until the first 200 (every 2 ms: the resolution of the start-up figure). */
async function firstOk(child: ChildProcess, port: number, urlPath: string, headers?: Record<string, string>) {
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    if (performance.now() > deadline) throw new Error(`no 200 from ${urlPath} within 30 s`);
    const status = await probe(port, urlPath, headers).catch(() => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

function launch(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  child.on('exit', (code) => {
    if (code && code !== 0 && !child.killed) process.stderr.write(`${path.basename(script)} exited ${code}: ${err}\n`);
  });
  return child;
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const sandboxArgs = (port: number, db: string) => ['--port', String(port), '--db-path', db, '--log-level', 'silent'];

async function startup(tmp: string): Promise<Row> {
  const once = async (kind: 'hello' | 'sandbox') => {
    const port = await freePort();
    const t0 = performance.now();
    const child =
      kind === 'hello' ? launch(HELLO, [String(port)]) : launch(SERVER, sandboxArgs(port, path.join(tmp, 'start.db')));
    await firstOk(child, port, kind === 'hello' ? '/health' : '/__sandbox/health');
    const ms = performance.now() - t0;
    await stop(child);
    return ms;
  };
  // One start of each not counted: it fills the file cache and creates the database (later starts reopen it, as a
  // developer's restart does).
  await once('hello');
  await once('sandbox');
  const bare: number[] = [];
  const sandbox: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    if (i % 2) sandbox.push(await once('sandbox'));
    bare.push(await once('hello'));
    if (!(i % 2)) sandbox.push(await once('sandbox'));
  }
  const b = median(bare);
  const v = median(sandbox);
  return {
    measure: `start-up: spawn to first 200 (median of ${STARTS}), ms`,
    baseline: b,
    value: v,
    ratio: v / b,
    target: '<= 1.5x',
  };
}

async function call(port: number, method: string, urlPath: string, body?: unknown, token?: string) {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = JSON.parse(text) as { code: number; response: Record<string, unknown> };
  if (res.status !== 200 || json.code !== 0) throw new Error(`${method} ${urlPath}: ${res.status} ${text}`);
  return { json, bytes: Buffer.byteLength(text) };
}

interface Load {
  rps: number;
  p99: number;
  /** Answers received. */
  total: number;
  /** CPU time the server spent during the load (user + system), ms; NaN where /proc is not there. */
  cpuMs: number;
  bad: number;
}

/** A request of the load; `body` makes each body (an `again` needs a fresh merchant_uid every time). */
interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: (n: number) => string;
}

/**
 * CPU time a process has used so far, ms (Linux /proc). Other agents' load moves requests/s of both servers, but
 * hardly the CPU time each spends per answer: this is the steadier figure on a busy machine.
 */
function cpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3); clock ticks, 100 a second on Linux.
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

let loads = 0;
async function load(target: Target, req: LoadRequest, token: string, s: number): Promise<Load> {
  // Not autocannon's idReplacement: it announces a Content-Length of 27 bytes per id and sends fewer (autocannon 8.0).
  const run = ++loads;
  let n = 0;
  const body = req.body;
  const cpu0 = cpuMs(target.child.pid);
  const r = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: CONNECTIONS,
    duration: s,
    requests: [
      {
        method: req.method,
        path: req.path,
        ...(body ? { setupRequest: (q: autocannon.Request) => ({ ...q, body: body(run * 1e9 + ++n) }) } : {}),
      },
    ],
    headers: { authorization: token, 'content-type': 'application/json' },
  });
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    total: r.requests.total,
    cpuMs: cpuMs(target.child.pid) - cpu0,
    bad: r.non2xx + r.errors + r.timeouts,
  };
}

interface Target {
  child: ChildProcess;
  port: number;
}

async function hotPaths(tmp: string): Promise<{ rows: Row[]; notes: string[] }> {
  const notes: string[] = [];
  const sbPort = await freePort();
  const sandbox = launch(SERVER, sandboxArgs(sbPort, path.join(tmp, 'hot.db')));
  let minimal: ChildProcess | undefined;
  try {
    await firstOk(sandbox, sbPort, '/__sandbox/health');
    const token = String(
      (await call(sbPort, 'POST', '/users/getToken', { imp_key: KEY, imp_secret: SECRET })).json.response.access_token,
    );
    const card = { card_number: '4111-1111-1111-1111', expiry: '2030-12', birth: '900101', pwd_2digit: '12' };
    await call(sbPort, 'POST', '/subscribe/customers/bench', card, token);
    const customer = (await call(sbPort, 'GET', '/subscribe/customers/bench', undefined, token)).json.response;
    const again = { customer_uid: 'bench', merchant_uid: 'bench_lookup', amount: 1000, name: 'bench' };
    const payment = (await call(sbPort, 'POST', '/subscribe/payments/again', again, token)).json.response;
    if (payment.status !== 'paid') throw new Error(`the bench payment is ${payment.status}`);
    const impUid = String(payment.imp_uid);
    const seed: MinimalSeed = {
      token,
      merchant_id: 'default',
      customer_uid: 'bench',
      customer,
      payment: payment as MinimalSeed['payment'],
    };
    const seedFile = path.join(tmp, 'seed.json');
    fs.writeFileSync(seedFile, JSON.stringify(seed));
    const minPort = await freePort();
    minimal = launch(MINIMAL, [String(minPort), path.join(tmp, 'minimal.db'), seedFile]);
    await firstOk(minimal, minPort, `/payments/${impUid}`, { authorization: token });

    const a = await call(sbPort, 'GET', `/payments/${impUid}`, undefined, token);
    const b = await call(minPort, 'GET', `/payments/${impUid}`, undefined, token);
    notes.push(`lookup answer: sandbox ${a.bytes} bytes, minimal ${b.bytes} bytes`);
    if (JSON.stringify(a.json) !== JSON.stringify(b.json)) notes.push('warning: the two lookup answers differ');

    const cases = [
      {
        name: 'GET /payments/{imp_uid}',
        req: { method: 'GET' as const, path: `/payments/${impUid}` },
        rps: 0.7,
        p99: 10,
      },
      {
        name: 'POST /subscribe/payments/again',
        req: {
          method: 'POST' as const,
          path: '/subscribe/payments/again',
          body: (n: number) => `{"customer_uid":"bench","merchant_uid":"m_${n}","amount":1000,"name":"bench"}`,
        },
        rps: 0.5,
      },
    ];
    const rows: Row[] = [];
    const targets = { minimal: { child: minimal, port: minPort }, sandbox: { child: sandbox, port: sbPort } };
    for (const c of cases) {
      // Warm both (JIT, SQLite page cache), then alternate which goes first in each round.
      await load(targets.minimal, c.req, token, 1);
      await load(targets.sandbox, c.req, token, 1);
      const got = { minimal: [] as Load[], sandbox: [] as Load[] };
      for (let r = 0; r < ROUNDS; r++) {
        const order = r % 2 ? (['sandbox', 'minimal'] as const) : (['minimal', 'sandbox'] as const);
        for (const who of order) got[who].push(await load(targets[who], c.req, token, SECONDS));
      }
      for (const who of ['minimal', 'sandbox'] as const) {
        const bad = got[who].reduce((n, l) => n + l.bad, 0);
        if (bad > 0) notes.push(`warning: ${c.name} on ${who}: ${bad} non-2xx answers, errors or timeouts`);
      }
      const rps = (who: 'minimal' | 'sandbox') => median(got[who].map((l) => l.rps));
      const p99 = (who: 'minimal' | 'sandbox') => median(got[who].map((l) => l.p99));
      const cpu = (who: 'minimal' | 'sandbox') =>
        (got[who].reduce((n, l) => n + l.cpuMs, 0) * 1000) / got[who].reduce((n, l) => n + l.total, 0);
      // The ratio of each round's two runs, side by side in time, then their median: steadier than a ratio of medians.
      const paired = median(got.sandbox.map((l, i) => l.rps / got.minimal[i]!.rps));
      rows.push({
        measure: `${c.name}, req/s (${CONNECTIONS} conns)`,
        baseline: rps('minimal'),
        value: rps('sandbox'),
        ratio: paired,
        target: `>= ${c.rps}x`,
      });
      rows.push({
        measure: `${c.name}, p99 ms`,
        baseline: p99('minimal'),
        value: p99('sandbox'),
        ratio: p99('sandbox') / p99('minimal'),
        ...(c.p99 ? { target: `< ${c.p99} ms` } : {}),
      });
      // Inverted, so that like req/s a higher ratio is better: minimal's CPU per answer over the sandbox's.
      rows.push({
        measure: `${c.name}, server CPU µs/answer (ratio: minimal/sandbox)`,
        baseline: cpu('minimal'),
        value: cpu('sandbox'),
        ratio: cpu('minimal') / cpu('sandbox'),
        target: `>= ${c.rps}x`,
      });
      notes.push(
        `${c.name} rounds, req/s: minimal ${got.minimal.map((l) => Math.round(l.rps)).join(' ')}, ` +
          `sandbox ${got.sandbox.map((l) => Math.round(l.rps)).join(' ')}`,
      );
    }
    // The sandbox really charged under load (a refusal is HTTP 200 too).
    const last = await call(
      sbPort,
      'POST',
      '/subscribe/payments/again',
      { ...again, merchant_uid: 'bench_last' },
      token,
    );
    if (last.json.response.status !== 'paid') notes.push('warning: the last again was not paid');
    return { rows, notes };
  } finally {
    if (minimal) await stop(minimal);
    await stop(sandbox);
  }
}

/** The scale module's rows (another part of issue 12), when it is there; its absence only leaves a note. */
async function scaleRows(): Promise<{ rows: Row[]; notes: string[] }> {
  if (process.env.BENCH_SCALE === '0') return { rows: [], notes: ['scale rows: left out (BENCH_SCALE=0)'] };
  const file = path.join(here, 'scale.js');
  if (!fs.existsSync(file)) return { rows: [], notes: ['scale rows: test/bench/scale.ts is not there'] };
  try {
    const mod = (await import(file)) as Record<string, unknown>;
    const fn = [mod.scaleRows, mod.default, ...Object.values(mod)].find((f) => typeof f === 'function') as
      | (() => Promise<Row[]> | Row[])
      | undefined;
    if (!fn) return { rows: [], notes: ['scale rows: scale.js exports no function'] };
    return { rows: await fn(), notes: [] };
  } catch (e) {
    return { rows: [], notes: [`scale rows failed: ${(e as Error).stack ?? e}`] };
  }
}

const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : String(n));

function print(rows: Row[], notes: string[]): void {
  const cells = [
    ['measure', 'baseline', 'sandbox', 'ratio', 'target'],
    ...rows.map((r) => [r.measure, fmt(r.baseline), fmt(r.value), `${r.ratio.toFixed(2)}x`, r.target ?? '']),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    `| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(cells[0]!));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const c of cells.slice(1)) console.log(line(c));
  console.log(
    `\nbaselines: start-up vs a bare Fastify hello-world; hot paths vs test/bench/minimal.ts; ${os.cpus().length} cores, ` +
      `node ${process.version}`,
  );
  for (const n of notes) console.log(`- ${n}`);
}

async function main() {
  for (const f of [SERVER, MINIMAL, HELLO])
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npm run bench\` (it compiles first)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-bench-'));
  try {
    const start = await startup(tmp);
    const hot = await hotPaths(tmp);
    const scale = await scaleRows();
    print([...hot.rows, start, ...scale.rows], [...hot.notes, ...scale.notes]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
