// API tests of billing keys (/subscribe/customers*) and billing payments (onetime, again), through app.inject.

import t from 'tap';
import {
  build,
  CARD,
  CARDS,
  KICC_ONLY_KEY,
  KICC_ONLY_SECRET,
  T0,
  type Answer,
  type BuiltSandbox,
  type Teardown,
  type TestSandbox,
} from './helpers.js';
import { saveBillingKey } from '../src/gateway/billing.js';
import { storedCard } from '../src/gateway/cards.js';
import type { Payment } from '../src/schemas/payments.js';

const T0S = T0 / 1000;

interface Api {
  s: BuiltSandbox;
  token: string;
  issue(uid: string, body?: Record<string, unknown>): Promise<Answer>;
  again(body: Record<string, unknown>): Promise<Answer>;
  req(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object): Promise<Answer>;
}

/** A sandbox whose requests carry the token of `key`/`secret` (the default merchant unless given). */
async function setup(
  t: Teardown,
  config: Parameters<typeof build>[1] = {},
  parts: Parameters<typeof build>[2] = {},
  key?: string,
  secret?: string,
): Promise<Api> {
  const s = await build(t, config, parts);
  const token = await s.token(key, secret);
  const req = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    s.call(method, url, payload, { token });
  return {
    s,
    token,
    req,
    issue: (uid, body = {}) => req('POST', `/subscribe/customers/${uid}`, { ...CARD, ...body }),
    again: (body) => req('POST', '/subscribe/payments/again', body),
  };
}

const paymentRows = (s: TestSandbox) => s.sb.db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number };
const customerRows = (s: TestSandbox) => s.sb.db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number };

t.test('issuing a billing key', async (t) => {
  t.test('a key issued by REST key-in lives on the NICE API channel and shows the masked number', async (t) => {
    const a = await setup(t);
    const r = await a.issue('cust_1', {
      customer_name: '홍길동',
      customer_email: 'hong@example.com',
      customer_tel: '010-1234-5678',
      customer_id: 'member-7',
    });
    t.equal(r.status, 200);
    t.same(r.body, {
      code: 0,
      message: null,
      response: {
        customer_uid: 'cust_1',
        pg_provider: 'nice',
        pg_id: 'nictest04m',
        sandbox: false,
        customer_id: 'member-7',
        card_name: 'BC카드',
        card_code: '361',
        card_issuer_code: '361',
        card_issuer_name: 'BC카드',
        card_publisher_code: '361',
        card_publisher_name: 'BC카드',
        card_number: '41111111****1111',
        card_type: 0,
        customer_name: '홍길동',
        customer_tel: '010-1234-5678',
        customer_email: 'hong@example.com',
        customer_addr: null,
        customer_postcode: null,
        inserted: T0S,
        updated: T0S,
      },
    });
  });

  t.test('the database row of a key holds the masked number and never the full one', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    const rows = a.s.sb.db.prepare('SELECT * FROM customers').all() as Record<string, string>[];
    t.equal(rows.length, 1);
    const text = JSON.stringify(rows);
    t.notOk(text.includes('4111111111111111'), 'no bare full number');
    t.notOk(text.includes('4111-1111-1111-1111'), 'no dashed full number');
    t.equal(JSON.parse(rows[0]!.data!).card_number, '41111111****1111');
    t.equal(JSON.parse(rows[0]!.card_rule!).card_number, '41111111****1111');
    t.same(JSON.parse(rows[0]!.card_rule!).charge, { result: 'approve' });
  });

  t.test('reusing a customer_uid replaces the card, keeps inserted and moves updated', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    a.s.sb.clock.advance(60_000);
    const r = await a.issue('cust_1', { card_number: '5555 5555 5555 4444' });
    t.equal(r.body.code, 0);
    t.equal(r.body.response.card_number, '55555555****4444');
    t.equal(r.body.response.card_name, 'NH카드');
    t.equal(r.body.response.inserted, T0S);
    t.equal(r.body.response.updated, T0S + 60);
    t.equal(customerRows(a.s).n, 1);
    const got = await a.req('GET', '/subscribe/customers/cust_1');
    t.equal(got.body.response.card_number, '55555555****4444');
  });

  t.test('a Luhn-invalid number is refused with the real message and stores nothing', async (t) => {
    const a = await setup(t);
    const r = await a.issue('cust_1', { card_number: '4111-1111-1111-1112' });
    t.equal(r.status, 200);
    t.same(r.body, {
      code: -1,
      message: '카드정보 인증 및 빌키 발급에 실패하였습니다. 유효하지않은 카드번호를 입력하셨습니다.',
      response: null,
    });
    t.equal(customerRows(a.s).n, 0);
  });

  t.test('a card number that is not digits is refused like a Luhn-invalid one', async (t) => {
    const a = await setup(t);
    const r = await a.issue('cust_1', { card_number: 'abcd-efgh' });
    t.same(r.body, {
      code: -1,
      message: '카드정보 인증 및 빌키 발급에 실패하였습니다. 유효하지않은 카드번호를 입력하셨습니다.',
      response: null,
    });
  });

  t.test('an expired card is refused, and a card expiring this month is accepted', async (t) => {
    const a = await setup(t);
    const r = await a.issue('cust_1', { expiry: '2025-12' });
    t.equal(r.status, 200);
    t.same(r.body, {
      code: -1,
      message: '카드정보 인증 및 빌키 발급에 실패하였습니다. 카드 유효기간이 만료되었습니다.',
      response: null,
    });
    t.equal(customerRows(a.s).n, 0);
    const ok = await a.issue('cust_1', { expiry: '2026-01' });
    t.equal(ok.body.code, 0);
  });

  t.test('an unreadable expiry is refused with its own message', async (t) => {
    const a = await setup(t);
    const r = await a.issue('cust_1', { expiry: '2030-13' });
    t.same(r.body, {
      code: -1,
      message: '카드정보 인증 및 빌키 발급에 실패하였습니다. 카드 유효기간 형식이 올바르지 않습니다.',
      response: null,
    });
  });

  t.test('the wrong-password test card is refused at issuance with its PG text', async (t) => {
    const a = await setup(t);
    const r = await a.issue('cust_1', { card_number: CARDS.refuse });
    t.same(r.body, {
      code: -1,
      message: '카드정보 인증 및 빌키 발급에 실패하였습니다. [8324] 비밀번호 또는 생년월일 불일치',
      response: null,
    });
    t.equal(customerRows(a.s).n, 0);
  });

  t.test('a merchant with only KICC cannot issue keys or pay onetime by REST', async (t) => {
    const a = await setup(t, {}, {}, KICC_ONLY_KEY, KICC_ONLY_SECRET);
    const issue = await a.issue('cust_1');
    t.equal(issue.status, 200);
    t.same(issue.body, { code: 1, message: '비인증결제모듈 사용정보를 찾을 수 없습니다.', response: null });
    const onetime = await a.req('POST', '/subscribe/payments/onetime', { ...CARD, merchant_uid: 'o1', amount: 1000 });
    t.equal(onetime.status, 200);
    t.same(onetime.body, { code: 1, message: '비인증결제모듈 사용정보를 찾을 수 없습니다.', response: null });
    t.equal(customerRows(a.s).n, 0);
    t.equal(paymentRows(a.s).n, 0);
  });

  t.test('missing card data is a 400 naming the field', async (t) => {
    const a = await setup(t);
    const r = await a.req('POST', '/subscribe/customers/cust_1', { expiry: '2030-12' });
    t.equal(r.status, 400);
    t.equal(r.body.code, -1);
    t.match(r.body.message, /card_number/);
    t.equal(r.body.response, null);
    t.equal(customerRows(a.s).n, 0);
  });
});

t.test('looking up and deleting billing keys', async (t) => {
  t.test('GET returns the key; an unknown uid is HTTP 200 code 1 with the real message', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    const got = await a.req('GET', '/subscribe/customers/cust_1');
    t.equal(got.status, 200);
    t.equal(got.body.response.customer_uid, 'cust_1');
    t.equal(got.body.response.card_number, '41111111****1111');
    const unknown = await a.req('GET', '/subscribe/customers/nobody');
    t.equal(unknown.status, 200);
    t.same(unknown.body, {
      code: 1,
      message: '요청하신 customer_uid(nobody)로 등록된 정보를 찾을 수 없습니다.',
      response: null,
    });
  });

  t.test('with UNKNOWN_CUSTOMER_STATUS 404 an unknown uid answers 404 on GET and DELETE', async (t) => {
    const a = await setup(t, { UNKNOWN_CUSTOMER_STATUS: '404' });
    for (const method of ['GET', 'DELETE'] as const) {
      const r = await a.req(method, '/subscribe/customers/nobody');
      t.equal(r.status, 404, method);
      t.same(
        r.body,
        { code: 1, message: '요청하신 customer_uid(nobody)로 등록된 정보를 찾을 수 없습니다.', response: null },
        method,
      );
    }
  });

  t.test('DELETE returns the deleted key, after which GET, DELETE and again do not know it', async (t) => {
    const a = await setup(t);
    const issued = await a.issue('cust_1');
    const del = await a.req('DELETE', '/subscribe/customers/cust_1?reason=test');
    t.equal(del.status, 200);
    t.same(del.body, { code: 0, message: null, response: issued.body.response });
    t.equal(customerRows(a.s).n, 0);
    const got = await a.req('GET', '/subscribe/customers/cust_1');
    t.same(got.body, {
      code: 1,
      message: '요청하신 customer_uid(cust_1)로 등록된 정보를 찾을 수 없습니다.',
      response: null,
    });
    const again = await a.req('DELETE', '/subscribe/customers/cust_1');
    t.equal(again.status, 200);
    t.same(again.body, {
      code: 1,
      message: '요청하신 customer_uid(cust_1)로 등록된 정보를 찾을 수 없습니다.',
      response: null,
    });
    const charge = await a.again({ customer_uid: 'cust_1', merchant_uid: 'o1', amount: 1000 });
    t.same(charge.body, { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
    t.equal(paymentRows(a.s).n, 0);
  });

  t.test(
    'GET /subscribe/customers with customer_uid[] answers 200 when all are found, in the order asked',
    async (t) => {
      const a = await setup(t);
      await a.issue('a');
      await a.issue('b', { card_number: '4242424242424242' });
      const r = await a.req('GET', '/subscribe/customers?customer_uid[]=b&customer_uid[]=a&customer_uid[]=b');
      t.equal(r.status, 200);
      t.equal(r.body.code, 0);
      t.same(
        r.body.response.map((c: { customer_uid: string; card_number: string }) => [c.customer_uid, c.card_number]),
        [
          ['b', '42424242****4242'],
          ['a', '41111111****1111'],
        ],
      );
    },
  );

  t.test('GET /subscribe/customers answers 207 when only some are found', async (t) => {
    const a = await setup(t);
    await a.issue('a');
    const r = await a.req('GET', '/subscribe/customers?customer_uid[]=a&customer_uid[]=ghost');
    t.equal(r.status, 207);
    t.equal(r.body.code, 0);
    t.equal(r.body.message, null);
    t.same(
      r.body.response.map((c: { customer_uid: string }) => c.customer_uid),
      ['a'],
    );
  });

  t.test('GET /subscribe/customers answers 404 when none is found and 400 when none is asked', async (t) => {
    const a = await setup(t);
    await a.issue('a');
    const none = await a.req('GET', '/subscribe/customers?customer_uid[]=x&customer_uid[]=y');
    t.equal(none.status, 404);
    t.same(none.body, { code: -1, message: '요청하신 customer_uid로 등록된 정보를 찾을 수 없습니다.', response: null });
    const empty = await a.req('GET', '/subscribe/customers');
    t.equal(empty.status, 400);
    t.same(empty.body, { code: -1, message: 'customer_uid[] 는 필수입니다.', response: null });
  });

  t.test(
    'GET /subscribe/customers also takes customer_uid without brackets, once or repeated, and with indices',
    async (t) => {
      const a = await setup(t);
      await a.issue('a');
      await a.issue('b');
      const once = await a.req('GET', '/subscribe/customers?customer_uid=a');
      t.equal(once.status, 200);
      t.same(
        once.body.response.map((c: { customer_uid: string }) => c.customer_uid),
        ['a'],
      );
      const twice = await a.req('GET', '/subscribe/customers?customer_uid=a&customer_uid=b');
      t.equal(twice.status, 200);
      t.same(
        twice.body.response.map((c: { customer_uid: string }) => c.customer_uid),
        ['a', 'b'],
      );
      const indexed = await a.req('GET', '/subscribe/customers?customer_uid[0]=b&customer_uid[1]=a');
      t.equal(indexed.status, 200);
      t.same(
        indexed.body.response.map((c: { customer_uid: string }) => c.customer_uid),
        ['b', 'a'],
      );
    },
  );

  t.test("a merchant never sees another merchant's keys", async (t) => {
    const a = await setup(t);
    await a.issue('shared_uid');
    const kiccToken = await a.s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
    const res = await a.s.app.inject({
      method: 'GET',
      url: '/subscribe/customers/shared_uid',
      headers: { authorization: kiccToken },
    });
    t.same(res.json(), {
      code: 1,
      message: '요청하신 customer_uid(shared_uid)로 등록된 정보를 찾을 수 없습니다.',
      response: null,
    });
    const list = await a.s.app.inject({
      method: 'GET',
      url: '/subscribe/customers?customer_uid[]=shared_uid',
      headers: { authorization: kiccToken },
    });
    t.equal(list.statusCode, 404);
    const charge = await a.s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: kiccToken },
      payload: { customer_uid: 'shared_uid', merchant_uid: 'o1', amount: 1000 },
    });
    t.same(charge.json(), { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
  });
});

t.test('payments of a billing key', async (t) => {
  t.test('GET /subscribe/customers/:uid/payments lists that key’s payments newest first, paged', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    await a.issue('other');
    const first = await a.again({ customer_uid: 'cust_1', merchant_uid: 'o1', amount: 1000 });
    a.s.sb.clock.advance(1000);
    await a.again({ customer_uid: 'other', merchant_uid: 'x1', amount: 500 });
    const second = await a.again({ customer_uid: 'cust_1', merchant_uid: 'o2', amount: 2000 });
    const r = await a.req('GET', '/subscribe/customers/cust_1/payments');
    t.equal(r.status, 200);
    t.equal(r.body.code, 0);
    t.equal(r.body.response.total, 2);
    t.equal(r.body.response.previous, 0);
    t.equal(r.body.response.next, 0);
    t.same(
      r.body.response.list.map((p: Payment) => p.imp_uid),
      [second.body.response.imp_uid, first.body.response.imp_uid],
    );
    t.same(r.body.response.list[0], second.body.response);

    const p1 = await a.req('GET', '/subscribe/customers/cust_1/payments?page=1&limit=1');
    t.same([p1.body.response.total, p1.body.response.previous, p1.body.response.next], [2, 0, 2]);
    t.equal(p1.body.response.list[0].merchant_uid, 'o2');
    const p2 = await a.req('GET', '/subscribe/customers/cust_1/payments?page=2&limit=1');
    t.same([p2.body.response.total, p2.body.response.previous, p2.body.response.next], [2, 1, 0]);
    t.equal(p2.body.response.list[0].merchant_uid, 'o1');
  });

  t.test('an unknown customer_uid has an empty first page, and a page past the end is 400', async (t) => {
    const a = await setup(t);
    const r = await a.req('GET', '/subscribe/customers/nobody/payments');
    t.equal(r.status, 200);
    t.same(r.body, { code: 0, message: null, response: { total: 0, previous: 0, next: 0, list: [] } });
    const past = await a.req('GET', '/subscribe/customers/nobody/payments?page=2');
    t.equal(past.status, 400);
    t.same(past.body, { code: -1, message: '데이터 범위를 넘어선 page입니다.', response: null });
  });

  t.test('declined attempts are listed with the paid ones', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1', { card_number: CARDS.decline });
    await a.again({ customer_uid: 'cust_1', merchant_uid: 'o1', amount: 1000 });
    const r = await a.req('GET', '/subscribe/customers/cust_1/payments');
    t.equal(r.body.response.total, 1);
    t.equal(r.body.response.list[0].status, 'failed');
  });
});

t.test('again: the three-way outcome', async (t) => {
  t.test('an approving card gives code 0 and a paid payment on the API channel', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1', { customer_name: '홍길동', customer_email: 'hong@example.com' });
    const r = await a.again({
      customer_uid: 'cust_1',
      merchant_uid: 'order_1',
      amount: 1000,
      name: '월 구독',
      buyer_email: 'buyer@example.com',
    });
    t.equal(r.status, 200);
    t.equal(r.body.code, 0);
    t.equal(r.body.message, null);
    const p = r.body.response as Payment;
    t.match(p.imp_uid, /^imps_\d{12}$/);
    t.equal(p.merchant_uid, 'order_1');
    t.equal(p.status, 'paid');
    t.equal(p.channel, 'api');
    t.equal(p.pay_method, 'card');
    t.equal(p.pg_provider, 'nice');
    t.equal(p.pg_id, 'nictest04m');
    t.match(p.pg_tid, /^\d{20}$/);
    t.match(p.apply_num, /^\d{8}$/);
    t.equal(p.amount, 1000);
    t.equal(p.currency, 'KRW');
    t.equal(p.name, '월 구독');
    t.equal(p.card_number, '41111111****1111');
    t.equal(p.card_code, '361');
    t.equal(p.card_quota, 0);
    t.equal(p.customer_uid, 'cust_1');
    t.equal(p.customer_uid_usage, 'payment');
    t.equal(p.buyer_name, '홍길동', 'falls back on the key’s customer_name');
    t.equal(p.buyer_email, 'buyer@example.com', 'an explicit buyer_* wins');
    t.equal(p.started_at, T0S);
    t.equal(p.paid_at, T0S);
    t.equal(p.failed_at, 0);
    t.equal(p.fail_reason, null);
    t.match(p.receipt_url, /^https:\/\/receipt\.sandbox\.invalid\/nice\/\d{20}$/);
    t.same(a.s.sb.store.payments.get('default', p.imp_uid), p);
  });

  t.test(
    'a declining card gives code 0, status failed and the card company’s fail_reason, stored and findable',
    async (t) => {
      const a = await setup(t);
      await a.issue('cust_1', { card_number: CARDS.decline });
      const r = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
      t.equal(r.status, 200);
      t.equal(r.body.code, 0);
      t.equal(r.body.message, null);
      const p = r.body.response as Payment;
      t.equal(p.status, 'failed');
      t.equal(p.fail_reason, '[8016] 거래거절 - 카드사 승인거절(한도초과)');
      t.equal(p.failed_at, T0S);
      t.equal(p.paid_at, 0);
      t.equal(p.apply_num, null);
      t.equal(p.receipt_url, null);
      t.equal(p.card_name, '신한카드');
      t.same(a.s.sb.store.payments.get('default', p.imp_uid), p);
      const byRoute = await a.req('GET', `/payments/${p.imp_uid}`);
      t.equal(byRoute.status, 200, 'GET /payments/:imp_uid finds the failed attempt');
      t.same(byRoute.body.response, p);
      const byStatus = await a.req('GET', '/payments/status/failed');
      t.equal(byStatus.status, 200);
      t.same(
        byStatus.body.response.list.map((x: Payment) => x.imp_uid),
        [p.imp_uid],
        'and /payments/status/failed lists it',
      );
    },
  );

  t.test('the insufficient-funds card fails with its own reason', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1', { card_number: CARDS.insufficient });
    const r = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
    t.equal(r.body.code, 0);
    t.equal(r.body.response.status, 'failed');
    t.equal(r.body.response.fail_reason, '[8051] 잔액부족 - 결제계좌 잔액이 부족합니다');
    t.equal(r.body.response.card_type, 1);
  });

  t.test('the PG-error card gives code -1 with the PG text and stores nothing', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1', { card_number: CARDS.pgError });
    const r = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
    t.equal(r.status, 200);
    t.same(r.body, { code: -1, message: '카드사 요청에 실패하였습니다. (PG 통신 오류)', response: null });
    t.equal(paymentRows(a.s).n, 0);
  });

  t.test('an unknown customer_uid gives HTTP 200 code 1 with the real message and stores nothing', async (t) => {
    const a = await setup(t);
    const r = await a.again({ customer_uid: 'nobody', merchant_uid: 'order_1', amount: 1000 });
    t.equal(r.status, 200);
    t.same(r.body, { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
    t.equal(paymentRows(a.s).n, 0);
  });

  t.test('a merchant_uid already paid is refused with code 1', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    const first = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
    t.equal(first.body.response.status, 'paid');
    const second = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
    t.equal(second.status, 200);
    t.same(second.body, { code: 1, message: '이미 결제가 이루어진 거래건입니다.', response: null });
    t.equal(paymentRows(a.s).n, 1);
  });

  t.test('a merchant_uid with only failed attempts can be charged again', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1', { card_number: CARDS.decline });
    const failed1 = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
    const failed2 = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
    t.equal(failed1.body.response.status, 'failed');
    t.equal(failed2.body.response.status, 'failed');
    t.not(failed1.body.response.imp_uid, failed2.body.response.imp_uid);
    await a.issue('cust_1');
    const paid = await a.again({ customer_uid: 'cust_1', merchant_uid: 'order_1', amount: 1000 });
    t.equal(paid.body.code, 0);
    t.equal(paid.body.response.status, 'paid');
    const all = a.s.sb.store.payments.list('default', { merchant_uid: 'order_1' });
    t.same(all.map((p) => p.status).sort(), ['failed', 'failed', 'paid']);
  });

  t.test('a KICC key made by the payment window is charged on the KICC channel', async (t) => {
    const a = await setup(t, {}, {}, KICC_ONLY_KEY, KICC_ONLY_SECRET);
    const sb = a.s.sb;
    const merchant = sb.store.merchants.get('kicc-only')!;
    const channel = merchant.channels[0]!;
    const digits = '4111111111111111';
    const key = sb.store.tx(() =>
      saveBillingKey(sb, merchant, channel, 'kicc_cust', storedCard(sb.cards.rule(digits), digits), {}),
    );
    t.equal(key.pg_provider, 'kicc');
    const r = await a.again({ customer_uid: 'kicc_cust', merchant_uid: 'k1', amount: 9900 });
    t.equal(r.body.code, 0);
    t.equal(r.body.response.status, 'paid');
    t.equal(r.body.response.pg_provider, 'kicc');
    t.equal(r.body.response.pg_id, 'T5102001');
    t.equal(r.body.response.card_number, '41111111****1111');
    t.match(r.body.response.imp_uid, /^imps_\d{12}$/);
    t.equal(r.body.response.channel, 'api');
    const got = await a.req('GET', '/subscribe/customers/kicc_cust');
    t.equal(got.body.response.pg_provider, 'kicc');
    t.equal(got.body.response.pg_id, 'T5102001');
  });

  t.test('a form-encoded again works, with the amount as a string', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    const res = await a.s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: a.token, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'customer_uid=cust_1&merchant_uid=form_1&amount=1000&name=%EC%9B%94+%EA%B5%AC%EB%8F%85&card_quota=3',
    });
    t.equal(res.statusCode, 200);
    const body = res.json();
    t.equal(body.code, 0);
    t.equal(body.response.status, 'paid');
    t.equal(body.response.amount, 1000);
    t.equal(body.response.name, '월 구독');
    t.equal(body.response.card_quota, 3);
  });

  t.test('a paid again sends one payment event; a declined one sends none', async (t) => {
    const events: [string, string, unknown][] = [];
    const a = await setup(
      t,
      {},
      {
        webhooks: {
          paymentEvent: (m, p, o) => void events.push([m.id, `${p.merchant_uid}:${p.status}`, o?.notice_url]),
        },
      },
    );
    await a.issue('good');
    await a.issue('bad', { card_number: CARDS.decline });
    await a.again({ customer_uid: 'good', merchant_uid: 'o1', amount: 1000, notice_url: 'http://127.0.0.1:9/hook' });
    await a.again({ customer_uid: 'bad', merchant_uid: 'o2', amount: 1000 });
    t.same(events, [['default', 'o1:paid', 'http://127.0.0.1:9/hook']]);
  });
});

t.test('again: validation', async (t) => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a missing customer_uid', { merchant_uid: 'o1', amount: 1000 }, 'customer_uid'],
    ['a missing merchant_uid', { customer_uid: 'cust_1', amount: 1000 }, 'merchant_uid'],
    ['a missing amount', { customer_uid: 'cust_1', merchant_uid: 'o1' }, 'amount'],
    ['an amount that is not a number', { customer_uid: 'cust_1', merchant_uid: 'o1', amount: 'abc' }, 'amount'],
    ['a negative amount', { customer_uid: 'cust_1', merchant_uid: 'o1', amount: -1000 }, 'amount'],
    ['a zero amount', { customer_uid: 'cust_1', merchant_uid: 'o1', amount: 0 }, 'amount'],
    ['a boolean amount', { customer_uid: 'cust_1', merchant_uid: 'o1', amount: true }, 'amount'],
    ['an empty amount', { customer_uid: 'cust_1', merchant_uid: 'o1', amount: '' }, 'amount'],
  ];
  for (const [what, body, field] of cases) {
    t.test(`${what} is a 400 naming ${field}, and nothing is stored`, async (t) => {
      const a = await setup(t);
      await a.issue('cust_1');
      const r = await a.again(body);
      t.equal(r.status, 400);
      t.equal(r.body.code, -1);
      t.equal(r.body.response, null);
      t.match(r.body.message, new RegExp(`^잘못된 요청 파라미터입니다\\. ${field}: `));
      t.equal(paymentRows(a.s).n, 0);
    });
  }
  t.test('a negative amount in a form body is a 400 too', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    const res = await a.s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: a.token, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'customer_uid=cust_1&merchant_uid=o1&amount=-5',
    });
    t.equal(res.statusCode, 400);
    t.same(res.json(), {
      code: -1,
      message: '잘못된 요청 파라미터입니다. amount: amount 는 0보다 커야 합니다.',
      response: null,
    });
    t.equal(paymentRows(a.s).n, 0);
  });
  t.test('a request without a token is 401 and charges nothing', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    const res = await a.s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      payload: { customer_uid: 'cust_1', merchant_uid: 'o1', amount: 1000 },
    });
    t.equal(res.statusCode, 401);
    t.same(res.json(), { code: -1, message: 'Unauthorized', response: null });
    t.equal(paymentRows(a.s).n, 0);
  });
});

t.test('onetime key-in payments', async (t) => {
  t.test('a onetime payment without customer_uid is paid and saves no key', async (t) => {
    const a = await setup(t);
    const r = await a.req('POST', '/subscribe/payments/onetime', {
      ...CARD,
      merchant_uid: 'one_1',
      amount: 5000,
      name: '단건',
    });
    t.equal(r.status, 200);
    t.equal(r.body.code, 0);
    const p = r.body.response as Payment;
    t.match(p.imp_uid, /^imps_\d{12}$/);
    t.equal(p.status, 'paid');
    t.equal(p.channel, 'api');
    t.equal(p.pg_provider, 'nice');
    t.equal(p.amount, 5000);
    t.equal(p.card_number, '41111111****1111');
    t.equal(p.customer_uid, null);
    t.equal(p.customer_uid_usage, null);
    t.equal(customerRows(a.s).n, 0);
  });

  t.test('a onetime payment with customer_uid also saves the key, which again can charge', async (t) => {
    const a = await setup(t);
    const r = await a.req('POST', '/subscribe/payments/onetime', {
      ...CARD,
      merchant_uid: 'one_1',
      amount: 5000,
      customer_uid: 'saved',
      buyer_name: '김철수',
    });
    t.equal(r.body.code, 0);
    t.equal(r.body.response.customer_uid, 'saved');
    t.equal(r.body.response.customer_uid_usage, 'payment');
    const key = await a.req('GET', '/subscribe/customers/saved');
    t.equal(key.body.code, 0);
    t.equal(key.body.response.customer_name, '김철수');
    t.equal(key.body.response.pg_provider, 'nice');
    const next = await a.again({ customer_uid: 'saved', merchant_uid: 'one_2', amount: 5000 });
    t.equal(next.body.response.status, 'paid');
    t.equal(next.body.response.buyer_name, '김철수');
  });

  t.test('a Luhn-invalid onetime card is refused with the card-auth message', async (t) => {
    const a = await setup(t);
    const r = await a.req('POST', '/subscribe/payments/onetime', {
      ...CARD,
      card_number: '1234-5678-1234-5678',
      merchant_uid: 'one_1',
      amount: 5000,
    });
    t.equal(r.status, 200);
    t.same(r.body, {
      code: -1,
      message: '카드정보 인증에 실패하였습니다. 유효하지않은 카드번호를 입력하셨습니다.',
      response: null,
    });
    t.equal(paymentRows(a.s).n, 0);
  });

  t.test('an expired onetime card is refused with the card-auth message', async (t) => {
    const a = await setup(t);
    const r = await a.req('POST', '/subscribe/payments/onetime', {
      ...CARD,
      expiry: '2020-01',
      merchant_uid: 'one_1',
      amount: 5000,
    });
    t.same(r.body, {
      code: -1,
      message: '카드정보 인증에 실패하였습니다. 카드 유효기간이 만료되었습니다.',
      response: null,
    });
  });

  t.test('a declined onetime charge is code 0 and failed', async (t) => {
    const a = await setup(t);
    const r = await a.req('POST', '/subscribe/payments/onetime', {
      ...CARD,
      card_number: CARDS.insufficient,
      merchant_uid: 'one_1',
      amount: 5000,
    });
    t.equal(r.body.code, 0);
    t.equal(r.body.response.status, 'failed');
    t.equal(r.body.response.fail_reason, '[8051] 잔액부족 - 결제계좌 잔액이 부족합니다');
  });

  t.test('a onetime PG error with customer_uid stores neither payment nor key', async (t) => {
    const a = await setup(t);
    const r = await a.req('POST', '/subscribe/payments/onetime', {
      ...CARD,
      card_number: CARDS.pgError,
      merchant_uid: 'one_1',
      amount: 5000,
      customer_uid: 'c',
    });
    t.same(r.body, { code: -1, message: '카드사 요청에 실패하였습니다. (PG 통신 오류)', response: null });
    t.equal(paymentRows(a.s).n, 0);
    t.equal(customerRows(a.s).n, 0);
  });

  t.test('a onetime on a merchant_uid already paid by again is refused', async (t) => {
    const a = await setup(t);
    await a.issue('cust_1');
    await a.again({ customer_uid: 'cust_1', merchant_uid: 'o1', amount: 1000 });
    const r = await a.req('POST', '/subscribe/payments/onetime', { ...CARD, merchant_uid: 'o1', amount: 1000 });
    t.same(r.body, { code: 1, message: '이미 결제가 이루어진 거래건입니다.', response: null });
    t.equal(paymentRows(a.s).n, 1);
  });
});

t.test('malformed billing requests get a 400 envelope, never a 500, and store nothing', async (t) => {
  const a = await setup(t);
  await a.issue('cust_1');
  const before = paymentRows(a.s).n;
  const payloads = [
    '[]',
    '"text"',
    '42',
    'null',
    '{"customer_uid":{"a":1},"merchant_uid":["x"],"amount":{}}',
    '{"card_number":4111111111111111,"expiry":203012}',
    '{"customer_uid":"cust_1","merchant_uid":"m","amount":1e400}',
    '{"customer_uid":"cust_1","merchant_uid":"m","amount":1,"card_quota":"abc"}',
  ];
  for (const url of ['/subscribe/customers/cust_2', '/subscribe/payments/again', '/subscribe/payments/onetime']) {
    for (const payload of payloads) {
      const res = await a.s.app.inject({
        method: 'POST',
        url,
        headers: { authorization: a.token, 'content-type': 'application/json' },
        payload,
      });
      t.equal(res.statusCode, 400, `${url} ${payload}`);
      t.equal(res.json().code, -1);
      t.match(res.json().message, /^잘못된 요청 파라미터입니다\. /);
    }
  }
  t.equal(paymentRows(a.s).n, before);
  t.equal(customerRows(a.s).n, 1);
});
