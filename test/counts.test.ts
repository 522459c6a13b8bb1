// The window counts of migration 6 (payment_counts, schedule_counts) follow every write: after inserts, status changes,
// cancels, schedules run or revoked, one merchant's reset and a whole reset, each bucket holds exactly what a COUNT of
// the rows gives, and the lists' totals equal plain COUNTs over windows of every width (issue 12).

import t, { type Test } from 'tap';
import type { Payment, PaymentStatus } from '../src/schemas/payments.js';
import { build, CARD, type BuiltSandbox } from './helpers.js';

const S0 = Date.parse('2026-01-01T00:00:00Z') / 1000;
const DAY = 86_400;
const STATUSES: PaymentStatus[] = ['ready', 'paid', 'cancelled', 'failed'];

/** Every non-empty bucket, as kept and as counted from the rows. */
function buckets(s: BuiltSandbox) {
  const db = s.sb.db;
  const kept = (table: string) =>
    db.prepare(`SELECT merchant_id, status, bucket, n FROM ${table} WHERE n != 0 ORDER BY 1, 2, 3`).all();
  const real = {
    payments: db
      .prepare(
        `SELECT merchant_id, status, bucket, n FROM (
           SELECT merchant_id, status, status_at >> 12 AS bucket, COUNT(*) AS n FROM payments GROUP BY 1, 2, 3
           UNION ALL SELECT merchant_id, '*', started_at >> 12, COUNT(*) FROM payments GROUP BY 1, 3) ORDER BY 1, 2, 3`,
      )
      .all(),
    schedules: db
      .prepare(
        `SELECT merchant_id, status, bucket, n FROM (
           SELECT merchant_id, schedule_status AS status, schedule_at >> 12 AS bucket, COUNT(*) AS n FROM schedules
             GROUP BY 1, 2, 3
           UNION ALL SELECT merchant_id, '*', schedule_at >> 12, COUNT(*) FROM schedules GROUP BY 1, 3) ORDER BY 1, 2, 3`,
      )
      .all(),
  };
  return { kept: { payments: kept('payment_counts'), schedules: kept('schedule_counts') }, real };
}

/** The stores' counts of windows of many widths (inside one bucket, across two, across many) against plain COUNTs. */
function checkWindows(t: Test, s: BuiltSandbox, merchantId: string, label: string) {
  const db = s.sb.db;
  const windows: [number, number][] = [
    [S0, S0 + 59],
    [S0 + 4000, S0 + 4200],
    [S0 - DAY, S0 + DAY],
    [S0 - 30 * DAY, S0 + 1],
    [S0 - 90 * DAY, S0 + 90 * DAY],
    [S0 + 4096 * 3, S0 + 4096 * 7 - 1],
    // One second; an empty window (its end before its start); the two seconds either side of a bucket's edge.
    [S0, S0],
    [S0 + 1, S0],
    [Math.ceil(S0 / 4096) * 4096 - 1, Math.ceil(S0 / 4096) * 4096],
  ];
  let mismatches = 0;
  let checked = 0;
  for (const [from, to] of windows) {
    for (const status of [undefined, ...STATUSES]) {
      const col = status === undefined ? 'started_at' : 'status_at';
      const real = (
        db
          .prepare(
            `SELECT COUNT(*) AS n FROM payments WHERE merchant_id = ? ${status ? 'AND status = ?' : ''}
             AND ${col} >= ? AND ${col} <= ?`,
          )
          .get(...[merchantId, ...(status ? [status] : []), from, to]) as { n: number }
      ).n;
      const timeField = (
        { ready: 'started_at', paid: 'paid_at', cancelled: 'cancelled_at', failed: 'failed_at' } as const
      )[status ?? 'ready'];
      const got = s.sb.store.payments.count(merchantId, { status, timeField, from, to });
      checked++;
      if (got !== real) {
        mismatches++;
        t.equal(got, real, `${label}: payments ${status ?? 'all'} [${from - S0}, ${to - S0}]`);
      }
    }
    for (const status of [undefined, 'scheduled', 'executed', 'revoked'] as const) {
      const real = (
        db
          .prepare(
            `SELECT COUNT(*) AS n FROM schedules WHERE merchant_id = ? ${status ? 'AND schedule_status = ?' : ''}
             AND schedule_at >= ? AND schedule_at < ?`,
          )
          .get(...[merchantId, ...(status ? [status] : []), from, to]) as { n: number }
      ).n;
      const got = s.sb.store.schedules.count(merchantId, { status, from, to });
      checked++;
      if (got !== real) {
        mismatches++;
        t.equal(got, real, `${label}: schedules ${status ?? 'all'} [${from - S0}, ${to - S0})`);
      }
    }
  }
  // Open windows: every payment of a status, every schedule.
  const all = (db.prepare('SELECT COUNT(*) AS n FROM payments WHERE merchant_id = ?').get(merchantId) as { n: number })
    .n;
  t.equal(s.sb.store.payments.count(merchantId, {}), all, `${label}: every payment`);
  const allS = (
    db.prepare('SELECT COUNT(*) AS n FROM schedules WHERE merchant_id = ?').get(merchantId) as { n: number }
  ).n;
  t.equal(s.sb.store.schedules.count(merchantId, {}), allS, `${label}: every schedule`);
  t.equal(mismatches, 0, `${label}: ${checked} window counts equal plain COUNTs`);
}

function checkBuckets(t: Test, s: BuiltSandbox, label: string) {
  const b = buckets(s);
  t.same(b.kept.payments, b.real.payments, `${label}: payment buckets equal the rows' counts`);
  t.same(b.kept.schedules, b.real.schedules, `${label}: schedule buckets equal the rows' counts`);
}

t.test('the window counts follow inserts, status changes, cancels, schedules and both resets', async (t) => {
  const s = await build(t);
  const main = s.sb.store.merchants.all()[0]!.id;
  const created = await s.app.inject({ method: 'POST', url: '/__sandbox/merchants', payload: { name: 'counts-2' } });
  t.equal(created.statusCode, 200);
  const other = (created.json().response as { id: string }).id;

  // Payments through the API: a key, charges, one partial and one full cancel.
  t.equal((await s.call('POST', '/subscribe/customers/cu1', CARD)).body.code, 0);
  const paid: Payment[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await s.call('POST', '/subscribe/payments/again', {
      customer_uid: 'cu1',
      merchant_uid: `api_${i}`,
      amount: 1000,
      name: 'x',
    });
    t.equal(r.body.response.status, 'paid');
    paid.push(r.body.response as Payment);
  }
  t.equal((await s.call('POST', '/payments/cancel', { imp_uid: paid[0]!.imp_uid, amount: 100 })).body.code, 0);
  const full = await s.call('POST', '/payments/cancel', { imp_uid: paid[1]!.imp_uid });
  t.equal(full.body.response.status, 'cancelled');

  // Many more through the store, over ±60 days, in both merchants, every status.
  const tpl = paid[2]!;
  for (const [m, n] of [
    [main, 400],
    [other, 150],
  ] as const) {
    s.sb.store.tx(() => {
      for (let i = 0; i < n; i++) {
        const status = STATUSES[i % 4]!;
        const started = S0 - 60 * DAY + Math.floor((i * 120 * DAY) / n) + (i % 7) * 997;
        s.sb.store.payments.insert(
          m,
          {
            ...tpl,
            imp_uid: `imps_c_${m}_${i}`,
            merchant_uid: `mu_${i}`,
            status,
            started_at: started,
            paid_at: status === 'paid' || status === 'cancelled' ? started + 30 : 0,
            failed_at: status === 'failed' ? started + 5000 : 0,
            cancelled_at: status === 'cancelled' ? started + 9000 : 0,
          },
          started,
        );
      }
    });
  }
  checkBuckets(t, s, 'after inserts');
  checkWindows(t, s, main, 'after inserts');

  // Status changes through the store's update: ready → paid, paid → cancelled (new buckets), failed → failed (no move).
  s.sb.store.tx(() => {
    for (let i = 0; i < 400; i += 3) {
      const p = s.sb.store.payments.get(main, `imps_c_${main}_${i}`)!;
      const next: Payment =
        p.status === 'ready'
          ? { ...p, status: 'paid', paid_at: p.started_at + 7000 }
          : p.status === 'paid'
            ? { ...p, status: 'cancelled', cancelled_at: p.paid_at + 3 * DAY }
            : { ...p, fail_reason: 'again' };
      s.sb.store.payments.update(main, next, S0);
    }
  });
  checkBuckets(t, s, 'after status changes');
  checkWindows(t, s, main, 'after status changes');

  // Schedules: registered through the API, some revoked, one moved to executed through the store.
  const schedules = Array.from({ length: 30 }, (_, i) => ({
    merchant_uid: `sc_${i}`,
    schedule_at: S0 + 600 + i * 5000,
    amount: 100,
    name: 'x',
  }));
  t.equal((await s.call('POST', '/subscribe/payments/schedule', { customer_uid: 'cu1', schedules })).body.code, 0);
  const unsched = await s.call('POST', '/subscribe/payments/unschedule', {
    customer_uid: 'cu1',
    merchant_uid: ['sc_3', 'sc_4', 'sc_20'],
  });
  t.equal(unsched.body.code, 0);
  const rec = s.sb.store.schedules.get(main, 'sc_7')!;
  s.sb.store.schedules.update({ ...rec, schedule: { ...rec.schedule, schedule_status: 'executed' } });
  checkBuckets(t, s, 'after schedules');
  checkWindows(t, s, main, 'after schedules');
  t.equal(s.sb.store.schedules.count(main, { status: 'revoked', from: S0, to: S0 + 90 * DAY }), 3);
  t.equal(s.sb.store.schedules.count(main, { from: S0, to: S0 + 90 * DAY }), 30);

  // The REST totals are those counts.
  const list = await s.call('GET', `/payments/status/all?from=${S0 - 60 * DAY}&to=${S0}`);
  t.equal(
    list.body.response.total,
    s.sb.store.payments.count(main, { timeField: 'started_at', from: S0 - 60 * DAY, to: S0 }),
  );

  // One merchant's reset empties its buckets and keeps the other's. It drops the delete triggers for its time: they
  // are all back after it, as they were.
  const triggers = () =>
    s.sb.db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();
  const before = triggers();
  t.equal(before.length, 6, 'three count triggers per counted table');
  const reset = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: other } });
  t.equal(reset.statusCode, 200);
  t.equal(s.sb.store.payments.count(other, {}), 0);
  t.equal(
    (s.sb.db.prepare('SELECT COUNT(*) AS n FROM payment_counts WHERE merchant_id = ?').get(other) as { n: number }).n,
    0,
  );
  checkBuckets(t, s, 'after a merchant reset');
  checkWindows(t, s, main, 'after a merchant reset');
  t.same(triggers(), before, 'the same triggers after a merchant reset');
  // The reset merchant counts again from its next write, and a delete decrements again.
  s.sb.store.tx(() => {
    for (let i = 0; i < 5; i++)
      s.sb.store.payments.insert(
        other,
        { ...tpl, imp_uid: `imps_r_${i}`, merchant_uid: `mr_${i}`, started_at: S0 },
        S0,
      );
  });
  s.sb.store.flush();
  t.equal(s.sb.store.payments.count(other, { timeField: 'started_at', from: S0 - DAY, to: S0 + DAY }), 5);
  s.sb.db.prepare("DELETE FROM payments WHERE imp_uid = 'imps_r_0'").run();
  t.equal(s.sb.store.payments.count(other, { timeField: 'started_at', from: S0 - DAY, to: S0 + DAY }), 4);
  checkBuckets(t, s, 'after writes past a merchant reset');

  // A whole reset swaps the tables (with their triggers): empty, and counting again from the next write.
  const whole = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: {} });
  t.equal(whole.statusCode, 200);
  t.equal(s.sb.store.payments.count(main, {}), 0);
  t.equal(s.sb.store.schedules.count(main, {}), 0);
  checkBuckets(t, s, 'after a whole reset');
  // The reset dropped the tokens too: a new one.
  const token = await s.token();
  t.equal((await s.call('POST', '/subscribe/customers/cu1', CARD, { token })).body.code, 0);
  const body = { customer_uid: 'cu1', merchant_uid: 'after', amount: 1000, name: 'x' };
  const again = await s.call('POST', '/subscribe/payments/again', body, { token });
  t.equal(again.body.response.status, 'paid');
  const after = await s.call('GET', '/payments/status/paid', undefined, { token });
  t.equal(after.body.response.total, 1);
  t.equal(after.body.response.list[0].merchant_uid, 'after');
  checkBuckets(t, s, 'after a write past the whole reset');
  checkWindows(t, s, main, 'after a write past the whole reset');
  t.equal(s.sb.db.pragma('integrity_check', { simple: true }), 'ok');
});
