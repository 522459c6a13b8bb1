// API tests of the browser side through app.inject: the SDK files, the window's open/submit/cancel decisions,
// the autopilot, the mobile redirect, virtual accounts (issue and deposit) and the demo's server route.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { type BuiltSandbox, build, CARDS, cardWith, T0, WINDOW_CARD } from './helpers.js';
import { startReceiver } from './receiver.js';
import { accountNumber, loadBanks } from '../src/gateway/banks.js';
import type { Notifier } from '../src/gateway/context.js';
import type { Payment } from '../src/schemas/payments.js';

const T0S = T0 / 1000;

function webhookSpy() {
  const calls: { imp_uid: string; status: string; notice_url: unknown }[] = [];
  const notifier: Notifier = {
    paymentEvent: (_m, p: Payment, o) =>
      void calls.push({ imp_uid: p.imp_uid, status: p.status, notice_url: o?.notice_url ?? null }),
  };
  return { calls, notifier };
}

// The window's calls (and the control API's deposit below) carry no Authorization.
function open(s: BuiltSandbox, params: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return s.call(
    'POST',
    '/window/api/requests',
    { merchant: 'imp19424728', device: 'pc', params, ...extra },
    { token: null, headers: { 'user-agent': 'TestBrowser/1.0' } },
  );
}
function submit(s: BuiltSandbox, id: string, card: Record<string, string> = WINDOW_CARD) {
  return s.call('POST', `/window/api/requests/${id}/submit`, card, { token: null });
}
// A token asked for on each call, not call()'s cached one: some tests move the clock past its 30 minutes.
async function getPayment(s: BuiltSandbox, impUid: string) {
  return (await s.call('GET', `/payments/${impUid}`, undefined, { token: await s.token() })).body.response as Payment;
}

const billingParams = {
  pg: 'kicc',
  pay_method: 'card',
  merchant_uid: 'issue_0001',
  name: '최초인증결제',
  amount: 1000,
  customer_uid: 'cust_w1',
  buyer_email: 'a@b.kr',
  buyer_name: '홍길동',
  buyer_tel: '02-1234-1234',
};

t.test('the SDK is served at /v1/iamport.js and at the legacy path, the same script', async (t) => {
  const s = await build(t);
  const v1 = await s.app.inject({ method: 'GET', url: '/v1/iamport.js' });
  const legacy = await s.app.inject({ method: 'GET', url: '/js/iamport.payment-1.2.0.js' });
  t.equal(v1.statusCode, 200);
  t.equal(legacy.statusCode, 200);
  t.match(v1.headers['content-type'], /javascript/);
  t.equal(v1.body, legacy.body);
  t.match(v1.body, /window\.IMP \|\| \(function/);
  t.equal(v1.headers['access-control-allow-origin'], '*');
  const win = await s.app.inject({ method: 'GET', url: '/window/' });
  t.equal(win.statusCode, 200);
  t.match(win.body, /data-action="submit"/);
  const demo = await s.app.inject({ method: 'GET', url: '/demo/' });
  t.equal(demo.statusCode, 200);
  t.match(demo.body, /IMP\.init|demo\.js/);
  const missing = await s.app.inject({ method: 'GET', url: '/window/nope.js' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().code, -1);
});

t.test(
  'a billing window registers the card, charges nothing, records an issue payment, and again can charge the key',
  async (t) => {
    const spy = webhookSpy();
    const s = await build(t, {}, { webhooks: spy.notifier });
    const o = await open(s, billingParams);
    t.equal(o.status, 200);
    t.equal(o.body.code, 0);
    const r = o.body.response;
    t.equal(r.opened, true);
    t.match(r.id, /^win_[0-9a-f]{24}$/);
    t.equal(r.merchant_name, '아임포트 샌드박스 상점');
    t.equal(r.name, '최초인증결제');
    t.equal(r.amount, 1000);
    t.equal(r.billing, true);
    t.equal(r.pg_provider, 'kicc');
    t.equal(r.autopilot, null);

    const d = await submit(s, r.id);
    t.equal(d.status, 200);
    const rsp = d.body.response.rsp;
    t.equal(rsp.success, true);
    t.equal(rsp.imp_success, true);
    t.match(rsp.imp_uid, /^imp_\d{12}$/);
    t.equal(rsp.merchant_uid, 'issue_0001');
    t.equal(rsp.customer_uid, 'cust_w1');
    t.equal(rsp.status, 'paid');
    t.equal(rsp.paid_amount, 0);
    t.equal(rsp.pg_provider, 'kicc');
    t.equal(rsp.pg_type, 'payment');
    t.equal(rsp.card_number, '41111111****1111');
    t.equal(rsp.card_name, 'BC카드');
    t.equal(rsp.apply_num, null);
    t.equal(rsp.paid_at, T0S);
    t.equal(rsp.error_code, undefined);
    t.equal(rsp.error_msg, undefined);
    t.equal(d.body.response.redirect_url, null);

    const p = await getPayment(s, rsp.imp_uid);
    t.equal(p.status, 'paid');
    t.equal(p.amount, 0);
    t.equal(p.channel, 'pc');
    t.equal(p.customer_uid, 'cust_w1');
    t.equal(p.customer_uid_usage, 'issue');
    t.equal(p.pg_id, 'T5102001');
    t.equal(p.user_agent, 'TestBrowser/1.0');
    t.equal(p.card_number, rsp.card_number);
    t.equal(p.pg_tid, rsp.pg_tid);
    t.same(spy.calls, [{ imp_uid: rsp.imp_uid, status: 'paid', notice_url: null }]);

    const token = await s.token();
    const cust = await s.app.inject({
      method: 'GET',
      url: '/subscribe/customers/cust_w1',
      headers: { authorization: token },
    });
    t.equal(cust.json().code, 0);
    t.equal(cust.json().response.customer_tel, '02-1234-1234');
    t.equal(cust.json().response.pg_provider, 'kicc');
    const again = await s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: token },
      payload: { customer_uid: 'cust_w1', merchant_uid: 'order_0001', amount: 9900 },
    });
    t.equal(again.json().code, 0);
    t.equal(again.json().response.status, 'paid');
    t.equal(again.json().response.amount, 9900);
    t.equal(again.json().response.customer_uid_usage, 'payment');
  },
);

t.test(
  'WINDOW_ISSUE_AMOUNT=requested records the displayed amount on the issue record (still nothing charged)',
  async (t) => {
    const s = await build(t, { WINDOW_ISSUE_AMOUNT: 'requested' });
    const o = await open(s, billingParams);
    const d = await submit(s, o.body.response.id);
    t.equal(d.body.response.rsp.paid_amount, 1000);
    t.equal((await getPayment(s, d.body.response.rsp.imp_uid)).amount, 1000);
  },
);

t.test('a general window payment is paid with an approval number, a masked card and channel pc', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const o = await open(s, {
    pg: 'kicc',
    merchant_uid: 'order_g1',
    name: '티셔츠',
    amount: 25000,
    buyer_tel: '010-1234-5678',
    custom_data: { size: 'L' },
    notice_url: 'http://127.0.0.1:9/hook',
  });
  t.equal(o.body.response.billing, false);
  const d = await submit(s, o.body.response.id, {
    ...WINDOW_CARD,
    card_number: '5555 5555 5555 4444',
    expiry: '2030-12',
    birth: '1234567890',
  });
  const rsp = d.body.response.rsp;
  t.equal(rsp.success, true);
  t.equal(rsp.status, 'paid');
  t.equal(rsp.pay_method, 'card');
  t.equal(rsp.paid_amount, 25000);
  t.match(rsp.apply_num, /^\d{8}$/);
  t.equal(rsp.card_number, '55555555****4444');
  t.equal(rsp.card_name, 'NH카드');
  t.same(rsp.custom_data, { size: 'L' });
  t.equal(rsp.customer_uid, undefined);
  const p = await getPayment(s, rsp.imp_uid);
  t.equal(p.status, 'paid');
  t.equal(p.channel, 'pc');
  t.equal(p.amount, 25000);
  t.equal(p.apply_num, rsp.apply_num);
  t.equal(p.custom_data, '{"size":"L"}');
  t.equal(p.customer_uid_usage, null);
  t.equal(p.receipt_url, rsp.receipt_url);
  t.same(spy.calls, [{ imp_uid: rsp.imp_uid, status: 'paid', notice_url: 'http://127.0.0.1:9/hook' }]);
});

t.test('a decline card gives success false, F0004 and a stored failed payment, and no webhook', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const o = await open(s, { merchant_uid: 'order_d1', name: '티셔츠', amount: 5000 });
  const d = await submit(s, o.body.response.id, cardWith(CARDS.decline, WINDOW_CARD));
  const rsp = d.body.response.rsp;
  t.equal(rsp.success, false);
  t.equal(rsp.status, 'failed');
  t.equal(rsp.error_code, 'F0004');
  t.equal(
    rsp.error_msg,
    `F0004:PG사 결제요청에 실패하여 중단합니다.(${rsp.imp_uid}) [8016] 거래거절 - 카드사 승인거절(한도초과)`,
  );
  t.equal(rsp.paid_amount, 0);
  t.equal(rsp.paid_at, 0);
  const p = await getPayment(s, rsp.imp_uid);
  t.equal(p.status, 'failed');
  t.equal(p.fail_reason, '[8016] 거래거절 - 카드사 승인거절(한도초과)');
  t.equal(p.failed_at, T0S);
  t.same(spy.calls, []);
});

t.test(
  'a PG error card gives F0005 and a stored failed payment; a card refused at issuance stores no billing key',
  async (t) => {
    const s = await build(t);
    const o = await open(s, { merchant_uid: 'order_e1', amount: 5000 });
    const d = await submit(s, o.body.response.id, cardWith(CARDS.pgError, WINDOW_CARD));
    t.equal(d.body.response.rsp.error_code, 'F0005');
    t.equal(
      d.body.response.rsp.error_msg,
      `F0005:결제가 중단되었습니다(${d.body.response.rsp.imp_uid}). 카드사 요청에 실패하였습니다. (PG 통신 오류)`,
    );
    t.equal((await getPayment(s, d.body.response.rsp.imp_uid)).status, 'failed');

    const b = await open(s, { ...billingParams, customer_uid: 'cust_refused' });
    const bd = await submit(s, b.body.response.id, cardWith(CARDS.refuse, WINDOW_CARD));
    t.equal(bd.body.response.rsp.success, false);
    t.equal(bd.body.response.rsp.error_code, 'F0004');
    t.match(
      bd.body.response.rsp.error_msg,
      /카드정보 인증 및 빌키 발급에 실패하였습니다\. \[8324\] 비밀번호 또는 생년월일 불일치/,
    );
    const p = await getPayment(s, bd.body.response.rsp.imp_uid);
    t.equal(p.status, 'failed');
    t.equal(p.customer_uid_usage, 'issue');
    t.equal(s.sb.store.customers.get('default', 'cust_refused'), undefined);
  },
);

t.test('the cancel button answers the exact cancel message and stores the payment as failed', async (t) => {
  const s = await build(t);
  const o = await open(s, { merchant_uid: 'order_c1', amount: 3000, name: '취소 테스트' });
  const res = await s.app.inject({ method: 'POST', url: `/window/api/requests/${o.body.response.id}/cancel` });
  const rsp = res.json().response.rsp;
  t.equal(rsp.success, false);
  t.equal(rsp.error_msg, '사용자가 결제를 취소하셨습니다');
  t.equal(rsp.error_code, 'F0005');
  t.match(rsp.imp_uid, /^imp_\d{12}$/);
  t.equal(rsp.status, 'failed');
  const p = await getPayment(s, rsp.imp_uid);
  t.equal(p.status, 'failed');
  t.equal(p.fail_reason, '사용자가 결제를 취소하셨습니다');
  // A window ends once.
  const again = await submit(s, o.body.response.id);
  t.equal(again.status, 409);
  t.same(again.body, { code: 1, message: '이미 완료된 결제창 요청입니다.', response: null });
});

t.test('format errors keep the window open with a 400 naming the field; an unknown window is 404', async (t) => {
  const s = await build(t);
  const id = (await open(s, { merchant_uid: 'order_f1', amount: 3000 })).body.response.id;
  const cases: [Record<string, string>, RegExp][] = [
    [{ ...WINDOW_CARD, card_number: '4111-1111-1111-1112' }, /^카드번호를 확인해주세요/],
    [{ ...WINDOW_CARD, expiry: '13/30' }, /^유효기간은 MM\/YY 또는 YYYY-MM/],
    [{ ...WINDOW_CARD, birth: '9001' }, /^생년월일 6자리 또는 사업자번호 10자리/],
    [{ ...WINDOW_CARD, pwd_2digit: '1' }, /^카드 비밀번호 앞 2자리/],
  ];
  for (const [card, msg] of cases) {
    const r = await submit(s, id, card);
    t.equal(r.status, 400);
    t.equal(r.body.code, -1);
    t.match(r.body.message, msg);
  }
  const ok = await submit(s, id);
  t.equal(ok.body.response.rsp.success, true);
  const unknown = await submit(s, 'win_nope');
  t.equal(unknown.status, 404);
  t.equal(unknown.body.message, '존재하지 않는 결제창 요청입니다.');
});

t.test('requests refused before the window opens answer imp_uid null and store nothing', async (t) => {
  const s = await build(t);
  const token = await s.token();
  // Pay order_r1 once, then ask again.
  const first = await open(s, { merchant_uid: 'order_r1', amount: 1000 });
  await submit(s, first.body.response.id);
  const paidAgain = await open(s, { merchant_uid: 'order_r1', amount: 1000 });
  t.same(paidAgain.body.response.rsp, {
    success: false,
    imp_success: false,
    imp_uid: null,
    merchant_uid: 'order_r1',
    pay_method: 'card',
    error_code: 'F1002',
    error_msg: '이미 결제가 이루어진 거래건입니다.',
  });
  t.equal(paidAgain.body.response.opened, false);
  t.equal(paidAgain.body.response.id, null);

  const prep = await s.app.inject({
    method: 'POST',
    url: '/payments/prepare',
    headers: { authorization: token },
    payload: { merchant_uid: 'order_r2', amount: 5000 },
  });
  t.equal(prep.json().code, 0);
  const mismatch = await open(s, { merchant_uid: 'order_r2', amount: 4000 });
  t.equal(mismatch.body.response.rsp.imp_uid, null);
  t.equal(
    mismatch.body.response.rsp.error_msg,
    '사전등록된 결제정보와 금액이 일치하지 않습니다. (사전등록 금액: 5000, 요청 금액: 4000)',
  );
  const matching = await open(s, { merchant_uid: 'order_r2', amount: 5000 });
  t.equal(matching.body.response.opened, true);

  const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
    [
      { merchant_uid: 'x1', amount: 1000 },
      { merchant: 'imp00000000' },
      '등록되지 않은 가맹점 식별코드입니다(imp00000000). IMP.init()에 전달한 가맹점 식별코드를 확인해주세요.',
    ],
    [{ ...billingParams, buyer_tel: undefined }, {}, 'KICC 결제창은 구매자 전화번호(buyer_tel)가 필수입니다.'],
    [{ ...billingParams, pay_method: 'trans' }, {}, "KICC 빌링키 발급은 pay_method 'card' 만 지원됩니다."],
    [
      { merchant_uid: 'x2', amount: 1000, pay_method: 'phone' },
      {},
      '샌드박스 결제창은 카드(card)와 가상계좌(vbank) 결제만 지원합니다. (pay_method: phone)',
    ],
    [
      { merchant_uid: 'x3', amount: 'lots' },
      {},
      '결제요청 파라메터가 올바르지 않습니다. amount: amount 는 숫자여야 합니다.',
    ],
    [
      { merchant_uid: 'x'.repeat(41), amount: 1 },
      {},
      '결제요청 파라메터가 올바르지 않습니다. merchant_uid: merchant_uid 는 40자 이내여야 합니다.',
    ],
  ];
  for (const [params, extra, msg] of cases) {
    const r = await open(s, params, extra);
    t.equal(r.status, 200);
    t.equal(r.body.response.opened, false);
    t.equal(r.body.response.rsp.imp_uid, null);
    t.equal(r.body.response.rsp.error_msg, msg);
  }
  const list = await s.app.inject({ method: 'GET', url: '/payments/status/all', headers: { authorization: token } });
  t.equal(list.json().response.total, 1, 'only the first paid window payment exists');
});

t.test('an unknown pg falls back to the default payment channel; a merchant without one gets F1001', async (t) => {
  const s = await build(t);
  const o = await open(s, { pg: 'kicc.빌링상점아이디', merchant_uid: 'order_p1', amount: 1000 });
  t.equal(o.body.response.pg_provider, 'kicc');
  const o2 = await open(s, { pg: 'html5_inicis', merchant_uid: 'order_p2', amount: 1000 });
  t.equal(o2.body.response.opened, true);
  t.equal(o2.body.response.pg_provider, 'kicc');
  const m = s.sb.store.merchants.get('default')!;
  s.sb.store.merchants.update({ ...m, channels: m.channels.filter((c) => c.type !== 'payment') });
  const none = await open(s, { merchant_uid: 'order_p3', amount: 1000 });
  t.equal(none.body.response.rsp.error_code, 'F1001');
  t.equal(
    none.body.response.rsp.error_msg,
    '등록되지 않은 PG모듈 정보입니다. 아임포트 관리자페이지에서 PG모듈 정보를 설정하신 후 다시 시도해주세요.',
  );
});

t.test(
  'the autopilot arms exactly the next window of its merchant with a card that gives the asked outcome',
  async (t) => {
    const s = await build(t);
    const arm = await s.app.inject({
      method: 'POST',
      url: '/__sandbox/window/autopilot',
      payload: { action: 'decline' },
    });
    t.equal(arm.statusCode, 200);
    t.same(arm.json().response, { merchant: 'imp19424728', action: 'decline', card_number: null });
    const o = await open(s, billingParams);
    t.same(o.body.response.autopilot, {
      action: 'decline',
      card_number: '4000-0000-0000-0127',
      expiry: '12/31',
      birth: '900101',
      pwd_2digit: '12',
    });
    const next = await open(s, { merchant_uid: 'order_a2', amount: 1000 });
    t.equal(next.body.response.autopilot, null);

    await s.app.inject({
      method: 'POST',
      url: '/__sandbox/window/autopilot',
      payload: { merchant: 'imp19424728', action: 'approve', card_number: '4242424242424242' },
    });
    const o3 = await open(s, { merchant_uid: 'order_a3', amount: 1000 });
    t.equal(o3.body.response.autopilot.card_number, '4242424242424242');
    await s.app.inject({ method: 'POST', url: '/__sandbox/window/autopilot', payload: { action: 'decline' } });
    t.equal(
      (await open(s, { merchant_uid: 'order_a4', amount: 1000 })).body.response.autopilot.card_number,
      '4000-0000-0000-0002',
    );

    const bad = await s.app.inject({
      method: 'POST',
      url: '/__sandbox/window/autopilot',
      payload: { action: 'explode' },
    });
    t.equal(bad.statusCode, 400);
    const unknown = await s.app.inject({
      method: 'POST',
      url: '/__sandbox/window/autopilot',
      payload: { merchant: 'imp99999999', action: 'approve' },
    });
    t.equal(unknown.statusCode, 404);
  },
);

t.test('a mobile window ends on m_redirect_url with the result added to its existing query', async (t) => {
  const s = await build(t);
  const o = await open(
    s,
    { ...billingParams, m_redirect_url: 'http://shop.example/landing?utm_source=mobile' },
    { device: 'mobile' },
  );
  const d = await submit(s, o.body.response.id);
  const rsp = d.body.response.rsp;
  t.equal(
    d.body.response.redirect_url,
    `http://shop.example/landing?utm_source=mobile&imp_uid=${rsp.imp_uid}&merchant_uid=issue_0001&imp_success=true`,
  );
  t.equal((await getPayment(s, rsp.imp_uid)).channel, 'mobile');

  const c = await open(
    s,
    { merchant_uid: 'order_m2', amount: 100, m_redirect_url: 'http://shop.example/done' },
    { device: 'mobile' },
  );
  const cancel = await s.app.inject({ method: 'POST', url: `/window/api/requests/${c.body.response.id}/cancel` });
  const url = new URL(cancel.json().response.redirect_url);
  t.equal(url.searchParams.get('imp_success'), 'false');
  t.equal(url.searchParams.get('error_code'), 'F0005');
  t.equal(url.searchParams.get('error_msg'), '사용자가 결제를 취소하셨습니다');

  const refused = await open(
    s,
    { merchant_uid: 'issue_0001', amount: 0, m_redirect_url: 'http://shop.example/done?a=1' },
    { device: 'mobile' },
  );
  const r = new URL(refused.body.response.redirect_url);
  t.equal(r.searchParams.get('a'), '1');
  t.equal(r.searchParams.get('imp_uid'), '');
  t.equal(r.searchParams.get('imp_success'), 'false');
  t.equal(r.searchParams.get('error_msg'), '이미 결제가 이루어진 거래건입니다.');

  const js = await open(
    s,
    { merchant_uid: 'order_m3', amount: 100, m_redirect_url: 'javascript:alert(1)' },
    { device: 'mobile' },
  );
  const jsCancel = await s.app.inject({ method: 'POST', url: `/window/api/requests/${js.body.response.id}/cancel` });
  t.equal(jsCancel.json().response.redirect_url, null, 'only http(s) redirects are followed');
});

t.test('the demo charge route gets a token and charges a registered key with again, showing each step', async (t) => {
  const s = await build(t);
  const o = await open(s, { ...billingParams, customer_uid: 'demo_customer' });
  await submit(s, o.body.response.id);
  const res = await s.app.inject({
    method: 'POST',
    url: '/demo/api/charge',
    payload: { customer_uid: 'demo_customer', amount: 4900 },
  });
  t.equal(res.statusCode, 200);
  const steps = res.json().response.steps;
  t.equal(steps.length, 2);
  t.equal(steps[0].request.url, '/users/getToken');
  t.equal(steps[0].response.code, 0);
  t.equal(steps[1].request.url, '/subscribe/payments/again');
  t.equal(steps[1].response.code, 0);
  t.equal(steps[1].response.response.status, 'paid');
  t.equal(steps[1].response.response.amount, 4900);
  t.equal(steps[1].response.response.customer_uid, 'demo_customer');
  const unknown = await s.app.inject({
    method: 'POST',
    url: '/demo/api/charge',
    payload: { customer_uid: 'nobody', amount: 4900 },
  });
  t.equal(unknown.json().response.steps[1].response.code, 1);
  t.equal(unknown.json().response.steps[1].response.message, '등록되지 않은 구매자입니다.');
});

// ---------------------------------------------------------------------------------------------------------------
// Virtual accounts (pay_method 'vbank'): issue in the window, deposit through the control API.

const vbankParams = {
  pg: 'kicc',
  pay_method: 'vbank',
  merchant_uid: 'order_v1',
  name: '가상계좌 주문',
  amount: 33000,
  buyer_name: '홍길동',
  buyer_tel: '010-1234-5678',
};
/** 2026-01-08 23:59:59 KST: the end of the 7th day after T0 (2026-01-01 09:00 KST). */
const DEFAULT_DUE = Date.parse('2026-01-08T23:59:59+09:00') / 1000;

function deposit(s: BuiltSandbox, impUid: string, payload: Record<string, unknown> = {}) {
  return s.call('POST', `/__sandbox/vbanks/${impUid}/deposit`, payload, { token: null });
}

t.test('a vbank window offers the banks of fixtures/banks.json instead of the card form', async (t) => {
  const s = await build(t);
  const o = await open(s, vbankParams);
  t.equal(o.body.response.opened, true);
  t.equal(o.body.response.billing, false);
  t.same(o.body.response.banks, [
    { code: '004', name: 'KB국민은행', name_en: 'KB Kookmin Bank' },
    { code: '088', name: '신한은행', name_en: 'Shinhan Bank' },
    { code: '020', name: '우리은행', name_en: 'Woori Bank' },
    { code: '081', name: '하나은행', name_en: 'Hana Bank' },
    { code: '011', name: 'NH농협은행', name_en: 'NH NongHyup Bank' },
  ]);
  const card = await open(s, { merchant_uid: 'order_v0', amount: 1000 });
  t.equal(card.body.response.banks, null, 'a card window has no bank list');
  const page = await s.app.inject({ method: 'GET', url: '/window/' });
  t.match(page.body, /<select id="vbank_code" name="vbank_code"/);
});

t.test(
  'submitting a bank issues a virtual account: callback success with status ready, the vbank fields, agreeing with REST',
  async (t) => {
    const spy = webhookSpy();
    const s = await build(t, {}, { webhooks: spy.notifier });
    const o = await open(s, { ...vbankParams, notice_url: 'http://127.0.0.1:9/hook', custom_data: { order: 7 } });
    const d = await submit(s, o.body.response.id, { vbank_code: '088' });
    t.equal(d.status, 200);
    const rsp = d.body.response.rsp;
    t.equal(rsp.success, true);
    t.equal(rsp.imp_success, true);
    t.match(rsp.imp_uid, /^imp_\d{12}$/);
    t.equal(rsp.merchant_uid, 'order_v1');
    t.equal(rsp.pay_method, 'vbank');
    t.equal(rsp.status, 'ready');
    t.equal(rsp.paid_amount, 33000);
    t.equal(rsp.paid_at, 0);
    t.equal(rsp.vbank_name, '신한은행');
    t.match(rsp.vbank_num, /^\d{3}-\d{3}-\d{6}$/);
    t.equal(rsp.vbank_holder, '아임포트 샌드박스 상점');
    t.equal(rsp.vbank_date, DEFAULT_DUE);
    t.equal(rsp.pg_provider, 'kicc');
    t.match(rsp.pg_tid, /^\d{20}$/);
    t.equal(rsp.apply_num, null);
    t.equal(rsp.card_number, null);
    t.same(rsp.custom_data, { order: 7 });
    t.equal(rsp.error_code, undefined);
    t.equal(rsp.error_msg, undefined);
    t.equal(d.body.response.redirect_url, null);

    const p = await getPayment(s, rsp.imp_uid);
    t.equal(p.status, 'ready');
    t.equal(p.pay_method, 'vbank');
    t.equal(p.channel, 'pc');
    t.equal(p.amount, 33000);
    t.equal(p.paid_at, 0);
    t.equal(p.failed_at, 0);
    t.equal(p.vbank_code, '088');
    t.equal(p.vbank_name, rsp.vbank_name);
    t.equal(p.vbank_num, rsp.vbank_num);
    t.equal(p.vbank_holder, rsp.vbank_holder);
    t.equal(p.vbank_date, rsp.vbank_date);
    t.equal(p.vbank_issued_at, T0S);
    t.equal(p.pg_tid, rsp.pg_tid);
    t.equal(p.card_name, null);
    t.equal(p.custom_data, '{"order":7}');
    t.same(spy.calls, [{ imp_uid: rsp.imp_uid, status: 'ready', notice_url: 'http://127.0.0.1:9/hook' }]);

    // The window is over; an unknown bank keeps another vbank window open with a 400.
    t.equal((await submit(s, o.body.response.id, { vbank_code: '088' })).status, 409);
    const o2 = await open(s, { ...vbankParams, merchant_uid: 'order_v2' });
    for (const body of [{}, { vbank_code: '999' }] as Record<string, string>[]) {
      const bad = await submit(s, o2.body.response.id, body);
      t.equal(bad.status, 400);
      t.same(bad.body, { code: -1, message: '입금할 은행을 선택해주세요. (Choose a bank.)', response: null });
    }
    const ok2 = await submit(s, o2.body.response.id, { vbank_code: '004' });
    t.match(ok2.body.response.rsp.vbank_num, /^\d{6}-\d{2}-\d{6}$/);
    t.equal(ok2.body.response.rsp.vbank_name, 'KB국민은행');
  },
);

t.test('vbank_due is read in every documented format, in KST when it has no zone', async (t) => {
  const s = await build(t);
  const cases: [string | number, string][] = [
    ['202601151830', '2026-01-15T18:30:00+09:00'],
    ['2026-01-15', '2026-01-15T23:59:59+09:00'],
    ['20260115', '2026-01-15T23:59:59+09:00'],
    ['2026-01-15 18:30:45', '2026-01-15T18:30:45+09:00'],
    ['20260115183045', '2026-01-15T18:30:45+09:00'],
    ['2026-01-15T18:30:45Z', '2026-01-15T18:30:45Z'],
    [20260115, '2026-01-15T23:59:59+09:00'],
  ];
  let n = 0;
  for (const [due, iso] of cases) {
    const o = await open(s, { ...vbankParams, merchant_uid: `order_due${n++}`, vbank_due: due });
    t.equal(o.body.response.opened, true, `${due} opens`);
    const d = await submit(s, o.body.response.id, { vbank_code: '004' });
    t.equal(d.body.response.rsp.vbank_date, Date.parse(iso) / 1000, `${due} is ${iso}`);
    t.equal((await getPayment(s, d.body.response.rsp.imp_uid)).vbank_date, Date.parse(iso) / 1000);
  }
});

t.test('a bad or past vbank_due, or a vbank of 0 won, is refused before the window opens', async (t) => {
  const s = await build(t);
  const fmt = 'YYYYMMDDhhmm, YYYYMMDD, YYYY-MM-DD, YYYY-MM-DD HH:mm:ss, YYYYMMDDHHmmss 중 하나로 입력해주세요.';
  const cases: [Record<string, unknown>, string][] = [
    [{ vbank_due: 'next week' }, `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (next week) ${fmt}`],
    [{ vbank_due: '2026-02-30' }, `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (2026-02-30) ${fmt}`],
    [{ vbank_due: '202601152460' }, `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (202601152460) ${fmt}`],
    [{ vbank_due: '2026011' }, `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (2026011) ${fmt}`],
    [{ vbank_due: '2025-12-31 23:00:00' }, '가상계좌 입금기한(vbank_due)이 이미 지났습니다. (2025-12-31 23:00:00)'],
    [{ amount: 0 }, '가상계좌 결제금액은 0원보다 커야 합니다.'],
  ];
  for (const [extra, msg] of cases) {
    const r = await open(s, { ...vbankParams, ...extra });
    t.equal(r.status, 200);
    t.equal(r.body.response.opened, false);
    t.same(r.body.response.rsp, {
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: 'order_v1',
      pay_method: 'vbank',
      error_code: 'F1002',
      error_msg: msg,
    });
  }
  const list = await s.app.inject({
    method: 'GET',
    url: '/payments/status/all',
    headers: { authorization: await s.token() },
  });
  t.equal(list.json().response.total, 0, 'nothing stored');
});

t.test(
  'a deposit makes the virtual account paid, sends a paid webhook to the same notice_url, and it can then be cancelled',
  async (t) => {
    const rx = await startReceiver();
    t.teardown(rx.close);
    const s = await build(t);
    const o = await open(s, { ...vbankParams, notice_url: rx.url });
    const rsp = (await submit(s, o.body.response.id, { vbank_code: '020' })).body.response.rsp;
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 1);
    t.equal(rx.got[0]!.body, JSON.stringify({ imp_uid: rsp.imp_uid, merchant_uid: 'order_v1', status: 'ready' }));

    s.sb.clock.set(T0S * 1000 + 3600_000);
    const d = await deposit(s, rsp.imp_uid, { depositor_name: '홍길동' });
    t.equal(d.status, 200);
    t.equal(d.body.code, 0);
    t.equal(d.body.response.merchant, 'imp19424728');
    t.equal(d.body.response.depositor_name, '홍길동');
    t.equal(d.body.response.payment.status, 'paid');
    t.equal(d.body.response.payment.paid_at, T0S + 3600);
    const p = await getPayment(s, rsp.imp_uid);
    t.equal(p.status, 'paid');
    t.equal(p.paid_at, T0S + 3600);
    t.equal(p.amount, 33000);
    t.equal(p.vbank_num, rsp.vbank_num);
    t.equal(p.vbank_issued_at, T0S);
    t.same(p.deposit_history, []);
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 2);
    t.equal(rx.got[1]!.body, JSON.stringify({ imp_uid: rsp.imp_uid, merchant_uid: 'order_v1', status: 'paid' }));

    // Paid now: the merchant_uid is used up, and the merchant can refund it through the REST cancel.
    t.equal((await open(s, vbankParams)).body.response.rsp.error_msg, '이미 결제가 이루어진 거래건입니다.');
    const cancel = await s.app.inject({
      method: 'POST',
      url: '/payments/cancel',
      headers: { authorization: await s.token() },
      payload: {
        imp_uid: rsp.imp_uid,
        reason: '환불',
        refund_holder: '홍길동',
        refund_bank: '088',
        refund_account: '110123456789',
      },
    });
    t.equal(cancel.json().code, 0);
    t.equal(cancel.json().response.status, 'cancelled');
    t.equal(cancel.json().response.cancel_amount, 33000);
    t.equal(cancel.json().response.pay_method, 'vbank');
  },
);

t.test(
  'a deposit is refused for an unknown imp_uid (404), a card or settled payment (409), a late one (409) and a wrong amount (400)',
  async (t) => {
    const s = await build(t);
    const unknown = await deposit(s, 'imp_000000000000');
    t.equal(unknown.status, 404);
    t.same(unknown.body, { code: -1, message: 'Unknown imp_uid "imp_000000000000"', response: null });

    const cardWin = await open(s, { merchant_uid: 'order_card', amount: 1000 });
    const card = (await submit(s, cardWin.body.response.id)).body.response.rsp;
    const notVbank = await deposit(s, card.imp_uid);
    t.equal(notVbank.status, 409);
    t.same(notVbank.body, {
      code: -1,
      message: `Payment ${card.imp_uid} is not a virtual account (pay_method "card")`,
      response: null,
    });

    const o = await open(s, vbankParams);
    const v = (await submit(s, o.body.response.id, { vbank_code: '081' })).body.response.rsp;
    t.match(v.vbank_num, /^\d{3}-\d{6}-\d{5}$/);
    const wrong = await deposit(s, v.imp_uid, { amount: 30000 });
    t.equal(wrong.status, 400);
    t.same(wrong.body, {
      code: -1,
      message: 'Deposit amount 30000 differs from the amount due 33000; a virtual account takes exactly the amount due',
      response: null,
    });
    t.equal((await getPayment(s, v.imp_uid)).status, 'ready', 'a refused deposit changes nothing');
    t.equal((await deposit(s, v.imp_uid, { amount: 33000 })).status, 200);
    const twice = await deposit(s, v.imp_uid);
    t.equal(twice.status, 409);
    t.equal(
      twice.body.message,
      `Virtual account ${v.imp_uid} is paid, not ready: only an issued, unpaid account takes a deposit`,
    );

    // Past its due the account stays ready (no expiry is modelled) but takes no deposit.
    const late = await open(s, { ...vbankParams, merchant_uid: 'order_late', vbank_due: '20260102' });
    const l = (await submit(s, late.body.response.id, { vbank_code: '011' })).body.response.rsp;
    t.match(l.vbank_num, /^\d{3}-\d{4}-\d{4}-\d{2}$/);
    s.sb.clock.set(Date.parse('2026-01-03T00:00:00+09:00'));
    t.equal((await getPayment(s, l.imp_uid)).status, 'ready');
    const tooLate = await deposit(s, l.imp_uid);
    t.equal(tooLate.status, 409);
    t.equal(
      tooLate.body.message,
      `Virtual account ${l.imp_uid} was due at 2026-01-02T14:59:59.000Z; it takes no deposit after that`,
    );

    const badBody = await deposit(s, v.imp_uid, { amount: 'lots' });
    t.equal(badBody.status, 400);
  },
);

t.test(
  'the autopilot on a vbank window picks the first bank for approve, and cancels for cancel and decline',
  async (t) => {
    const s = await build(t);
    const plans: unknown[] = [];
    for (const action of ['approve', 'cancel', 'decline']) {
      await s.app.inject({ method: 'POST', url: '/__sandbox/window/autopilot', payload: { action } });
      plans.push((await open(s, { ...vbankParams, merchant_uid: `order_ap_${action}` })).body.response.autopilot);
    }
    t.same(plans, [
      { action: 'approve', vbank_code: '004' },
      { action: 'cancel', vbank_code: '004' },
      { action: 'cancel', vbank_code: '004' },
    ]);
  },
);

t.test('a cancelled vbank window is failed with the cancel message and issues no account', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const o = await open(s, { ...vbankParams, m_redirect_url: 'http://shop.example/done' }, { device: 'mobile' });
  const res = await s.app.inject({ method: 'POST', url: `/window/api/requests/${o.body.response.id}/cancel` });
  const rsp = res.json().response.rsp;
  t.equal(rsp.success, false);
  t.equal(rsp.status, 'failed');
  t.equal(rsp.pay_method, 'vbank');
  t.equal(rsp.error_msg, '사용자가 결제를 취소하셨습니다');
  t.equal(rsp.vbank_num, undefined);
  const p = await getPayment(s, rsp.imp_uid);
  t.equal(p.vbank_num, null);
  t.equal(p.vbank_issued_at, 0);
  t.equal(p.channel, 'mobile');
  t.same(spy.calls, []);

  const m = await open(
    s,
    { ...vbankParams, merchant_uid: 'order_vm', m_redirect_url: 'http://shop.example/done' },
    { device: 'mobile' },
  );
  const done = (await submit(s, m.body.response.id, { vbank_code: '004' })).body.response;
  t.equal(
    done.redirect_url,
    `http://shop.example/done?imp_uid=${done.rsp.imp_uid}&merchant_uid=order_vm&imp_success=true`,
  );
  t.equal((await getPayment(s, done.rsp.imp_uid)).channel, 'mobile');
});

t.test('banks.json is checked at load, and a fixtures dir without one uses the package list', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banks-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  t.same(
    loadBanks(dir).banks.map((b) => b.code),
    ['004', '088', '020', '081', '011'],
  );
  const write = (banks: unknown) => fs.writeFileSync(path.join(dir, 'banks.json'), JSON.stringify({ banks }));
  write([{ code: '4', name: 'KB국민은행', name_en: 'KB', account_format: '######-##-######' }]);
  t.throws(() => loadBanks(dir), {
    message: `${path.join(dir, 'banks.json')}: banks.0.code: code must be a 3-digit KFTC bank code`,
  });
  write([{ code: '004', name: 'KB국민은행', name_en: 'KB', account_format: '###-###' }]);
  t.throws(() => loadBanks(dir), {
    message: `${path.join(dir, 'banks.json')}: banks.0.account_format: account_format needs at least 10 digits`,
  });
  write([
    { code: '004', name: 'A', name_en: 'A', account_format: '##########' },
    { code: '004', name: 'B', name_en: 'B', account_format: '##########' },
  ]);
  t.throws(() => loadBanks(dir), { message: `${path.join(dir, 'banks.json')}: banks: code 004 appears twice` });
  write([{ code: '099', name: '테스트은행', name_en: 'Test Bank', account_format: '12-##########' }]);
  t.throws(() => loadBanks(dir), {
    message: `${path.join(dir, 'banks.json')}: banks.0.account_format: account_format is made of '#' and '-'`,
  });
  write([{ code: '099', name: '테스트은행', name_en: 'Test Bank', account_format: '###-#######' }]);
  const book = loadBanks(dir);
  t.equal(
    accountNumber(book.get('099')!, (n) => '1234567890'.slice(0, n)),
    '123-4567890',
  );
  t.equal(book.get('004'), undefined);
});

t.test('the deposit route is a control call: with SANDBOX_ADMIN_TOKEN it needs the token', async (t) => {
  const s = await build(t, { SANDBOX_ADMIN_TOKEN: 'secret-admin' });
  const o = await open(s, vbankParams);
  const rsp = (await submit(s, o.body.response.id, { vbank_code: '004' })).body.response.rsp;
  const none = await deposit(s, rsp.imp_uid);
  t.equal(none.status, 401);
  t.equal((await getPayment(s, rsp.imp_uid)).status, 'ready');
  const res = await s.app.inject({
    method: 'POST',
    url: `/__sandbox/vbanks/${rsp.imp_uid}/deposit`,
    headers: { 'x-sandbox-admin-token': 'secret-admin' },
  }); // no body at all: amount and depositor default
  t.equal(res.statusCode, 200);
  t.equal(res.json().response.payment.status, 'paid');
});
