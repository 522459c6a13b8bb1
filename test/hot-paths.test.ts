// What the hot-path work of issue 12 must not change: the token cache follows the clock and forgets on reset, the
// journal still shows masked answers with their code (it now keeps the text and masks when read), and the response
// serializer still refuses an answer that does not match its schema.

import t from 'tap';
import { z } from 'zod';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { serializerCompiler } from '../src/http/serializer.js';
import { deepFreeze } from '../src/util/freeze.js';
import { build, CARD } from './helpers.js';

const unauthorized = { code: -1, message: 'Unauthorized', response: null };

t.test('a cached token expires with the sandbox clock, and after the clock comes back it works again', async (t) => {
  const s = await build(t);
  const token = await s.token();
  t.equal((await s.call('GET', '/payments/imps_1', undefined, { token })).status, 404, 'authenticated (and cached)');
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 30 * 60 } });
  const late = await s.call('GET', '/payments/imps_1', undefined, { token });
  t.equal(late.status, 401);
  t.same(late.body, unauthorized);
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: -60 } });
  t.equal((await s.call('GET', '/payments/imps_1', undefined, { token })).status, 404, 'valid again a minute before');
});

t.test('a token extended in its last minute authenticates until the new expiry', async (t) => {
  const s = await build(t);
  const token = await s.token();
  await s.call('GET', '/payments/imps_1', undefined, { token });
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 29 * 60 + 30 } });
  t.equal(await s.token(), token, 'the same token, pushed out by 5 minutes');
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 4 * 60 } });
  t.equal((await s.call('GET', '/payments/imps_1', undefined, { token })).status, 404, '34 minutes after issue');
});

t.test('a reset forgets cached tokens: of the merchant reset, and of everyone on a whole reset', async (t) => {
  const s = await build(t);
  const token = await s.token();
  await s.call('GET', '/payments/imps_1', undefined, { token });
  await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: 'kicc-only' } });
  t.equal((await s.call('GET', '/payments/imps_1', undefined, { token })).status, 404, 'another merchant reset');
  await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: 'default' } });
  t.same((await s.call('GET', '/payments/imps_1', undefined, { token })).body, unauthorized, 'its merchant reset');
  const again = await s.token();
  t.not(again, token);
  await s.call('GET', '/payments/imps_1', undefined, { token: again });
  await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: {} });
  t.equal((await s.call('GET', '/payments/imps_1', undefined, { token: again })).status, 401, 'whole reset');
});

t.test('the journal shows an answer parsed and masked, with its envelope code, however often it is read', async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/c1', CARD);
  const miss = await s.call('GET', '/payments/imps_404');
  t.equal(miss.status, 404);
  for (let i = 0; i < 2; i++) {
    const list = (await s.app.inject({ method: 'GET', url: '/__sandbox/requests' })).json().response;
    const [lookup, issue] = list;
    t.equal(lookup.code, -1);
    t.same(lookup.response_body, miss.body);
    t.equal(issue.code, 0);
    t.equal(issue.response_body.code, 0);
    t.equal(issue.response_body.response.customer_uid, 'c1');
    t.equal(issue.response_body.response.card_number, '41111111****1111');
  }
});

t.test('the response serializer checks and strips like the schema, and refuses a mismatch', async (t) => {
  const schema = z.object({ code: z.number().int(), name: z.string().nullable() });
  const write = serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });
  t.equal(write({ code: 0, name: null, extra: 'dropped' }), '{"code":0,"name":null}');
  const wrapped = serializerCompiler({ schema: { properties: schema }, method: 'GET', url: '/x', httpStatus: '200' });
  t.equal(wrapped({ code: 1, name: 'a' }), '{"code":1,"name":"a"}');
  try {
    write({ code: 0.5, name: null });
    t.fail('a mismatch must throw');
  } catch (e) {
    t.ok(isResponseSerializationError(e as Error));
    t.match(e, { method: 'GET', url: '/x', statusCode: 500 });
    t.equal((e as { cause: z.ZodError }).cause.issues[0]!.path.join('.'), 'code');
  }
});

t.test('a frozen answer is checked and written once; anything else is checked every time', async (t) => {
  const schema = z.object({
    code: z.number().int(),
    message: z.string().nullable(),
    response: z.object({ amount: z.number().int(), tags: z.array(z.string()) }),
  });
  const write = serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });
  const frozen = deepFreeze({ amount: 1000, tags: ['a'], extra: 'dropped' });
  t.ok(Object.isFrozen(frozen.tags), 'frozen all the way down');
  const first = write({ code: 0, message: null, response: frozen });
  t.equal(first, '{"code":0,"message":null,"response":{"amount":1000,"tags":["a"]}}');
  t.equal(write({ code: 0, message: null, response: frozen }), first, 'the same text for the same object');
  // A refusal envelope around the same object is not the remembered answer.
  t.equal(
    write({ code: 1, message: 'no', response: frozen }),
    '{"code":1,"message":"no","response":{"amount":1000,"tags":["a"]}}',
  );
  const bad = deepFreeze({ amount: 0.5, tags: [] });
  for (let i = 0; i < 2; i++)
    t.throws(() => write({ code: 0, message: null, response: bad }), 'a frozen mismatch throws each time');
  const open = { amount: 1, tags: [] as string[] };
  t.equal(
    write({ code: 0, message: null, response: open }),
    '{"code":0,"message":null,"response":{"amount":1,"tags":[]}}',
  );
  open.amount = 0.5;
  t.throws(() => write({ code: 0, message: null, response: open }), 'an object that can change is checked again');
});

t.test('a payment polled again and again is one shared frozen object until its row changes', async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/c1', CARD);
  const paid = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'c1',
    merchant_uid: 'p1',
    amount: 5000,
  });
  const impUid = paid.body.response.imp_uid as string;
  const a = s.sb.store.payments.getShared('default', impUid)!;
  t.equal(s.sb.store.payments.getShared('default', impUid), a, 'the same object');
  t.ok(Object.isFrozen(a) && Object.isFrozen(a.cancel_history));
  t.not(s.sb.store.payments.get('default', impUid), a, 'get still parses its own copy (its callers change it)');
  t.equal(s.sb.store.payments.getShared('kicc-only', impUid), undefined, 'another merchant does not see it');
  const first = await s.call('GET', `/payments/${impUid}`);
  t.same(first.body, paid.body, 'the lookup answers what the charge answered');
  t.same((await s.call('GET', `/payments/${impUid}`)).body, paid.body, 'and again');
  await s.call('POST', '/payments/cancel', { imp_uid: impUid, amount: 1500 });
  const after = await s.call('GET', `/payments/${impUid}`);
  t.equal(after.body.response.cancel_amount, 1500, 'a changed row is a new object, never a stale answer');
  t.equal(after.body.response.cancel_history.length, 1);
  t.not(s.sb.store.payments.getShared('default', impUid), a);
});
