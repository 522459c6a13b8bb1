// What the hot-path work of issue 12 must not change: the token cache follows the clock and forgets on reset, the
// journal still shows masked answers with their code (it now keeps the text and masks when read), and the response
// serializer still refuses an answer that does not match its schema.

import t from 'tap';
import { z } from 'zod';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { serializerCompiler } from '../src/http/serializer.js';
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
