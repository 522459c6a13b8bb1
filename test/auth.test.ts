// API tests of authentication: POST /users/getToken (bodies, lifetime, reuse rule, refusals) and how tokens are
// presented and checked on the REST routes (api-v1.md §2, §1.2).

import t from 'tap';
import {
  build,
  DEFAULT_KEY,
  DEFAULT_SECRET,
  KICC_ONLY_KEY,
  KICC_ONLY_SECRET,
  T0,
  type TestSandbox,
} from './helpers.js';
import { newPayment } from '../src/gateway/payments.js';

const T0S = T0 / 1000;
const UNAUTHORIZED = { code: -1, message: 'Unauthorized', response: null };
const MISSING = { code: -1, message: 'imp_key, imp_secret 파라메터가 누락되었습니다.', response: null };

async function getToken(
  s: TestSandbox,
  payload: object | string = { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET },
  contentType?: string,
) {
  const res = await s.app.inject({
    method: 'POST',
    url: '/users/getToken',
    payload,
    ...(contentType ? { headers: { 'content-type': contentType } } : {}),
  });
  return { status: res.statusCode, body: res.json() };
}

t.test('getToken with a JSON body answers a 40-hex token valid for 30 minutes', async (t) => {
  const s = await build(t);
  const res = await getToken(s);
  t.equal(res.status, 200);
  t.equal(res.body.code, 0);
  t.equal(res.body.message, null);
  t.same(Object.keys(res.body.response), ['access_token', 'now', 'expired_at']);
  t.match(res.body.response.access_token, /^[a-f0-9]{40}$/);
  t.equal(res.body.response.now, T0S);
  t.equal(res.body.response.expired_at, T0S + 1800);
});

t.test('getToken with a form body works the same', async (t) => {
  const s = await build(t);
  const form = `imp_key=${DEFAULT_KEY}&imp_secret=${DEFAULT_SECRET}`;
  const res = await getToken(s, form, 'application/x-www-form-urlencoded');
  t.equal(res.status, 200);
  t.equal(res.body.code, 0);
  t.match(res.body.response.access_token, /^[a-f0-9]{40}$/);
  t.equal(res.body.response.expired_at, T0S + 1800);
  const json = await getToken(s);
  t.equal(
    json.body.response.access_token,
    res.body.response.access_token,
    'the same live token whatever the body format',
  );
});

t.test('asking again before expiry gives the same token and the same expired_at', async (t) => {
  const s = await build(t);
  const first = await getToken(s);
  s.sb.clock.advance(10 * 60_000);
  const second = await getToken(s);
  t.equal(second.body.response.access_token, first.body.response.access_token);
  t.equal(second.body.response.expired_at, T0S + 1800);
  t.equal(second.body.response.now, T0S + 600);
});

t.test('asking in the last minute keeps the token and pushes expired_at out by 5 minutes', async (t) => {
  const s = await build(t);
  const first = await getToken(s);
  s.sb.clock.advance((1800 - 30) * 1000);
  const second = await getToken(s);
  t.equal(second.body.response.access_token, first.body.response.access_token);
  t.equal(second.body.response.now, T0S + 1770);
  t.equal(second.body.response.expired_at, T0S + 1800 + 300);
  // The token is still accepted after its original expiry.
  s.sb.clock.advance(60_000);
  const res = await s.app.inject({
    method: 'GET',
    url: '/payments/imps_000000000000',
    headers: { authorization: first.body.response.access_token },
  });
  t.equal(res.statusCode, 404, 'authenticated (404 for the unknown payment, not 401)');
});

t.test('asking just before the last minute does not extend', async (t) => {
  const s = await build(t);
  await getToken(s);
  s.sb.clock.advance((1800 - 61) * 1000);
  const res = await getToken(s);
  t.equal(res.body.response.expired_at, T0S + 1800);
});

t.test('asking after expiry gives a new token with a new 30-minute window', async (t) => {
  const s = await build(t);
  const first = await getToken(s);
  s.sb.clock.advance(1800 * 1000);
  const second = await getToken(s);
  t.not(second.body.response.access_token, first.body.response.access_token);
  t.match(second.body.response.access_token, /^[a-f0-9]{40}$/);
  t.equal(second.body.response.now, T0S + 1800);
  t.equal(second.body.response.expired_at, T0S + 3600);
});

t.test('missing imp_key or imp_secret is 400 code -1 with the real message', async (t) => {
  const s = await build(t);
  const cases: [string, object | string, string | undefined][] = [
    ['empty JSON object', {}, undefined],
    ['no imp_secret', { imp_key: DEFAULT_KEY }, undefined],
    ['no imp_key', { imp_secret: DEFAULT_SECRET }, undefined],
    ['empty strings', { imp_key: '', imp_secret: '' }, undefined],
    ['form without imp_secret', `imp_key=${DEFAULT_KEY}`, 'application/x-www-form-urlencoded'],
  ];
  for (const [name, payload, ct] of cases) {
    const res = await getToken(s, payload, ct);
    t.equal(res.status, 400, name);
    t.same(res.body, MISSING, name);
  }
  const noBody = await s.app.inject({ method: 'POST', url: '/users/getToken' });
  t.equal(noBody.statusCode, 400, 'no body at all');
  t.same(noBody.json(), MISSING);
});

t.test('a wrong secret or unknown key is 401', async (t) => {
  const s = await build(t);
  const wrongSecret = await getToken(s, { imp_key: DEFAULT_KEY, imp_secret: 'nope' });
  t.equal(wrongSecret.status, 401);
  t.equal(wrongSecret.body.code, -1);
  t.equal(wrongSecret.body.response, null);
  const unknownKey = await getToken(s, { imp_key: 'nobody', imp_secret: DEFAULT_SECRET });
  t.equal(unknownKey.status, 401);
  t.equal(unknownKey.body.response, null);
  const crossed = await getToken(s, { imp_key: KICC_ONLY_KEY, imp_secret: DEFAULT_SECRET });
  t.equal(crossed.status, 401, "one merchant's secret does not open another");
});

t.test('the token is accepted bare, as Bearer (any case) and in X-ImpTokenHeader', async (t) => {
  const s = await build(t);
  const token = await s.token();
  const headerSets: Record<string, string>[] = [
    { authorization: token },
    { authorization: `Bearer ${token}` },
    { authorization: `bearer ${token}` },
    { 'x-imptokenheader': token },
  ];
  for (const headers of headerSets) {
    const res = await s.app.inject({ method: 'GET', url: '/payments/imps_000000000000', headers });
    t.equal(res.statusCode, 404, `${JSON.stringify(Object.keys(headers))} authenticates`);
    t.equal(res.json().message, '존재하지 않는 결제정보입니다.');
  }
});

t.test('when both headers are present Authorization wins', async (t) => {
  const s = await build(t);
  const token = await s.token();
  const res = await s.app.inject({
    method: 'GET',
    url: '/payments/imps_000000000000',
    headers: { authorization: 'invalid-token', 'x-imptokenheader': token },
  });
  t.equal(res.statusCode, 401);
  t.same(res.json(), UNAUTHORIZED);
});

t.test('no token, an invalid token or an expired token is 401 Unauthorized', async (t) => {
  const s = await build(t);
  const token = await s.token();
  const none = await s.app.inject({ method: 'GET', url: '/payments/imps_000000000000' });
  t.equal(none.statusCode, 401);
  t.same(none.json(), UNAUTHORIZED);
  const bearerOnly = await s.app.inject({
    method: 'GET',
    url: '/payments/imps_000000000000',
    headers: { authorization: 'Bearer ' },
  });
  t.equal(bearerOnly.statusCode, 401);
  t.same(bearerOnly.json(), UNAUTHORIZED);
  const invalid = await s.app.inject({
    method: 'GET',
    url: '/payments/imps_000000000000',
    headers: { authorization: 'invalid-token' },
  });
  t.equal(invalid.statusCode, 401);
  t.same(invalid.json(), UNAUTHORIZED);
  s.sb.clock.advance(1800 * 1000);
  const expired = await s.app.inject({
    method: 'GET',
    url: '/payments/imps_000000000000',
    headers: { authorization: token },
  });
  t.equal(expired.statusCode, 401);
  t.same(expired.json(), UNAUTHORIZED);
  t.match(expired.headers['content-type'], /application\/json/);
});

t.test('a POST without a token is 401 before its body is looked at', async (t) => {
  const s = await build(t);
  const res = await s.app.inject({
    method: 'POST',
    url: '/payments/cancel',
    payload: '{not json',
    headers: { 'content-type': 'application/json' },
  });
  t.equal(res.statusCode, 401);
  t.same(res.json(), UNAUTHORIZED);
});

t.test("a token of another merchant never sees this merchant's payment", async (t) => {
  const s = await build(t);
  s.sb.store.payments.insert(
    'default',
    newPayment({
      imp_uid: 'imps_111111111111',
      merchant_uid: 'order_d',
      amount: 1000,
      status: 'paid',
      started_at: T0S,
      paid_at: T0S,
    }),
    T0S,
  );
  const own = await s.app.inject({
    method: 'GET',
    url: '/payments/imps_111111111111',
    headers: { authorization: await s.token() },
  });
  t.equal(own.statusCode, 200);
  t.equal(own.json().response.merchant_uid, 'order_d');
  const other = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  for (const url of [
    '/payments/imps_111111111111',
    '/payments/find/order_d',
    '/payments/findAll/order_d',
    '/payments?imp_uid[]=imps_111111111111',
  ]) {
    const res = await s.app.inject({ method: 'GET', url, headers: { authorization: other } });
    t.equal(res.statusCode, 404, url);
    t.same(res.json(), { code: -1, message: '존재하지 않는 결제정보입니다.', response: null }, url);
  }
  const status = await s.app.inject({ method: 'GET', url: '/payments/status/paid', headers: { authorization: other } });
  t.same(status.json().response, { total: 0, previous: 0, next: 0, list: [] });
});

t.test('each merchant gets its own token', async (t) => {
  const s = await build(t);
  const a = await s.token();
  const b = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  t.not(a, b);
  t.match(b, /^[a-f0-9]{40}$/);
});
