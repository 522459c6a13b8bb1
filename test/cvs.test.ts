// API tests of convenience-store payments through app.inject: POST /cvs issues a barcode (a `ready` payment and its
// webhook), the control API's deposit pays it at the counter, DELETE /cvs/{imp_uid} revokes an unpaid one; every
// refusal and bad input.
import t from 'tap';
import { type BuiltSandbox, build, CARD, KICC_ONLY_KEY, KICC_ONLY_SECRET, T0 } from './helpers.js';
import type { Notifier } from '../src/gateway/context.js';
import type { Payment } from '../src/schemas/payments.js';

const T0S = T0 / 1000;
/** 2026-01-08 23:59:59 KST: the end of the 7th day after T0 (2026-01-01 09:00 KST), the default deadline. */
const DEFAULT_DUE = Date.parse('2026-01-08T23:59:59+09:00') / 1000;
const KICC_KEY = 'channel-key-kicc-window-0001';
const NICE_KEY = 'channel-key-nice-keyin-0001';

function webhookSpy() {
  const calls: { imp_uid: string; status: string; notice_url: unknown }[] = [];
  const notifier: Notifier = {
    paymentEvent: (_m, p: Payment, o) =>
      void calls.push({ imp_uid: p.imp_uid, status: p.status, notice_url: o?.notice_url ?? null }),
  };
  return { calls, notifier };
}

const order = {
  channel_key: KICC_KEY,
  merchant_uid: 'cvs_0001',
  amount: 12000,
  name: '편의점 주문',
  buyer_name: '홍길동',
  buyer_email: 'buyer@example.kr',
  buyer_tel: '010-1234-5678',
  buyer_addr: '서울시 중구',
  buyer_postcode: '04500',
};
const issue = (s: BuiltSandbox, body: Record<string, unknown> = {}) => s.call('POST', '/cvs', { ...order, ...body });
const deposit = (s: BuiltSandbox, impUid: string) =>
  s.call('POST', `/__sandbox/vbanks/${impUid}/deposit`, {}, { token: null });

t.test('POST /cvs issues a barcode: a ready cvs payment, its fields, a ready webhook', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const r = await issue(s, { notice_url: 'http://127.0.0.1:9/cvs', custom_data: { order: 7 } });
  t.equal(r.status, 200);
  t.equal(r.body.code, 0);
  t.equal(r.body.message, null);
  const p = r.body.response as Payment;
  t.match(p.imp_uid, /^imps_\d{12}$/);
  t.equal(p.merchant_uid, 'cvs_0001');
  t.equal(p.pay_method, 'cvs');
  t.equal(p.channel, 'api');
  t.equal(p.status, 'ready');
  t.equal(p.amount, 12000);
  t.equal(p.cancel_amount, 0);
  t.equal(p.currency, 'KRW');
  t.equal(p.pg_provider, 'kicc');
  t.equal(p.pg_id, 'T5102001');
  t.match(p.pg_tid, /^\d{20}$/);
  t.equal(p.sandbox, false, 'a live channel of the default merchant');
  t.equal(p.escrow, false);
  t.equal(p.apply_num, null);
  t.match(p.vbank_num, /^\d{20}$/, 'the barcode');
  t.equal(p.vbank_date, DEFAULT_DUE, 'the deadline');
  t.equal(p.vbank_issued_at, T0S);
  t.equal(p.vbank_code, null);
  t.equal(p.vbank_name, null);
  t.equal(p.vbank_holder, null);
  t.equal(p.card_number, null);
  t.equal(p.name, '편의점 주문');
  t.equal(p.buyer_name, '홍길동');
  t.equal(p.buyer_email, 'buyer@example.kr');
  t.equal(p.buyer_tel, '010-1234-5678');
  t.equal(p.buyer_addr, '서울시 중구');
  t.equal(p.buyer_postcode, '04500');
  t.equal(p.custom_data, '{"order":7}');
  t.equal(p.started_at, T0S);
  t.equal(p.paid_at, 0);
  t.equal(p.cancelled_at, 0);
  t.equal(p.receipt_url, `https://receipt.sandbox.invalid/kicc/${p.pg_tid}`);
  t.same((await s.call('GET', `/payments/${p.imp_uid}`)).body.response, p, 'the lookup agrees');
  t.same(spy.calls, [{ imp_uid: p.imp_uid, status: 'ready', notice_url: 'http://127.0.0.1:9/cvs' }]);
  t.same(s.sb.store.records.get('default', 'cvs', p.imp_uid), {
    imp_uid: p.imp_uid,
    merchant_uid: 'cvs_0001',
    barcode: p.vbank_num,
    expired_at: DEFAULT_DUE,
    confirm_url: null,
    notice_url: 'http://127.0.0.1:9/cvs',
  });
});

t.test('a barcode and a deadline of the merchant are registered as given; a key-in channel key works', async (t) => {
  const s = await build(t);
  const r = await issue(s, {
    channel_key: NICE_KEY,
    barcode: '11222222',
    expired_at: T0S + 86400,
    confirm_url: 'http://127.0.0.1:9/confirm',
  });
  t.equal(r.body.code, 0);
  t.equal(r.body.response.vbank_num, '11222222');
  t.equal(r.body.response.vbank_date, T0S + 86400);
  t.equal(r.body.response.pg_provider, 'nice');
  t.equal(r.body.response.pg_id, 'nictest04m');
  t.equal(
    s.sb.store.records.get<{ confirm_url: string }>('default', 'cvs', r.body.response.imp_uid)?.confirm_url,
    'http://127.0.0.1:9/confirm',
  );
  // A form body, numbers as strings, notice_url repeated.
  const form = await s.app.inject({
    method: 'POST',
    url: '/cvs',
    headers: { authorization: await s.token(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: `channel_key=${KICC_KEY}&merchant_uid=cvs_form&amount=5000&notice_url=http://a.test/1&notice_url=http://a.test/2`,
  });
  t.equal(form.statusCode, 200);
  t.equal(form.json().response.amount, 5000);
  t.equal(form.json().response.status, 'ready');
  t.same(s.sb.store.records.get<{ notice_url: string[] }>('default', 'cvs', form.json().response.imp_uid)?.notice_url, [
    'http://a.test/1',
    'http://a.test/2',
  ]);
  // An unpaid merchant_uid may get another barcode.
  const second = await issue(s, { channel_key: NICE_KEY, barcode: '11222223' });
  t.equal(second.body.code, 0);
  t.not(second.body.response.imp_uid, r.body.response.imp_uid);
});

t.test(
  'the deposit control pays a barcode in: paid, webhook to its notice_url; then no revoke, no new barcode',
  async (t) => {
    const spy = webhookSpy();
    const s = await build(t, {}, { webhooks: spy.notifier });
    const p = (await issue(s, { notice_url: 'http://127.0.0.1:9/cvs' })).body.response as Payment;
    s.sb.clock.advance(600_000);
    const d = await deposit(s, p.imp_uid);
    t.equal(d.status, 200);
    t.equal(d.body.code, 0);
    t.equal(d.body.response.payment.status, 'paid');
    t.equal(d.body.response.payment.paid_at, T0S + 600);
    t.equal(d.body.response.payment.vbank_num, p.vbank_num);
    const got = (await s.call('GET', `/payments/${p.imp_uid}`)).body.response;
    t.equal(got.status, 'paid');
    t.equal(got.paid_at, T0S + 600);
    t.same(spy.calls, [
      { imp_uid: p.imp_uid, status: 'ready', notice_url: 'http://127.0.0.1:9/cvs' },
      { imp_uid: p.imp_uid, status: 'paid', notice_url: 'http://127.0.0.1:9/cvs' },
    ]);

    const revoke = await s.call('DELETE', `/cvs/${p.imp_uid}`);
    t.equal(revoke.status, 200);
    t.same(revoke.body, {
      code: 1,
      message: '이미 수납이 완료된 편의점결제 건은 수납취소할 수 없습니다.',
      response: null,
    });
    const again = await issue(s);
    t.equal(again.status, 200);
    t.same(again.body, { code: 1, message: '이미 결제가 이루어진 거래건입니다.', response: null });
    t.equal((await deposit(s, p.imp_uid)).status, 409, 'paid once');
    // A paid barcode is cancelled (refunded) like any payment.
    const cancel = await s.call('POST', '/payments/cancel', { imp_uid: p.imp_uid });
    t.equal(cancel.body.response.status, 'cancelled');
  },
);

t.test('DELETE /cvs/{imp_uid} revokes an unpaid barcode; refusals', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const p = (await issue(s)).body.response as Payment;
  s.sb.clock.advance(60_000);
  const r = await s.call('DELETE', `/cvs/${p.imp_uid}`);
  t.equal(r.status, 200);
  t.equal(r.body.code, 0);
  t.equal(r.body.message, null);
  t.equal(r.body.response.imp_uid, p.imp_uid);
  t.equal(r.body.response.status, 'cancelled');
  t.equal(r.body.response.cancelled_at, T0S + 60);
  t.equal(r.body.response.cancel_amount, 12000);
  t.same(r.body.response.cancel_history, []);
  t.equal(r.body.response.paid_at, 0);
  t.same((await s.call('GET', `/payments/${p.imp_uid}`)).body.response, r.body.response);
  t.equal(spy.calls.length, 1, 'only the issue notified');

  const twice = await s.call('DELETE', `/cvs/${p.imp_uid}`);
  t.equal(twice.status, 200);
  t.same(twice.body, {
    code: 1,
    message: '수납 전(ready) 상태의 편의점결제 건만 수납취소할 수 있습니다. (현재: cancelled)',
    response: null,
  });
  const dep = await deposit(s, p.imp_uid);
  t.equal(dep.status, 409, 'a revoked barcode takes no payment');
  t.equal(dep.body.code, -1);

  const unknown = await s.call('DELETE', '/cvs/imps_000000000000');
  t.equal(unknown.status, 404);
  t.same(unknown.body, { code: -1, message: '존재하지 않는 결제정보입니다.', response: null });

  const card = await s.call('POST', '/subscribe/payments/onetime', { merchant_uid: 'card_1', amount: 1000, ...CARD });
  t.equal(card.body.response.status, 'paid');
  const notCvs = await s.call('DELETE', `/cvs/${card.body.response.imp_uid}`);
  t.equal(notCvs.status, 200);
  t.same(notCvs.body, { code: 1, message: '편의점결제(cvs) 건이 아닙니다. (pay_method: card)', response: null });
  t.equal((await s.call('GET', `/payments/${card.body.response.imp_uid}`)).body.response.status, 'paid');

  // Another merchant does not see the barcode.
  const other = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  const foreign = await s.call('DELETE', `/cvs/${p.imp_uid}`, undefined, { token: other });
  t.equal(foreign.status, 404);
});

t.test('issue refusals: unknown channel_key, a past deadline; nothing is stored', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const unknown = await issue(s, { channel_key: 'no-such-channel' });
  t.equal(unknown.status, 200);
  t.same(unknown.body, {
    code: 1,
    message: '요청하신 channel_key(no-such-channel)로 등록된 채널 정보를 찾을 수 없습니다.',
    response: null,
  });
  // The channel key of another merchant is unknown to this one.
  const foreign = await issue(s, { channel_key: 'channel-key-kicc-window-0002' });
  t.equal(foreign.body.code, 1);
  t.equal(
    foreign.body.message,
    '요청하신 channel_key(channel-key-kicc-window-0002)로 등록된 채널 정보를 찾을 수 없습니다.',
  );
  const past = await issue(s, { expired_at: T0S });
  t.equal(past.status, 400);
  t.same(past.body, { code: -1, message: `편의점 수납기한(expired_at)이 이미 지났습니다. (${T0S})`, response: null });
  t.equal((await s.call('GET', '/payments/findAll/cvs_0001')).status, 404, 'no payment stored');
  t.same(spy.calls, []);
  t.same(s.sb.store.records.list('default', 'cvs'), []);
});

t.test('bad input is a 400 in the envelope naming the field', async (t) => {
  const s = await build(t);
  const { channel_key: _k, ...noKey } = order;
  const { amount: _a, ...noAmount } = order;
  const cases: [string, Record<string, unknown>, string][] = [
    ['no channel_key', noKey, 'channel_key'],
    ['no amount', noAmount, 'amount'],
    ['amount 0', { ...order, amount: 0 }, 'amount'],
    ['amount not a number', { ...order, amount: 'lots' }, 'amount'],
    ['merchant_uid over 40', { ...order, merchant_uid: 'm'.repeat(41) }, 'merchant_uid'],
    ['name over 40', { ...order, name: 'n'.repeat(41) }, 'name'],
    ['buyer_name over 16', { ...order, buyer_name: 'b'.repeat(17) }, 'buyer_name'],
    ['buyer_postcode over 8', { ...order, buyer_postcode: '123456789' }, 'buyer_postcode'],
    ['expired_at not a number', { ...order, expired_at: 'tomorrow' }, 'expired_at'],
    ['notice_url a number', { ...order, notice_url: 5 }, 'notice_url'],
  ];
  for (const [what, payload, field] of cases) {
    const r = await s.call('POST', '/cvs', payload);
    t.equal(r.status, 400, what);
    t.equal(r.body.code, -1, what);
    t.equal(r.body.response, null, what);
    t.match(r.body.message, new RegExp(`^잘못된 요청 파라미터입니다\\. ${field}: `), what);
  }
  t.equal((await s.call('GET', '/payments/status/all')).body.response.total, 0, 'nothing was issued');
});
