// API tests of virtual accounts by REST: POST /vbanks, PUT and DELETE /vbanks/{imp_uid}, GET /vbanks/holder, their
// webhooks and the control API's deposit into a REST-issued account, through app.inject.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { type BuiltSandbox, build, CARD, KICC_ONLY_KEY, KICC_ONLY_SECRET, T0, WINDOW_CARD } from './helpers.js';
import { startReceiver } from './receiver.js';
import type { Notifier } from '../src/gateway/context.js';
import { loadVbankHolders } from '../src/gateway/banks.js';
import { readVbankDue } from '../src/gateway/vbanks.js';
import type { Payment } from '../src/schemas/payments.js';

const T0S = T0 / 1000;
const HOUR = 3600;
const DAY = 24 * HOUR;
const NICE_KEY = 'channel-key-nice-keyin-0001';
const KICC_WINDOW_KEY = 'channel-key-kicc-window-0001';
const FORMATS =
  'UNIX TIMESTAMP(초), YYYYMMDDhhmm, YYYYMMDD, YYYY-MM-DD, YYYY-MM-DD HH:mm:ss, YYYYMMDDHHmmss 중 하나로 입력해주세요.';
const NOT_FOUND = { code: -1, message: '존재하지 않는 결제정보입니다.', response: null };

function webhookSpy() {
  const calls: { imp_uid: string; status: string; notice_url: unknown }[] = [];
  const notifier: Notifier = {
    paymentEvent: (_m, p: Payment, o) =>
      void calls.push({ imp_uid: p.imp_uid, status: p.status, notice_url: o?.notice_url ?? null }),
  };
  return { calls, notifier };
}

/** A valid issue on the default merchant's NICE key-in channel, due three days after T0. */
const issueBody = (extra: Record<string, unknown> = {}) => ({
  channel_key: NICE_KEY,
  merchant_uid: 'vb_order_1',
  amount: 50000,
  vbank_code: '088',
  vbank_due: T0S + 3 * DAY,
  ...extra,
});

/** A token asked for on each call: some tests move a clock past its 30 minutes. */
async function call(s: BuiltSandbox, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  return s.call(method, url, payload, { token: await s.token() });
}
const issue = (s: BuiltSandbox, extra: Record<string, unknown> = {}) => call(s, 'POST', '/vbanks', issueBody(extra));
const getPayment = async (s: BuiltSandbox, impUid: string) =>
  (await call(s, 'GET', `/payments/${impUid}`)).body.response as Payment;
const deposit = (s: BuiltSandbox, impUid: string, payload: Record<string, unknown> = {}) =>
  s.call('POST', `/__sandbox/vbanks/${impUid}/deposit`, payload, { token: null });
const stored = (s: BuiltSandbox) => (s.sb.db.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n;

/** A paid card payment of the default merchant (billing key on its NICE channel, then `again`). */
async function cardPayment(s: BuiltSandbox, merchantUid: string): Promise<Payment> {
  await call(s, 'POST', '/subscribe/customers/cust_vb', CARD);
  const r = await call(s, 'POST', '/subscribe/payments/again', {
    customer_uid: 'cust_vb',
    merchant_uid: merchantUid,
    amount: 1000,
    name: '카드 주문',
  });
  return r.body.response;
}

t.test('POST /vbanks issues a ready account on the API channel, with a ready webhook to notice_url', async (t) => {
  const rx = await startReceiver();
  t.teardown(rx.close);
  const s = await build(t);
  const res = await s.call(
    'POST',
    '/vbanks',
    issueBody({
      vbank_holder: '홍길동상점',
      name: '가상계좌 주문',
      buyer_name: '홍길동',
      buyer_email: 'buyer@example.kr',
      buyer_tel: '010-1234-5678',
      buyer_addr: '서울시 강남구',
      buyer_postcode: '06236',
      custom_data: { order: 7 },
      notice_url: rx.url,
      tax_free: 0,
      product_type: 'real',
    }),
    { token: await s.token(), headers: { 'user-agent': 'TestClient/1.0' } },
  );
  t.equal(res.status, 200);
  t.equal(res.body.code, 0);
  t.equal(res.body.message, null);
  const p = res.body.response as Payment;
  t.match(p.imp_uid, /^imps_\d{12}$/);
  t.equal(p.merchant_uid, 'vb_order_1');
  t.equal(p.pay_method, 'vbank');
  t.equal(p.channel, 'api');
  t.equal(p.pg_provider, 'nice');
  t.equal(p.pg_id, 'nictest04m');
  t.match(p.pg_tid, /^\d{20}$/);
  t.equal(p.sandbox, false);
  t.equal(p.status, 'ready');
  t.equal(p.amount, 50000);
  t.equal(p.cancel_amount, 0);
  t.equal(p.currency, 'KRW');
  t.equal(p.vbank_code, '088');
  t.equal(p.vbank_name, '신한은행');
  t.match(p.vbank_num, /^\d{3}-\d{3}-\d{6}$/);
  t.equal(p.vbank_holder, '홍길동상점');
  t.equal(p.vbank_date, T0S + 3 * DAY);
  t.equal(p.vbank_issued_at, T0S);
  t.equal(p.started_at, T0S);
  t.equal(p.paid_at, 0);
  t.equal(p.apply_num, null);
  t.equal(p.card_number, null);
  t.equal(p.name, '가상계좌 주문');
  t.equal(p.buyer_name, '홍길동');
  t.equal(p.buyer_email, 'buyer@example.kr');
  t.equal(p.buyer_tel, '010-1234-5678');
  t.equal(p.buyer_addr, '서울시 강남구');
  t.equal(p.buyer_postcode, '06236');
  t.equal(p.custom_data, '{"order":7}');
  t.equal(p.user_agent, 'TestClient/1.0');
  t.equal(p.customer_uid, null);
  t.same(p.cancel_history, []);
  t.same(await getPayment(s, p.imp_uid), p, 'GET /payments/{imp_uid} answers the same object');

  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 1);
  t.equal(rx.got[0]!.body, JSON.stringify({ imp_uid: p.imp_uid, merchant_uid: 'vb_order_1', status: 'ready' }));

  // The buyer pays in through the control API, like a window's account; the paid webhook goes to the same URL.
  s.sb.clock.set(T0 + 2 * HOUR * 1000);
  const d = await deposit(s, p.imp_uid, { depositor_name: '홍길동' });
  t.equal(d.status, 200);
  t.equal(d.body.response.merchant, 'imp19424728');
  t.equal(d.body.response.payment.status, 'paid');
  t.equal(d.body.response.payment.paid_at, T0S + 2 * HOUR);
  const paid = await getPayment(s, p.imp_uid);
  t.equal(paid.status, 'paid');
  t.equal(paid.paid_at, T0S + 2 * HOUR);
  t.equal(paid.vbank_num, p.vbank_num);
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 2);
  t.equal(rx.got[1]!.body, JSON.stringify({ imp_uid: p.imp_uid, merchant_uid: 'vb_order_1', status: 'paid' }));

  // Paid: the merchant_uid is used up (200 code 1, the billing API's message), and the payment can be refunded.
  const again = await issue(s, { merchant_uid: 'vb_order_1' });
  t.equal(again.status, 200);
  t.same(again.body, { code: 1, message: '이미 결제가 이루어진 거래건입니다.', response: null });
  const cancel = await call(s, 'POST', '/payments/cancel', { imp_uid: p.imp_uid, reason: '환불' });
  t.equal(cancel.body.code, 0);
  t.equal(cancel.body.response.status, 'cancelled');
  t.equal(cancel.body.response.cancel_amount, 50000);
});

t.test('defaults: the merchant as holder, the first API channel for no or an unknown pg, form bodies', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const plain = await issue(s, { channel_key: undefined, merchant_uid: 'vb_plain' });
  t.equal(plain.body.code, 0);
  t.equal(plain.body.response.pg_provider, 'nice');
  t.equal(plain.body.response.vbank_holder, '아임포트 샌드박스 상점');
  t.equal(plain.body.response.custom_data, null);
  t.equal(plain.body.response.name, null);
  t.equal(plain.body.response.buyer_name, null);
  const unknownPg = await issue(s, { channel_key: undefined, pg: 'inicis', merchant_uid: 'vb_pg' });
  t.equal(unknownPg.body.response.pg_id, 'nictest04m', 'an unknown pg falls back on the default API channel');
  const byPg = await issue(s, { channel_key: undefined, pg: 'nice.nictest04m', merchant_uid: 'vb_pg2' });
  t.equal(byPg.body.response.pg_provider, 'nice');

  // A form body, as the Ruby and Go clients send it: numbers as strings, vbank_due as the SDK's date, a fixed number.
  const form = await s.app.inject({
    method: 'POST',
    url: '/vbanks?pg_api_key=ignored',
    headers: { authorization: await s.token(), 'content-type': 'application/x-www-form-urlencoded' },
    payload:
      'channel_key=channel-key-nice-keyin-0001&merchant_uid=vb_form&amount=12000&vbank_code=004' +
      '&vbank_due=20260105&vbank_num=12345678901234&notice_url=http%3A%2F%2F127.0.0.1%3A9%2Fhook',
  });
  t.equal(form.statusCode, 200);
  const f = form.json().response as Payment;
  t.equal(f.amount, 12000);
  t.equal(f.vbank_name, 'KB국민은행');
  t.equal(f.vbank_num, '12345678901234', 'a fixed account number is kept as sent');
  t.equal(f.vbank_date, Date.parse('2026-01-05T23:59:59+09:00') / 1000);
  t.same(spy.calls, [
    { imp_uid: plain.body.response.imp_uid, status: 'ready', notice_url: null },
    { imp_uid: unknownPg.body.response.imp_uid, status: 'ready', notice_url: null },
    { imp_uid: byPg.body.response.imp_uid, status: 'ready', notice_url: null },
    { imp_uid: f.imp_uid, status: 'ready', notice_url: 'http://127.0.0.1:9/hook' },
  ]);
});

t.test('vbank_due is a UNIX timestamp, or any of the SDK formats (KST without a zone)', async (t) => {
  const s = await build(t);
  const cases: [unknown, number][] = [
    [T0S + DAY, T0S + DAY],
    [String(T0S + DAY), T0S + DAY],
    ['20260110', Date.parse('2026-01-10T23:59:59+09:00') / 1000],
    [20260110, Date.parse('2026-01-10T23:59:59+09:00') / 1000],
    ['202601101230', Date.parse('2026-01-10T12:30:00+09:00') / 1000],
    ['2026-01-10 12:30:45', Date.parse('2026-01-10T12:30:45+09:00') / 1000],
    ['20260110123045', Date.parse('2026-01-10T12:30:45+09:00') / 1000],
    ['2026-01-10T12:30:00Z', Date.parse('2026-01-10T12:30:00Z') / 1000],
  ];
  let n = 0;
  for (const [due, expected] of cases) {
    const r = await issue(s, { merchant_uid: `vb_due_${n++}`, vbank_due: due });
    t.equal(r.body.response?.vbank_date, expected, `${due}`);
  }
  t.equal(readVbankDue(1.5), null);
  t.equal(readVbankDue(-1), null);
  t.equal(readVbankDue('12345678901'), null, 'eleven digits are neither seconds nor a date');
  t.equal(readVbankDue(' 1767225600 '), 1767225600);
});

t.test(
  'POST /vbanks refusals: channels (200 code 1), bad input (400), no token (401); none stores anything',
  async (t) => {
    const s = await build(t);
    const refusals: [Record<string, unknown>, number, number, string, string?][] = [
      [
        { channel_key: 'no-such-key' },
        200,
        1,
        '요청하신 channel_key(no-such-key)로 등록된 채널 정보를 찾을 수 없습니다.',
      ],
      [
        { channel_key: KICC_WINDOW_KEY },
        200,
        1,
        `channel_key(${KICC_WINDOW_KEY})는 결제창(인증결제) 채널입니다. 이 API는 API 방식(비인증결제) 채널로만 요청할 수 있습니다.`,
      ],
      [{ amount: 0 }, 400, -1, '가상계좌 결제금액은 0원보다 커야 합니다.', 'amount'],
      [{ amount: -100 }, 400, -1, '가상계좌 결제금액은 0원보다 커야 합니다.', 'amount'],
      [{ amount: 'lots' }, 400, -1, '잘못된 요청 파라미터입니다. amount: amount 는 숫자여야 합니다.'],
      [
        { vbank_due: 'next week' },
        400,
        -1,
        `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (next week) ${FORMATS}`,
        'vbank_due',
      ],
      [
        { vbank_due: '2026-02-30' },
        400,
        -1,
        `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (2026-02-30) ${FORMATS}`,
        'vbank_due',
      ],
      [{ vbank_due: T0S }, 400, -1, `가상계좌 입금기한(vbank_due)이 이미 지났습니다. (${T0S})`, 'vbank_due'],
      [
        { vbank_due: '2025-12-31' },
        400,
        -1,
        '가상계좌 입금기한(vbank_due)이 이미 지났습니다. (2025-12-31)',
        'vbank_due',
      ],
      [{ vbank_code: '999' }, 400, -1, '가상계좌를 발급할 수 없는 은행구분코드입니다. (vbank_code: 999)', 'vbank_code'],
      [
        { vbank_holder: '가'.repeat(17) },
        400,
        -1,
        '잘못된 요청 파라미터입니다. vbank_holder: Too big: expected string to have <=16 characters',
      ],
      [
        { merchant_uid: 'm'.repeat(41) },
        400,
        -1,
        '잘못된 요청 파라미터입니다. merchant_uid: Too big: expected string to have <=40 characters',
      ],
      [
        { product_type: 'food' },
        400,
        -1,
        '잘못된 요청 파라미터입니다. product_type: Invalid option: expected one of "real"|"digital"',
      ],
    ];
    for (const [extra, status, code, message, field] of refusals) {
      const r = await issue(s, extra);
      t.equal(r.status, status, JSON.stringify(extra));
      t.same(r.body, { code, message, response: null });
      t.equal(r.headers['x-sandbox-field'], field);
    }
    for (const missing of ['merchant_uid', 'amount', 'vbank_code', 'vbank_due']) {
      const body: Record<string, unknown> = issueBody();
      delete body[missing];
      const r = await call(s, 'POST', '/vbanks', body);
      t.equal(r.status, 400, `without ${missing}`);
      t.equal(r.body.code, -1);
      t.match(r.body.message, new RegExp(`^잘못된 요청 파라미터입니다\\. ${missing}: `));
    }
    // The KICC-only merchant has no API channel at all: the billing API's real refusal.
    const kicc = await s.call('POST', '/vbanks', issueBody({ channel_key: undefined }), {
      token: await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET),
    });
    t.equal(kicc.status, 200);
    t.same(kicc.body, { code: 1, message: '비인증결제모듈 사용정보를 찾을 수 없습니다.', response: null });
    const anonymous = await s.call('POST', '/vbanks', issueBody(), { token: null });
    t.equal(anonymous.status, 401);
    t.same(anonymous.body, { code: -1, message: 'Unauthorized', response: null });
    t.equal(stored(s), 0, 'no refusal stored a payment');
  },
);

t.test('PUT /vbanks/{imp_uid} changes the amount and the due of an unpaid account, without a webhook', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const p = (await issue(s, { vbank_due: T0S + HOUR })).body.response as Payment;
  const r = await call(s, 'PUT', `/vbanks/${p.imp_uid}`, { amount: 45000, vbank_due: '2026-01-20 18:00:00' });
  t.equal(r.status, 200);
  t.equal(r.body.code, 0);
  const m = r.body.response as Payment;
  t.equal(m.amount, 45000);
  t.equal(m.vbank_date, Date.parse('2026-01-20T18:00:00+09:00') / 1000);
  t.equal(m.status, 'ready');
  t.equal(m.vbank_num, p.vbank_num);
  t.same(await getPayment(s, p.imp_uid), m);
  const onlyDue = await call(s, 'PUT', `/vbanks/${p.imp_uid}`, { vbank_due: T0S + 30 * DAY });
  t.equal(onlyDue.body.response.amount, 45000, 'an amount not sent stays');
  t.equal(onlyDue.body.response.vbank_date, T0S + 30 * DAY);
  const form = await s.app.inject({
    method: 'PUT',
    url: `/vbanks/${p.imp_uid}`,
    headers: { authorization: await s.token(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'amount=40000',
  });
  t.equal(form.json().response.amount, 40000);
  t.equal(form.json().response.vbank_date, T0S + 30 * DAY, 'a due not sent stays');

  // The deposit takes the new amount, and the new due: the old one has passed.
  s.sb.clock.set(T0 + 2 * DAY * 1000);
  t.equal((await deposit(s, p.imp_uid, { amount: 50000 })).status, 400);
  const d = await deposit(s, p.imp_uid);
  t.equal(d.status, 200);
  t.equal(d.body.response.payment.amount, 40000);
  t.same(
    spy.calls.map((c) => c.status),
    ['ready', 'paid'],
    'a change sends no webhook',
  );
});

t.test('PUT /vbanks refusals: 404 unknown, 400 not a vbank, not ready, nothing to change, bad values', async (t) => {
  const s = await build(t);
  const p = (await issue(s)).body.response as Payment;
  const unknown = await call(s, 'PUT', '/vbanks/imps_000000000000', { amount: 1000 });
  t.equal(unknown.status, 404);
  t.same(unknown.body, NOT_FOUND);
  const card = await cardPayment(s, 'card_1');
  const notVbank = await call(s, 'PUT', `/vbanks/${card.imp_uid}`, { amount: 1000 });
  t.equal(notVbank.status, 400);
  t.same(notVbank.body, { code: -1, message: '가상계좌 결제건이 아닙니다. (pay_method: card)', response: null });
  const cases: [Record<string, unknown> | undefined, string][] = [
    [{}, 'amount 또는 vbank_due 중 하나는 필수입니다.'],
    [undefined, 'amount 또는 vbank_due 중 하나는 필수입니다.'],
    [{ amount: 0 }, '가상계좌 결제금액은 0원보다 커야 합니다.'],
    [{ vbank_due: 'soon' }, `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (soon) ${FORMATS}`],
    [{ vbank_due: T0S - 1 }, `가상계좌 입금기한(vbank_due)이 이미 지났습니다. (${T0S - 1})`],
    [{ amount: 'x' }, '잘못된 요청 파라미터입니다. amount: amount 는 숫자여야 합니다.'],
  ];
  for (const [body, message] of cases) {
    const r = await call(s, 'PUT', `/vbanks/${p.imp_uid}`, body);
    t.equal(r.status, 400, JSON.stringify(body));
    t.same(r.body, { code: -1, message, response: null });
  }
  const missing = await call(s, 'PUT', '/vbanks', { amount: 1000 });
  t.equal(missing.status, 400);
  t.same(missing.body, { code: -1, message: 'imp_uid 는 필수입니다. (/vbanks/{imp_uid})', response: null });
  t.same(await getPayment(s, p.imp_uid), p, 'no refusal changed the account');

  t.equal((await deposit(s, p.imp_uid)).status, 200);
  const paid = await call(s, 'PUT', `/vbanks/${p.imp_uid}`, { amount: 1000 });
  t.equal(paid.status, 400);
  t.same(paid.body, { code: -1, message: '입금대기(ready) 상태의 가상계좌가 아닙니다. (현재: paid)', response: null });
});

t.test('DELETE /vbanks/{imp_uid} revokes an unpaid account: cancelled, no webhook, no deposit after', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const p = (await issue(s)).body.response as Payment;
  s.sb.clock.set(T0 + HOUR * 1000);
  const r = await call(s, 'DELETE', `/vbanks/${p.imp_uid}?pg_api_key=x`);
  t.equal(r.status, 200);
  t.equal(r.body.code, 0);
  const c = r.body.response as Payment;
  t.equal(c.status, 'cancelled');
  t.equal(c.cancelled_at, T0S + HOUR);
  t.equal(c.cancel_amount, 50000);
  t.same(c.cancel_history, []);
  t.equal(c.paid_at, 0);
  t.equal(c.vbank_num, p.vbank_num);
  t.same(await getPayment(s, p.imp_uid), c);
  t.same(spy.calls, [{ imp_uid: p.imp_uid, status: 'ready', notice_url: null }], 'a revoke sends no webhook');

  const late = await deposit(s, p.imp_uid);
  t.equal(late.status, 409);
  t.equal(
    late.body.message,
    `Virtual account ${p.imp_uid} is cancelled, not ready: only an issued, unpaid account takes a deposit`,
  );
  const twice = await call(s, 'DELETE', `/vbanks/${p.imp_uid}`);
  t.equal(twice.status, 400);
  t.same(twice.body, {
    code: -1,
    message: '입금대기(ready) 상태의 가상계좌가 아닙니다. (현재: cancelled)',
    response: null,
  });
  const reissue = await issue(s);
  t.same(reissue.body, {
    code: 1,
    message: '발급취소된 가상계좌의 merchant_uid로는 다시 발급할 수 없습니다. (vb_order_1)',
    response: null,
  });
  const unknown = await call(s, 'DELETE', '/vbanks/imps_000000000000');
  t.equal(unknown.status, 404);
  t.same(unknown.body, NOT_FOUND);
  const card = await cardPayment(s, 'card_2');
  const notVbank = await call(s, 'DELETE', `/vbanks/${card.imp_uid}`);
  t.equal(notVbank.status, 400);
  t.equal(notVbank.body.message, '가상계좌 결제건이 아닙니다. (pay_method: card)');
  const missing = await call(s, 'DELETE', '/vbanks');
  t.equal(missing.status, 400);
  t.equal(missing.body.message, 'imp_uid 는 필수입니다. (/vbanks/{imp_uid})');
});

t.test("DELETE revokes a payment window's virtual account too (KICC supports the revoke)", async (t) => {
  const s = await build(t);
  const o = await s.call(
    'POST',
    '/window/api/requests',
    {
      merchant: 'imp19424728',
      device: 'pc',
      params: { pg: 'kicc', pay_method: 'vbank', merchant_uid: 'win_vb', amount: 33000, buyer_tel: '010-1234-5678' },
    },
    { token: null },
  );
  const d = await s.call(
    'POST',
    `/window/api/requests/${o.body.response.id}/submit`,
    { ...WINDOW_CARD, vbank_code: '020' },
    {
      token: null,
    },
  );
  const impUid = d.body.response.rsp.imp_uid as string;
  const r = await call(s, 'DELETE', `/vbanks/${impUid}`);
  t.equal(r.status, 200);
  t.equal(r.body.response.status, 'cancelled');
  t.equal(r.body.response.pg_provider, 'kicc');
  t.equal(r.body.response.channel, 'pc');
});

t.test('several ready accounts may share a merchant_uid; once one is paid the others take nothing', async (t) => {
  const s = await build(t);
  const a = (await issue(s, { vbank_code: '004' })).body.response as Payment;
  const b = (await issue(s, { vbank_code: '020' })).body.response as Payment;
  t.not(a.imp_uid, b.imp_uid);
  t.equal(b.status, 'ready');
  t.equal((await deposit(s, a.imp_uid)).status, 200);
  const second = await deposit(s, b.imp_uid);
  t.equal(second.status, 409);
  t.equal(
    second.body.message,
    `Virtual account ${b.imp_uid}: merchant_uid "vb_order_1" is already paid (or cancelled) by ${a.imp_uid}; it takes no second payment`,
  );
  const revoke = await call(s, 'DELETE', `/vbanks/${b.imp_uid}`);
  t.equal(revoke.status, 400);
  t.equal(
    revoke.body.message,
    `같은 merchant_uid(vb_order_1)의 결제건(${a.imp_uid})이 이미 결제 또는 취소되어 있어 샌드박스에서는 이 가상계좌를 발급취소할 수 없습니다.`,
  );
  t.equal((await getPayment(s, b.imp_uid)).status, 'ready');
});

t.test(
  'past its due an account stays ready, sends nothing, takes no deposit nor change, on its merchant clock',
  async (t) => {
    const spy = webhookSpy();
    const s = await build(t, {}, { webhooks: spy.notifier });
    const p = (await issue(s, { vbank_due: T0S + HOUR })).body.response as Payment;
    // Only the default merchant's own clock moves: the sandbox clock stays at T0.
    const moved = await s.call(
      'POST',
      '/__sandbox/clock',
      { merchant: 'default', advance_seconds: 2 * HOUR },
      { token: null },
    );
    t.equal(moved.status, 200);
    t.equal(s.sb.clock.nowSeconds(), T0S);
    const seen = await getPayment(s, p.imp_uid);
    t.equal(seen.status, 'ready');
    t.equal(seen.vbank_date, T0S + HOUR);
    t.same(
      spy.calls.map((c) => c.status),
      ['ready'],
      'no webhook for the expiry',
    );
    const dep = await deposit(s, p.imp_uid);
    t.equal(dep.status, 409);
    t.equal(
      dep.body.message,
      `Virtual account ${p.imp_uid} was due at 2026-01-01T01:00:00.000Z; it takes no deposit after that`,
    );
    const put = await call(s, 'PUT', `/vbanks/${p.imp_uid}`, { vbank_due: T0S + 5 * DAY });
    t.equal(put.status, 400);
    t.same(put.body, {
      code: -1,
      message: `입금기한이 지난 가상계좌는 수정할 수 없습니다. (vbank_date: ${T0S + HOUR})`,
      response: null,
    });
    // The merchant's clock also decides what "past" means for a new issue.
    const past = await issue(s, { merchant_uid: 'vb_2', vbank_due: T0S + HOUR + 60 });
    t.equal(past.status, 400);
    t.equal(past.body.message, `가상계좌 입금기한(vbank_due)이 이미 지났습니다. (${T0S + HOUR + 60})`);
    const revoked = await call(s, 'DELETE', `/vbanks/${p.imp_uid}`);
    t.equal(revoked.status, 200, 'an expired account can still be revoked');
    t.equal(revoked.body.response.cancelled_at, T0S + 2 * HOUR);
  },
);

t.test('GET /vbanks/holder answers the holder of a fixture account, compared on its digits', async (t) => {
  const s = await build(t);
  const cases: [string, string][] = [
    ['bank_code=004&bank_num=123456-78-901234', '홍길동'],
    ['bank_code=004&bank_num=12345678901234', '홍길동'],
    ['bank_code=088&bank_num=110 123 456789', '김철수'],
    ['bank_code=090&bank_num=3333011234567', '최지우'],
  ];
  for (const [q, holder] of cases) {
    const r = await call(s, 'GET', `/vbanks/holder?${encodeURI(q)}`);
    t.equal(r.status, 200, q);
    t.same(r.body, { code: 0, message: null, response: { bank_holder: holder } });
  }
  for (const q of [
    'bank_code=088&bank_num=12345678901234',
    'bank_code=004&bank_num=000000',
    'bank_code=4&bank_num=x',
  ]) {
    const r = await call(s, 'GET', `/vbanks/holder?${q}`);
    t.equal(r.status, 404, q);
    t.same(r.body, { code: -1, message: '계좌정보 조회에 실패하였습니다.', response: null });
  }
  const noCode = await call(s, 'GET', '/vbanks/holder?bank_num=12345678901234');
  t.equal(noCode.status, 400);
  t.same(noCode.body, {
    code: -1,
    message: '잘못된 요청 파라미터입니다. bank_code: bank_code 는 필수입니다.',
    response: null,
  });
  const noNum = await call(s, 'GET', '/vbanks/holder?bank_code=004&bank_num=');
  t.equal(noNum.status, 400);
  t.same(noNum.body, {
    code: -1,
    message: '잘못된 요청 파라미터입니다. bank_num: bank_num 은 필수입니다.',
    response: null,
  });
  t.equal((await s.call('GET', '/vbanks/holder?bank_code=004&bank_num=1', undefined, { token: null })).status, 401);
});

t.test(
  'vbank-holders.json: a custom fixtures dir without it gets the package list; a bad one names its field',
  async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vbank-holders-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    t.equal(loadVbankHolders(dir).get('081', '12345678901234')?.bank_holder, '(주)아임포트');
    const file = path.join(dir, 'vbank-holders.json');
    fs.writeFileSync(file, JSON.stringify({ holders: [{ bank_code: '4', bank_num: '123456', bank_holder: 'x' }] }));
    t.throws(() => loadVbankHolders(dir), {
      message: `${file}: holders.0.bank_code: bank_code must be a 3-digit KFTC bank code`,
    });
    const twice = { bank_code: '004', bank_num: '123-456', bank_holder: 'x' };
    fs.writeFileSync(file, JSON.stringify({ holders: [twice, { ...twice, bank_num: '123456' }] }));
    t.throws(() => loadVbankHolders(dir), { message: `${file}: holders.1: account 004 123456 appears twice` });
  },
);
