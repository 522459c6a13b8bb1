// Channels as the real ones are (issue 9, 2026): each channel has its own `sandbox` flag, copied onto the billing keys
// and payments made through it; GET /payments/{imp_uid} hides test-channel payments unless include_sandbox=true
// (notice of 2026-01-26), and channel_key picks a channel exactly, or is refused, on billing-key issue, onetime,
// again and schedules.

import t from 'tap';
import {
  build,
  CARD,
  CARDS,
  cardWith,
  T0,
  TEST_CHANNELS_KEY,
  TEST_CHANNELS_SECRET,
  type BuiltSandbox,
} from './helpers.js';

const T0S = T0 / 1000;
const TEST_KEYIN = 'channel-key-nice-keyin-test-0003';
const TEST_WINDOW = 'channel-key-kicc-window-test-0003';
const LIVE_KEYIN = 'channel-key-nice-keyin-0001';
const LIVE_WINDOW = 'channel-key-kicc-window-0001';
const NOT_FOUND = { code: -1, message: '존재하지 않는 결제정보입니다.', response: null };
const unknownKey = (key: string) => ({
  code: 1,
  message: `요청하신 channel_key(${key})로 등록된 채널 정보를 찾을 수 없습니다.`,
  response: null,
});

/** The sandbox and a caller authenticated as the test-channel merchant. */
async function testMerchant(t: Parameters<typeof build>[0]) {
  const s = await build(t);
  const token = await s.token(TEST_CHANNELS_KEY, TEST_CHANNELS_SECRET);
  const call = (method: 'GET' | 'POST', url: string, payload?: object) => s.call(method, url, payload, { token });
  return { s, call };
}

async function again(
  call: BuiltSandbox['call'] | ((m: 'POST', u: string, p: object) => ReturnType<BuiltSandbox['call']>),
  body: object,
) {
  return call('POST', '/subscribe/payments/again', { amount: 1000, name: '구독', ...body });
}

t.test('the fixture merchants: default and kicc-only are live, test-channels has two test channels', async (t) => {
  const s = await build(t);
  const list = (await s.call('GET', '/__sandbox/merchants', undefined, { token: null })).body.response;
  const flags = list.map((m: { id: string; channels: { channel_key: string; type: string; sandbox: boolean }[] }) => [
    m.id,
    m.channels.map((c) => [c.channel_key, c.type, c.sandbox]),
  ]);
  t.same(flags, [
    [
      'default',
      [
        [LIVE_WINDOW, 'payment', false],
        [LIVE_KEYIN, 'api_payment', false],
      ],
    ],
    ['kicc-only', [['channel-key-kicc-window-0002', 'payment', false]]],
    [
      'test-channels',
      [
        [TEST_WINDOW, 'payment', true],
        [TEST_KEYIN, 'api_payment', true],
      ],
    ],
  ]);
  const { call } = await testMerchant(t);
  const pg = await call('GET', '/users/pg');
  t.same(
    pg.body.response.map((c: { channel_key: string; sandbox: boolean }) => [c.channel_key, c.sandbox]),
    [
      [TEST_WINDOW, true],
      [TEST_KEYIN, true],
    ],
  );
});

t.test('a test-channel payment is 404 on GET /payments/{imp_uid} without include_sandbox=true', async (t) => {
  const { call } = await testMerchant(t);
  const key = await call('POST', '/subscribe/customers/cust_t1', CARD);
  t.equal(key.body.code, 0);
  t.equal(key.body.response.sandbox, true, 'the key copies its channel flag');
  t.equal(key.body.response.pg_provider, 'nice');
  const paid = await again(call, { customer_uid: 'cust_t1', merchant_uid: 'order_t1' });
  t.equal(paid.body.code, 0);
  const p = paid.body.response;
  t.equal(p.status, 'paid');
  t.equal(p.sandbox, true, 'the payment copies the key flag');

  for (const q of ['', '?include_sandbox=false', '?include_sandbox=0']) {
    const hidden = await call('GET', `/payments/${p.imp_uid}${q}`);
    t.equal(hidden.status, 404, `GET /payments/{imp_uid}${q}`);
    t.same(hidden.body, NOT_FOUND, 'the real not-found envelope');
  }
  for (const q of ['?include_sandbox=true', '?include_sandbox=1', '?include_sandbox=TRUE']) {
    const shown = await call('GET', `/payments/${p.imp_uid}${q}`);
    t.equal(shown.status, 200, q);
    t.equal(shown.body.response.imp_uid, p.imp_uid);
    t.equal(shown.body.response.amount, 1000);
    t.equal(shown.body.response.sandbox, true);
  }

  // Only that one endpoint hides them.
  const find = await call('GET', '/payments/find/order_t1');
  t.equal(find.status, 200);
  t.equal(find.body.response.imp_uid, p.imp_uid);
  const findAll = await call('GET', '/payments/findAll/order_t1');
  t.same(
    findAll.body.response.list.map((x: { imp_uid: string }) => x.imp_uid),
    [p.imp_uid],
  );
  const status = await call('GET', '/payments/status/paid');
  t.equal(status.body.response.total, 1);
  t.equal(status.body.response.list[0].imp_uid, p.imp_uid);
  const multi = await call('GET', `/payments?imp_uid[]=${p.imp_uid}`);
  t.equal(multi.status, 200);
  t.same(
    multi.body.response.map((x: { imp_uid: string; sandbox: boolean }) => [x.imp_uid, x.sandbox]),
    [[p.imp_uid, true]],
  );
  const balance = await call('GET', `/payments/${p.imp_uid}/balance`);
  t.equal(balance.status, 200, 'the balance of a test payment is not hidden');
  // The payment can still be cancelled by imp_uid.
  const cancel = await call('POST', '/payments/cancel', { imp_uid: p.imp_uid });
  t.equal(cancel.body.code, 0);
  t.equal(cancel.body.response.status, 'cancelled');
});

t.test('a live payment of the default merchant is found with or without include_sandbox', async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/cust_l1', CARD);
  const paid = (await again(s.call, { customer_uid: 'cust_l1', merchant_uid: 'order_l1' })).body.response;
  t.equal(paid.sandbox, false);
  for (const q of ['', '?include_sandbox=true', '?include_sandbox=false']) {
    const res = await s.call('GET', `/payments/${paid.imp_uid}${q}`);
    t.equal(res.status, 200, q || 'no query');
    t.equal(res.body.response.imp_uid, paid.imp_uid);
  }
});

t.test('a KICC window key of the test-channel merchant is a test key; its payments are test payments', async (t) => {
  const { s, call } = await testMerchant(t);
  const issued = await s.call(
    'POST',
    '/__sandbox/billing-keys',
    { merchant: 'test-channels', customer_uid: 'cust_w1' },
    { token: null },
  );
  t.equal(issued.status, 200);
  t.equal(issued.body.response.pg_provider, 'kicc');
  t.equal(issued.body.response.sandbox, true);
  t.equal((await call('GET', `/payments/${issued.body.response.imp_uid}`)).status, 404, 'the issue record is hidden');
  const paid = await again(call, { customer_uid: 'cust_w1', merchant_uid: 'order_w1', channel_key: TEST_WINDOW });
  t.equal(paid.body.code, 0);
  t.equal(paid.body.response.pg_provider, 'kicc');
  t.equal(paid.body.response.pg_id, 'T5102001');
  t.equal(paid.body.response.sandbox, true);
  t.equal((await call('GET', `/payments/${paid.body.response.imp_uid}`)).status, 404);
  t.equal((await call('GET', `/payments/${paid.body.response.imp_uid}?include_sandbox=true`)).status, 200);
  const key = await call('GET', '/subscribe/customers/cust_w1');
  t.equal(key.body.response.sandbox, true);
});

t.test('channel_key on billing-key issue picks that channel exactly, or is refused', async (t) => {
  const s = await build(t);
  const live = await s.call('POST', '/subscribe/customers/cust_c1', { ...CARD, channel_key: LIVE_KEYIN });
  t.equal(live.body.code, 0);
  t.equal(live.body.response.pg_provider, 'nice');
  t.equal(live.body.response.pg_id, 'nictest04m');
  t.equal(live.body.response.sandbox, false);

  // "" means none given (clients that send every field): the default key-in channel.
  const empty = await s.call('POST', '/subscribe/customers/cust_c2', { ...CARD, channel_key: '' });
  t.equal(empty.body.code, 0);
  t.equal(empty.body.response.pg_provider, 'nice');

  const unknown = await s.call('POST', '/subscribe/customers/cust_c3', { ...CARD, channel_key: 'no-such-key' });
  t.equal(unknown.status, 200);
  t.same(unknown.body, unknownKey('no-such-key'));
  // A test-channel merchant's key is another merchant's: unknown here.
  const foreign = await s.call('POST', '/subscribe/customers/cust_c3', { ...CARD, channel_key: TEST_KEYIN });
  t.same(foreign.body, unknownKey(TEST_KEYIN));
  // The KICC window channel cannot issue by key-in: never a fallback onto the NICE channel.
  const window = await s.call('POST', '/subscribe/customers/cust_c3', { ...CARD, channel_key: LIVE_WINDOW });
  t.same(window.body, {
    code: 1,
    message: `channel_key(${LIVE_WINDOW})는 결제창(인증결제) 채널입니다. 이 API는 API 방식(비인증결제) 채널로만 요청할 수 있습니다.`,
    response: null,
  });
  t.equal((await s.call('GET', '/subscribe/customers/cust_c3')).body.code, 1, 'no key was stored');
});

t.test('channel_key on onetime picks the channel; an unknown one charges nothing', async (t) => {
  const { call } = await testMerchant(t);
  const body = { ...CARD, merchant_uid: 'once_1', amount: 3000, name: '단건' };
  const paid = await call('POST', '/subscribe/payments/onetime', { ...body, channel_key: TEST_KEYIN });
  t.equal(paid.body.code, 0);
  t.equal(paid.body.response.status, 'paid');
  t.equal(paid.body.response.sandbox, true);
  t.equal(paid.body.response.pg_provider, 'nice');
  const refused = await call('POST', '/subscribe/payments/onetime', {
    ...body,
    merchant_uid: 'once_2',
    channel_key: 'nope',
  });
  t.same(refused.body, unknownKey('nope'));
  t.equal((await call('GET', '/payments/find/once_2')).status, 404, 'no payment stored');
});

t.test("channel_key on again must be the key's channel: unknown and other channels are refused", async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/cust_a1', { ...CARD, channel_key: LIVE_KEYIN });
  const ok = await again(s.call, { customer_uid: 'cust_a1', merchant_uid: 'a_1', channel_key: LIVE_KEYIN });
  t.equal(ok.body.code, 0);
  t.equal(ok.body.response.status, 'paid');
  t.equal(ok.body.response.pg_provider, 'nice');
  const unknown = await again(s.call, { customer_uid: 'cust_a1', merchant_uid: 'a_2', channel_key: 'nope' });
  t.same(unknown.body, unknownKey('nope'));
  const other = await again(s.call, { customer_uid: 'cust_a1', merchant_uid: 'a_3', channel_key: LIVE_WINDOW });
  t.same(other.body, {
    code: 1,
    message: `customer_uid(cust_a1)의 빌링키는 channel_key(${LIVE_WINDOW}) 채널에서 발급되지 않았습니다.`,
    response: null,
  });
  // channelKey, the spec's spelling from 2025-01 to 2026-02, is read as channel_key: never silently dropped.
  const camel = await again(s.call, { customer_uid: 'cust_a1', merchant_uid: 'a_6', channelKey: 'nope' });
  t.same(camel.body, unknownKey('nope'));
  const camelOk = await again(s.call, { customer_uid: 'cust_a1', merchant_uid: 'a_7', channelKey: LIVE_KEYIN });
  t.equal(camelOk.body.response.status, 'paid');
  // An unknown customer is refused first, as before.
  const nobody = await again(s.call, { customer_uid: 'nobody', merchant_uid: 'a_4', channel_key: 'nope' });
  t.same(nobody.body, { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
  for (const uid of ['a_2', 'a_3', 'a_4', 'a_6']) {
    t.equal((await s.call('GET', `/payments/find/${uid}`)).status, 404, `${uid}: nothing charged`);
  }
  // A declined card still declines through a named channel.
  await s.call('POST', '/subscribe/customers/cust_a2', cardWith(CARDS.decline));
  const declined = await again(s.call, { customer_uid: 'cust_a2', merchant_uid: 'a_5', channel_key: LIVE_KEYIN });
  t.equal(declined.body.code, 0);
  t.equal(declined.body.response.status, 'failed');
});

t.test('channel_key on schedules: checked when scheduling, used when the schedule runs', async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/cust_s1', CARD);
  const entry = (merchant_uid: string) => ({ merchant_uid, schedule_at: T0S + 86400, amount: 5000, name: '월 구독' });
  const bad = await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_s1',
    channel_key: 'nope',
    schedules: [entry('s_bad')],
  });
  t.same(bad.body, unknownKey('nope'));
  t.equal((await s.call('GET', '/subscribe/payments/schedule/s_bad')).status, 404, 'nothing scheduled');
  const other = await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_s1',
    channel_key: LIVE_WINDOW,
    schedules: [entry('s_other')],
  });
  t.equal(other.body.code, 1);
  t.equal(
    other.body.message,
    `customer_uid(cust_s1)의 빌링키는 channel_key(${LIVE_WINDOW}) 채널에서 발급되지 않았습니다.`,
  );

  const good = await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_s1',
    channel_key: LIVE_KEYIN,
    schedules: [entry('s_1')],
  });
  t.equal(good.body.code, 0);
  t.equal(good.body.response[0].schedule_status, 'scheduled');
  t.equal(good.body.response[0].pg_provider, 'nice');
  await s.call('POST', '/__sandbox/clock', { advance_seconds: 86400 }, { token: null });
  const ran = await s.call('GET', '/subscribe/payments/schedule/s_1');
  t.equal(ran.body.response.schedule_status, 'executed');
  t.equal(ran.body.response.payment_status, 'paid');
  const paid = await s.call('GET', '/payments/find/s_1');
  t.equal(paid.body.response.amount, 5000);
  t.equal(paid.body.response.pg_provider, 'nice');
  t.equal(paid.body.response.sandbox, false);
});

t.test('a schedule with card data issues its key on the named test channel', async (t) => {
  const { call } = await testMerchant(t);
  const res = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_s2',
    ...CARD,
    channel_key: TEST_KEYIN,
    schedules: [{ merchant_uid: 's_2', schedule_at: T0S + 3600, amount: 7000, name: '첫 달' }],
  });
  t.equal(res.body.code, 0);
  const key = await call('GET', '/subscribe/customers/cust_s2');
  t.equal(key.body.response.sandbox, true);
  t.equal(key.body.response.pg_provider, 'nice');
  const refused = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_s3',
    ...CARD,
    channel_key: TEST_WINDOW,
    schedules: [{ merchant_uid: 's_3', schedule_at: T0S + 3600, amount: 7000, name: '첫 달' }],
  });
  t.equal(refused.body.code, 1);
  t.match(refused.body.message, /결제창\(인증결제\) 채널입니다/);
  t.equal((await call('GET', '/subscribe/customers/cust_s3')).body.code, 1, 'no key issued');
});
