import t from 'tap';
import { build, CARD, DEFAULT_KEY, DEFAULT_SECRET, type Teardown, type TestSandbox, WINDOW_CARD } from './helpers.js';
import { loadConfig } from '../src/config.js';
import { listen } from '../src/server.js';
import { FaultBook } from '../src/sandbox/faults.js';
import { globToRegExp } from '../src/util/glob.js';

async function withCustomer(s: TestSandbox, customerUid = 'cust_1') {
  const token = await s.token();
  const res = await s.app.inject({
    method: 'POST',
    url: `/subscribe/customers/${customerUid}`,
    headers: { authorization: token },
    payload: CARD,
  });
  if (res.json().code !== 0) throw new Error(res.body);
  return token;
}
const again = (s: TestSandbox, token: string, merchantUid: string, amount = 1000, customerUid = 'cust_1') =>
  s.app.inject({
    method: 'POST',
    url: '/subscribe/payments/again',
    headers: { authorization: token },
    payload: { customer_uid: customerUid, merchant_uid: merchantUid, amount, name: '월 구독' },
  });
const addFault = (s: TestSandbox, rule: unknown) =>
  s.app.inject({ method: 'POST', url: '/__sandbox/faults', payload: rule as object });

t.test('a decline rule fails the charge with code 0, status failed and the given fail_reason', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  const rule = await addFault(s, {
    match: { path: '/subscribe/payments/again' },
    effect: { type: 'decline', fail_reason: '[8016] 한도초과' },
  });
  t.equal(rule.statusCode, 200);
  t.match(rule.json().response, { id: 'flt_1', kind: 'business', remaining: 1, permanent: false, hits: 0 });
  const res = await again(s, token, 'order_d1');
  t.equal(res.statusCode, 200);
  t.equal(res.json().code, 0);
  t.equal(res.json().response.status, 'failed');
  t.equal(res.json().response.fail_reason, '[8016] 한도초과');
  t.equal(res.json().response.failed_at, 1767225600);
  const list = await s.app.inject({ method: 'GET', url: '/__sandbox/faults' });
  t.same(list.json().response, [], 'a rule used up disappears');
});

t.test('an api_error rule answers HTTP 200 with its code and message and stores nothing', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  await addFault(s, { effect: { type: 'api_error', code: 1, message: '카드사 점검 중입니다.' } });
  const res = await again(s, token, 'order_a1');
  t.equal(res.statusCode, 200);
  t.same(res.json(), { code: 1, message: '카드사 점검 중입니다.', response: null });
  const find = await s.app.inject({ method: 'GET', url: '/payments/find/order_a1', headers: { authorization: token } });
  t.equal(find.statusCode, 404);
});

t.test('a pg_error rule answers HTTP 200 code -1 with the PG message', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  await addFault(s, { effect: { type: 'pg_error', message: '[F0005] PG 통신 장애' } });
  const res = await again(s, token, 'order_p1');
  t.same(res.json(), { code: -1, message: '[F0005] PG 통신 장애', response: null });
  t.equal(s.sb.store.payments.list('default', { merchant_uid: 'order_p1' }).length, 0);
});

t.test('times: 2 gives "fail twice, then succeed"', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  await addFault(s, {
    match: { customer_uid: 'cust_1' },
    effect: { type: 'decline', fail_reason: '잔액부족' },
    times: 2,
  });
  const statuses = [];
  for (const uid of ['o1', 'o2', 'o3']) statuses.push((await again(s, token, uid)).json().response.status);
  t.same(statuses, ['failed', 'failed', 'paid']);
});

t.test('a permanent rule keeps matching until it is removed', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  const rule = (await addFault(s, { effect: { type: 'pg_error', message: '장애' }, permanent: true })).json().response;
  t.equal(rule.remaining, null);
  for (const uid of ['o1', 'o2', 'o3']) t.equal((await again(s, token, uid)).json().code, -1);
  const listed = (await s.app.inject({ method: 'GET', url: '/__sandbox/faults' })).json().response;
  t.equal(listed[0].hits, 3);
  const del = await s.app.inject({ method: 'DELETE', url: `/__sandbox/faults/${rule.id}` });
  t.same(del.json(), { code: 0, message: null, response: { removed: 1 } });
  t.equal((await again(s, token, 'o4')).json().response.status, 'paid');
  const gone = await s.app.inject({ method: 'DELETE', url: `/__sandbox/faults/${rule.id}` });
  t.equal(gone.statusCode, 404);
  t.equal(gone.json().message, `No fault rule "${rule.id}" (it may have been used up)`);
});

t.test('rules match on customer_uid, merchant_uid, amount, method and path; others pass untouched', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  await addFault(s, { match: { merchant_uid: 'target' }, effect: { type: 'decline' } });
  await addFault(s, { match: { amount: 5000 }, effect: { type: 'decline', fail_reason: '금액' } });
  await addFault(s, {
    match: { path: '/subscribe/payments/onetime' },
    effect: { type: 'decline', fail_reason: 'onetime only' },
  });
  await addFault(s, { match: { customer_uid: 'someone_else' }, effect: { type: 'decline' } });
  t.equal((await again(s, token, 'other', 1000)).json().response.status, 'paid');
  const hit = (await again(s, token, 'target', 1000)).json().response;
  t.equal(hit.status, 'failed');
  t.equal(
    hit.fail_reason,
    '[8016] 거래거절 - 카드사 승인거절(한도초과)',
    'decline defaults to the fixture decline message',
  );
  t.equal((await again(s, token, 'big', 5000)).json().response.fail_reason, '금액');
  const left = (await s.app.inject({ method: 'GET', url: '/__sandbox/faults' })).json().response;
  t.same(
    left.map((r: { match: object }) => r.match),
    [{ path: '/subscribe/payments/onetime' }, { customer_uid: 'someone_else' }],
  );
});

t.test('a rule scoped to one merchant leaves other merchants alone', async (t) => {
  const s = await build(t);
  const created = (await s.app.inject({ method: 'POST', url: '/__sandbox/merchants', payload: {} })).json().response;
  const rule = await addFault(s, {
    match: { merchant: created.merchant_code, path: '/payments/**' },
    effect: { type: 'http_status', status: 503 },
    permanent: true,
  });
  t.equal(rule.json().response.match.merchant, created.id, 'a merchant code is resolved to the id');
  const token = await withCustomer(s);
  t.equal((await again(s, token, 'o1')).json().response.status, 'paid');
  const other = await s.token(created.imp_key, created.imp_secret);
  const res = await s.app.inject({ method: 'GET', url: '/payments/find/o1', headers: { authorization: other } });
  t.equal(res.statusCode, 503);
  t.same(res.json(), { code: -1, message: 'Service Unavailable', response: null });
  const scoped = (await s.app.inject({ method: 'GET', url: `/__sandbox/faults?merchant=default` })).json().response;
  t.same(scoped, [], 'listing by merchant shows its rules and the global ones only');
});

t.test('http_status rules answer in the envelope before the handler runs, so nothing is committed', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  await addFault(s, {
    match: { method: 'post', path: '/subscribe/payments/*' },
    effect: { type: 'http_status', status: 500 },
  });
  await addFault(s, {
    match: { path: '/subscribe/payments/*' },
    effect: { type: 'http_status', status: 429, code: -1, message: '요청이 너무 많습니다.' },
  });
  const first = await again(s, token, 'o1');
  t.equal(first.statusCode, 500);
  t.same(first.json(), { code: -1, message: 'Internal Server Error', response: null });
  const second = await again(s, token, 'o1');
  t.equal(second.statusCode, 429);
  t.same(second.json(), { code: -1, message: '요청이 너무 많습니다.', response: null });
  t.equal(
    (await s.app.inject({ method: 'GET', url: '/payments/find/o1', headers: { authorization: token } })).statusCode,
    404,
  );
  const third = await again(s, token, 'o1');
  t.equal(third.json().response.status, 'paid', 'the retry after the faults goes through');
});

t.test('a delay rule holds the request, then handles it normally', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  await addFault(s, { match: { path: '/subscribe/payments/again' }, effect: { type: 'delay', ms: 200 } });
  const t0 = performance.now();
  const res = await again(s, token, 'o1');
  const took = performance.now() - t0;
  t.ok(took >= 190, `took ${took} ms`);
  t.equal(res.json().response.status, 'paid');
});

t.test('an ambiguous rule commits the payment, then the client sees a 500', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  await addFault(s, { match: { merchant_uid: 'o1' }, effect: { type: 'ambiguous', then: 'http_status', status: 502 } });
  const res = await again(s, token, 'o1');
  t.equal(res.statusCode, 502);
  t.same(res.json(), { code: -1, message: 'Bad Gateway', response: null });
  const find = await s.app.inject({ method: 'GET', url: '/payments/find/o1', headers: { authorization: token } });
  t.equal(find.statusCode, 200);
  t.equal(find.json().response.status, 'paid');
  t.equal(find.json().response.amount, 1000);
  const retry = await again(s, token, 'o1');
  t.same(
    retry.json(),
    { code: 1, message: '이미 결제가 이루어진 거래건입니다.', response: null },
    'a blind retry is refused: reconcile instead',
  );
  const entry = (await s.app.inject({ method: 'GET', url: '/__sandbox/requests?merchant_uid=o1&method=POST' }))
    .json()
    .response.at(-1);
  t.same(entry.fault, { id: 'flt_1', type: 'ambiguous', then: 'http_status', handled_status: 200, handled_code: 0 });
  t.equal(entry.status, 502);
});

t.test('webhook rules are served through takeWebhook and match on merchant_uid', async (t) => {
  const s = await build(t);
  await addFault(s, { match: { merchant_uid: 'w1' }, effect: { type: 'webhook_duplicate' } });
  await addFault(s, { effect: { type: 'webhook_delay', seconds: 30 } });
  const ctx = { merchantId: 'default', imp_uid: 'imps_1', status: 'paid' };
  t.same(s.sb.faults.takeWebhook({ ...ctx, merchant_uid: 'w2' }), { type: 'delay', seconds: 30 });
  t.same(s.sb.faults.takeWebhook({ ...ctx, merchant_uid: 'w1' }), { type: 'duplicate' });
  t.equal(s.sb.faults.takeWebhook({ ...ctx, merchant_uid: 'w1' }), null);
  t.equal(
    s.sb.faults.takeBusiness({
      merchantId: 'default',
      method: 'POST',
      path: '/x',
      customer_uid: null,
      merchant_uid: 'w1',
      amount: 1,
    }),
    null,
    'webhook rules never act on charges',
  );
});

t.test('bad rules are refused with a 400 envelope naming the field', async (t) => {
  const s = await build(t);
  const cases: [unknown, RegExp][] = [
    [{ effect: { type: 'explode' } }, /^잘못된 요청 파라미터입니다\. effect/],
    [{ effect: { type: 'http_status', status: 404 } }, /^잘못된 요청 파라미터입니다\. effect\.status/],
    [{ effect: { type: 'decline' }, times: 2, permanent: true }, /times: give times or permanent: true, not both/],
    [{ effect: { type: 'decline' }, times: 0 }, /^잘못된 요청 파라미터입니다\. times/],
    [{ match: { path: 'no-slash' }, effect: { type: 'drop' } }, /match\.path: must start with \//],
    [
      { match: { path: '/x' }, effect: { type: 'webhook_duplicate' } },
      /webhook rules match only on merchant and merchant_uid/,
    ],
    [{ effect: { type: 'delay' } }, /effect\.ms/],
    [{ effect: { type: 'decline' }, extra: 1 }, /^잘못된 요청 파라미터입니다\./],
  ];
  for (const [body, message] of cases) {
    const res = await addFault(s, body);
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.equal(res.json().code, -1);
    t.match(res.json().message, message);
  }
  const unknown = await addFault(s, { match: { merchant: 'imp00000000' }, effect: { type: 'drop' } });
  t.equal(unknown.statusCode, 404);
  t.same(unknown.json(), {
    code: -1,
    message: 'Unknown merchant "imp00000000" (give its id or merchant code)',
    response: null,
  });
});

t.test("DELETE /__sandbox/faults clears all rules, or one merchant's", async (t) => {
  const s = await build(t);
  await addFault(s, { effect: { type: 'drop' } });
  await addFault(s, { match: { merchant: 'kicc-only' }, effect: { type: 'drop' } });
  await addFault(s, { match: { merchant: 'kicc-only' }, effect: { type: 'hang' } });
  t.same((await s.app.inject({ method: 'DELETE', url: '/__sandbox/faults?merchant=kicc-only' })).json().response, {
    removed: 2,
  });
  t.same((await s.app.inject({ method: 'DELETE', url: '/__sandbox/faults' })).json().response, { removed: 1 });
  t.same((await s.app.inject({ method: 'GET', url: '/__sandbox/faults' })).json().response, []);
});

t.test('globs: * is one path segment, ** is anything', async (t) => {
  t.ok(globToRegExp('/subscribe/payments/*').test('/subscribe/payments/again'));
  t.notOk(globToRegExp('/subscribe/payments/*').test('/subscribe/payments/schedule/abc'));
  t.ok(globToRegExp('/subscribe/**').test('/subscribe/payments/schedule/abc'));
  t.ok(globToRegExp('/payments/find/*').test('/payments/find/order.1'));
  t.notOk(globToRegExp('/payments/find').test('/payments/findAll'));
});

t.test('rules are taken first-created-first and ids count up', async (t) => {
  const book = new FaultBook(() => 42);
  const a = book.add({ match: {}, effect: { type: 'decline', fail_reason: 'a' } });
  const b = book.add({ match: {}, effect: { type: 'decline', fail_reason: 'b' } });
  t.same([a.id, b.id, a.created_at], ['flt_1', 'flt_2', 42]);
  const ctx = { merchantId: 'm', method: 'POST', path: '/p', customer_uid: null, merchant_uid: 'x', amount: 1 };
  t.same(book.takeBusiness(ctx), { type: 'decline', fail_reason: 'a' });
  t.same(book.takeBusiness(ctx), { type: 'decline', fail_reason: 'b' });
  t.equal(book.takeBusiness(ctx), null);
});

// Drop and hang need a real socket: listen on a free port and talk over fetch.
async function live(t: Teardown) {
  const running = await listen(
    loadConfig({}, [], {
      PORT: 0,
      DB_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      CLOCK: '2026-01-01T00:00:00Z',
      SEED: 'test',
    }),
  );
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await running.close();
    }
  };
  t.teardown(close);
  const call = async (method: string, path: string, body?: unknown, token?: string, signal?: AbortSignal) => {
    const res = await fetch(running.url + path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: token } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });
    return { status: res.status, json: (await res.json()) as { code: number; message: string | null; response: any } };
  };
  const token = (await call('POST', '/users/getToken', { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET })).json
    .response.access_token as string;
  await call('POST', '/subscribe/customers/cust_1', CARD, token);
  const pay = (uid: string, signal?: AbortSignal) =>
    call(
      'POST',
      '/subscribe/payments/again',
      { customer_uid: 'cust_1', merchant_uid: uid, amount: 1000 },
      token,
      signal,
    );
  return { running, call, token, pay, close };
}

t.test('a drop rule closes the connection without an answer and commits nothing', async (t) => {
  const l = await live(t);
  await l.call('POST', '/__sandbox/faults', { match: { path: '/subscribe/payments/again' }, effect: { type: 'drop' } });
  const err = await l.pay('o1').then(
    () => null,
    (e: Error) => e,
  );
  t.type(err, TypeError, 'fetch fails');
  t.equal(err?.message, 'fetch failed');
  const find = await l.call('GET', '/payments/find/o1', undefined, l.token);
  t.equal(find.status, 404);
  const entry = (await l.call('GET', '/__sandbox/requests?merchant_uid=o1&method=post')).json.response[0];
  t.match(entry, { status: null, code: null, fault: { id: 'flt_1', type: 'drop' }, merchant: 'default' });
});

t.test('a hang rule never answers until the client gives up, and close() still completes', async (t) => {
  const l = await live(t);
  await l.call('POST', '/__sandbox/faults', {
    match: { path: '/subscribe/payments/again' },
    effect: { type: 'hang' },
    times: 2,
  });
  const err = await l.pay('o1', AbortSignal.timeout(300)).then(
    () => null,
    (e: Error) => e,
  );
  t.equal(err?.name, 'TimeoutError');
  t.equal((await l.call('GET', '/payments/find/o1', undefined, l.token)).status, 404, 'nothing committed');
  // A second request hangs while we close: close must end it rather than wait for it.
  const pending = l.pay('o2').then(
    () => 'answered',
    (e: Error) => e.message,
  );
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  await l.close();
  t.ok(performance.now() - t0 < 2000, 'close completes promptly');
  t.equal(await pending, 'fetch failed');
});

t.test('ambiguous drop: the client sees a dropped connection, the payment exists afterwards', async (t) => {
  const l = await live(t);
  await l.call('POST', '/__sandbox/faults', {
    match: { merchant_uid: 'o1' },
    effect: { type: 'ambiguous', then: 'drop' },
  });
  const err = await l.pay('o1').then(
    () => null,
    (e: Error) => e,
  );
  t.equal(err?.message, 'fetch failed');
  const find = await l.call('GET', '/payments/find/o1', undefined, l.token);
  t.equal(find.status, 200);
  t.equal(find.json.response.status, 'paid');
  t.equal(find.json.response.merchant_uid, 'o1');
});

t.test('ambiguous hang: the client times out, the payment exists afterwards', async (t) => {
  const l = await live(t);
  await l.call('POST', '/__sandbox/faults', {
    match: { merchant_uid: 'o1' },
    effect: { type: 'ambiguous', then: 'hang' },
  });
  const err = await l.pay('o1', AbortSignal.timeout(300)).then(
    () => null,
    (e: Error) => e,
  );
  t.equal(err?.name, 'TimeoutError');
  const find = await l.call('GET', '/payments/find/o1', undefined, l.token);
  t.equal(find.status, 200);
  t.equal(find.json.response.status, 'paid');
});

t.test('business rules act on payment-window charges too', async (t) => {
  const s = await build(t);
  await addFault(s, {
    match: { path: '/window/api/requests/*/submit', merchant_uid: 'win_1' },
    effect: { type: 'decline', fail_reason: '[8051] 잔액부족' },
  });
  const open = await s.app.inject({
    method: 'POST',
    url: '/window/api/requests',
    payload: { merchant: 'imp19424728', device: 'pc', params: { merchant_uid: 'win_1', name: '티셔츠', amount: 5000 } },
  });
  t.equal(open.json().code, 0);
  const submit = await s.app.inject({
    method: 'POST',
    url: `/window/api/requests/${open.json().response.id}/submit`,
    payload: WINDOW_CARD,
  });
  const rsp = submit.json().response.rsp;
  t.equal(rsp.success, false);
  t.equal(rsp.status, 'failed');
  t.equal(rsp.error_code, 'F0004');
  t.match(rsp.error_msg, /\[8051\] 잔액부족$/);
  t.same((await s.app.inject({ method: 'GET', url: '/__sandbox/faults' })).json().response, [], 'the rule was used');
});

t.test('a rule matching on method is stored upper-cased and listed (no 500 on its own serialization)', async (t) => {
  const s = await build(t);
  const token = await withCustomer(s);
  const created = await addFault(s, {
    match: { method: 'post', path: '/subscribe/payments/again' },
    effect: { type: 'http_status', status: 503 },
  });
  t.equal(created.statusCode, 200);
  t.same(created.json().response.match, { method: 'POST', path: '/subscribe/payments/again' });
  const list = await s.app.inject({ method: 'GET', url: '/__sandbox/faults' });
  t.equal(list.statusCode, 200);
  t.same(
    list.json().response.map((r: { match: object }) => r.match),
    [{ method: 'POST', path: '/subscribe/payments/again' }],
  );
  const res = await again(s, token, 'order_m1');
  t.equal(res.statusCode, 503);
  t.same(res.json(), { code: -1, message: 'Service Unavailable', response: null });
});
