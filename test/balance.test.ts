// API tests of GET /payments/{imp_uid}/balance: a payment's balance per part and its history after payment and
// partial cancels, through app.inject.

import t, { type Test } from 'tap';
import { newPayment } from '../src/gateway/payments.js';
import type { Payment } from '../src/schemas/payments.js';
import { build, type BuiltSandbox, CARDS, cardWith, KICC_ONLY_KEY, KICC_ONLY_SECRET, T0 } from './helpers.js';

const T0S = T0 / 1000;
const ZERO = { tax_free: 0, supply: 0, vat: 0, service: 0 };
const notFoundBody = { code: -1, message: '존재하지 않는 결제정보입니다.', response: null };

/** A balance part that is all taxable. */
const taxable = (supply: number, vat: number) => ({ tax_free: 0, supply, vat, service: 0 });

async function setup(t: Test) {
  const s = await build(t);
  let keys = 0;
  /** A payment through a billing key and `again` (paid, or failed for a declining card). */
  const pay = async (merchantUid: string, amount: number, card: string = CARDS.approve) => {
    const uid = `cust_${++keys}`;
    const issued = await s.call('POST', `/subscribe/customers/${uid}`, cardWith(card));
    if (issued.body.code !== 0) throw new Error(`issue failed: ${JSON.stringify(issued.body)}`);
    const again = await s.call('POST', '/subscribe/payments/again', {
      customer_uid: uid,
      merchant_uid: merchantUid,
      amount,
      name: '잔액 조회 주문',
    });
    if (again.body.code !== 0) throw new Error(`again failed: ${JSON.stringify(again.body)}`);
    return again.body.response as Payment;
  };
  const balance = (impUid: string) => s.call('GET', `/payments/${impUid}/balance`);
  /** Move the sandbox clock on by `seconds`. */
  const later = (seconds: number) => s.sb.clock.advance(seconds * 1000);
  return { s, pay, balance, later };
}

/** Insert a payment directly (statuses and fields the REST flows do not reach). */
function insert(s: BuiltSandbox, fields: Partial<Payment> & Pick<Payment, 'imp_uid' | 'amount' | 'status'>) {
  const p = newPayment({ merchant_uid: `m_${fields.imp_uid}`, started_at: T0S, ...fields });
  s.sb.store.payments.insert('default', p, T0S);
  return p;
}

t.test('a paid card payment: all of it is primary and taxable, one history entry at paid_at', async (t) => {
  const { pay, balance } = await setup(t);
  const paid = await pay('order_1', 10000);
  const res = await balance(paid.imp_uid);
  t.equal(res.status, 200);
  const primary = taxable(9091, 909);
  t.same(res.body, {
    code: 0,
    message: null,
    response: {
      amount: 10000,
      cash_receipt: ZERO,
      primary,
      secondary: ZERO,
      discount: ZERO,
      histories: [{ cash_receipt: ZERO, primary, secondary: ZERO, discount: ZERO, created: T0S }],
    },
  });
  t.same(Object.keys(res.body.response), ['amount', 'cash_receipt', 'primary', 'secondary', 'discount', 'histories']);
  t.same(Object.keys(res.body.response.primary), ['tax_free', 'supply', 'vat', 'service']);
  t.same(Object.keys(res.body.response.histories[0]), ['cash_receipt', 'primary', 'secondary', 'discount', 'created']);
});

t.test('partial cancels subtract, each one adds a snapshot; a full cancel ends at zero', async (t) => {
  const { s, pay, balance, later } = await setup(t);
  const paid = await pay('order_2', 10000);

  later(60);
  const first = await s.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 3000, reason: '부분 환불' });
  t.equal(first.body.code, 0);
  let res = await balance(paid.imp_uid);
  t.equal(res.status, 200);
  t.equal(res.body.response.amount, 10000, 'amount stays the first total');
  // 3000 splits into 2727 + 273: 9091 - 2727 = 6364, 909 - 273 = 636.
  t.same(res.body.response.primary, taxable(6364, 636));
  t.same(
    res.body.response.histories.map((h: any) => [h.created, h.primary]),
    [
      [T0S, taxable(9091, 909)],
      [T0S + 60, taxable(6364, 636)],
    ],
  );

  later(60);
  const second = await s.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 2500 });
  t.equal(second.body.code, 0);
  res = await balance(paid.imp_uid);
  // 2500 splits into 2273 + 227.
  t.same(res.body.response.primary, taxable(4091, 409));
  t.equal(res.body.response.histories.length, 3);
  t.equal(res.body.response.histories[2].created, T0S + 120);

  later(60);
  const rest = await s.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid });
  t.equal(rest.body.response.status, 'cancelled');
  res = await balance(paid.imp_uid);
  t.same(res.body.response.primary, ZERO, 'exact zeros after the full cancel');
  t.same(res.body.response.cash_receipt, ZERO);
  t.same(res.body.response.secondary, ZERO);
  t.same(res.body.response.discount, ZERO);
  t.same(
    res.body.response.histories.map((h: any) => [h.created, h.primary]),
    [
      [T0S, taxable(9091, 909)],
      [T0S + 60, taxable(6364, 636)],
      [T0S + 120, taxable(4091, 409)],
      [T0S + 180, ZERO],
    ],
  );
  t.same(res.body.response.histories.at(-1).primary, res.body.response.primary, 'the top level is the last snapshot');
});

t.test('a payment that was never paid: zeros and no history', async (t) => {
  const { s, pay, balance } = await setup(t);
  const failed = await pay('order_f', 5000, CARDS.decline);
  t.equal(failed.status, 'failed');
  const res = await balance(failed.imp_uid);
  t.equal(res.status, 200);
  t.same(res.body.response, {
    amount: 5000,
    cash_receipt: ZERO,
    primary: ZERO,
    secondary: ZERO,
    discount: ZERO,
    histories: [],
  });

  const ready = insert(s, { imp_uid: 'imp_100000000001', amount: 30000, status: 'ready', pay_method: 'vbank' });
  const unpaid = await balance(ready.imp_uid);
  t.same(unpaid.body.response.primary, ZERO);
  t.same(unpaid.body.response.histories, []);
  t.equal(unpaid.body.response.amount, 30000);
});

t.test('an issued cash receipt mirrors primary', async (t) => {
  const { s, balance } = await setup(t);
  const p = insert(s, {
    imp_uid: 'imp_100000000002',
    amount: 1000,
    status: 'paid',
    pay_method: 'trans',
    paid_at: T0S + 5,
    cash_receipt_issued: true,
  });
  const res = await balance(p.imp_uid);
  const primary = taxable(909, 91);
  t.same(res.body.response.primary, primary);
  t.same(res.body.response.cash_receipt, primary);
  t.same(res.body.response.histories, [
    { cash_receipt: primary, primary, secondary: ZERO, discount: ZERO, created: T0S + 5 },
  ]);
});

t.test('other currencies round to the cent', async (t) => {
  const { s, balance } = await setup(t);
  const p = insert(s, {
    imp_uid: 'imp_100000000003',
    amount: 10.5,
    currency: 'USD',
    status: 'paid',
    paid_at: T0S,
    cancel_amount: 0.3,
    cancel_history: [
      { pg_tid: 't', amount: 0.3, cancelled_at: T0S + 1, reason: null, cancellation_id: 'c1', receipt_url: null },
    ],
  });
  const res = await balance(p.imp_uid);
  t.equal(res.body.response.amount, 10.5);
  // 10.5 → 9.55 + 0.95; 0.3 → 0.27 + 0.03.
  t.same(res.body.response.histories[0].primary, taxable(9.55, 0.95));
  t.same(res.body.response.primary, taxable(9.28, 0.92));
});

t.test('refusals', async (t) => {
  t.test('an unknown imp_uid is 404 with the real message', async (t) => {
    const { balance } = await setup(t);
    for (const id of ['imps_000000000000', 'nothing', '%20']) {
      const res = await balance(id);
      t.equal(res.status, 404, id);
      t.same(res.body, notFoundBody, id);
    }
  });

  t.test("another merchant's payment is unknown", async (t) => {
    const { s, pay } = await setup(t);
    const paid = await pay('order_x', 1000);
    const other = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
    const res = await s.call('GET', `/payments/${paid.imp_uid}/balance`, undefined, { token: other });
    t.equal(res.status, 404);
    t.same(res.body, notFoundBody);
  });

  t.test('needs a token', async (t) => {
    const { s, pay } = await setup(t);
    const paid = await pay('order_t', 1000);
    const res = await s.call('GET', `/payments/${paid.imp_uid}/balance`, undefined, { token: null });
    t.equal(res.status, 401);
    t.same(res.body, { code: -1, message: 'Unauthorized', response: null });
  });

  t.test('a trailing slash is fine; static segments still win', async (t) => {
    const { s, pay } = await setup(t);
    const paid = await pay('order_s', 1000);
    const slash = await s.call('GET', `/payments/${paid.imp_uid}/balance/`);
    t.equal(slash.status, 200);
    t.equal(slash.body.response.amount, 1000);
    const prepare = await s.call('GET', '/payments/prepare/balance');
    t.equal(prepare.status, 404);
    t.equal(prepare.body.message, '사전등록된 결제정보가 존재하지 않습니다.', '/payments/prepare/… is still prepare');
    const find = await s.call('GET', '/payments/find/order_s');
    t.equal(find.body.response.imp_uid, paid.imp_uid, '/payments/find/… is still find');
  });

  t.test('other methods are not routes', async (t) => {
    const { s, pay } = await setup(t);
    const paid = await pay('order_m', 1000);
    const res = await s.call('POST', `/payments/${paid.imp_uid}/balance`, {});
    t.equal(res.status, 404);
    t.equal(res.body.code, -1);
    t.equal(res.body.response, null);
  });
});
