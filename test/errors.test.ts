// API tests of the error envelope: malformed bodies, wrong content types, oversized bodies, unknown routes and
// validation errors all answer {code, message, response: null} with a 4xx, never a 500.

import t from 'tap';
import { build } from './helpers.js';

t.test('malformed JSON is 400 in the envelope', async (t) => {
  const s = await build(t);
  const auth = await s.token();
  for (const url of ['/payments/cancel', '/users/getToken']) {
    const res = await s.app.inject({
      method: 'POST',
      url,
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: '{"imp_uid": ',
    });
    t.equal(res.statusCode, 400, url);
    t.same(res.json(), { code: -1, message: '요청 본문의 JSON 형식이 올바르지 않습니다.', response: null }, url);
    t.match(res.headers['content-type'], /^application\/json/);
  }
});

t.test('an empty JSON body is no body: the missing parameter is refused by name (400 in the envelope)', async (t) => {
  // iamport-rest-client-php labels its body-less calls application/json (test/client-shapes.test.ts).
  const s = await build(t);
  const auth = await s.token();
  const res = await s.app.inject({
    method: 'POST',
    url: '/payments/cancel',
    headers: { authorization: auth, 'content-type': 'application/json' },
    payload: '',
  });
  t.equal(res.statusCode, 400);
  t.same(res.json(), {
    code: -1,
    message: '잘못된 요청 파라미터입니다. imp_uid: imp_uid 또는 merchant_uid 중 하나는 필수입니다.',
    response: null,
  });
});

t.test('a text/xml body is 415 in the envelope', async (t) => {
  const s = await build(t);
  const auth = await s.token();
  const res = await s.app.inject({
    method: 'POST',
    url: '/payments/prepare',
    headers: { authorization: auth, 'content-type': 'text/xml' },
    payload: '<merchant_uid>m</merchant_uid>',
  });
  t.equal(res.statusCode, 415);
  t.same(res.json(), {
    code: -1,
    message:
      '지원되지 않는 Content-Type 입니다. application/json 또는 application/x-www-form-urlencoded 로 보내주세요.',
    response: null,
  });
});

t.test('a body over BODY_LIMIT is 413 in the envelope, JSON or form', async (t) => {
  const s = await build(t, { BODY_LIMIT: 2048 });
  const auth = await s.token();
  const big = 'x'.repeat(3000);
  const json = await s.app.inject({
    method: 'POST',
    url: '/payments/cancel',
    headers: { authorization: auth },
    payload: { imp_uid: 'imps_1', reason: big },
  });
  t.equal(json.statusCode, 413);
  t.same(json.json(), { code: -1, message: '요청 본문이 너무 큽니다.', response: null });
  const form = await s.app.inject({
    method: 'POST',
    url: '/payments/cancel',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `imp_uid=imps_1&reason=${big}`,
  });
  t.equal(form.statusCode, 413);
  t.same(form.json(), { code: -1, message: '요청 본문이 너무 큽니다.', response: null });
  const small = await s.app.inject({
    method: 'POST',
    url: '/payments/cancel',
    headers: { authorization: auth },
    payload: { imp_uid: 'imps_1', reason: 'x'.repeat(100) },
  });
  t.equal(small.statusCode, 200, 'a body under the limit goes through');
  t.equal(small.json().message, '취소할 결제건이 존재하지 않습니다.');
});

t.test('an unknown route is 404 naming the method and path, with or without a token', async (t) => {
  const s = await build(t);
  const auth = await s.token();
  const anon = await s.app.inject({ method: 'GET', url: '/nope/here?x=1' });
  t.equal(anon.statusCode, 404);
  t.same(anon.json(), { code: -1, message: '존재하지 않는 API입니다. (GET /nope/here)', response: null });
  const del = await s.app.inject({ method: 'DELETE', url: '/payments/cancel', headers: { authorization: auth } });
  t.equal(del.statusCode, 404);
  t.same(del.json(), { code: -1, message: '존재하지 않는 API입니다. (DELETE /payments/cancel)', response: null });
});

t.test('a validation error is 400 code -1 naming the field', async (t) => {
  const s = await build(t);
  const auth = await s.token();
  const amount = await s.app.inject({
    method: 'POST',
    url: '/payments/cancel',
    headers: { authorization: auth },
    payload: { imp_uid: 'imps_1', amount: 'abc' },
  });
  t.equal(amount.statusCode, 400);
  t.equal(amount.json().code, -1);
  t.equal(amount.json().response, null);
  t.match(amount.json().message, /^잘못된 요청 파라미터입니다\. amount: /);
  const negative = await s.app.inject({
    method: 'POST',
    url: '/payments/prepare',
    headers: { authorization: auth },
    payload: { merchant_uid: 'm', amount: -5 },
  });
  t.equal(negative.statusCode, 400);
  t.match(negative.json().message, /^잘못된 요청 파라미터입니다\. amount: /);
  const missing = await s.app.inject({
    method: 'POST',
    url: '/payments/prepare',
    headers: { authorization: auth },
    payload: { amount: 5 },
  });
  t.equal(missing.statusCode, 400);
  t.match(missing.json().message, /^잘못된 요청 파라미터입니다\. merchant_uid: /);
  const query = await s.app.inject({
    method: 'GET',
    url: '/payments/status/paid?page=zero',
    headers: { authorization: auth },
  });
  t.equal(query.statusCode, 400);
  t.match(query.json().message, /^잘못된 요청 파라미터입니다\. page: /);
});

t.test('a JSON body that is not an object is 400, not 500', async (t) => {
  const s = await build(t);
  const auth = await s.token();
  for (const payload of ['[]', '"text"', '42', 'null']) {
    const res = await s.app.inject({
      method: 'POST',
      url: '/payments/cancel',
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload,
    });
    t.equal(res.statusCode, 400, payload);
    t.equal(res.json().code, -1, payload);
    t.equal(res.json().response, null, payload);
  }
});

t.test('a prototype-poisoning JSON body is refused with 400', async (t) => {
  const s = await build(t);
  const auth = await s.token();
  const res = await s.app.inject({
    method: 'POST',
    url: '/payments/prepare',
    headers: { authorization: auth, 'content-type': 'application/json' },
    payload: '{"merchant_uid":"m","amount":1,"__proto__":{"x":1}}',
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, -1);
  t.equal(res.json().response, null);
});

t.test('a badly %-encoded path is 400 and an overlong path parameter is 414, both in the envelope', async (t) => {
  const s = await build(t);
  const auth = await s.token();
  const bad = await s.app.inject({ method: 'GET', url: '/payments/find/%E0%A4%A', headers: { authorization: auth } });
  t.equal(bad.statusCode, 400);
  t.same(bad.json(), { code: -1, message: '요청 경로의 인코딩이 올바르지 않습니다.', response: null });
  const long = await s.app.inject({
    method: 'GET',
    url: `/payments/${'x'.repeat(600)}`,
    headers: { authorization: auth },
  });
  t.equal(long.statusCode, 414);
  t.same(long.json(), { code: -1, message: '요청 경로의 파라미터가 너무 깁니다.', response: null });
});
