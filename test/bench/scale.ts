// Benchmark of scale (issue 12, on demand, never part of `npm test`): every paged list and lookup on a database of
// 1,000,000 payments and 100,000 billing keys, against the same requests on a small one (2,000 payments, 200 keys: every
// page is as full as on the big one, so only the size of the database differs), same code, same run; then the resets.
// `scaleRows()` is what test/bench/run.ts prints; `node dist/test/bench/scale.js` runs it alone.
//
// The big database is built once through the stores, in one transaction, and kept (SCALE_DIR, default /dev/shm or the
// temp dir); a later run reuses it while it holds what it should (SCALE_REBUILD=1 builds it again).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createSandbox, type Sandbox } from '../../src/context.js';

export interface ScaleRow {
  measure: string;
  baseline: number;
  value: number;
  ratio: number;
  target?: string;
}

const KEY = 'imp_apikey';
const SECRET = 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f';
const CLOCK = '2026-01-01T00:00:00Z';
const NOW_S = Date.parse(CLOCK) / 1000;
const DAY = 86_400;
/** Payments spread over this many days before the clock: a sandbox file that has lived for a year. */
const SPAN_DAYS = 365;
const REPS = Number(process.env.SCALE_REPS ?? 300);
/**
 * Schedules come one every SCHEDULE_GAP seconds from a minute after the clock, at every size: 100,000 of them fill the
 * next 90 days. At one density for both sizes a window holds as many rows on the small database as on the big one, as
 * far as the small one's reach (200 schedules: the next 4.3 hours), so every schedule page is as full on both.
 */
const SCHEDULES_PER_90_DAYS = 100_000;
const SCHEDULE_GAP = (90 * DAY) / SCHEDULES_PER_90_DAYS;

interface Size {
  payments: number;
  keys: number;
}

interface Running {
  sb: Sandbox;
  app: App;
  token: string;
}

async function open(dbPath: string): Promise<Running> {
  const sb = createSandbox(loadConfig({}, [], { DB_PATH: dbPath, LOG_LEVEL: 'silent', CLOCK, SEED: 'scale' }));
  const app = await buildApp(sb);
  await app.ready();
  const res = await app.inject({
    method: 'POST',
    url: '/users/getToken',
    payload: { imp_key: KEY, imp_secret: SECRET },
  });
  return { sb, app, token: res.json().response.access_token };
}

async function close(r: Running): Promise<void> {
  await r.app.close();
  r.sb.close();
}

async function call(r: Running, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await r.app.inject({ method, url, headers: { authorization: r.token }, ...(payload ? { payload } : {}) });
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json().response;
}

const uid = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;

/**
 * Fill a fresh sandbox: `keys` billing keys (one through the API, copied), `payments` payments (10 per key, statuses
 * mixed, times spread over a year), one pending schedule per key, SCHEDULE_GAP apart. The copies are made in SQL, in
 * one transaction, one statement per table (json_set on the template's stored JSON: no per-row parse or stringify,
 * with a page cache big enough to hold what the transaction writes); the count triggers keep the buckets as they go.
 */
async function seed(r: Running, size: Size): Promise<void> {
  const card = { card_number: '4111-1111-1111-1111', expiry: '2030-12', birth: '900101', pwd_2digit: '12' };
  await call(r, 'POST', '/subscribe/customers/tpl', card);
  await call(r, 'POST', '/subscribe/payments/again', {
    customer_uid: 'tpl',
    merchant_uid: 'tpl_pay',
    amount: 1000,
    name: 'scale',
  });
  await call(r, 'POST', '/subscribe/payments/schedule', {
    customer_uid: 'tpl',
    schedules: [{ merchant_uid: 'tpl_sched', schedule_at: NOW_S + DAY, amount: 1000, name: 'scale' }],
  });
  const { db, store } = r.sb;
  const merchantId = store.merchants.all()[0]!.id;
  // Numbers are written into the SQL (bound ones would be REAL, and the divisions must be integer ones).
  const seq = (n: number) => `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ${n})`;
  const k = size.keys;
  const n = size.payments;
  const per = Math.floor(n / k);
  const cache = db.pragma('cache_size', { simple: true });
  db.pragma('cache_size = -1000000');
  try {
    store.tx(() => {
      db.prepare(
        `${seq(k)} INSERT INTO customers (merchant_id, customer_uid, card_rule, data)
         SELECT c.merchant_id, printf('cu%08d', i), c.card_rule, json_set(c.data, '$.customer_uid', printf('cu%08d', i))
         FROM seq, customers c WHERE c.merchant_id = @m AND c.customer_uid = 'tpl'`,
      ).run({ m: merchantId });
      db.prepare(
        `${seq(k)} INSERT INTO schedules (merchant_id, merchant_uid, customer_uid, schedule_at, schedule_status, data)
         SELECT s.merchant_id, printf('sc%08d', i), printf('cu%08d', i), ${NOW_S} + 60 + (i * ${90 * DAY}) / ${SCHEDULES_PER_90_DAYS},
           s.schedule_status, json_set(s.data,
             '$.schedule.customer_uid', printf('cu%08d', i), '$.schedule.merchant_uid', printf('sc%08d', i),
             '$.schedule.schedule_at', ${NOW_S} + 60 + (i * ${90 * DAY}) / ${SCHEDULES_PER_90_DAYS},
             '$.charge.customer_uid', printf('cu%08d', i), '$.charge.merchant_uid', printf('sc%08d', i))
         FROM seq, schedules s WHERE s.merchant_id = @m AND s.merchant_uid = 'tpl_sched'`,
      ).run({ m: merchantId });
      // Statuses by i % 10: 8 paid, then one failed, one cancelled.
      db.prepare(
        `${seq(n)}, gen AS (
           SELECT i, printf('imps_%08d', i) AS imp_uid, printf('mu%08d', i) AS merchant_uid,
             printf('cu%08d', i / ${per}) AS customer_uid,
             CASE i % 10 WHEN 8 THEN 'failed' WHEN 9 THEN 'cancelled' ELSE 'paid' END AS status,
             ${NOW_S - SPAN_DAYS * DAY} + (i * ${SPAN_DAYS * DAY}) / ${n} AS started_at FROM seq)
         INSERT INTO payments (imp_uid, merchant_id, merchant_uid, status, customer_uid,
           started_at, paid_at, failed_at, cancelled_at, updated_at, data)
         SELECT imp_uid, @m, merchant_uid, status, customer_uid, started_at, paid_at, failed_at, cancelled_at,
           started_at + 60, json_set(t.data, '$.imp_uid', imp_uid, '$.merchant_uid', merchant_uid,
             '$.customer_uid', customer_uid, '$.status', status, '$.started_at', started_at, '$.paid_at', paid_at,
             '$.failed_at', failed_at, '$.cancelled_at', cancelled_at)
         FROM (SELECT *, CASE status WHEN 'failed' THEN 0 ELSE started_at + 1 END AS paid_at,
                 CASE status WHEN 'failed' THEN started_at + 1 ELSE 0 END AS failed_at,
                 CASE status WHEN 'cancelled' THEN started_at + 60 ELSE 0 END AS cancelled_at FROM gen),
           (SELECT data FROM payments WHERE merchant_id = @m AND merchant_uid = 'tpl_pay') t`,
      ).run({ m: merchantId });
    });
  } finally {
    db.pragma(`cache_size = ${cache}`);
  }
}

/** Payments in the database file, or -1 when there is none (or it is not a sandbox's). */
function paymentsIn(file: string): number {
  if (!fs.existsSync(file)) return -1;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return -1;
  }
}

/** A sandbox on `file` holding `size` (built now unless the file already holds it). */
async function sized(file: string, size: Size, rebuild: boolean): Promise<{ r: Running; builtMs: number | null }> {
  // The seed's own template payment is one more.
  const fresh = rebuild || paymentsIn(file) !== size.payments + 1;
  if (fresh) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const r = await open(file);
  if (!fresh) return { r, builtMs: null };
  const t0 = performance.now();
  await seed(r, size);
  // Committed now, not at the end of the turn (group commit): a checkpoint cannot run inside a write transaction.
  r.sb.store.flush();
  r.sb.db.pragma('wal_checkpoint(TRUNCATE)');
  return { r, builtMs: performance.now() - t0 };
}

/** Median wall time of one request, ms, over REPS after a warm-up. */
async function timed(r: Running, method: 'GET' | 'POST', url: (i: number) => string, body?: (i: number) => object) {
  for (let i = 0; i < 20; i++) await call(r, method, url(i), body?.(i));
  const xs: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const u = url(i);
    const b = body?.(i);
    const t0 = performance.now();
    await call(r, method, u, b);
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
}

interface Probe {
  measure: string;
  method: 'GET' | 'POST';
  url: (i: number, size: Size) => string;
  body?: (i: number, size: Size) => object;
}

const pick = (i: number, n: number) => (i * 7919) % n;
const PROBES: Probe[] = [
  { measure: 'GET /payments/status/paid, page 1 of 20 (90 days)', method: 'GET', url: () => '/payments/status/paid' },
  {
    measure: 'GET /payments/status/all, page 3 of 100, sorting=-updated',
    method: 'GET',
    url: () => '/payments/status/all?page=3&limit=100&sorting=-updated',
  },
  // A narrow window a month back, as wide as holds about 20 cancelled payments at that size (one in 10 is cancelled),
  // so that both pages are full: a fixed day would hold 0 or 1 row on the small database and 270 on the big one.
  {
    measure: 'GET /payments/status/cancelled, page 1, a narrow window a month back (~20 rows)',
    method: 'GET',
    url: (_, s) =>
      `/payments/status/cancelled?from=${NOW_S - 30 * DAY}&to=${NOW_S - 30 * DAY + Math.ceil((20 * SPAN_DAYS * DAY) / (s.payments / 10))}`,
  },
  {
    measure: 'GET /payments/{imp_uid}',
    method: 'GET',
    url: (i, s) => `/payments/${uid('imps_', pick(i, s.payments))}`,
  },
  {
    measure: 'GET /payments/find/{merchant_uid}',
    method: 'GET',
    url: (i, s) => `/payments/find/${uid('mu', pick(i, s.payments))}`,
  },
  {
    measure: 'GET /payments/findAll/{merchant_uid}',
    method: 'GET',
    url: (i, s) => `/payments/findAll/${uid('mu', pick(i, s.payments))}`,
  },
  {
    measure: 'GET /subscribe/customers/{uid}/payments',
    method: 'GET',
    url: (i, s) => `/subscribe/customers/${uid('cu', pick(i, s.keys))}/payments`,
  },
  {
    measure: 'GET /subscribe/customers/{uid}',
    method: 'GET',
    url: (i, s) => `/subscribe/customers/${uid('cu', pick(i, s.keys))}`,
  },
  // The same for schedules (SCHEDULE_GAP apart at both sizes): a window an hour ahead holding 20 of them; a day, all of
  // the small database's 200 and 1,111 of the big one's (both pages full); 90 days, every schedule.
  {
    measure: 'GET /subscribe/payments/schedule, page 1, a narrow window (~20 rows)',
    method: 'GET',
    url: () =>
      `/subscribe/payments/schedule?schedule_from=${NOW_S + 3600}&schedule_to=${NOW_S + 3600 + Math.ceil(20 * SCHEDULE_GAP)}`,
  },
  {
    measure: 'GET /subscribe/payments/schedule, page 1, one day',
    method: 'GET',
    url: () => `/subscribe/payments/schedule?schedule_from=${NOW_S}&schedule_to=${NOW_S + DAY}`,
  },
  {
    measure: 'GET /subscribe/payments/schedule, page 1, 90 days',
    method: 'GET',
    url: () => `/subscribe/payments/schedule?schedule_from=${NOW_S}&schedule_to=${NOW_S + 90 * DAY}`,
  },
  {
    measure: 'GET /subscribe/payments/schedule/customers/{uid}',
    method: 'GET',
    url: (i, s) => `/subscribe/payments/schedule/customers/${uid('cu', pick(i, s.keys))}`,
  },
  { measure: 'GET /__sandbox/requests?limit=20 (journal)', method: 'GET', url: () => '/__sandbox/requests?limit=20' },
  {
    measure: 'GET /__sandbox/webhooks?imp_uid= (control list)',
    method: 'GET',
    url: (i, s) => `/__sandbox/webhooks?imp_uid=${uid('imps_', pick(i, s.payments))}`,
  },
  {
    measure: 'POST /subscribe/payments/again',
    method: 'POST',
    url: () => '/subscribe/payments/again',
    body: (i, s) => ({
      customer_uid: uid('cu', pick(i, s.keys)),
      merchant_uid: `again_${i}_${Math.random()}`,
      amount: 1000,
      name: 'x',
    }),
  },
];

/** Reset of one merchant holding `rows` payments, ms (a created merchant, so the big one keeps its data). */
async function merchantReset(r: Running, rows: number): Promise<number> {
  const created = await r.app.inject({ method: 'POST', url: '/__sandbox/merchants', payload: { name: 'reset-bench' } });
  const m = created.json().response as { id: string };
  const tpl = r.sb.store.payments.list(r.sb.store.merchants.all()[0]!.id, {}, { offset: 0, limit: 1 })[0]!;
  r.sb.store.tx(() => {
    for (let i = 0; i < rows; i++)
      r.sb.store.payments.insert(m.id, { ...tpl, imp_uid: uid('impr_', i), merchant_uid: uid('mr', i) }, NOW_S);
  });
  // Committed before the clock starts (group commit would otherwise commit these rows with the reset).
  await r.sb.store.settled();
  const t0 = performance.now();
  const res = await r.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: m.id } });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`reset: ${res.statusCode} ${res.body}`);
  return ms;
}

async function wholeReset(r: Running): Promise<number> {
  const t0 = performance.now();
  const res = await r.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: {} });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`reset: ${res.statusCode} ${res.body}`);
  return ms;
}

export interface ScaleOptions {
  payments?: number;
  keys?: number;
  dir?: string;
  /** Log progress (building, measuring) to stderr. */
  log?: (line: string) => void;
}

/** Every list and lookup, small vs big database; then one merchant's reset (10,000 rows) and the whole reset. */
export async function scaleRows(o: ScaleOptions = {}): Promise<ScaleRow[]> {
  const big: Size = { payments: o.payments ?? 1_000_000, keys: o.keys ?? 100_000 };
  const small: Size = { payments: 2000, keys: 200 };
  const dir = o.dir ?? process.env.SCALE_DIR ?? (fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());
  const log = o.log ?? (() => {});
  const smallRun = await sized(path.join(dir, `sandbox-scale-${small.payments}.db`), small, true);
  log(`building or reopening the big database in ${dir}...`);
  const bigRun = await sized(
    path.join(dir, `sandbox-scale-${big.payments}.db`),
    big,
    process.env.SCALE_REBUILD === '1',
  );
  const rows: ScaleRow[] = [];
  if (bigRun.builtMs !== null)
    log(`built ${big.payments} payments, ${big.keys} keys in ${(bigRun.builtMs / 1000).toFixed(1)} s`);
  try {
    for (const p of PROBES) {
      const baseline = await timed(smallRun.r, p.method, (i) => p.url(i, small), p.body && ((i) => p.body!(i, small)));
      const value = await timed(bigRun.r, p.method, (i) => p.url(i, big), p.body && ((i) => p.body!(i, big)));
      rows.push({ measure: `${p.measure}, ms`, baseline, value, ratio: value / baseline, target: '<= 2x' });
      log(`${p.measure}: ${baseline.toFixed(3)} vs ${value.toFixed(3)} ms`);
    }
    const r10k = await merchantReset(bigRun.r, 10_000);
    rows.push({
      measure: 'reset of one merchant with 10,000 payments, ms',
      baseline: 100,
      value: r10k,
      ratio: r10k / 100,
      target: '< 100 ms',
    });
    const whole = await wholeReset(bigRun.r);
    rows.push({
      measure: `reset of the whole sandbox, ${big.payments} payments, ms`,
      baseline: 1000,
      value: whole,
      ratio: whole / 1000,
      target: '< 1000 ms',
    });
  } finally {
    await close(smallRun.r);
    await close(bigRun.r);
  }
  // The whole reset emptied the big file: the next run builds it again.
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = await scaleRows({ log: (l) => process.stderr.write(`${l}\n`) });
  const w = Math.max(...rows.map((r) => r.measure.length));
  for (const r of rows) {
    process.stdout.write(
      `${r.measure.padEnd(w)}  ${r.baseline.toFixed(3).padStart(9)}  ${r.value.toFixed(3).padStart(9)}  ${r.ratio.toFixed(2).padStart(6)}x  ${r.target ?? ''}\n`,
    );
  }
}
