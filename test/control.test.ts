import t from 'tap';
import { build, type BuiltSandbox, CARD, DEFAULT_KEY, DEFAULT_SECRET, type TestSandbox } from './helpers.js';
import type { Payment } from '../src/schemas/payments.js';

async function pay(s: BuiltSandbox, token: string, merchantUid: string, customerUid = 'cust_1') {
  await s.call('POST', `/subscribe/customers/${customerUid}`, CARD, { token });
  const res = await s.call(
    'POST',
    '/subscribe/payments/again',
    { customer_uid: customerUid, merchant_uid: merchantUid, amount: 1000 },
    { token },
  );
  return res.body.response as Payment;
}
const createMerchant = async (s: TestSandbox, body: object = {}) =>
  (await s.app.inject({ method: 'POST', url: '/__sandbox/merchants', payload: body })).json().response;

t.test('GET /__sandbox/clock shows the sandbox time in ms, ISO and seconds', async (t) => {
  const s = await build(t);
  const res = await s.app.inject({ method: 'GET', url: '/__sandbox/clock' });
  t.same(res.json(), {
    code: 0,
    message: null,
    response: { now: 1767225600000, now_iso: '2026-01-01T00:00:00.000Z', now_seconds: 1767225600, mode: 'fixed' },
  });
});

t.test('POST /__sandbox/clock sets (ISO or UNIX seconds) and advances the clock', async (t) => {
  const s = await build(t);
  const set = await s.app.inject({
    method: 'POST',
    url: '/__sandbox/clock',
    payload: { set: '2026-03-01T09:00:00+09:00' },
  });
  t.equal(set.json().response.now_iso, '2026-03-01T00:00:00.000Z');
  const secs = await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { set: 1767225600 } });
  t.equal(secs.json().response.now, 1767225600000);
  const adv = await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 90 } });
  t.equal(adv.json().response.now_seconds, 1767225690);
  t.equal(s.sb.clock.nowSeconds(), 1767225690);
  for (const bad of [{}, { set: 'yesterday' }, { set: 1, advance_seconds: 1 }, { advance_seconds: 1.5 }]) {
    const res = await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: bad });
    t.equal(res.statusCode, 400, JSON.stringify(bad));
    t.equal(res.json().code, -1);
  }
});

t.test('clock listeners (scheduled payments) run before the clock call answers', async (t) => {
  const s = await build(t);
  const seen: number[] = [];
  s.sb.clock.onChange((ms) => seen.push(ms));
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 3600 } });
  t.same(seen, [1767229200000]);
});

t.test('a token dies when the clock passes its 30 minutes', async (t) => {
  const s = await build(t);
  const token = await s.token();
  const before = await s.app.inject({ method: 'GET', url: '/payments/find/none', headers: { authorization: token } });
  t.equal(before.statusCode, 404, 'the token works');
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 1801 } });
  const after = await s.app.inject({ method: 'GET', url: '/payments/find/none', headers: { authorization: token } });
  t.equal(after.statusCode, 401);
  t.same(after.json(), { code: -1, message: 'Unauthorized', response: null });
});

t.test('POST /__sandbox/merchants creates a tenant with fresh credentials that can get a token', async (t) => {
  const s = await build(t);
  const m = await createMerchant(s, { name: 'CI worker 1', webhook_url: 'http://127.0.0.1:9/hook' });
  t.match(m, { name: 'CI worker 1', webhook_url: 'http://127.0.0.1:9/hook', webhook_format: 'json', fixture: false });
  t.match(m.id, /^m_[0-9a-f]{10}$/);
  t.match(m.merchant_code, /^imp\d{8}$/);
  t.match(m.imp_key, /^\d{16}$/);
  t.match(m.imp_secret, /^[0-9a-f]{80}$/);
  t.same(
    m.channels.map((c: { pg_provider: string }) => c.pg_provider),
    ['kicc', 'nice'],
    'channels copied from the default fixture',
  );
  const token = await s.token(m.imp_key, m.imp_secret);
  t.match(token, /^[0-9a-f]{40}$/);
  const kicc = await createMerchant(s, { channels: 'kicc-only' });
  t.same(
    kicc.channels.map((c: { type: string }) => c.type),
    ['payment'],
  );
  const own = await createMerchant(s, {
    channels: [{ pg_provider: 'kicc', pg_id: 'T0000001', type: 'payment', channel_key: 'ck-1', channel_name: 'mine' }],
  });
  t.equal(own.channels[0].pg_id, 'T0000001');
  const list = (await s.app.inject({ method: 'GET', url: '/__sandbox/merchants' })).json().response;
  t.same(
    list.map((x: { id: string; fixture: boolean }) => [x.id, x.fixture]),
    [
      ['default', true],
      ['kicc-only', true],
      ['test-channels', true],
      [m.id, false],
      [kicc.id, false],
      [own.id, false],
    ],
  );
  const bad = await s.app.inject({ method: 'POST', url: '/__sandbox/merchants', payload: { channels: 'nope' } });
  t.equal(bad.statusCode, 400);
  t.equal(
    bad.json().message,
    'channels: no fixture merchant "nope" to copy channels from (try "default", "kicc-only" or "test-channels", or give a list)',
  );
});

t.test('PATCH /__sandbox/merchants/:id sets the default webhook URL and format', async (t) => {
  const s = await build(t);
  const res = await s.app.inject({
    method: 'PATCH',
    url: '/__sandbox/merchants/imp19424728',
    payload: { webhook_url: 'http://127.0.0.1:9/wh', webhook_format: 'form' },
  });
  t.equal(res.statusCode, 200);
  t.match(res.json().response, {
    id: 'default',
    webhook_url: 'http://127.0.0.1:9/wh',
    webhook_format: 'form',
    fixture: true,
  });
  t.equal(s.sb.store.merchants.get('default')?.webhook_url, 'http://127.0.0.1:9/wh');
  const cleared = await s.app.inject({
    method: 'PATCH',
    url: '/__sandbox/merchants/default',
    payload: { webhook_url: null },
  });
  t.equal(cleared.json().response.webhook_url, null);
  const unknown = await s.app.inject({ method: 'PATCH', url: '/__sandbox/merchants/zzz', payload: {} });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().message, 'Unknown merchant "zzz" (give its id or merchant code)');
  const badUrl = await s.app.inject({
    method: 'PATCH',
    url: '/__sandbox/merchants/default',
    payload: { webhook_url: 'not a url' },
  });
  t.equal(badUrl.statusCode, 400);
});

t.test("two created merchants never see each other's payments or billing keys", async (t) => {
  const s = await build(t);
  const a = await createMerchant(s);
  const b = await createMerchant(s);
  const ta = await s.token(a.imp_key, a.imp_secret);
  const tb = await s.token(b.imp_key, b.imp_secret);
  const p = await pay(s, ta, 'shared_order');
  t.equal(p.status, 'paid');
  const get = (url: string, token: string) => s.app.inject({ method: 'GET', url, headers: { authorization: token } });
  t.equal((await get(`/payments/${p.imp_uid}`, tb)).statusCode, 404);
  t.equal((await get('/payments/find/shared_order', tb)).statusCode, 404);
  const key = await get('/subscribe/customers/cust_1', tb);
  t.same(key.json(), {
    code: 1,
    message: '요청하신 customer_uid(cust_1)로 등록된 정보를 찾을 수 없습니다.',
    response: null,
  });
  t.equal((await get('/payments/find/shared_order', ta)).json().response.imp_uid, p.imp_uid, 'the owner sees it');
  const same = await pay(s, tb, 'shared_order');
  t.equal(same.status, 'paid', 'merchant_uids are per merchant');
  t.not(same.imp_uid, p.imp_uid);
});

t.test('resetting one merchant empties its data and rules, and leaves the others', async (t) => {
  const s = await build(t);
  const a = await createMerchant(s);
  const ta = await s.token(a.imp_key, a.imp_secret);
  const td = await s.token();
  await pay(s, ta, 'a1');
  await pay(s, td, 'd1');
  await s.app.inject({
    method: 'POST',
    url: '/__sandbox/faults',
    payload: { match: { merchant: a.id }, effect: { type: 'drop' } },
  });
  await s.app.inject({
    method: 'POST',
    url: '/__sandbox/faults',
    payload: { effect: { type: 'decline' }, match: { amount: 1 } },
  });
  const res = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: a.merchant_code } });
  t.equal(res.statusCode, 200);
  t.match(res.json().response, { merchant: a.id, faults_removed: 1, requests_removed: 3 });
  t.equal(s.sb.store.payments.list(a.id, {}).length, 0);
  t.equal(s.sb.store.payments.list('default', {}).length, 1);
  t.ok(s.sb.store.merchants.get(a.id), 'the merchant itself stays');
  t.equal(
    (await s.app.inject({ method: 'GET', url: '/payments/find/d1', headers: { authorization: td } })).statusCode,
    200,
  );
  t.equal(
    (await s.app.inject({ method: 'GET', url: '/payments/find/a1', headers: { authorization: ta } })).statusCode,
    401,
    'its tokens are gone too',
  );
  t.equal(
    (await s.app.inject({ method: 'GET', url: '/__sandbox/faults' })).json().response.length,
    1,
    'rules for every merchant stay',
  );
  const unknown = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: 'imp99999999' } });
  t.equal(unknown.statusCode, 404);
});

t.test('a whole reset drops created merchants, all data, faults and the journal; the clock stays', async (t) => {
  const s = await build(t);
  const a = await createMerchant(s);
  await s.app.inject({
    method: 'PATCH',
    url: '/__sandbox/merchants/default',
    payload: { webhook_url: 'http://127.0.0.1:9/x' },
  });
  await pay(s, await s.token(), 'd1');
  await s.app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { effect: { type: 'drop' } } });
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 60 } });
  const res = await s.app.inject({ method: 'POST', url: '/__sandbox/reset' });
  t.match(res.json().response, { merchant: null, faults_removed: 1, requests_removed: 3 });
  t.equal(s.sb.store.merchants.get(a.id), undefined);
  t.equal(
    s.sb.store.merchants.get('default')?.webhook_url,
    null,
    'fixture merchants are back to their fixture settings',
  );
  t.equal(s.sb.store.payments.list('default', {}).length, 0);
  t.equal(s.sb.clock.now(), 1767225660000);
  const retoken = await s.app.inject({
    method: 'POST',
    url: '/users/getToken',
    payload: { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET },
  });
  t.equal(retoken.json().code, 0, 'fixture credentials still work');
});

// How long a reset takes is measured by `npm run bench` (issue 12), as a ratio, never by a timed test.
t.test('reset empties a merchant of 10,000 payments, then the whole sandbox', async (t) => {
  const s = await build(t);
  const template = await pay(s, await s.token(), 'seed');
  const now = s.sb.clock.nowSeconds();
  s.sb.store.tx(() => {
    for (let i = 0; i < 10_000; i++)
      s.sb.store.payments.insert('default', { ...template, imp_uid: `imps_bulk${i}`, merchant_uid: `bulk_${i}` }, now);
  });
  t.equal(s.sb.store.payments.list('default', {}).length, 10_001);
  const one = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: 'default' } });
  t.equal(one.statusCode, 200);
  t.equal(s.sb.store.payments.list('default', {}).length, 0);

  s.sb.store.tx(() => {
    for (let i = 0; i < 10_000; i++)
      s.sb.store.payments.insert('default', { ...template, imp_uid: `imps_bulk${i}`, merchant_uid: `bulk_${i}` }, now);
  });
  const all = await s.app.inject({ method: 'POST', url: '/__sandbox/reset' });
  t.equal(all.statusCode, 200);
  t.equal(s.sb.store.payments.list('default', {}).length, 0);
});

t.test('with SANDBOX_ADMIN_TOKEN set, control endpoints need it; health does not', async (t) => {
  const s = await build(t, { SANDBOX_ADMIN_TOKEN: 'secret-admin' });
  const none = await s.app.inject({ method: 'GET', url: '/__sandbox/clock' });
  t.equal(none.statusCode, 401);
  t.same(none.json(), {
    code: -1,
    message: 'Sandbox admin token required: send X-Sandbox-Admin-Token (or Authorization: Bearer <token>)',
    response: null,
  });
  const wrong = await s.app.inject({
    method: 'POST',
    url: '/__sandbox/reset',
    headers: { 'x-sandbox-admin-token': 'secret-admim' },
  });
  t.equal(wrong.statusCode, 401);
  t.equal(wrong.json().message, 'Sandbox admin token is not valid');
  const header = await s.app.inject({
    method: 'GET',
    url: '/__sandbox/clock',
    headers: { 'x-sandbox-admin-token': 'secret-admin' },
  });
  t.equal(header.statusCode, 200);
  const bearer = await s.app.inject({
    method: 'GET',
    url: '/__sandbox/faults',
    headers: { authorization: 'Bearer secret-admin' },
  });
  t.equal(bearer.statusCode, 200);
  const other = await s.app.inject({ method: 'GET', url: '/__sandbox/anything-else' });
  t.equal(other.statusCode, 401, 'every /__sandbox/ path is guarded, whoever serves it');
  for (const [method, url] of [
    ['GET', '/__sandbox/webhooks'],
    ['POST', '/__sandbox/window/autopilot'],
    ['GET', '/%5F%5Fsandbox/faults'],
  ] as const) {
    const res = await s.app.inject({ method, url, payload: method === 'POST' ? { action: 'approve' } : undefined });
    t.equal(res.statusCode, 401, `${method} ${url} needs the admin token`);
  }
  t.equal(
    (
      await s.app.inject({
        method: 'GET',
        url: '/__sandbox/webhooks',
        headers: { 'x-sandbox-admin-token': 'secret-admin' },
      })
    ).statusCode,
    200,
  );
  const health = await s.app.inject({ method: 'GET', url: '/__sandbox/health' });
  t.equal(health.statusCode, 200);
  t.equal(health.json().status, 'ok');
  const api = await s.app.inject({
    method: 'POST',
    url: '/users/getToken',
    payload: { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET },
  });
  t.equal(api.json().code, 0, 'the REST API is not affected');
});

t.test('without an admin token on loopback, the control API is open', async (t) => {
  const s = await build(t);
  t.equal((await s.app.inject({ method: 'GET', url: '/__sandbox/faults' })).statusCode, 200);
});

t.test(
  'DELETE /__sandbox/merchants/:id removes a created tenant with its data; fixture merchants refuse',
  async (t) => {
    const s = await build(t);
    const m = await createMerchant(s, { name: 'worker 7' });
    const token = await s.token(m.imp_key, m.imp_secret);
    await pay(s, token, 'w7_order');
    await s.app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: { match: { merchant: m.id }, effect: { type: 'decline' } },
    });
    const other = await s.token();
    await pay(s, other, 'default_order');

    const del = await s.app.inject({ method: 'DELETE', url: `/__sandbox/merchants/${m.merchant_code}` });
    t.equal(del.statusCode, 200);
    t.match(del.json().response, { id: m.id, name: 'worker 7', fixture: false });
    t.equal((await s.app.inject({ method: 'GET', url: `/__sandbox/merchants/${m.id}` })).statusCode, 404, 'gone');
    t.equal(
      (s.sb.db.prepare('SELECT COUNT(*) n FROM payments WHERE merchant_id = ?').get(m.id) as { n: number }).n,
      0,
      'its payments are gone',
    );
    t.same(
      (await s.app.inject({ method: 'GET', url: '/__sandbox/faults' })).json().response,
      [],
      'its fault rules are gone',
    );
    t.equal(
      (await s.app.inject({ method: 'GET', url: '/payments/find/w7_order', headers: { authorization: token } }))
        .statusCode,
      401,
      'its token no longer works',
    );
    const login = await s.app.inject({
      method: 'POST',
      url: '/users/getToken',
      payload: { imp_key: m.imp_key, imp_secret: m.imp_secret },
    });
    t.equal(login.statusCode, 401, 'its credentials no longer work');
    t.equal(
      (
        await s.app.inject({ method: 'GET', url: '/payments/find/default_order', headers: { authorization: other } })
      ).json().response.status,
      'paid',
      'other tenants are untouched',
    );

    const fixture = await s.app.inject({ method: 'DELETE', url: '/__sandbox/merchants/default' });
    t.equal(fixture.statusCode, 400);
    t.same(fixture.json(), {
      code: -1,
      message:
        'Merchant "default" comes from fixtures and cannot be deleted; reset it with POST /__sandbox/reset {"merchant":"default"}',
      response: null,
    });
    t.equal((await s.app.inject({ method: 'DELETE', url: '/__sandbox/merchants/nope' })).statusCode, 404);
  },
);
