// Concurrency: many `again` requests racing on one merchant_uid charge it exactly once, through inject, real HTTP,
// two sandboxes on one database file, and (by force) the database's own paid-once index.

import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, CARD, makeSandbox, type TestSandbox } from './helpers.js';

const N = 50;
const ALREADY_PAID = { code: 1, message: '이미 결제가 이루어진 거래건입니다.', response: null };

interface Outcome {
  status: number;
  body: { code: number; message: string | null; response: { status: string; imp_uid: string } | null };
}

async function withKey(s: TestSandbox, uid = 'cust_1'): Promise<string> {
  const token = await s.token();
  const res = await s.app.inject({
    method: 'POST',
    url: `/subscribe/customers/${uid}`,
    headers: { authorization: token },
    payload: CARD,
  });
  if (res.json().code !== 0) throw new Error(res.body);
  return token;
}

function paidRows(s: TestSandbox, merchantUid: string): number {
  return (
    s.sb.db
      .prepare("SELECT COUNT(*) AS n FROM payments WHERE merchant_uid = ? AND status = 'paid'")
      .get(merchantUid) as { n: number }
  ).n;
}

/** Exactly one paid, every other answer the code-1 refusal. */
function checkOutcomes(t: Tap, outcomes: Outcome[]) {
  t.equal(outcomes.length, N);
  t.ok(
    outcomes.every((o) => o.status === 200),
    'every answer is HTTP 200',
  );
  const paid = outcomes.filter((o) => o.body.code === 0);
  t.equal(paid.length, 1, 'exactly one charge');
  t.equal(paid[0]!.body.response!.status, 'paid');
  const refused = outcomes.filter((o) => o.body.code !== 0);
  t.equal(refused.length, N - 1);
  t.ok(
    refused.every((o) => JSON.stringify(o.body) === JSON.stringify(ALREADY_PAID)),
    'the others are refused with code 1 and response null',
  );
}
type Tap = Pick<typeof t, 'equal' | 'ok'>;

t.test(`${N} parallel again through app.inject with one merchant_uid charge it once`, async (t) => {
  const s = await build(t);
  const token = await withKey(s);
  const outcomes = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      s.call(
        'POST',
        '/subscribe/payments/again',
        { customer_uid: 'cust_1', merchant_uid: 'race_1', amount: 1000 + i },
        { token },
      ),
    ),
  );
  checkOutcomes(t, outcomes);
  t.equal(paidRows(s, 'race_1'), 1, 'one paid row in the database');
  t.equal((s.sb.db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n, 1, 'and no other row');
});

t.test(`${N} parallel again over real HTTP with one merchant_uid charge it once`, async (t) => {
  const s = await build(t);
  const token = await withKey(s);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = s.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${addr.port}/subscribe/payments/again`;
  const outcomes = await Promise.all(
    Array.from({ length: N }, async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customer_uid: 'cust_1', merchant_uid: 'race_http', amount: 1000 }),
      });
      return { status: res.status, body: await res.json() } as Outcome;
    }),
  );
  checkOutcomes(t, outcomes);
  t.equal(paidRows(s, 'race_http'), 1);
});

t.test('two sandboxes on one database file, racing, charge a merchant_uid once', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-race-'));
  const DB_PATH = path.join(dir, 'race.db');
  const a = await makeSandbox({ DB_PATH });
  const b = await makeSandbox({ DB_PATH });
  t.teardown(async () => {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const token = await withKey(a);
  t.equal(await b.token(), token, 'the second sandbox sees the token of the first');
  const outcomes = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      (i % 2 ? b : a).app
        .inject({
          method: 'POST',
          url: '/subscribe/payments/again',
          headers: { authorization: token },
          payload: { customer_uid: 'cust_1', merchant_uid: 'race_file', amount: 1000 },
        })
        .then((r) => ({ status: r.statusCode, body: r.json() }) as Outcome),
    ),
  );
  checkOutcomes(t, outcomes);
  t.equal(paidRows(a, 'race_file'), 1);
  // Both sandboxes start from seed 'test': the second one's ids must have stepped around the first one's.
  const again = await b.app.inject({
    method: 'POST',
    url: '/subscribe/payments/again',
    headers: { authorization: token },
    payload: { customer_uid: 'cust_1', merchant_uid: 'after', amount: 1 },
  });
  t.equal(again.json().response.status, 'paid');
  t.equal((a.sb.db.prepare('SELECT COUNT(DISTINCT imp_uid) AS n FROM payments').get() as { n: number }).n, 2);
});

t.test(
  'when the paid check is raced past, the paid-once index still refuses with code 1 and leaves one paid row',
  async (t) => {
    const s = await build(t);
    const token = await withKey(s);
    const first = await s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: token },
      payload: { customer_uid: 'cust_1', merchant_uid: 'o1', amount: 1000 },
    });
    t.equal(first.json().response.status, 'paid');
    // Pretend another process paid between our check and our insert: the check sees nothing.
    const store = s.sb.store.payments;
    const original = store.paidByMerchantUid;
    store.paidByMerchantUid = () => undefined;
    t.teardown(() => {
      store.paidByMerchantUid = original;
    });
    const second = await s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: token },
      payload: { customer_uid: 'cust_1', merchant_uid: 'o1', amount: 1000 },
    });
    t.equal(second.statusCode, 200);
    t.same(second.json(), ALREADY_PAID);
    t.equal(paidRows(s, 'o1'), 1);
    t.equal((s.sb.db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n, 1);
  },
);
