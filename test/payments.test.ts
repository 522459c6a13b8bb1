// API tests of the payments area: lookups, find/findAll/status, cancel and prepare, through app.inject.

import t, { type Test } from 'tap';
import { build, CARDS, cardWith, KICC_ONLY_KEY, KICC_ONLY_SECRET, T0, type BuiltSandbox } from './helpers.js';
import { newPayment } from '../src/gateway/payments.js';
import type { Merchant } from '../src/schemas/merchants.js';
import type { Payment } from '../src/schemas/payments.js';

const T0S = T0 / 1000;
const DAY = 24 * 60 * 60;

interface Api {
  s: BuiltSandbox;
  token: string;
  call: BuiltSandbox['call'];
  /** A paid payment through a billing key and `again` (card 4111-1111-1111-1111). */
  pay(merchantUid: string, amount: number, card?: string): Promise<any>;
}

async function setup(t: Test, parts: Parameters<typeof build>[2] = {}): Promise<Api> {
  const s = await build(t, {}, parts);
  const token = await s.token();
  const { call } = s;
  let keys = 0;
  const pay: Api['pay'] = async (merchantUid, amount, card = CARDS.approve) => {
    const uid = `cust_${++keys}`;
    const issued = await call('POST', `/subscribe/customers/${uid}`, cardWith(card));
    if (issued.body.code !== 0) throw new Error(`issue failed: ${JSON.stringify(issued.body)}`);
    const again = await call('POST', '/subscribe/payments/again', {
      customer_uid: uid,
      merchant_uid: merchantUid,
      amount,
      name: '테스트 주문',
    });
    if (again.body.code !== 0) throw new Error(`again failed: ${JSON.stringify(again.body)}`);
    return again.body.response;
  };
  return { s, token, call, pay };
}

/** Insert a payment directly (to control timestamps and statuses). */
function insert(
  a: Api,
  fields: Partial<Payment> & Pick<Payment, 'imp_uid' | 'merchant_uid' | 'amount' | 'status' | 'started_at'>,
  merchantId = 'default',
) {
  const p = newPayment(fields);
  a.s.sb.store.payments.insert(merchantId, p, fields.started_at);
  return p;
}

const notFoundBody = { code: -1, message: '존재하지 않는 결제정보입니다.', response: null };
const badStatusBody = { code: -1, message: '지원되지 않는 상태값입니다.', response: null };

t.test('GET /payments/:imp_uid', async (t) => {
  t.test('returns a paid billing payment with every field', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    const res = await a.call('GET', `/payments/${paid.imp_uid}`);
    t.equal(res.status, 200);
    t.equal(res.body.code, 0);
    t.equal(res.body.message, null);
    t.same(res.body.response, paid);
    t.equal(res.body.response.status, 'paid');
    t.equal(res.body.response.amount, 1000);
    t.equal(res.body.response.cancel_amount, 0);
    t.equal(res.body.response.channel, 'api');
    t.equal(res.body.response.paid_at, T0S);
    t.same(res.body.response.cancel_history, []);
  });

  t.test('an unknown imp_uid is 404 with the real message', async (t) => {
    const a = await setup(t);
    const res = await a.call('GET', '/payments/imps_000000000000');
    t.equal(res.status, 404);
    t.same(res.body, notFoundBody);
  });

  t.test('include_sandbox: a live payment is found with any accepted value; a bad value is a 400', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    t.equal(paid.sandbox, false, "the default merchant's channels are live");
    for (const v of ['true', 'false', '1', '0', 'TRUE', 'False', '']) {
      const res = await a.call('GET', `/payments/${paid.imp_uid}?include_sandbox=${v}`);
      t.equal(res.status, 200, `include_sandbox=${v}`);
      t.equal(res.body.response.imp_uid, paid.imp_uid);
    }
    const bad = await a.call('GET', `/payments/${paid.imp_uid}?include_sandbox=whatever`);
    t.equal(bad.status, 400);
    t.same(bad.body, {
      code: -1,
      message: '잘못된 요청 파라미터입니다. include_sandbox: include_sandbox 는 true 또는 false 여야 합니다.',
      response: null,
    });
  });

  t.test('a declined card leaves a failed payment that can be looked up', async (t) => {
    const a = await setup(t);
    const failed = await a.pay('order_f', 5000, CARDS.decline);
    t.equal(failed.status, 'failed');
    const res = await a.call('GET', `/payments/${failed.imp_uid}`);
    t.equal(res.status, 200);
    t.equal(res.body.response.status, 'failed');
    t.equal(res.body.response.failed_at, T0S);
    t.equal(res.body.response.paid_at, 0);
    t.equal(res.body.response.fail_reason, '[8016] 거래거절 - 카드사 승인거절(한도초과)');
  });
});

t.test('GET /payments?imp_uid[]= (multi-lookup)', async (t) => {
  t.test('all ids found answers 200 with an array in the order asked', async (t) => {
    const a = await setup(t);
    const p1 = await a.pay('order_1', 1000);
    const p2 = await a.pay('order_2', 2000);
    const res = await a.call('GET', `/payments?imp_uid[]=${p2.imp_uid}&imp_uid[]=${p1.imp_uid}`);
    t.equal(res.status, 200);
    t.equal(res.body.code, 0);
    t.same(
      res.body.response.map((p: Payment) => p.imp_uid),
      [p2.imp_uid, p1.imp_uid],
    );
  });

  t.test('some ids missing answers 207 with the found ones', async (t) => {
    const a = await setup(t);
    const p1 = await a.pay('order_1', 1000);
    const res = await a.call('GET', `/payments?imp_uid[]=${p1.imp_uid}&imp_uid[]=imps_nope&merchant_uid[]=order_none`);
    t.equal(res.status, 207);
    t.equal(res.body.code, 0);
    t.equal(res.body.response.length, 1);
    t.equal(res.body.response[0].imp_uid, p1.imp_uid);
  });

  t.test('no id found answers 404', async (t) => {
    const a = await setup(t);
    const res = await a.call('GET', '/payments?imp_uid[]=imps_nope&merchant_uid[]=order_none');
    t.equal(res.status, 404);
    t.same(res.body, notFoundBody);
  });

  t.test('plain repeated keys, a single key and qs indices all work, and merchant_uid[] is accepted', async (t) => {
    const a = await setup(t);
    const p1 = await a.pay('order_1', 1000);
    const p2 = await a.pay('order_2', 2000);
    const plain = await a.call('GET', `/payments?imp_uid=${p1.imp_uid}&imp_uid=${p2.imp_uid}`);
    t.equal(plain.status, 200);
    t.same(
      plain.body.response.map((p: Payment) => p.imp_uid),
      [p1.imp_uid, p2.imp_uid],
    );
    const single = await a.call('GET', `/payments?imp_uid[]=${p1.imp_uid}`);
    t.equal(single.status, 200);
    t.equal(single.body.response.length, 1);
    const indices = await a.call('GET', `/payments?imp_uid%5B0%5D=${p1.imp_uid}&merchant_uid%5B0%5D=order_2`);
    t.equal(indices.status, 200);
    t.same(
      indices.body.response.map((p: Payment) => p.merchant_uid),
      ['order_1', 'order_2'],
    );
  });

  t.test('no ids at all is 400 and more than 100 ids is 400', async (t) => {
    const a = await setup(t);
    const none = await a.call('GET', '/payments');
    t.equal(none.status, 400);
    t.same(none.body, { code: -1, message: 'imp_uid[] 또는 merchant_uid[] 중 하나는 필수입니다.', response: null });
    const many = Array.from({ length: 101 }, (_, i) => `imp_uid[]=imps_${i}`).join('&');
    const res = await a.call('GET', `/payments?${many}`);
    t.equal(res.status, 400);
    t.same(res.body, {
      code: -1,
      message: 'imp_uid, merchant_uid 는 합쳐서 최대 100개까지 조회할 수 있습니다.',
      response: null,
    });
  });
});

t.test('GET /payments/find/:merchant_uid[/:payment_status]', async (t) => {
  async function threeAttempts(t: Test) {
    const a = await setup(t);
    insert(a, {
      imp_uid: 'imps_100000000001',
      merchant_uid: 'order_m',
      amount: 1000,
      status: 'failed',
      started_at: T0S - 300,
      failed_at: T0S - 300,
    });
    insert(a, {
      imp_uid: 'imps_100000000002',
      merchant_uid: 'order_m',
      amount: 1000,
      status: 'paid',
      started_at: T0S - 200,
      paid_at: T0S - 200,
    });
    insert(a, {
      imp_uid: 'imps_100000000003',
      merchant_uid: 'order_m',
      amount: 1000,
      status: 'failed',
      started_at: T0S - 100,
      failed_at: T0S - 100,
    });
    return a;
  }

  t.test('without a status returns the most recently started payment', async (t) => {
    const a = await threeAttempts(t);
    const res = await a.call('GET', '/payments/find/order_m');
    t.equal(res.status, 200);
    t.equal(res.body.response.imp_uid, 'imps_100000000003');
  });

  t.test('a trailing slash is the same as no status', async (t) => {
    const a = await threeAttempts(t);
    const res = await a.call('GET', '/payments/find/order_m/');
    t.equal(res.status, 200);
    t.equal(res.body.response.imp_uid, 'imps_100000000003');
  });

  t.test('sorting=started returns the oldest attempt', async (t) => {
    const a = await threeAttempts(t);
    const res = await a.call('GET', '/payments/find/order_m?sorting=started');
    t.equal(res.status, 200);
    t.equal(res.body.response.imp_uid, 'imps_100000000001');
  });

  t.test('with a status returns the payment in that status', async (t) => {
    const a = await threeAttempts(t);
    const paid = await a.call('GET', '/payments/find/order_m/paid');
    t.equal(paid.status, 200);
    t.equal(paid.body.response.imp_uid, 'imps_100000000002');
    const failed = await a.call('GET', '/payments/find/order_m/failed');
    t.equal(failed.body.response.imp_uid, 'imps_100000000003');
  });

  t.test('an unknown merchant_uid, or no payment in the status, is 404', async (t) => {
    const a = await threeAttempts(t);
    const unknown = await a.call('GET', '/payments/find/order_x');
    t.equal(unknown.status, 404);
    t.same(unknown.body, notFoundBody);
    const noneCancelled = await a.call('GET', '/payments/find/order_m/cancelled');
    t.equal(noneCancelled.status, 404);
    t.same(noneCancelled.body, notFoundBody);
  });

  t.test('an invalid status is 400 지원되지 않는 상태값입니다.', async (t) => {
    const a = await threeAttempts(t);
    for (const st of ['123', 'all']) {
      const res = await a.call('GET', `/payments/find/order_m/${st}`);
      t.equal(res.status, 400, st);
      t.same(res.body, badStatusBody);
    }
  });

  t.test('an invalid sorting is 400 naming sorting', async (t) => {
    const a = await threeAttempts(t);
    const res = await a.call('GET', '/payments/find/order_m?sorting=price');
    t.equal(res.status, 400);
    t.equal(res.body.code, -1);
    t.match(res.body.message, /sorting/);
  });
});

t.test('GET /payments/findAll/:merchant_uid[/:payment_status]', async (t) => {
  async function attempts(t: Test, n: number) {
    const a = await setup(t);
    for (let i = 1; i <= n; i++) {
      insert(a, {
        imp_uid: `imps_2000000000${String(i).padStart(2, '0')}`,
        merchant_uid: 'order_m',
        amount: 1000,
        status: i === n ? 'paid' : 'failed',
        started_at: T0S - 1000 + i,
        paid_at: i === n ? T0S - 1000 + i : 0,
        failed_at: i === n ? 0 : T0S - 1000 + i,
      });
    }
    insert(a, {
      imp_uid: 'imps_299999999999',
      merchant_uid: 'order_other',
      amount: 1,
      status: 'paid',
      started_at: T0S,
      paid_at: T0S,
    });
    return a;
  }

  t.test('returns a page {total, previous, next, list} newest first', async (t) => {
    const a = await attempts(t, 3);
    const res = await a.call('GET', '/payments/findAll/order_m');
    t.equal(res.status, 200);
    t.equal(res.body.response.total, 3);
    t.equal(res.body.response.previous, 0);
    t.equal(res.body.response.next, 0);
    t.same(
      res.body.response.list.map((p: Payment) => p.imp_uid),
      ['imps_200000000003', 'imps_200000000002', 'imps_200000000001'],
    );
  });

  t.test('pages with page and limit, and sorting reverses the order', async (t) => {
    const a = await attempts(t, 5);
    const p2 = await a.call('GET', '/payments/findAll/order_m?page=2&limit=2&sorting=started');
    t.equal(p2.status, 200);
    t.same(
      { ...p2.body.response, list: p2.body.response.list.map((p: Payment) => p.imp_uid) },
      { total: 5, previous: 1, next: 3, list: ['imps_200000000003', 'imps_200000000004'] },
    );
    const p3 = await a.call('GET', '/payments/findAll/order_m?page=3&limit=2&sorting=started');
    t.same(
      {
        total: p3.body.response.total,
        previous: p3.body.response.previous,
        next: p3.body.response.next,
        n: p3.body.response.list.length,
      },
      { total: 5, previous: 2, next: 0, n: 1 },
    );
  });

  t.test('a trailing slash (node-iamporter sends findAll/{m}/ without a status) lists every status', async (t) => {
    const a = await attempts(t, 3);
    const res = await a.call('GET', '/payments/findAll/order_m/');
    t.equal(res.status, 200);
    t.equal(res.body.response.total, 3);
  });

  t.test('filters by status', async (t) => {
    const a = await attempts(t, 3);
    const res = await a.call('GET', '/payments/findAll/order_m/failed');
    t.equal(res.status, 200);
    t.equal(res.body.response.total, 2);
    t.same(
      res.body.response.list.map((p: Payment) => p.status),
      ['failed', 'failed'],
    );
  });

  t.test('a page beyond the last is 400', async (t) => {
    const a = await attempts(t, 3);
    const res = await a.call('GET', '/payments/findAll/order_m?page=2');
    t.equal(res.status, 400);
    t.same(res.body, { code: -1, message: '데이터 범위를 넘어선 page입니다.', response: null });
  });

  t.test('none is 404 and a bad status is 400', async (t) => {
    const a = await attempts(t, 1);
    const none = await a.call('GET', '/payments/findAll/order_x');
    t.equal(none.status, 404);
    t.same(none.body, notFoundBody);
    const noneInStatus = await a.call('GET', '/payments/findAll/order_m/cancelled');
    t.equal(noneInStatus.status, 404);
    const bad = await a.call('GET', '/payments/findAll/order_m/xyz');
    t.equal(bad.status, 400);
    t.same(bad.body, badStatusBody);
  });

  t.test('limit above 1000 is 400 naming limit', async (t) => {
    const a = await attempts(t, 1);
    const res = await a.call('GET', '/payments/findAll/order_m?limit=1001');
    t.equal(res.status, 400);
    t.match(res.body.message, /limit/);
  });
});

t.test('GET /payments/status/:payment_status', async (t) => {
  async function mixed(t: Test) {
    const a = await setup(t);
    insert(a, {
      imp_uid: 'imps_300000000001',
      merchant_uid: 'o1',
      amount: 100,
      status: 'paid',
      started_at: T0S - 10 * DAY,
      paid_at: T0S - 10 * DAY,
    });
    insert(a, {
      imp_uid: 'imps_300000000002',
      merchant_uid: 'o2',
      amount: 200,
      status: 'paid',
      started_at: T0S - 100 * DAY,
      paid_at: T0S - 100 * DAY,
    });
    insert(a, {
      imp_uid: 'imps_300000000003',
      merchant_uid: 'o3',
      amount: 300,
      status: 'failed',
      started_at: T0S - 5 * DAY,
      failed_at: T0S - 5 * DAY,
    });
    insert(a, {
      imp_uid: 'imps_300000000004',
      merchant_uid: 'o4',
      amount: 400,
      status: 'ready',
      started_at: T0S - 1 * DAY,
    });
    insert(a, {
      imp_uid: 'imps_300000000005',
      merchant_uid: 'o5',
      amount: 500,
      status: 'cancelled',
      started_at: T0S - 30 * DAY,
      paid_at: T0S - 30 * DAY,
      cancelled_at: T0S - 2 * DAY,
    });
    // Another merchant's payment never shows.
    insert(
      a,
      {
        imp_uid: 'imps_300000000006',
        merchant_uid: 'o6',
        amount: 600,
        status: 'paid',
        started_at: T0S - DAY,
        paid_at: T0S - DAY,
      },
      'kicc-only',
    );
    return a;
  }
  const ids = (r: { body: any }) => r.body.response.list.map((p: Payment) => p.imp_uid);

  t.test('by default covers the last 90 days on the status time field', async (t) => {
    const a = await mixed(t);
    const paid = await a.call('GET', '/payments/status/paid');
    t.equal(paid.status, 200);
    t.same(paid.body.response.total, 1);
    t.same(ids(paid), ['imps_300000000001']);
    const cancelled = await a.call('GET', '/payments/status/cancelled');
    t.same(ids(cancelled), ['imps_300000000005']);
    const failed = await a.call('GET', '/payments/status/failed');
    t.same(ids(failed), ['imps_300000000003']);
    const ready = await a.call('GET', '/payments/status/ready');
    t.same(ids(ready), ['imps_300000000004']);
  });

  t.test('all lists every status by started_at, newest first', async (t) => {
    const a = await mixed(t);
    const res = await a.call('GET', '/payments/status/all');
    t.equal(res.status, 200);
    t.same(ids(res), ['imps_300000000004', 'imps_300000000003', 'imps_300000000001', 'imps_300000000005']);
    t.same([res.body.response.total, res.body.response.previous, res.body.response.next], [4, 0, 0]);
  });

  t.test('from and to choose the window', async (t) => {
    const a = await mixed(t);
    const res = await a.call('GET', `/payments/status/paid?from=${T0S - 120 * DAY}&to=${T0S - 50 * DAY}`);
    t.equal(res.status, 200);
    t.same(ids(res), ['imps_300000000002']);
  });

  t.test('a window over 90 days, or from after to, is 400', async (t) => {
    const a = await mixed(t);
    const long = await a.call('GET', `/payments/status/paid?from=${T0S - 91 * DAY}&to=${T0S}`);
    t.equal(long.status, 400);
    t.same(long.body, { code: -1, message: '조회기간은 최대 90일입니다.', response: null });
    const inverted = await a.call('GET', `/payments/status/paid?from=${T0S}&to=${T0S - DAY}`);
    t.equal(inverted.status, 400);
    t.same(inverted.body, { code: -1, message: 'from 은 to 보다 이전이어야 합니다.', response: null });
  });

  t.test('pages with limit and refuses a page out of range', async (t) => {
    const a = await mixed(t);
    const p1 = await a.call('GET', '/payments/status/all?limit=3');
    t.same(
      [p1.body.response.total, p1.body.response.previous, p1.body.response.next, p1.body.response.list.length],
      [4, 0, 2, 3],
    );
    const p2 = await a.call('GET', '/payments/status/all?limit=3&page=2');
    t.same(ids(p2), ['imps_300000000005']);
    const p3 = await a.call('GET', '/payments/status/all?limit=3&page=3');
    t.equal(p3.status, 400);
    t.same(p3.body, { code: -1, message: '데이터 범위를 넘어선 page입니다.', response: null });
  });

  t.test('an empty result is page 1 of nothing, not an error', async (t) => {
    const a = await setup(t);
    const res = await a.call('GET', '/payments/status/paid');
    t.equal(res.status, 200);
    t.same(res.body.response, { total: 0, previous: 0, next: 0, list: [] });
  });

  t.test('a bad status is 400 지원되지 않는 상태값입니다.', async (t) => {
    const a = await setup(t);
    const res = await a.call('GET', '/payments/status/xyz');
    t.equal(res.status, 400);
    t.same(res.body, badStatusBody);
  });
});

t.test('POST /payments/cancel', async (t) => {
  t.test('no amount cancels everything: status cancelled with history', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    a.s.sb.clock.advance(60_000);
    const res = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, reason: '단순 변심' });
    t.equal(res.status, 200);
    t.equal(res.body.code, 0);
    t.equal(res.body.message, null);
    const p = res.body.response;
    t.equal(p.status, 'cancelled');
    t.equal(p.cancel_amount, 1000);
    t.equal(p.cancelled_at, T0S + 60);
    t.equal(p.cancel_reason, '단순 변심');
    t.equal(p.paid_at, T0S);
    t.equal(p.cancel_history.length, 1);
    const h = p.cancel_history[0];
    t.same(Object.keys(h), ['pg_tid', 'amount', 'cancelled_at', 'reason', 'cancellation_id', 'receipt_url']);
    t.equal(h.pg_tid, paid.pg_tid);
    t.equal(h.amount, 1000);
    t.equal(h.cancelled_at, T0S + 60);
    t.equal(h.reason, '단순 변심');
    t.match(h.cancellation_id, /^[0-9a-f]{32}$/);
    t.same(p.cancel_receipt_urls, [h.receipt_url]);
    const again = await a.call('GET', `/payments/${paid.imp_uid}`);
    t.same(again.body.response, p);
  });

  t.test('amount 0 is a full cancel too', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    const res = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 0 });
    t.equal(res.body.response.status, 'cancelled');
    t.equal(res.body.response.cancel_amount, 1000);
  });

  t.test('a partial cancel keeps status paid; the rest cancels it fully', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    const first = await a.call('POST', '/payments/cancel', {
      imp_uid: paid.imp_uid,
      amount: 300,
      checksum: 1000,
      reason: '부분',
    });
    t.equal(first.body.code, 0);
    t.equal(first.body.response.status, 'paid');
    t.equal(first.body.response.cancel_amount, 300);
    t.equal(first.body.response.cancelled_at, T0S);
    t.equal(first.body.response.cancel_history.length, 1);
    const second = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, checksum: 700 });
    t.equal(second.body.code, 0);
    t.equal(second.body.response.status, 'cancelled');
    t.equal(second.body.response.cancel_amount, 1000);
    t.same(
      second.body.response.cancel_history.map((h: { amount: number }) => h.amount),
      [300, 700],
    );
    t.not(
      second.body.response.cancel_history[0].cancellation_id,
      second.body.response.cancel_history[1].cancellation_id,
    );
    t.equal(second.body.response.cancel_receipt_urls.length, 2);
    t.equal(second.body.response.cancel_reason, null);
  });

  t.test('a second full cancel is 200 code 1 이미 전액취소된 주문입니다.', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid });
    const res = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid });
    t.equal(res.status, 200);
    t.same(res.body, { code: 1, message: '이미 전액취소된 주문입니다.', response: null });
  });

  t.test('by merchant_uid it cancels the paid payment, not a failed attempt', async (t) => {
    const a = await setup(t);
    const failed = await a.pay('order_1', 1000, CARDS.decline);
    const paid = await a.pay('order_1', 1000);
    t.equal(failed.status, 'failed');
    const res = await a.call('POST', '/payments/cancel', { merchant_uid: 'order_1' });
    t.equal(res.body.code, 0);
    t.equal(res.body.response.imp_uid, paid.imp_uid);
    t.equal(res.body.response.status, 'cancelled');
  });

  t.test('an unknown imp_uid fails even when the merchant_uid is valid', async (t) => {
    const a = await setup(t);
    await a.pay('order_1', 1000);
    const res = await a.call('POST', '/payments/cancel', { imp_uid: 'imps_000000000000', merchant_uid: 'order_1' });
    t.equal(res.status, 200);
    t.same(res.body, { code: 1, message: '취소할 결제건이 존재하지 않습니다.', response: null });
  });

  t.test('imp_uid wins over a different merchant_uid', async (t) => {
    const a = await setup(t);
    const p1 = await a.pay('order_1', 1000);
    await a.pay('order_2', 2000);
    const res = await a.call('POST', '/payments/cancel', { imp_uid: p1.imp_uid, merchant_uid: 'order_2' });
    t.equal(res.body.response.imp_uid, p1.imp_uid);
    t.equal(res.body.response.merchant_uid, 'order_1');
  });

  t.test('an unknown merchant_uid is 200 code 1 취소할 결제건이 존재하지 않습니다.', async (t) => {
    const a = await setup(t);
    const res = await a.call('POST', '/payments/cancel', { merchant_uid: 'order_x' });
    t.equal(res.status, 200);
    t.same(res.body, { code: 1, message: '취소할 결제건이 존재하지 않습니다.', response: null });
  });

  t.test('a wrong checksum is refused and changes nothing', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    const res = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 100, checksum: 900 });
    t.equal(res.status, 200);
    t.same(res.body, {
      code: 1,
      message: '취소요청금액 검증(checksum)에 실패하였습니다. 취소가능잔액이 일치하지 않습니다.',
      response: null,
    });
    const after = await a.call('GET', `/payments/${paid.imp_uid}`);
    t.same(after.body.response, paid);
  });

  t.test('checksum null means no check', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    const res = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 100, checksum: null });
    t.equal(res.body.code, 0);
    t.equal(res.body.response.cancel_amount, 100);
  });

  t.test('more than the balance is refused', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 600 });
    const res = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 600 });
    t.same(res.body, { code: 1, message: '취소요청금액이 취소가능잔액을 초과합니다.', response: null });
  });

  t.test('a failed payment cannot be cancelled', async (t) => {
    const a = await setup(t);
    const failed = await a.pay('order_1', 1000, CARDS.decline);
    const res = await a.call('POST', '/payments/cancel', { imp_uid: failed.imp_uid });
    t.same(res.body, { code: 1, message: '결제완료 상태의 결제건만 취소할 수 있습니다.', response: null });
  });

  t.test('a form-encoded cancel works with string numbers', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    const res = await a.s.app.inject({
      method: 'POST',
      url: '/payments/cancel',
      headers: { authorization: a.token, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `imp_uid=${paid.imp_uid}&amount=250&checksum=1000&reason=%EB%B6%80%EB%B6%84`,
    });
    t.equal(res.statusCode, 200);
    const body = res.json();
    t.equal(body.code, 0);
    t.equal(body.response.cancel_amount, 250);
    t.equal(body.response.status, 'paid');
    t.equal(body.response.cancel_reason, '부분');
  });

  t.test('neither imp_uid nor merchant_uid is 400 naming imp_uid', async (t) => {
    const a = await setup(t);
    const res = await a.call('POST', '/payments/cancel', { amount: 100 });
    t.equal(res.status, 400);
    t.equal(res.body.code, -1);
    t.match(res.body.message, /imp_uid/);
  });

  t.test('the webhook fires only with enable_webhook true, with the cancellation_id', async (t) => {
    const events: { status: string; cancellation_id?: string }[] = [];
    const a = await setup(t, {
      webhooks: {
        paymentEvent: (_m: Merchant, p: Payment, o) =>
          events.push({ status: p.status, cancellation_id: o?.cancellation_id }),
      },
    });
    const paid = await a.pay('order_1', 1000);
    events.length = 0; // the `again` payment's own event
    await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 100 });
    t.same(events, [], 'no webhook without enable_webhook');
    await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 100, enable_webhook: false });
    t.same(events, [], 'no webhook with enable_webhook false');
    const res = await a.call('POST', '/payments/cancel', { imp_uid: paid.imp_uid, enable_webhook: true });
    t.equal(events.length, 1);
    t.same(events[0], { status: 'cancelled', cancellation_id: res.body.response.cancel_history[2].cancellation_id });
  });

  t.test('another merchant cannot cancel this payment', async (t) => {
    const a = await setup(t);
    const paid = await a.pay('order_1', 1000);
    const other = await a.s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
    const res = await a.s.app.inject({
      method: 'POST',
      url: '/payments/cancel',
      headers: { authorization: other },
      payload: { imp_uid: paid.imp_uid },
    });
    t.same(res.json(), { code: 1, message: '취소할 결제건이 존재하지 않습니다.', response: null });
    const after = await a.call('GET', `/payments/${paid.imp_uid}`);
    t.equal(after.body.response.status, 'paid');
  });
});

t.test('prepare', async (t) => {
  t.test('POST registers, GET reads it back', async (t) => {
    const a = await setup(t);
    const res = await a.call('POST', '/payments/prepare', { merchant_uid: 'order_p', amount: 15000 });
    t.equal(res.status, 200);
    t.same(res.body, { code: 0, message: null, response: { merchant_uid: 'order_p', amount: 15000, currency: null } });
    const got = await a.call('GET', '/payments/prepare/order_p');
    t.equal(got.status, 200);
    t.same(got.body.response, { merchant_uid: 'order_p', amount: 15000, currency: null });
    t.same(a.s.sb.store.payments.getPrepare('default', 'order_p'), {
      merchant_uid: 'order_p',
      amount: 15000,
      currency: null,
    });
    t.equal(
      a.s.sb.store.payments.getPrepare('kicc-only', 'order_p'),
      undefined,
      'another merchant has no registration',
    );
  });

  t.test('a duplicate POST is 200 code 1 with the real message', async (t) => {
    const a = await setup(t);
    await a.call('POST', '/payments/prepare', { merchant_uid: 'order_p', amount: 15000, currency: 'KRW' });
    const res = await a.call('POST', '/payments/prepare', { merchant_uid: 'order_p', amount: 20000 });
    t.equal(res.status, 200);
    t.same(res.body, {
      code: 1,
      message: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).',
      response: null,
    });
    const got = await a.call('GET', '/payments/prepare/order_p');
    t.same(got.body.response, { merchant_uid: 'order_p', amount: 15000, currency: 'KRW' });
  });

  t.test('PUT changes the amount and keeps the currency when not sent', async (t) => {
    const a = await setup(t);
    await a.call('POST', '/payments/prepare', { merchant_uid: 'order_p', amount: 15000, currency: 'KRW' });
    const res = await a.call('PUT', '/payments/prepare', { merchant_uid: 'order_p', amount: 9000 });
    t.equal(res.status, 200);
    t.same(res.body.response, { merchant_uid: 'order_p', amount: 9000, currency: 'KRW' });
    t.same(a.s.sb.store.payments.getPrepare('default', 'order_p'), {
      merchant_uid: 'order_p',
      amount: 9000,
      currency: 'KRW',
    });
  });

  t.test('PUT of an unknown merchant_uid is 404', async (t) => {
    const a = await setup(t);
    const res = await a.call('PUT', '/payments/prepare', { merchant_uid: 'order_x', amount: 9000 });
    t.equal(res.status, 404);
    t.same(res.body, { code: -1, message: '사전등록된 결제정보가 존재하지 않습니다.', response: null });
  });

  t.test('GET of an unknown merchant_uid is 404 사전등록된 결제정보가 존재하지 않습니다.', async (t) => {
    const a = await setup(t);
    const res = await a.call('GET', '/payments/prepare/order_x');
    t.equal(res.status, 404);
    t.same(res.body, { code: -1, message: '사전등록된 결제정보가 존재하지 않습니다.', response: null });
  });

  t.test('a form-encoded POST works and a non-numeric amount is 400 naming amount', async (t) => {
    const a = await setup(t);
    const form = await a.s.app.inject({
      method: 'POST',
      url: '/payments/prepare',
      headers: { authorization: a.token, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'merchant_uid=order_f&amount=1200',
    });
    t.same(form.json().response, { merchant_uid: 'order_f', amount: 1200, currency: null });
    const bad = await a.call('POST', '/payments/prepare', { merchant_uid: 'order_g', amount: 'abc' });
    t.equal(bad.status, 400);
    t.equal(bad.body.code, -1);
    t.match(bad.body.message, /amount/);
  });
});

t.test(
  "GET /users/pg lists the channels of the token's merchant; an unknown certification is the real 404",
  async (t) => {
    const s = await build(t);
    const token = await s.token();
    const pg = await s.app.inject({ method: 'GET', url: '/users/pg', headers: { authorization: token } });
    t.equal(pg.statusCode, 200);
    t.same(pg.json(), {
      code: 0,
      message: null,
      response: [
        {
          pg_provider: 'kicc',
          pg_id: 'T5102001',
          type: 'payment',
          channel_key: 'channel-key-kicc-window-0001',
          channel_name: 'KICC 결제창',
          sandbox: false,
        },
        {
          pg_provider: 'nice',
          pg_id: 'nictest04m',
          type: 'api_payment',
          channel_key: 'channel-key-nice-keyin-0001',
          channel_name: 'NICE 키인 API',
          sandbox: false,
        },
      ],
    });
    const kicc = await s.app.inject({
      method: 'GET',
      url: '/users/pg',
      headers: {
        authorization: await s.token(
          'kicc_only_apikey',
          'kicc_only_secret_0000000000000000000000000000000000000000000000000000000000000',
        ),
      },
    });
    t.same(
      kicc.json().response.map((c: { pg_provider: string }) => c.pg_provider),
      ['kicc'],
    );
    for (const method of ['GET', 'DELETE'] as const) {
      const cert = await s.app.inject({
        method,
        url: '/certifications/imp_123456789012',
        headers: { authorization: token },
      });
      t.equal(cert.statusCode, 404);
      t.same(cert.json(), { code: -1, message: '인증결과가 존재하지 않습니다.', response: null });
    }
    t.equal((await s.app.inject({ method: 'GET', url: '/users/pg' })).statusCode, 401, 'needs a token');
  },
);
