// The parameters and fields the official V1 spec (portone-io/developers.portone.io, src/schema/v1.openapi.json) added
// or changed in 2025–2026 on the operations the sandbox simulates, one test each, through app.inject. The list, with
// the spec commit of each change and what the sandbox does, is docs/spec-changes.md. channel_key on the billing APIs,
// include_sandbox and the `sandbox` fields are tested where the channels are (not here).

import t, { type Test } from 'tap';
import type { Notifier } from '../src/gateway/context.js';
import type { Payment } from '../src/schemas/payments.js';
import { type BuiltSandbox, build, CARD, T0 } from './helpers.js';

const T0S = T0 / 1000;
const DAY = 24 * 3600;
const NICE_KEY = 'channel-key-nice-keyin-0001';
const HONG = { name: '홍길동', phone: '010-1234-5678', birth: '900101', gender_digit: '1', carrier: 'SKT' };

function webhookSpy() {
  const calls: { imp_uid: string; status: string; cancellation_id: unknown }[] = [];
  const notifier: Notifier = {
    paymentEvent: (_m, p: Payment, o) =>
      void calls.push({ imp_uid: p.imp_uid, status: p.status, cancellation_id: o?.cancellation_id ?? null }),
  };
  return { calls, notifier };
}

const count = (s: BuiltSandbox, table: 'payments' | 'customers') =>
  (s.sb.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** A paid `again` charge of the default merchant on a fresh billing key. */
async function paidCharge(
  t: Test,
  s: BuiltSandbox,
  merchantUid: string,
  extra: Record<string, unknown> = {},
): Promise<Payment> {
  await s.call('POST', '/subscribe/customers/cust_spec', CARD);
  const r = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'cust_spec',
    merchant_uid: merchantUid,
    amount: 1000,
    name: '스펙 주문',
    ...extra,
  });
  t.equal(r.body.code, 0);
  return r.body.response;
}

function openWindow(s: BuiltSandbox, params: Record<string, unknown>) {
  return s.call(
    'POST',
    '/window/api/requests',
    { merchant: 'imp19424728', device: 'pc', params },
    { token: null, headers: { 'user-agent': 'TestBrowser/1.0' } },
  );
}

t.test(
  'channel_group_id (2025-01 channelGroupId, 2026-02 renamed): a super billing key is refused, never a plain one',
  async (t) => {
    const s = await build(t);
    const group = (body: Record<string, unknown>) =>
      s.call('POST', '/subscribe/customers/cust_group', { ...CARD, ...body });
    for (const body of [{ channel_group_id: 'store-id-group-1' }, { channelGroupId: 'store-id-group-1' }]) {
      const r = await group(body);
      t.equal(r.status, 200);
      t.same(r.body, {
        code: 1,
        message: '요청하신 channel_group_id(store-id-group-1)로 등록된 스마트 라우팅 그룹 정보를 찾을 수 없습니다.',
        response: null,
      });
    }
    // The group is looked at before pg or channel_key (the spec: with a group, pg is ignored).
    const withKey = await group({ channel_group_id: 'g2', channel_key: NICE_KEY, pg: 'nice' });
    t.equal(withKey.body.code, 1);
    t.equal(withKey.body.message, '요청하신 channel_group_id(g2)로 등록된 스마트 라우팅 그룹 정보를 찾을 수 없습니다.');
    t.equal(count(s, 'customers'), 0, 'no key was stored');
    t.same((await s.call('GET', '/subscribe/customers/cust_group')).body, {
      code: 1,
      message: '요청하신 customer_uid(cust_group)로 등록된 정보를 찾을 수 없습니다.',
      response: null,
    });
    t.equal((await group({ channel_group_id: 'x'.repeat(56) })).status, 400, 'over the spec maxLength 55');

    // null or "" (clients that send every field) is no group: an ordinary key on the API channel.
    const plain = await group({ channel_group_id: null, channelGroupId: '' });
    t.equal(plain.body.code, 0);
    t.equal(plain.body.response.customer_uid, 'cust_group');
    t.equal(plain.body.response.pg_provider, 'nice');
    t.equal(plain.body.response.pg_id, 'nictest04m');
    t.notOk('succeededChannels' in plain.body.response, 'a plain CustomerAnnotation');
  },
);

t.test(
  'onetime channelGroupId (2024-11) is refused; secure_3d_* (paymentwall) and bypass (2026-02) are accepted',
  async (t) => {
    const s = await build(t);
    const order = { ...CARD, merchant_uid: 'ot_group', amount: 2500, name: '단건' };
    const g = await s.call('POST', '/subscribe/payments/onetime', {
      ...order,
      channelGroupId: 'grp',
      customer_uid: 'c1',
    });
    t.same(g.body, {
      code: 1,
      message: '요청하신 channel_group_id(grp)로 등록된 스마트 라우팅 그룹 정보를 찾을 수 없습니다.',
      response: null,
    });
    t.equal(count(s, 'payments'), 0);
    t.equal(count(s, 'customers'), 0);

    const r = await s.call('POST', '/subscribe/payments/onetime', {
      ...order,
      secure_3d_charge_id: 'ch_3ds_1',
      secure_3d_token: 'tok_3ds_1',
      bypass: JSON.stringify({ kcp_v2: { shop_user_id: 'u1' } }),
      browser_ip: '203.0.113.7',
    });
    t.equal(r.body.code, 0);
    t.equal(r.body.response.status, 'paid');
    t.equal(r.body.response.amount, 2500);
    t.equal(r.body.response.merchant_uid, 'ot_group');
  },
);

t.test(
  'prepare currency (2025-01): echoed by POST, GET and PUT; null skips the currency check of the window',
  async (t) => {
    const s = await build(t);
    const none = await s.call('POST', '/payments/prepare', { merchant_uid: 'pre_1', amount: 3000 });
    t.same(none.body.response, { merchant_uid: 'pre_1', amount: 3000, currency: null });
    const usd = await openWindow(s, { merchant_uid: 'pre_1', amount: 3000, currency: 'USD' });
    t.equal(usd.body.response.opened, true, 'currency null: any currency opens');

    const krw = await s.call('POST', '/payments/prepare', { merchant_uid: 'pre_2', amount: 3000, currency: 'KRW' });
    t.same(krw.body.response, { merchant_uid: 'pre_2', amount: 3000, currency: 'KRW' });
    t.same((await s.call('GET', '/payments/prepare/pre_2')).body.response, {
      merchant_uid: 'pre_2',
      amount: 3000,
      currency: 'KRW',
    });
    const other = await openWindow(s, { merchant_uid: 'pre_2', amount: 3000, currency: 'USD' });
    t.equal(other.body.response.opened, false);
    t.equal(other.body.response.rsp.error_msg, '사전등록된 결제정보와 통화(currency)가 일치하지 않습니다.');
    t.equal(
      (await openWindow(s, { merchant_uid: 'pre_2', amount: 3000 })).body.response.opened,
      true,
      'KRW by default',
    );

    // PUT changes it (a JSON null would be "absent" and keep it: issue 9, null-tolerance).
    const put = await s.call('PUT', '/payments/prepare', { merchant_uid: 'pre_2', amount: 3000, currency: 'USD' });
    t.same(put.body.response, { merchant_uid: 'pre_2', amount: 3000, currency: 'USD' });
    t.equal((await openWindow(s, { merchant_uid: 'pre_2', amount: 3000, currency: 'USD' })).body.response.opened, true);
  },
);

t.test('schedules: pg_provider/pg_id of the result (2025-01) and browser_ip of an entry (2025-11)', async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/cust_sched', CARD);
  const r = await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_sched',
    schedules: [
      { merchant_uid: 'sch_1', schedule_at: T0S + DAY, amount: 4900, name: '월 구독', browser_ip: '198.51.100.20' },
    ],
  });
  t.equal(r.body.code, 0);
  t.equal(r.body.response.length, 1);
  const [entry] = r.body.response;
  t.equal(entry.merchant_uid, 'sch_1');
  t.equal(entry.pg_provider, 'nice');
  t.equal(entry.pg_id, 'nictest04m');
  t.equal(entry.schedule_status, 'scheduled');
  t.notOk('browser_ip' in entry, 'ScheduleResultAnnotation has no browser_ip');
  const got = await s.call('GET', '/subscribe/payments/schedule/sch_1');
  t.equal(got.body.response.pg_provider, 'nice');
  t.equal(got.body.response.pg_id, 'nictest04m');

  const again = await paidCharge(t, s, 'again_ip', { browser_ip: '198.51.100.21' });
  t.equal(again.status, 'paid');
});

t.test('cancel enable_webhook (2026-07): no webhook unless true, then one with the cancellation_id', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const p = await paidCharge(t, s, 'cancel_hook');
  t.same(
    spy.calls.map((c) => c.status),
    ['paid'],
  );
  const quiet = await s.call('POST', '/payments/cancel', { imp_uid: p.imp_uid, amount: 300 });
  t.equal(quiet.body.code, 0);
  t.equal(quiet.body.response.cancel_amount, 300);
  t.equal(spy.calls.length, 1, 'default false: no webhook');
  const form = await s.app.inject({
    method: 'POST',
    url: '/payments/cancel',
    headers: { authorization: await s.token(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: `imp_uid=${p.imp_uid}&amount=200&enable_webhook=false`,
  });
  t.equal(form.json().response.cancel_amount, 500);
  t.equal(spy.calls.length, 1, 'false in a form body: no webhook');
  const loud = await s.call('POST', '/payments/cancel', { imp_uid: p.imp_uid, enable_webhook: true });
  t.equal(loud.body.response.status, 'cancelled');
  t.equal(loud.body.response.cancel_amount, 1000);
  t.equal(spy.calls.length, 2);
  t.equal(spy.calls[1]!.status, 'cancelled');
  t.equal(spy.calls[1]!.cancellation_id, loud.body.response.cancel_history[2].cancellation_id);
});

t.test(
  'POST /vbanks fixed_unlimited_vbank (2025-07): deposits again once paid, each one in deposit_history',
  async (t) => {
    const spy = webhookSpy();
    const s = await build(t, {}, { webhooks: spy.notifier });
    const issue = (merchantUid: string, extra: Record<string, unknown> = {}) =>
      s.call('POST', '/vbanks', {
        channel_key: NICE_KEY,
        merchant_uid: merchantUid,
        amount: 50000,
        vbank_code: '088',
        vbank_due: T0S + 30 * DAY,
        buyer_name: '김입금',
        ...extra,
      });
    const deposit = (impUid: string, body: Record<string, unknown> = {}) =>
      s.call('POST', `/__sandbox/vbanks/${impUid}/deposit`, body, { token: null });

    const fixed = await issue('vb_fixed', { fixed_unlimited_vbank: 'true', escrow_password: '1234' });
    t.equal(fixed.body.code, 0);
    t.equal(fixed.body.response.status, 'ready');
    t.same(fixed.body.response.deposit_history, []);
    const impUid = fixed.body.response.imp_uid;

    const first = await deposit(impUid, { depositor_name: '홍길동' });
    t.equal(first.status, 200);
    const p1 = first.body.response.payment;
    t.equal(p1.status, 'paid');
    t.equal(p1.paid_at, T0S);
    t.equal(p1.deposit_history.length, 1);
    t.match(p1.deposit_history[0], { amount: 50000, depositor_name: '홍길동', deposited_at: T0S });
    t.match(p1.deposit_history[0].pg_tid, /^\d{20}$/);
    t.same(Object.keys(p1.deposit_history[0]), ['pg_tid', 'amount', 'depositor_name', 'deposited_at']);

    await s.call('POST', '/__sandbox/clock', { advance_seconds: 2 * DAY }, { token: null });
    const second = await deposit(impUid);
    t.equal(second.status, 200);
    const p2 = second.body.response.payment;
    t.equal(p2.status, 'paid');
    t.equal(p2.paid_at, T0S, 'paid_at stays the first deposit');
    t.equal(p2.deposit_history.length, 2);
    t.match(p2.deposit_history[1], { amount: 50000, depositor_name: '김입금', deposited_at: T0S + 2 * DAY });
    t.not(p2.deposit_history[1].pg_tid, p2.deposit_history[0].pg_tid);
    const looked = await s.call('GET', `/payments/${impUid}`, undefined, { token: await s.token() });
    t.same(looked.body.response.deposit_history, p2.deposit_history);
    t.same(
      spy.calls.filter((c) => c.imp_uid === impUid).map((c) => c.status),
      ['ready', 'paid', 'paid'],
      'a webhook per deposit',
    );
    const wrong = await deposit(impUid, { amount: 100 });
    t.equal(wrong.status, 400, 'each deposit is the amount due');

    // An ordinary account: one deposit, no history.
    const once = await issue('vb_once', {});
    const paid = await deposit(once.body.response.imp_uid);
    t.equal(paid.body.response.payment.status, 'paid');
    t.same(paid.body.response.payment.deposit_history, []);
    t.equal((await deposit(once.body.response.imp_uid)).status, 409);
  },
);

t.test('requestOTP verification_method, bypass (2025-04) and confirmOTP without otp (kcp_v2 APP)', async (t) => {
  const s = await build(t);
  const app = await s.call('POST', '/certifications/otp/request', {
    ...HONG,
    pg: 'kcp_v2',
    channel_key: 'channel-key-kcp-cert',
    verification_method: 'APP',
    bypass: JSON.stringify({ kcp_v2: { site_name: '샌드박스' } }),
  });
  t.equal(app.body.code, 0);
  const appUid = app.body.response.imp_uid;
  const confirmed = await s.call('POST', `/certifications/otp/confirm/${appUid}`, {});
  t.equal(confirmed.body.code, 0);
  t.equal(confirmed.body.response.certified, true);
  t.equal(confirmed.body.response.pg_provider, 'kcp_v2');
  t.equal(confirmed.body.response.name, '홍길동');

  const sms = await s.call('POST', '/certifications/otp/request', { ...HONG, verification_method: 'SMS' });
  const smsUid = sms.body.response.imp_uid;
  t.same((await s.call('POST', `/certifications/otp/confirm/${smsUid}`, {})).body, {
    code: -1,
    message: '인증번호(otp)가 누락되었습니다.',
    response: null,
  });
  const ok = await s.call('POST', `/certifications/otp/confirm/${smsUid}`, { otp: '345678' });
  t.equal(ok.body.response.certified, true);
  t.equal(ok.body.response.pg_provider, 'danal');

  // The spec's gender_digit for foreigners (2025-04): 5-8.
  const john = { name: 'JOHN SMITH', phone: '010-3333-4444', birth: '920410', gender_digit: '5', carrier: 'KT' };
  const foreign = await s.call('POST', '/certifications/otp/request', { ...john, pg: 'kcp_v2' });
  const fc = await s.call('POST', `/certifications/otp/confirm/${foreign.body.response.imp_uid}`, { otp: '334444' });
  t.equal(fc.body.response.foreigner, true);
  t.equal(fc.body.response.gender, 'male');

  const bad = await s.call('POST', '/certifications/otp/request', { ...HONG, verification_method: 'FACE' });
  t.equal(bad.status, 400, 'the spec enum SMS | APP');
});

t.test('channel_key "required" on /vbanks (2026-02, pg dropped): still optional, pg still read', async (t) => {
  const s = await build(t);
  const r = await s.call('POST', '/vbanks', {
    pg: 'nice',
    merchant_uid: 'vb_pg',
    amount: 1000,
    vbank_code: '004',
    vbank_due: T0S + DAY,
  });
  t.equal(r.body.code, 0);
  t.equal(r.body.response.pg_provider, 'nice');
  t.equal(r.body.response.pg_id, 'nictest04m');
});

t.test('GET /vbanks/holder, dropped from the docs spec (2025-10), is still served', async (t) => {
  const s = await build(t);
  const r = await s.call('GET', '/vbanks/holder?bank_code=004&bank_num=123456-78-901234');
  t.same(r.body, { code: 0, message: null, response: { bank_holder: '홍길동' } });
});
