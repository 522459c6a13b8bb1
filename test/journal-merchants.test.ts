// The journal per merchant (issue 13): one ring each, the sandbox-wide view, the bound on rings, rings dropped with
// their merchant, the long poll GET /__sandbox/requests/wait, a stale token's 401 filed under its merchant, and a
// schedule request found by any merchant_uid of its schedules[].

import t from 'tap';
import { SandboxControl } from '../src/control.js';
import { build, type BuiltSandbox, CARD, makeSandbox, T0, type TestSandbox } from './helpers.js';

type Entry = Record<string, any>;

const journal = async (s: TestSandbox, qs = '') => {
  const res = await s.app.inject({ method: 'GET', url: `/__sandbox/requests${qs}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json().response as Entry[];
};
const ids = (l: Entry[]) => l.map((e) => e.id);

/** A created merchant and a token of it. */
const tenant = async (s: BuiltSandbox, name: string) => {
  const m = (await s.app.inject({ method: 'POST', url: '/__sandbox/merchants', payload: { name } })).json().response;
  return { id: m.id as string, code: m.merchant_code as string, token: await s.token(m.imp_key, m.imp_secret) };
};
const find = (s: BuiltSandbox, token: string, uid: string) =>
  s.call('GET', `/payments/find/${uid}`, undefined, { token });
const wait = (s: TestSandbox, qs: string, signal?: AbortSignal) =>
  s.app.inject({ method: 'GET', url: `/__sandbox/requests/wait${qs}`, ...(signal ? { signal } : {}) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test("one merchant's flood does not evict another merchant's entries; ids count across the sandbox", async (t) => {
  const s = await build(t, { JOURNAL_SIZE: 5 });
  const a = await tenant(s, 'worker A'); // getToken: id 1
  const b = await tenant(s, 'worker B'); // getToken: id 2
  t.equal((await find(s, a.token, 'a_1')).status, 404); // id 3
  for (let i = 0; i < 20; i++) await find(s, b.token, `b_${i}`); // ids 4..23
  t.same(ids(await journal(s, `?merchant=${a.id}`)), [3, 1], "A's ring keeps both of its entries");
  t.same(ids(await journal(s, `?merchant=${b.code}`)), [23, 22, 21, 20, 19], "B's ring keeps its newest 5");
  t.same(
    (await journal(s, `?merchant=${a.id}`)).map((e) => [e.path, e.status, e.merchant]),
    [
      ['/payments/find/a_1', 404, a.id],
      ['/users/getToken', 200, a.id],
    ],
  );
  // No token: no merchant, so the no-merchant ring (bounded too).
  for (let i = 0; i < 7; i++) await s.call('GET', `/payments/find/anon_${i}`, undefined, { token: null }); // 24..30
  const all = await journal(s);
  t.same(ids(all), [30, 29, 28, 27, 26, 23, 22, 21, 20, 19, 3, 1], 'the sandbox-wide view: every ring, newest first');
  t.same(
    all.slice(0, 5).map((e) => [e.status, e.merchant]),
    Array(5).fill([401, null]),
  );
  t.same(ids(await journal(s, '?limit=3')), [30, 29, 28], 'limit applies to the merged view');
  t.same(ids(await journal(s, '?path=/payments/find/a_*')), [3], 'filters apply across rings');
  t.same(ids(await journal(s, '?method=POST')), [1], "B's getToken was pushed out of its own ring only");
  t.same(ids(await journal(s, `?since=${T0}&merchant=${a.id}&limit=1`)), [3]);
});

t.test('at most JOURNAL_MERCHANTS rings: the least recently written ring is dropped first', async (t) => {
  const s = await build(t, { JOURNAL_MERCHANTS: 2 });
  t.equal(s.sb.journal.merchants, 2);
  const a = await tenant(s, 'A'); // id 1 (ring A)
  const b = await tenant(s, 'B'); // id 2 (ring B)
  await find(s, a.token, 'a_1'); // id 3: A is now the most recently written
  const c = await tenant(s, 'C'); // id 4: a third ring, so B (least recently written) goes
  t.equal(s.sb.journal.merchantRings, 2);
  t.same(ids(await journal(s, `?merchant=${b.id}`)), [], "B's ring was dropped");
  t.same(ids(await journal(s, `?merchant=${a.id}`)), [3, 1]);
  t.same(ids(await journal(s, `?merchant=${c.id}`)), [4]);
  await find(s, b.token, 'b_1'); // id 5: B again, a fresh ring; A goes now
  t.same(ids(await journal(s)), [5, 4]);
  t.equal(s.sb.journal.merchantRings, 2);
  // However many merchants: never more than 2 rings of 1000 entries.
  for (let i = 0; i < 6; i++) await tenant(s, `extra ${i}`);
  t.equal(s.sb.journal.merchantRings, 2);
  t.same(ids(await journal(s)), [11, 10], 'the two newest merchants');
});

t.test('reset and removal of a merchant drop its ring; the other rings stay; ids are not reused', async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A'); // 1
  const b = await tenant(s, 'B'); // 2
  await find(s, a.token, 'a_1'); // 3
  await find(s, b.token, 'b_1'); // 4
  t.equal(s.sb.journal.merchantRings, 2);
  const reset = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: { merchant: a.id } });
  t.equal(reset.statusCode, 200);
  t.equal(reset.json().response.requests_removed, 2);
  t.equal(s.sb.journal.merchantRings, 1);
  t.same(ids(await journal(s)), [4, 2]);
  const removed = await s.app.inject({ method: 'DELETE', url: `/__sandbox/merchants/${b.id}` });
  t.equal(removed.statusCode, 200);
  t.equal(s.sb.journal.merchantRings, 0);
  t.same(await journal(s), []);
  const one = await s.app.inject({ method: 'DELETE', url: `/__sandbox/requests?merchant=${a.id}` });
  t.same(one.json().response, { removed: 0 }, 'a merchant without a ring has nothing to clear');
  await s.token(); // 5
  t.same(ids(await journal(s)), [5], 'ids keep counting');
  const all = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', payload: {} });
  t.equal(all.json().response.requests_removed, 1);
  t.equal(s.sb.journal.merchantRings, 0);
});

t.test('JOURNAL_SIZE=0 keeps no ring at all', async (t) => {
  const s = await build(t, { JOURNAL_SIZE: 0 });
  const a = await tenant(s, 'A');
  await find(s, a.token, 'x');
  t.same(await journal(s), []);
  t.equal(s.sb.journal.merchantRings, 0);
  const w = await wait(s, '?timeout_ms=0');
  t.same([w.statusCode, w.json().response.done, w.json().response.entries], [200, false, []]);
});

t.test('the wait answers as soon as count entries match', async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A'); // 1
  const b = await tenant(s, 'B'); // 2
  const pending = wait(s, `?merchant=${a.id}&path=/payments/find/*&count=2&timeout_ms=10000`);
  await sleep(30);
  await find(s, b.token, 'b_1'); // 3: another merchant's, does not count
  await find(s, a.token, 'a_1'); // 4
  await sleep(30);
  await find(s, a.token, 'a_2'); // 5
  const res = await pending;
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.code, 0);
  t.equal(body.response.done, true);
  t.same(ids(body.response.entries), [5, 4]);
  t.same(
    body.response.entries.map((e: Entry) => [e.path, e.merchant_uid, e.status]),
    [
      ['/payments/find/a_2', 'a_2', 404],
      ['/payments/find/a_1', 'a_1', 404],
    ],
  );
  t.ok(body.response.waited_ms >= 50 && body.response.waited_ms < 10_000, `waited ${body.response.waited_ms} ms`);
  // Already there: at once; entries are the newest `count` matches.
  const now = (await wait(s, `?merchant=${a.code}&merchant_uid=a_1`)).json().response;
  t.same([now.done, ids(now.entries)], [true, [4]]);
  const newest = (await wait(s, '?path=/payments/find/*&count=1')).json().response;
  t.same(ids(newest.entries), [5]);
});

t.test('the wait times out with done false and what it has', async (t) => {
  const s = await build(t);
  await s.call('GET', '/payments/find/o1'); // 1 getToken, 2
  const res = await wait(s, '?path=/payments/find/*&count=3&timeout_ms=150');
  t.equal(res.statusCode, 200);
  const r = res.json().response;
  t.equal(r.done, false);
  t.same(ids(r.entries), [2]);
  t.ok(r.waited_ms >= 150, `waited ${r.waited_ms} ms`);
  const later = (await wait(s, `?since=${T0 + 1}&timeout_ms=0`)).json().response;
  t.same([later.done, later.entries], [false, []], 'since filters too (the clock has not moved)');
});

t.test('the wait refuses bad input in the envelope', async (t) => {
  const s = await build(t);
  for (const qs of ['?timeout_ms=60001', '?count=0', '?timeout_ms=-1', '?limit=5', '?since=soon']) {
    const res = await wait(s, qs);
    t.equal(res.statusCode, 400, qs);
    t.equal(res.json().code, -1, qs);
  }
  const unknown = await wait(s, '?merchant=nobody&timeout_ms=0');
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().code, -1);
});

t.test('the wait ends when the client goes away', async (t) => {
  const s = await build(t);
  const ended: number[] = [];
  s.app.addHook('onResponse', async (req) => {
    if (req.url.startsWith('/__sandbox/requests/wait')) ended.push(Date.now());
  });
  const ac = new AbortController();
  const started = Date.now();
  const pending = wait(s, '?count=5&timeout_ms=30000', ac.signal).catch((e: Error) => e);
  await sleep(50);
  ac.abort();
  await pending;
  for (let i = 0; i < 100 && ended.length === 0; i++) await sleep(10);
  t.equal(ended.length, 1, 'the handler answered');
  t.ok(ended[0]! - started < 5_000, `ended ${ended[0]! - started} ms after it began, not at the 30 s timeout`);
});

t.test('the wait ends when the app closes', async (t) => {
  const s = await makeSandbox();
  const started = Date.now();
  const pending = wait(s, '?count=5&timeout_ms=30000');
  await sleep(50);
  await s.close();
  const res = await pending;
  t.equal(res.statusCode, 200);
  t.same(res.json().response.done, false);
  t.ok(Date.now() - started < 5_000, `answered after ${Date.now() - started} ms`);
});

t.test('SandboxControl.requests.wait over HTTP', async (t) => {
  const s = await build(t);
  const url = await s.app.listen({ port: 0, host: '127.0.0.1' });
  const control = new SandboxControl(url);
  const pending = control.requests.wait({
    path: '/payments/find/*',
    merchant: 'default',
    count: 2,
    timeout_ms: 10_000,
  });
  await sleep(30);
  await s.call('GET', '/payments/find/w1'); // 1 getToken, 2
  await s.call('GET', '/payments/find/w2'); // 3
  const r = await pending;
  t.equal(r.done, true);
  t.same(ids(r.entries), [3, 2]);
  const timedOut = await control.requests.wait({ merchant_uid: 'w9', since: new Date(T0), timeout_ms: 20 });
  t.same([timedOut.done, timedOut.entries], [false, []]);
  await t.rejects(control.requests.wait({ timeout_ms: 60_001 }), { status: 400, code: -1 });
});

t.test("a stale or expired token's 401 is journaled under the merchant of the token", async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A'); // 1
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 31 * 60 } });
  const expired = await find(s, a.token, 'x'); // 2
  t.equal(expired.status, 401);
  const m = (await s.app.inject({ method: 'GET', url: `/__sandbox/merchants/${a.id}` })).json().response;
  const fresh = await s.token(m.imp_key, m.imp_secret); // 3: a new token; the old one is stale now
  t.not(fresh, a.token);
  const stale = await find(s, a.token, 'y'); // 4
  t.equal(stale.status, 401);
  t.equal((await find(s, fresh, 'z')).status, 404, 'the fresh token works'); // 5
  t.same(
    (await journal(s, `?merchant=${a.id}`)).map((e) => [e.id, e.path, e.status, e.merchant]),
    [
      [5, '/payments/find/z', 404, a.id],
      [4, '/payments/find/y', 401, a.id],
      [3, '/users/getToken', 200, a.id],
      [2, '/payments/find/x', 401, a.id],
      [1, '/users/getToken', 200, a.id],
    ],
  );
  const unknown = await s.call('GET', '/payments/find/u', undefined, { token: 'f'.repeat(40) }); // 6
  t.equal(unknown.status, 401);
  t.same(
    (await journal(s, '?limit=1')).map((e) => [e.id, e.merchant]),
    [[6, null]],
    'an unknown token: no merchant',
  );
});

t.test('a schedule request is found by any merchant_uid of its schedules[]', async (t) => {
  const s = await build(t);
  t.equal((await s.call('POST', '/subscribe/customers/c1', CARD)).body.code, 0); // 1 getToken, 2
  const at = T0 / 1000 + 3600;
  const sched = await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c1',
    schedules: [
      { merchant_uid: 's_1', schedule_at: at, amount: 1000 },
      { merchant_uid: 's_2', schedule_at: at + 3600, amount: 1000 },
    ],
  }); // 3
  t.equal(sched.status, 200);
  t.equal(sched.body.code, 0);
  await s.call('POST', '/subscribe/payments/again', { customer_uid: 'c1', merchant_uid: 'o_1', amount: 500 }); // 4
  // 5: unschedule names its payments in a merchant_uid array
  const unsched = await s.call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c1', merchant_uid: ['s_2'] });
  t.equal(unsched.body.code, 0);
  t.same(ids(await journal(s, '?merchant_uid=s_1')), [3]);
  t.same(ids(await journal(s, '?merchant_uid=s_2')), [5, 3]);
  t.same(ids(await journal(s, '?merchant_uid=o_1')), [4]);
  const [entry] = await journal(s, '?merchant_uid=s_1');
  t.equal(entry!.path, '/subscribe/payments/schedule');
  t.equal(entry!.merchant_uid, null, 'merchant_uid stays the top-level field');
  t.same(entry!.merchant_uids, ['s_1', 's_2']);
  const [again] = await journal(s, '?merchant_uid=o_1');
  t.equal(again!.merchant_uid, 'o_1');
  t.same(again!.merchant_uids, ['o_1']);
  const w = (await wait(s, '?merchant_uid=s_2&count=2&timeout_ms=0')).json().response;
  t.same([w.done, ids(w.entries)], [true, [5, 3]], 'the wait matches them the same way');
});
