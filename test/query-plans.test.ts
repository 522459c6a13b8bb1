// Every query the sandbox prepares while serving its lists and lookups (caught at prepare time, so nothing is listed by
// hand) is planned with EXPLAIN QUERY PLAN: none reads a big table without an index, and none sorts a big table's rows
// in a temporary b-tree, so a list costs a page, not the size of the database (issue 12). The exceptions are named:
// the few payments of one merchant_uid in an order other than started, the few busy webhook deliveries.

import Database from 'better-sqlite3';
import t from 'tap';
import type { Sorting } from '../src/store/payments.js';
import { build, CARD } from './helpers.js';

const BIG = [
  'payments',
  'schedules',
  'webhooks',
  'customers',
  'tokens',
  'records',
  'window_requests',
  'prepares',
  'payment_counts',
  'schedule_counts',
];
const SORTINGS = ['-started', 'started', '-paid', 'paid', '-updated', 'updated'];
const S0 = Date.parse('2026-01-01T00:00:00Z') / 1000;
const DAY = 86_400;

// Record the SQL of every statement prepared from here on (the stores prepare their lists' shapes when first used).
const prepared = new Set<string>();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, sql: string) {
  prepared.add(sql);
  return prepare.call(this, sql);
} as typeof prepare;

/** Bind every parameter (values do not change a plan) and plan the statement. */
function planOf(db: Database.Database, sql: string): string[] {
  const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
  const stmt = prepare.call(db, `EXPLAIN QUERY PLAN ${sql}`);
  const params: unknown[] =
    names.length > 0
      ? [Object.fromEntries(names.map((n) => [n, 0]))]
      : new Array<number>((sql.match(/\?/g) ?? []).length).fill(0);
  const all = stmt.all.bind(stmt) as (...p: unknown[]) => unknown[];
  const rows = all(...params) as { detail: string }[];
  return rows.map((r) => r.detail);
}

t.test('every list and lookup query walks an index and sorts nothing', async (t) => {
  const s = await build(t);
  const { call } = s;
  // A webhook URL that refuses at once: the cancel looks up the payment's earlier deliveries.
  const m = s.sb.store.merchants.all()[0]!;
  s.sb.store.merchants.update({ ...m, webhook_url: 'http://127.0.0.1:9/hook' });
  const ok = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: object) => {
    const r = await call(method, url, body);
    t.ok(r.status < 500, `${method} ${url}: ${r.status}`);
    return r;
  };
  await ok('POST', '/subscribe/customers/cu1', CARD);
  const paid = await ok('POST', '/subscribe/payments/again', {
    customer_uid: 'cu1',
    merchant_uid: 'm1',
    amount: 1000,
    name: 'x',
  });
  t.equal(paid.body.response.status, 'paid');
  const imp = paid.body.response.imp_uid as string;
  await ok('POST', '/subscribe/payments/again', { customer_uid: 'cu1', merchant_uid: 'm2', amount: 500, name: 'x' });
  await ok('POST', '/payments/cancel', { imp_uid: imp, amount: 100 });
  await ok('GET', `/payments/${imp}`);
  await ok('GET', `/payments?imp_uid[]=${imp}&merchant_uid[]=m2`);
  await ok('GET', '/payments/find/m1');
  await ok('GET', '/payments/find/m1/paid');
  for (const sorting of SORTINGS) {
    await ok('GET', `/payments/findAll/m1?sorting=${sorting}`);
    await ok('GET', `/payments/findAll/m1/paid?sorting=${sorting}`);
    for (const st of ['all', 'ready', 'paid', 'cancelled', 'failed']) {
      await ok('GET', `/payments/status/${st}?sorting=${sorting}&limit=5`);
      await ok('GET', `/payments/status/${st}?sorting=${sorting}&from=${S0 - DAY}&to=${S0 + DAY}`);
      // A window inside one count bucket is counted on the index alone.
      await ok('GET', `/payments/status/${st}?sorting=${sorting}&from=${S0}&to=${S0 + 60}`);
    }
  }
  // A window of many rows (more than FEW_ROWS) pages on its order's index: the store reads it so without a total.
  const mid = s.sb.store.merchants.all()[0]!.id;
  for (const sorting of SORTINGS as Sorting[])
    for (const [status, timeField] of [
      [undefined, 'started_at'],
      ['paid', 'paid_at'],
      ['cancelled', 'cancelled_at'],
    ] as const)
      s.sb.store.payments.list(
        mid,
        { status, timeField, from: S0 - DAY, to: S0 + DAY, sorting },
        { offset: 0, limit: 5 },
      );
  await ok('GET', '/subscribe/customers/cu1/payments?page=1');
  await ok('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cu1',
    schedules: [{ merchant_uid: 's1', schedule_at: S0 + DAY, amount: 100, name: 'x' }],
  });
  for (const sorting of ['scheduled', '-scheduled']) {
    await ok('GET', `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${S0 + 10 * DAY}&sorting=${sorting}`);
    await ok(
      'GET',
      `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${S0 + 10 * DAY}&schedule_status=scheduled`,
    );
    await ok('GET', `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${S0 + 60}&sorting=${sorting}`);
    await ok('GET', `/subscribe/payments/schedule/customers/cu1?sorting=${sorting}`);
    await ok('GET', `/subscribe/payments/schedule/customers/cu1?schedule_status=scheduled&sorting=${sorting}`);
  }
  await ok('GET', '/subscribe/payments/schedule/s1');
  await ok('GET', '/subscribe/customers/cu1');
  await ok('GET', '/__sandbox/webhooks?merchant=imp_apikey');
  await ok('GET', `/__sandbox/webhooks?imp_uid=${imp}`);
  await ok('GET', '/__sandbox/webhooks?merchant_uid=m1');
  await ok('GET', '/__sandbox/webhooks?merchant=imp_apikey&status=pending');
  await ok('GET', '/__sandbox/requests?limit=5');
  await ok('POST', '/__sandbox/reset', { merchant: 'imp_apikey' });

  const checked: string[] = [];
  for (const sql of prepared) {
    if (!/^\s*(SELECT|UPDATE|DELETE)/i.test(sql) || !/\bWHERE\b/i.test(sql) || /EXPLAIN/i.test(sql)) continue;
    const plan = planOf(s.sb.db, sql);
    const flat = sql.replace(/\s+/g, ' ');
    for (const table of BIG) {
      const bare = plan.find((d) => new RegExp(`^SCAN ${table}$`).test(d));
      t.notOk(bare, `no full scan of ${table}: ${flat}\n${plan.join('\n')}`);
    }
    const sorts = plan.some((d) => d.includes('USE TEMP B-TREE FOR ORDER BY'));
    // Exception: the payments of one merchant_uid are a handful (attempts, then the paid one); they are walked in
    // started order on their index, and another order sorts those few rows.
    const fewOfOneUid = /INDEXED BY payments_merchant_uid/.test(sql) && !/ORDER BY started_at/.test(sql);
    // And the busy deliveries (in flight, or due now) are the few the engine is about to send.
    const busy = /status = 'delivering' OR/.test(sql);
    // And a window the count has found to hold few rows (FEW_ROWS) is read on its own time's index, its keys sorted,
    // then the page's rows (at most `limit`) sorted again as they are read whole.
    const fewInWindow = /WHERE rowid IN \(SELECT rowid FROM payments INDEXED BY payments_(status_at|started)\s/.test(
      sql,
    );
    if (!fewOfOneUid && !busy && !fewInWindow)
      t.notOk(sorts, `no sort in a temporary b-tree: ${flat}\n${plan.join('\n')}`);
    checked.push(flat);
  }
  // The lists really were among them: each shape is here, counted and paged.
  const has = (re: RegExp) =>
    t.ok(
      checked.some((q) => re.test(q)),
      `planned: ${re}`,
    );
  // A window's count takes its edge buckets' rows outside it (store/counts.ts), before its start and past its end.
  has(/status = @status AND status_at >= @start AND status_at < @from\) - .* status_at > @to AND status_at < @end/);
  has(/FROM payments INDEXED BY payments_status_paid .* LIMIT @limit OFFSET @offset/);
  has(/FROM payments INDEXED BY payments_updated .* LIMIT @limit OFFSET @offset/);
  has(/FROM payments INDEXED BY payments_customer .* LIMIT @limit OFFSET @offset/);
  has(/FROM payments INDEXED BY payments_merchant_uid .* LIMIT @limit OFFSET @offset/);
  has(/merchant_id = @merchantId AND schedule_at >= @to AND schedule_at < @end/);
  has(/FROM schedules INDEXED BY schedules_merchant_at .* LIMIT @limit OFFSET @offset/);
  has(/FROM schedules INDEXED BY schedules_customer .* LIMIT @limit OFFSET @offset/);
  // Windows are counted from their buckets (migration 6) and the index of their edges.
  has(/FROM payment_counts WHERE .* status = @key .* FROM payments INDEXED BY payments_status_at WHERE/);
  has(/FROM payment_counts WHERE .* status = @key .* FROM payments INDEXED BY payments_started WHERE/);
  has(/FROM schedule_counts WHERE .* status = @key .* FROM schedules INDEXED BY schedules_merchant_at WHERE/);
  has(/FROM schedule_counts WHERE .* status = @key .* FROM schedules INDEXED BY schedules_merchant_due WHERE/);
  has(
    /rowid IN \(SELECT rowid FROM payments INDEXED BY payments_status_at WHERE .* ORDER BY started_at DESC, rowid DESC LIMIT/,
  );
  has(/FROM webhooks WHERE .*json_extract\(data, '\$.payload.imp_uid'\) = @imp_uid/);
});
