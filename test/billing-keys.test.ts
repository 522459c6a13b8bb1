// POST /__sandbox/billing-keys and SandboxControl.billingKeys.issue: a KICC billing key without a browser, through the
// payment window's own gateway path (same checks, same records, same webhook as a window registration).
import t from 'tap';
import { type BuiltSandbox, build, CARDS, KICC_ONLY_KEY, KICC_ONLY_SECRET, T0, WINDOW_CARD } from './helpers.js';
import { startReceiver } from './receiver.js';
import type { Notifier } from '../src/gateway/context.js';
import { SandboxControlError, startSandbox } from '../src/index.js';
import type { Payment } from '../src/schemas/payments.js';

const T0S = T0 / 1000;
const UA = 'TestBrowser/1.0';

function webhookSpy() {
  const calls: { imp_uid: string; merchant_uid: string; status: string; notice_url: unknown }[] = [];
  const notifier: Notifier = {
    paymentEvent: (_m, p: Payment, o) =>
      void calls.push({
        imp_uid: p.imp_uid,
        merchant_uid: p.merchant_uid,
        status: p.status,
        notice_url: o?.notice_url ?? null,
      }),
  };
  return { calls, notifier };
}

/** The control call, with no Authorization (the control API takes none; the admin token is a header of its own). */
function issue(s: BuiltSandbox, body: unknown, headers: Record<string, string> = {}) {
  return s.app
    .inject({ method: 'POST', url: '/__sandbox/billing-keys', payload: body as object, headers })
    .then((res) => ({ status: res.statusCode, body: res.json(), headers: res.headers }));
}
const kiccToken = (s: BuiltSandbox) => s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
const count = (s: BuiltSandbox, table: string) =>
  (s.sb.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

t.test('the kicc-only merchant gets a KICC key without a browser, and again charges it', async (t) => {
  const s = await build(t);
  const token = await kiccToken(s);
  // What a test had to do before: REST key-in is refused, as on the real gateway.
  const keyIn = await s.call(
    'POST',
    '/subscribe/customers/cust_k1',
    { card_number: CARDS.approve, expiry: '2030-12' },
    { token },
  );
  t.equal(keyIn.body.code, 1);

  const r = await issue(s, { merchant: 'kicc-only', customer_uid: 'cust_k1', buyer_name: '홍길동' });
  t.equal(r.status, 200);
  t.equal(r.body.code, 0);
  t.equal(r.body.message, null);
  const key = r.body.response;
  t.equal(key.customer_uid, 'cust_k1');
  t.equal(key.pg_provider, 'kicc');
  t.equal(key.pg_id, 'T5102001');
  t.equal(key.sandbox, false, "kicc-only's channel is live");
  t.equal(key.customer_id, null);
  t.equal(key.card_name, 'BC카드');
  t.equal(key.card_code, '361');
  t.equal(key.card_issuer_code, '361');
  t.equal(key.card_issuer_name, 'BC카드');
  t.equal(key.card_publisher_code, '361');
  t.equal(key.card_publisher_name, 'BC카드');
  t.equal(key.card_number, '41111111****1111');
  t.equal(key.card_type, 0);
  t.equal(key.customer_name, '홍길동');
  t.equal(key.customer_tel, '010-0000-0000', 'the default buyer_tel KICC billing requires');
  t.equal(key.customer_email, null);
  t.equal(key.customer_addr, null);
  t.equal(key.customer_postcode, null);
  t.equal(key.inserted, T0S);
  t.equal(key.updated, T0S);
  t.match(key.imp_uid, /^imp_\d{12}$/);
  t.match(key.merchant_uid, /^issue_[0-9a-f]{16}$/);

  const { imp_uid, merchant_uid, ...customer } = key;
  const got = await s.call('GET', '/subscribe/customers/cust_k1', undefined, { token });
  t.equal(got.body.code, 0);
  t.same(got.body.response, customer, 'the answer is the key as GET /subscribe/customers/{uid} shows it');

  const rec = (await s.call('GET', `/payments/${imp_uid}`, undefined, { token })).body.response;
  t.equal(rec.merchant_uid, merchant_uid);
  t.equal(rec.status, 'paid');
  t.equal(rec.amount, 0);
  t.equal(rec.pay_method, 'card');
  t.equal(rec.channel, 'pc');
  t.equal(rec.pg_provider, 'kicc');
  t.equal(rec.pg_id, 'T5102001');
  t.equal(rec.customer_uid, 'cust_k1');
  t.equal(rec.customer_uid_usage, 'issue');
  t.equal(rec.name, '최초인증결제');
  t.equal(rec.buyer_tel, '010-0000-0000');
  t.equal(rec.buyer_name, '홍길동');
  t.equal(rec.card_number, '41111111****1111');
  t.equal(rec.paid_at, T0S);
  t.equal(rec.user_agent, 'lightMyRequest');

  const again = await s.call(
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'cust_k1', merchant_uid: 'order_k1', amount: 9900, name: '월 구독' },
    { token },
  );
  t.equal(again.body.code, 0);
  t.equal(again.body.response.status, 'paid');
  t.equal(again.body.response.pg_provider, 'kicc');
  t.equal(again.body.response.pg_id, 'T5102001');
  t.equal(again.body.response.amount, 9900);
  t.equal(again.body.response.customer_uid, 'cust_k1');
  t.equal(again.body.response.customer_uid_usage, 'payment');
  t.equal(again.body.response.card_number, '41111111****1111');
});

t.test('the records and the webhook equal what a window registration leaves', async (t) => {
  // Two sandboxes with the same seed and clock: one registers through the window's own API (as the page does), the
  // other through the control call with the same values. Every record must come out the same, ids included.
  const viaWindow = webhookSpy();
  const viaControl = webhookSpy();
  const a = await build(t, {}, { webhooks: viaWindow.notifier });
  const b = await build(t, {}, { webhooks: viaControl.notifier });
  const params = {
    channelKey: 'channel-key-kicc-window-0002',
    pay_method: 'card',
    merchant_uid: 'issue_cmp_1',
    name: '카드 등록',
    amount: 0,
    customer_uid: 'cust_cmp',
    buyer_name: '홍길동',
    buyer_email: 'a@b.kr',
    buyer_tel: '02-1234-1234',
    notice_url: 'http://127.0.0.1:9/hook',
  };
  const o = await a.call(
    'POST',
    '/window/api/requests',
    { merchant: 'imp20000002', device: 'pc', params },
    { token: null, headers: { 'user-agent': UA } },
  );
  t.equal(o.body.response.opened, true);
  const d = await a.call('POST', `/window/api/requests/${o.body.response.id}/submit`, WINDOW_CARD, { token: null });
  t.equal(d.body.response.rsp.success, true);

  const r = await issue(
    b,
    {
      merchant: 'imp20000002',
      channel_key: 'channel-key-kicc-window-0002',
      customer_uid: 'cust_cmp',
      merchant_uid: 'issue_cmp_1',
      name: '카드 등록',
      buyer_name: '홍길동',
      buyer_email: 'a@b.kr',
      buyer_tel: '02-1234-1234',
      notice_url: 'http://127.0.0.1:9/hook',
    },
    { 'user-agent': UA },
  );
  t.equal(r.status, 200);
  const impUid = d.body.response.rsp.imp_uid as string;
  t.equal(r.body.response.imp_uid, impUid, 'the same ids are drawn in the same order');
  t.equal(r.body.response.merchant_uid, 'issue_cmp_1');

  const windowRow = b.sb.store.window.byImpUid('kicc-only', impUid);
  t.ok(windowRow, 'the window request row exists, finished');
  t.same(windowRow, a.sb.store.window.byImpUid('kicc-only', impUid), 'the window request row');
  t.equal(windowRow?.id, o.body.response.id);
  t.equal(windowRow?.device, 'pc');
  t.equal(windowRow?.user_agent, UA);
  t.same(windowRow?.done, d.body.response, 'the callback the page would have got');
  t.same(
    b.sb.store.payments.list('kicc-only', {}),
    a.sb.store.payments.list('kicc-only', {}),
    'the issue payment record',
  );
  t.same(b.sb.store.customers.get('kicc-only', 'cust_cmp'), a.sb.store.customers.get('kicc-only', 'cust_cmp'));
  t.same(viaControl.calls, viaWindow.calls, 'the webhook event');
  t.same(viaControl.calls, [
    { imp_uid: impUid, merchant_uid: 'issue_cmp_1', status: 'paid', notice_url: 'http://127.0.0.1:9/hook' },
  ]);
  t.equal(count(b, 'window_requests'), count(a, 'window_requests'));
  t.equal(count(b, 'payments'), 1);
});

t.test('the webhook is delivered like the window registration one: to notice_url, else the console URL', async (t) => {
  const rx = await startReceiver();
  t.teardown(rx.close);
  const s = await build(t);
  const r1 = await issue(s, { merchant: 'kicc-only', customer_uid: 'cust_w1', notice_url: rx.url });
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 1);
  t.equal(
    rx.got[0]!.body,
    JSON.stringify({ imp_uid: r1.body.response.imp_uid, merchant_uid: r1.body.response.merchant_uid, status: 'paid' }),
  );

  const patched = await s.call('PATCH', '/__sandbox/merchants/kicc-only', { webhook_url: rx.url }, { token: null });
  t.equal(patched.status, 200);
  const r2 = await issue(s, { merchant: 'kicc-only', customer_uid: 'cust_w2', merchant_uid: 'issue_w2' });
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 2);
  t.same(rx.got[1]!.data, { imp_uid: r2.body.response.imp_uid, merchant_uid: 'issue_w2', status: 'paid' });
  const log = s.sb.webhooks.list({ imp_uid: r2.body.response.imp_uid });
  t.equal(log.length, 1);
  t.equal(log[0]!.status, 'delivered');
  t.equal(log[0]!.url, rx.url);
});

t.test('a card refused at issuance is answered 409 and leaves the failed issue the window records', async (t) => {
  const spy = webhookSpy();
  const s = await build(t, {}, { webhooks: spy.notifier });
  const r = await issue(s, {
    merchant: 'kicc-only',
    customer_uid: 'cust_r1',
    merchant_uid: 'issue_r1',
    card_number: CARDS.refuse,
  });
  t.equal(r.status, 409);
  t.equal(r.body.code, -1);
  t.equal(r.body.response, null);
  const [rec] = s.sb.store.payments.list('kicc-only', {});
  t.ok(rec);
  t.equal(
    r.body.message,
    `The card was refused at issuance; the window recorded the failed issue ${rec!.imp_uid} (F0004): ` +
      `F0004:PG사 결제요청에 실패하여 중단합니다.(${rec!.imp_uid}) 카드정보 인증 및 빌키 발급에 실패하였습니다. ` +
      '[8324] 비밀번호 또는 생년월일 불일치',
  );
  t.equal(rec!.merchant_uid, 'issue_r1');
  t.equal(rec!.status, 'failed');
  t.equal(rec!.failed_at, T0S);
  t.equal(rec!.fail_reason, '카드정보 인증 및 빌키 발급에 실패하였습니다. [8324] 비밀번호 또는 생년월일 불일치');
  t.equal(rec!.customer_uid, 'cust_r1');
  t.equal(rec!.customer_uid_usage, 'issue');
  t.equal(rec!.pg_provider, 'kicc');
  const w = s.sb.store.window.byImpUid('kicc-only', rec!.imp_uid);
  t.equal(w?.done?.rsp.success, false);
  t.equal(w?.done?.rsp.error_code, 'F0004');
  t.equal(s.sb.store.customers.get('kicc-only', 'cust_r1'), undefined, 'no billing key');
  t.same(spy.calls, [], 'no webhook for a failure, as in the window');
});

t.test('channel_key: a window channel is used; an unknown or key-in one is refused, never a fallback', async (t) => {
  const s = await build(t);
  const ok = await issue(s, { customer_uid: 'cust_c1', channel_key: 'channel-key-kicc-window-0001' });
  t.equal(ok.status, 200);
  t.equal(ok.body.response.pg_provider, 'kicc');
  t.equal(ok.body.response.pg_id, 'T5102001');
  t.ok(s.sb.store.customers.get('default', 'cust_c1'), 'no merchant: the first merchant (default)');

  const before = count(s, 'window_requests');
  const unknown = await issue(s, { merchant: 'kicc-only', customer_uid: 'cust_c2', channel_key: 'nope' });
  t.equal(unknown.status, 400);
  t.same(unknown.body, {
    code: -1,
    message:
      'channel_key: merchant "kicc-only" has no payment (window) channel "nope"; its window channels: channel-key-kicc-window-0002',
    response: null,
  });
  t.equal(unknown.headers['x-sandbox-field'], 'channel_key');
  const other = await issue(s, {
    merchant: 'kicc-only',
    customer_uid: 'cust_c2',
    channel_key: 'channel-key-kicc-window-0001',
  });
  t.equal(other.status, 400, "another merchant's window channel is not this merchant's");
  const keyIn = await issue(s, { customer_uid: 'cust_c3', channel_key: 'channel-key-nice-keyin-0001' });
  t.equal(keyIn.status, 400);
  t.equal(
    keyIn.body.message,
    'channel_key: merchant "default" has no payment (window) channel "channel-key-nice-keyin-0001" ' +
      '(that is a key-in channel); its window channels: channel-key-kicc-window-0001',
  );
  t.equal(count(s, 'window_requests'), before, 'a refused channel opens no window');
  t.equal(s.sb.store.customers.get('kicc-only', 'cust_c2'), undefined);

  const nokicc = await s.call(
    'POST',
    '/__sandbox/merchants',
    {
      channels: [
        { pg_provider: 'nice', pg_id: 'nictest04m', type: 'api_payment', channel_key: 'k-1', channel_name: 'key-in' },
      ],
    },
    { token: null },
  );
  const none = await issue(s, { merchant: nokicc.body.response.id, customer_uid: 'cust_c4' });
  t.equal(none.status, 409);
  t.equal(
    none.body.message,
    `Merchant "${nokicc.body.response.id}" has no payment (window) channel: a billing key is issued in the window`,
  );
});

t.test('an unknown merchant is 404', async (t) => {
  const s = await build(t);
  const r = await issue(s, { merchant: 'imp99999999', customer_uid: 'cust_m1' });
  t.equal(r.status, 404);
  t.same(r.body, {
    code: -1,
    message: 'Unknown merchant "imp99999999" (give its id or merchant code)',
    response: null,
  });
});

t.test('a decline-at-charge card registers fine; its later again is declined', async (t) => {
  const s = await build(t);
  const r = await issue(s, { merchant: 'imp20000002', customer_uid: 'cust_d1', card_number: CARDS.decline });
  t.equal(r.status, 200);
  t.equal(r.body.response.card_name, '신한카드');
  t.equal(r.body.response.card_number, '40000000****0002');
  const again = await s.call(
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'cust_d1', merchant_uid: 'order_d1', amount: 5000 },
    { token: await kiccToken(s) },
  );
  t.equal(again.body.code, 0);
  t.equal(again.body.response.status, 'failed');
  t.equal(again.body.response.pg_provider, 'kicc');
  t.equal(again.body.response.fail_reason, '[8016] 거래거절 - 카드사 승인거절(한도초과)');
});

t.test('bad bodies are 400 in the envelope and record nothing', async (t) => {
  const s = await build(t);
  const bodies: unknown[] = [
    {},
    [],
    null,
    { customer_uid: '' },
    { customer_uid: 'c'.repeat(81) },
    { customer_uid: 'c1', amount: -1 },
    { customer_uid: 'c1', merchant_uid: 'm'.repeat(41) },
    { customer_uid: 'c1', surprise: true },
    { customer_uid: 7 },
  ];
  for (const body of bodies) {
    const r = await issue(s, body);
    t.equal(r.status, 400, JSON.stringify(body));
    t.equal(r.body.code, -1);
    t.type(r.body.message, 'string');
    t.equal(r.body.response, null);
  }
  // Card fields the window's form would mark and keep open: here a 400 naming the field, and no window left open.
  const forms: [Record<string, string>, string][] = [
    [{ card_number: '4111-1111-1111-1112' }, 'card_number'],
    [{ expiry: '13/30' }, 'expiry'],
    [{ birth: '9001' }, 'birth'],
    [{ pwd_2digit: '1' }, 'pwd_2digit'],
  ];
  for (const [card, field] of forms) {
    const r = await issue(s, { merchant: 'kicc-only', customer_uid: 'cust_b1', ...card });
    t.equal(r.status, 400, field);
    t.equal(r.headers['x-sandbox-field'], field);
    t.match(
      r.body.message,
      new RegExp(`^${field}: the window's card form does not take it \\(nothing was recorded\\): `),
    );
  }
  const paid = await issue(s, { merchant: 'kicc-only', customer_uid: 'cust_b2', merchant_uid: 'dup_1' });
  t.equal(paid.status, 200);
  const dup = await issue(s, { merchant: 'kicc-only', customer_uid: 'cust_b3', merchant_uid: 'dup_1' });
  t.equal(dup.status, 409, 'a merchant_uid already paid is refused before the window opens');
  t.equal(
    dup.body.message,
    'The payment window refused the billing request (F1002): 이미 결제가 이루어진 거래건입니다.',
  );
  t.equal(count(s, 'payments'), 1);
  t.equal(count(s, "window_requests WHERE status = 'open'"), 0);
  t.equal(s.sb.store.customers.get('kicc-only', 'cust_b1'), undefined);
});

t.test('an armed autopilot is left for the next browser window', async (t) => {
  const s = await build(t);
  const armed = await s.call('POST', '/__sandbox/window/autopilot', { action: 'approve' }, { token: null });
  t.equal(armed.status, 200);
  t.equal((await issue(s, { customer_uid: 'cust_a1' })).status, 200);
  const o = await s.call(
    'POST',
    '/window/api/requests',
    { merchant: 'imp19424728', params: { merchant_uid: 'order_a1', amount: 1000 } },
    { token: null },
  );
  t.equal(o.body.response.autopilot?.action, 'approve');
});

t.test('with SANDBOX_ADMIN_TOKEN the route needs the token', async (t) => {
  const s = await build(t, { SANDBOX_ADMIN_TOKEN: 'secret-admin' });
  const none = await issue(s, { customer_uid: 'cust_t1' });
  t.equal(none.status, 401);
  t.equal(none.body.code, -1);
  t.match(none.body.message, /^Sandbox admin token required/);
  const wrong = await issue(s, { customer_uid: 'cust_t1' }, { 'x-sandbox-admin-token': 'secret-admim' });
  t.equal(wrong.status, 401);
  t.equal(s.sb.store.customers.get('default', 'cust_t1'), undefined);
  const right = await issue(s, { customer_uid: 'cust_t1' }, { 'x-sandbox-admin-token': 'secret-admin' });
  t.equal(right.status, 200);
  t.equal(right.body.response.customer_uid, 'cust_t1');
});

t.test('SandboxControl.billingKeys.issue against a listening sandbox', async (t) => {
  const sandbox = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'test', adminToken: 'secret-admin' });
  t.teardown(sandbox.close);
  const key = await sandbox.control.billingKeys.issue({ merchant: 'kicc-only', customer_uid: 'cust_n1' });
  t.equal(key.customer_uid, 'cust_n1');
  t.equal(key.pg_provider, 'kicc');
  t.equal(key.card_number, '41111111****1111');
  t.equal(key.inserted, T0S);
  t.match(key.imp_uid, /^imp_\d{12}$/);
  t.match(key.merchant_uid, /^issue_[0-9a-f]{16}$/);

  const post = async (path: string, body: unknown, token?: string) =>
    (
      await fetch(sandbox.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
        body: JSON.stringify(body),
      })
    ).json() as Promise<{ code: number; response: any }>;
  const token = (await post('/users/getToken', { imp_key: KICC_ONLY_KEY, imp_secret: KICC_ONLY_SECRET })).response
    .access_token as string;
  const again = await post(
    '/subscribe/payments/again',
    { customer_uid: 'cust_n1', merchant_uid: 'o_n1', amount: 100 },
    token,
  );
  t.equal(again.response.status, 'paid');
  t.equal(again.response.pg_provider, 'kicc');

  const refused = await sandbox.control.billingKeys
    .issue({ merchant: 'kicc-only', customer_uid: 'cust_n2', card_number: CARDS.refuse })
    .catch((e: unknown) => e);
  t.type(refused, SandboxControlError);
  t.equal((refused as SandboxControlError).status, 409);
  t.equal((refused as SandboxControlError).code, -1);
  t.match((refused as SandboxControlError).message, /^POST \/__sandbox\/billing-keys: HTTP 409: The card was refused/);
  const missing = await sandbox.control.billingKeys
    .issue({ merchant: 'nope', customer_uid: 'cust_n3' })
    .catch((e: SandboxControlError) => e);
  t.equal((missing as SandboxControlError).status, 404);
});
