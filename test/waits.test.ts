// The control API's long polls: GET /__sandbox/webhooks/wait, /__sandbox/webhooks/idle, /__sandbox/schedules/wait,
// through app.inject. Wall-time figures are bounds with wide margins, never exact timings.

import t from 'tap';
import { build, CARD, T0, type Teardown } from './helpers.js';
import { startReceiver } from './receiver.js';
import type { ConfigInput } from '../src/config.js';
import type { FaultRuleInput } from '../src/control.js';
import { FaultRuleBodySchema } from '../src/schemas/faults.js';

const S0 = T0 / 1000;

/** A sandbox with billing key `c` of the default merchant, fault rules, and a receiver closed at the end. */
async function setup(t: Teardown, config: Partial<ConfigInput> = {}, rules: FaultRuleInput[] = []) {
  const s = await build(t, config);
  for (const rule of rules) s.sb.faults.add(FaultRuleBodySchema.parse(rule));
  await s.call('POST', '/subscribe/customers/c', CARD);
  const again = async (merchant_uid: string, notice_url: string) =>
    (await s.call('POST', '/subscribe/payments/again', { customer_uid: 'c', merchant_uid, amount: 1000, notice_url }))
      .body.response;
  /** A control call: status and parsed envelope. */
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await s.app.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, body: res.json() };
  };
  return { s, again, get };
}

async function receiver(t: Teardown, opts: Parameters<typeof startReceiver>[0] = {}) {
  const rx = await startReceiver(opts);
  t.teardown(rx.close);
  return rx;
}

t.test('webhooks/wait answers as soon as the delivery is done, long before its timeout', async (t) => {
  const { s, again, get } = await setup(t);
  const rx = await receiver(t);
  // Asked before the payment exists: the wait sees the delivery appear, go, and end.
  const waiting = get('/__sandbox/webhooks/wait?merchant=default&merchant_uid=w1&timeout_ms=20000');
  const p = await again('w1', rx.url);
  const { status, body } = await waiting;
  t.equal(status, 200);
  t.equal(body.code, 0);
  t.equal(body.message, null);
  t.equal(body.response.done, true);
  t.ok(body.response.waited_ms < 10_000, 'answered early');
  t.equal(body.response.deliveries.length, 1);
  const [d] = body.response.deliveries;
  t.equal(d.status, 'delivered');
  t.same(d.payload, { imp_uid: p.imp_uid, merchant_uid: 'w1', status: 'paid' });
  t.equal(d.attempts.length, 1);
  t.equal(d.attempts[0].status_code, 200);
  t.equal(rx.got.length, 1);
  t.equal(s.sb.store.webhooks.list({ merchant_uid: 'w1' })[0]!.status, 'delivered');
});

t.test('webhooks/wait at its timeout: done false, with the deliveries as they stand (in seconds)', async (t) => {
  const { s, again, get } = await setup(t, {}, [
    { match: { merchant_uid: 'late' }, effect: { type: 'webhook_delay', seconds: 30 } },
  ]);
  const rx = await receiver(t);
  await again('late', rx.url);
  const first = await get('/__sandbox/webhooks/wait?merchant_uid=late&timeout_ms=60');
  t.equal(first.status, 200);
  t.equal(first.body.response.done, false);
  t.ok(first.body.response.waited_ms >= 50, 'waited about the timeout');
  t.equal(first.body.response.deliveries.length, 1);
  const [held] = first.body.response.deliveries;
  t.equal(held.status, 'pending');
  t.equal(held.fault, 'delay');
  t.equal(held.created_at, S0);
  t.equal(held.next_attempt_at, S0 + 30, 'next_attempt_at is UNIX seconds, like created_at');
  t.same(held.attempts, []);
  t.equal(rx.got.length, 0);

  // timeout_ms=0 looks once.
  const once = await get('/__sandbox/webhooks/wait?merchant_uid=late&timeout_ms=0');
  t.equal(once.body.response.done, false);

  s.sb.clock.advance(30_000);
  const after = await get('/__sandbox/webhooks/wait?merchant_uid=late&timeout_ms=20000');
  t.equal(after.body.response.done, true);
  const [sent] = after.body.response.deliveries;
  t.equal(sent.status, 'delivered');
  t.equal(sent.next_attempt_at, null);
  t.equal(sent.attempts[0].attempted_at, S0 + 30);
});

t.test('webhooks/wait with count waits for that many, and status is the payment status', async (t) => {
  const { s, again, get } = await setup(t, {}, [
    { match: { merchant_uid: 'dup' }, effect: { type: 'webhook_duplicate' } },
  ]);
  const rx = await receiver(t);
  const p = await again('dup', rx.url);
  const two = await get('/__sandbox/webhooks/wait?merchant_uid=dup&count=2&timeout_ms=20000');
  t.equal(two.body.response.done, true);
  t.same(
    two.body.response.deliveries.map((d: { status: string; fault: string }) => [d.status, d.fault]),
    [
      ['delivered', 'duplicate'],
      ['delivered', 'duplicate'],
    ],
  );
  const three = await get('/__sandbox/webhooks/wait?merchant_uid=dup&count=3&timeout_ms=40');
  t.equal(three.body.response.done, false);
  t.equal(three.body.response.deliveries.length, 2, 'the two there are');

  // A cancel with enable_webhook notifies where the approval went: one `cancelled` beside two `paid`.
  const cancel = await s.call('POST', '/payments/cancel', { imp_uid: p.imp_uid, enable_webhook: true });
  t.equal(cancel.body.code, 0);
  const cancelled = await get(`/__sandbox/webhooks/wait?imp_uid=${p.imp_uid}&status=cancelled&timeout_ms=20000`);
  t.equal(cancelled.body.response.done, true);
  t.same(
    cancelled.body.response.deliveries.map((d: { payload: { status: string } }) => d.payload.status),
    ['cancelled'],
  );
  const paid = await get(`/__sandbox/webhooks/wait?imp_uid=${p.imp_uid}&status=paid&count=2&timeout_ms=0`);
  t.equal(paid.body.response.done, true);
  t.equal(paid.body.response.deliveries.length, 2);
  const ready = await get(`/__sandbox/webhooks/wait?imp_uid=${p.imp_uid}&status=ready&timeout_ms=0`);
  t.same([ready.body.response.done, ready.body.response.deliveries], [false, []]);
  t.equal(rx.got.length, 3);
});

t.test('webhooks/wait counts a delivery failed for good as done, and a planned retry as not', async (t) => {
  const { s, again, get } = await setup(t, { WEBHOOK_RETRIES: 1, WEBHOOK_BACKOFF_SECONDS: 60 });
  const rx = await receiver(t, { status: () => 500 });
  await again('r1', rx.url);
  // Idle once the first attempt is over: the retry is held back, so it is not waited for.
  t.equal((await get('/__sandbox/webhooks/idle?timeout_ms=20000')).body.response.held_back, 1);
  const retrying = await get('/__sandbox/webhooks/wait?merchant_uid=r1&timeout_ms=30');
  t.equal(retrying.body.response.done, false);
  const [d] = retrying.body.response.deliveries;
  t.equal(d.status, 'pending');
  t.equal(d.attempts.length, 1);
  t.equal(d.next_attempt_at, d.attempts[0].attempted_at + 60, 'the retry is planned in seconds');
  s.sb.clock.advance(60_000);
  const failed = await get('/__sandbox/webhooks/wait?merchant_uid=r1&timeout_ms=20000');
  t.equal(failed.body.response.done, true);
  t.equal(failed.body.response.deliveries[0].status, 'failed');
  t.equal(failed.body.response.deliveries[0].attempts.length, 2);
  t.equal(rx.got.length, 2);
});

t.test('webhooks/idle waits for deliveries in flight, of one merchant or of all', async (t) => {
  const { s, again, get } = await setup(t, { WEBHOOK_TIMEOUT_MS: 400 });
  const rx = await receiver(t, { hang: true });
  const other = await s.app.inject({ method: 'POST', url: '/__sandbox/merchants', payload: { name: 'worker 2' } });
  const otherId = other.json().response.id as string;
  await again('h1', rx.url);
  // Until the receiver has the request, the delivery is in flight (or due); it stays in flight while it hangs.
  while (rx.got.length === 0) await new Promise((r) => setTimeout(r, 5));
  const busy = await get('/__sandbox/webhooks/idle?merchant=default&timeout_ms=40');
  t.equal(busy.status, 200);
  t.equal(busy.body.response.done, false);
  t.same(
    busy.body.response.busy.map((d: { status: string; payload: { merchant_uid: string } }) => [
      d.status,
      d.payload.merchant_uid,
    ]),
    [['delivering', 'h1']],
  );
  t.equal(busy.body.response.held_back, 0);
  const elsewhere = await get(`/__sandbox/webhooks/idle?merchant=${otherId}&timeout_ms=40`);
  t.same([elsewhere.body.response.done, elsewhere.body.response.busy], [true, []], 'another tenant is idle');

  const idle = await get('/__sandbox/webhooks/idle?timeout_ms=20000');
  t.equal(idle.body.response.done, true);
  t.same(idle.body.response.busy, []);
  const [d] = s.sb.store.webhooks.list({ merchant_uid: 'h1' });
  t.equal(d!.status, 'failed');
  t.equal(d!.attempts[0]!.error, 'read timeout (400 ms)');
});

t.test('webhooks/idle does not wait for a held-back delivery, and reports it', async (t) => {
  const { s, again, get } = await setup(t, {}, [{ effect: { type: 'webhook_delay', seconds: 60 } }]);
  const rx = await receiver(t);
  await again('held', rx.url);
  const idle = await get('/__sandbox/webhooks/idle?merchant=default&timeout_ms=20000');
  t.equal(idle.body.response.done, true);
  t.ok(idle.body.response.waited_ms < 10_000);
  t.same(idle.body.response.busy, []);
  t.equal(idle.body.response.held_back, 1);
  t.equal(rx.got.length, 0);
  t.equal(s.sb.store.webhooks.list({ merchant_uid: 'held' })[0]!.status, 'pending');

  s.sb.clock.advance(60_000);
  const after = await get('/__sandbox/webhooks/idle?merchant=default&timeout_ms=20000');
  t.same([after.body.response.done, after.body.response.held_back], [true, 0]);
  t.equal(rx.got.length, 1);
  t.equal(s.sb.store.webhooks.list({ merchant_uid: 'held' })[0]!.status, 'delivered');
});

t.test('a clock off the whole second: a delivery due now goes now, a delay goes on its second', async (t) => {
  const { s, again, get } = await setup(t, { CLOCK: '2026-01-01T00:00:00.750Z' }, [
    { match: { merchant_uid: 'd30' }, effect: { type: 'webhook_delay', seconds: 30 } },
  ]);
  const rx = await receiver(t);
  await again('now', rx.url);
  const now = await get('/__sandbox/webhooks/wait?merchant_uid=now&timeout_ms=20000');
  t.equal(now.body.response.done, true);
  t.equal(now.body.response.deliveries[0].created_at, S0);
  t.equal(now.body.response.deliveries[0].attempts[0].attempted_at, S0);

  await again('d30', rx.url);
  s.sb.clock.advance(29_000);
  const early = await get('/__sandbox/webhooks/wait?merchant_uid=d30&timeout_ms=60');
  t.equal(early.body.response.done, false);
  t.equal(early.body.response.deliveries[0].next_attempt_at, S0 + 30);
  s.sb.clock.advance(1_000);
  const due = await get('/__sandbox/webhooks/wait?merchant_uid=d30&timeout_ms=20000');
  t.equal(due.body.response.done, true);
  t.equal(due.body.response.deliveries[0].attempts[0].attempted_at, S0 + 30);
  t.same(
    rx.got.map((g) => g.data.merchant_uid),
    ['now', 'd30'],
  );
});

t.test('schedules/wait answers once the schedules ran, after a clock move', async (t) => {
  const { s, get } = await setup(t);
  const rx = await receiver(t);
  const res = await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [
      { merchant_uid: 'sub_1', schedule_at: S0 + 3600, amount: 9900, name: 'plan', notice_url: rx.url },
      { merchant_uid: 'sub_2', schedule_at: S0 + 7200, amount: 9900, name: 'plan', notice_url: rx.url },
    ],
  });
  t.equal(res.body.code, 0);

  const before = await get('/__sandbox/schedules/wait?merchant=default&merchant_uid=sub_1&timeout_ms=40');
  t.equal(before.status, 200);
  t.equal(before.body.response.done, false);
  t.same(
    before.body.response.schedules.map((x: { merchant_uid: string; schedule_status: string }) => [
      x.merchant_uid,
      x.schedule_status,
    ]),
    [['sub_1', 'scheduled']],
  );

  const waiting = get('/__sandbox/schedules/wait?merchant=default&merchant_uid=sub_1&timeout_ms=20000');
  const moved = await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 3600 } });
  t.equal(moved.statusCode, 200);
  const ran = await waiting;
  t.equal(ran.body.response.done, true);
  const [one] = ran.body.response.schedules;
  t.equal(one.schedule_status, 'executed');
  t.equal(one.payment_status, 'paid');
  t.equal(one.executed_at, S0 + 3600);
  t.match(one.imp_uid, /^imps_/);

  // Without count every matching schedule must have run; with count, that many.
  const all = await get('/__sandbox/schedules/wait?customer_uid=c&timeout_ms=40');
  t.equal(all.body.response.done, false);
  t.same(
    all.body.response.schedules.map((x: { schedule_status: string }) => x.schedule_status),
    ['executed', 'scheduled'],
  );
  const some = await get('/__sandbox/schedules/wait?customer_uid=c&count=1&timeout_ms=0');
  t.equal(some.body.response.done, true);
  const none = await get('/__sandbox/schedules/wait?customer_uid=nobody&timeout_ms=0');
  t.same([none.body.response.done, none.body.response.schedules], [false, []]);

  // The schedule's webhook, waited for by the schedule's merchant_uid.
  const hook = await get('/__sandbox/webhooks/wait?merchant_uid=sub_1&status=paid&timeout_ms=20000');
  t.equal(hook.body.response.done, true);
  t.equal(hook.body.response.deliveries[0].payload.imp_uid, one.imp_uid);
  t.equal(hook.body.response.deliveries[0].created_at, S0 + 3600);
});

t.test('bad query parameters are a 400 in the envelope; an unknown merchant a 404', async (t) => {
  const { get } = await setup(t);
  const cases: [string, RegExp][] = [
    ['/__sandbox/webhooks/wait?timeout_ms=-1', /timeout_ms/],
    ['/__sandbox/webhooks/wait?timeout_ms=60001', /timeout_ms/],
    ['/__sandbox/webhooks/wait?timeout_ms=soon', /timeout_ms/],
    ['/__sandbox/webhooks/wait?count=0', /count/],
    ['/__sandbox/webhooks/wait?status=delivered', /status/],
    ['/__sandbox/webhooks/wait?timeout=100', /timeout/],
    ['/__sandbox/webhooks/idle?timeout_ms=1.5', /timeout_ms/],
    ['/__sandbox/webhooks/idle?merchant_uid=x', /merchant_uid/],
    ['/__sandbox/schedules/wait?count=-3', /count/],
    ['/__sandbox/schedules/wait?timeout_ms=100000', /timeout_ms/],
    ['/__sandbox/webhooks?status=paid', /status/],
  ];
  for (const [url, message] of cases) {
    const res = await get(url);
    t.equal(res.status, 400, url);
    t.match(res.body, { code: -1, message, response: null }, url);
    t.match(res.body.message, /^잘못된 요청 파라미터입니다\./, url);
  }
  for (const url of [
    '/__sandbox/webhooks/wait?merchant=nope&timeout_ms=0',
    '/__sandbox/webhooks/idle?merchant=nope',
    '/__sandbox/schedules/wait?merchant=nope',
  ]) {
    const res = await get(url);
    t.equal(res.status, 404, url);
    t.same(res.body, { code: -1, message: 'Unknown merchant "nope" (give its id or merchant code)', response: null });
  }
});

t.test('with SANDBOX_ADMIN_TOKEN the waits need the token', async (t) => {
  const { get } = await setup(t, { SANDBOX_ADMIN_TOKEN: 'secret-admin' });
  for (const url of [
    '/__sandbox/webhooks/wait?timeout_ms=0',
    '/__sandbox/webhooks/idle?timeout_ms=0',
    '/__sandbox/schedules/wait?timeout_ms=0',
  ]) {
    const without = await get(url);
    t.equal(without.status, 401, url);
    t.same(without.body, {
      code: -1,
      message: 'Sandbox admin token required: send X-Sandbox-Admin-Token (or Authorization: Bearer <token>)',
      response: null,
    });
    const wrong = await get(url, { 'x-sandbox-admin-token': 'wrong-token' });
    t.equal(wrong.status, 401, url);
    const right = await get(url, { 'x-sandbox-admin-token': 'secret-admin' });
    t.equal(right.status, 200, url);
    t.equal(right.body.code, 0);
    const bearer = await get(url, { authorization: 'Bearer secret-admin' });
    t.equal(bearer.status, 200, url);
  }
});

t.test('closing the app ends a wait at once with what it has', async (t) => {
  const { s, get } = await setup(t);
  const waiting = get('/__sandbox/webhooks/wait?merchant_uid=never&timeout_ms=60000');
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await s.app.close();
  const { status, body } = await waiting;
  t.ok(Date.now() - started < 10_000, 'close did not wait for the timeout');
  t.equal(status, 200);
  t.same([body.response.done, body.response.deliveries], [false, []]);
  t.ok(body.response.waited_ms < 30_000);
});
