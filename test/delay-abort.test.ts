// A `delay` fault whose client gives up first: the hold ends when the client disconnects, and the request then runs
// and commits at once (not at the end of the delay). Nobody receives the answer; the payment is there.

import t from 'tap';
import { startSandbox } from '../src/index.js';
import { CARD } from './helpers.js';

t.test('a delayed charge commits when the client disconnects, long before the delay is over', async (t) => {
  const sb = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'delay' });
  t.teardown(sb.close);
  const rest = async (method: string, path: string, body?: unknown, token?: string, signal?: AbortSignal) => {
    const res = await fetch(sb.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });
    return (await res.json()) as { code: number; response: any };
  };
  const token = (
    await rest('POST', '/users/getToken', { imp_key: 'imp_apikey', imp_secret: sb.sandbox.fixtures[0]!.imp_secret })
  ).response.access_token as string;
  await rest('POST', '/subscribe/customers/c1', CARD, token);
  await sb.control.faults.add({ match: { path: '/subscribe/payments/again' }, effect: { type: 'delay', ms: 60_000 } });
  const started = performance.now();
  const gaveUp = await rest(
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'c1', merchant_uid: 'slow_1', amount: 700 },
    token,
    AbortSignal.timeout(200),
  ).then(
    () => 'answered',
    (e: Error) => e.name,
  );
  t.equal(gaveUp, 'TimeoutError', 'the client gave up first');
  const entry = await sb.control.requests.wait({ path: '/subscribe/payments/again', timeout_ms: 10_000 });
  t.equal(entry.done, true);
  t.equal(entry.entries[0]?.fault?.type, 'delay');
  const found = await rest('GET', '/payments/find/slow_1', undefined, token);
  t.equal(found.code, 0);
  t.same([found.response.status, found.response.amount], ['paid', 700]);
  t.ok(performance.now() - started < 30_000, 'committed at the disconnect, not after the 60 s delay');
});
