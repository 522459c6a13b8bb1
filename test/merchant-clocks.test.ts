// Merchant-scoped clocks (issue 13): POST /__sandbox/clock {merchant, ...} moves one merchant's own clock; its token
// expiry, schedules, virtual-account due dates, timestamps and journal follow it; the other merchants keep the sandbox
// clock; a merchant reset puts it back.

import t from 'tap';
import { build, type BuiltSandbox, CARD, T0, WINDOW_CARD } from './helpers.js';

const S0 = T0 / 1000;
const DAY = 86_400;

interface Tenant {
  id: string;
  code: string;
  token(): Promise<string>;
  call(method: 'GET' | 'POST', url: string, payload?: object): ReturnType<BuiltSandbox['call']>;
}

/** A merchant created through the control API (channels copied from the default merchant), with its own token. */
async function tenant(s: BuiltSandbox, name: string): Promise<Tenant> {
  const m = (await s.call('POST', '/__sandbox/merchants', { name }, { token: null })).body.response;
  const token = async () => (await s.token(m.imp_key, m.imp_secret)) as string;
  return {
    id: m.id,
    code: m.merchant_code,
    token,
    call: async (method, url, payload) => s.call(method, url, payload, { token: await token() }),
  };
}

const clock = (s: BuiltSandbox, body: object) => s.call('POST', '/__sandbox/clock', body, { token: null });

t.test('moving one merchant clock leaves the sandbox clock and the other merchants where they were', async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'worker A');
  const b = await tenant(s, 'worker B');
  const moved = await clock(s, { merchant: a.id, advance_seconds: 3600 });
  t.equal(moved.status, 200);
  t.same(moved.body.response, {
    now: T0 + 3_600_000,
    now_iso: '2026-01-01T01:00:00.000Z',
    now_seconds: S0 + 3600,
    mode: 'fixed',
    merchant: a.id,
    own: true,
  });
  // By merchant code too.
  const byCode = await s.call('GET', `/__sandbox/clock?merchant=${a.code}`, undefined, { token: null });
  t.equal(byCode.body.response.now_seconds, S0 + 3600);
  t.equal(byCode.body.response.merchant, a.id);
  const other = await s.call('GET', `/__sandbox/clock?merchant=${b.id}`, undefined, { token: null });
  t.same([other.body.response.now_seconds, other.body.response.own], [S0, false]);
  const root = await s.call('GET', '/__sandbox/clock', undefined, { token: null });
  t.same(root.body.response, { now: T0, now_iso: '2026-01-01T00:00:00.000Z', now_seconds: S0, mode: 'fixed' });
  // Moving the sandbox clock no longer moves A, which has its own.
  await clock(s, { advance_seconds: 60 });
  t.equal(
    (await s.call('GET', `/__sandbox/clock?merchant=${a.id}`, undefined, { token: null })).body.response.now_seconds,
    S0 + 3600,
  );
  t.equal(
    (await s.call('GET', `/__sandbox/clock?merchant=${b.id}`, undefined, { token: null })).body.response.now_seconds,
    S0 + 60,
  );
  // set works on one merchant too, ISO or seconds.
  const set = await clock(s, { merchant: b.id, set: '2026-03-01T00:00:00Z' });
  t.equal(set.body.response.now_iso, '2026-03-01T00:00:00.000Z');
  t.equal(set.body.response.own, true);
  const unknown = await clock(s, { merchant: 'm_nobody', advance_seconds: 1 });
  t.equal(unknown.status, 404);
  t.same(unknown.body, {
    code: -1,
    message: 'Unknown merchant "m_nobody" (give its id or merchant code)',
    response: null,
  });
});

t.test("a merchant's tokens expire by its own clock; the others' do not", async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A');
  const b = await tenant(s, 'B');
  const tokA = await a.token();
  const tokB = await b.token();
  const issued = await s.call('POST', '/users/getToken', { imp_key: 'x', imp_secret: 'y' }, { token: null });
  t.equal(issued.status, 401);
  await clock(s, { merchant: a.id, advance_seconds: 31 * 60 });
  const staleA = await s.call('GET', '/payments/imps_none', undefined, { token: tokA });
  t.equal(staleA.status, 401);
  t.same(staleA.body, { code: -1, message: 'Unauthorized', response: null });
  const liveB = await s.call('GET', '/payments/imps_none', undefined, { token: tokB });
  t.equal(liveB.status, 404, "B's token still works: B's clock did not move");
  // A fresh token of A is dated on A's clock.
  const fresh = await s.call(
    'POST',
    '/users/getToken',
    {
      imp_key: (await s.sb.store.merchants.get(a.id))!.imp_key,
      imp_secret: s.sb.store.merchants.get(a.id)!.imp_secret,
    },
    { token: null },
  );
  t.equal(fresh.body.response.now, S0 + 31 * 60);
  t.equal(fresh.body.response.expired_at, S0 + 31 * 60 + 30 * 60);
});

t.test("payments are dated on their merchant's clock", async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A');
  const b = await tenant(s, 'B');
  await clock(s, { merchant: a.id, set: S0 + 10 * DAY });
  for (const m of [a, b]) await m.call('POST', '/subscribe/customers/c1', CARD);
  const pa = (
    await a.call('POST', '/subscribe/payments/again', { customer_uid: 'c1', merchant_uid: 'o1', amount: 100 })
  ).body.response;
  const pb = (
    await b.call('POST', '/subscribe/payments/again', { customer_uid: 'c1', merchant_uid: 'o1', amount: 100 })
  ).body.response;
  t.same([pa.status, pa.started_at, pa.paid_at], ['paid', S0 + 10 * DAY, S0 + 10 * DAY]);
  t.same([pb.status, pb.started_at, pb.paid_at], ['paid', S0, S0]);
  const key = (await a.call('GET', '/subscribe/customers/c1')).body.response;
  t.same([key.inserted, key.updated], [S0 + 10 * DAY, S0 + 10 * DAY]);
  // The journal stamps A's request on A's clock.
  const [entry] = (
    await s.call('GET', `/__sandbox/requests?merchant=${a.id}&path=/subscribe/payments/again`, undefined, {
      token: null,
    })
  ).body.response;
  t.equal(entry.at, (S0 + 10 * DAY) * 1000);
});

t.test("schedules run when their merchant's clock passes them, not another's", async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A');
  const b = await tenant(s, 'B');
  for (const m of [a, b]) {
    await m.call('POST', '/subscribe/customers/c1', CARD);
    const r = await m.call('POST', '/subscribe/payments/schedule', {
      customer_uid: 'c1',
      schedules: [{ merchant_uid: 'monthly_1', schedule_at: S0 + DAY, amount: 9900 }],
    });
    t.equal(r.body.code, 0);
  }
  const status = async (m: Tenant) =>
    (await m.call('GET', '/subscribe/payments/schedule/monthly_1')).body.response.schedule_status as string;
  await clock(s, { merchant: a.id, advance_seconds: 2 * DAY });
  t.equal(await status(a), 'executed', "A's schedule ran, when A's clock moved");
  t.equal(await status(b), 'scheduled', "B's did not");
  const paidA = (await a.call('GET', '/payments/find/monthly_1')).body.response;
  t.same([paidA.status, paidA.paid_at, paidA.customer_uid_usage], ['paid', S0 + DAY, 'payment.scheduled']);
  // The sandbox clock moving runs B's (B follows it) but leaves A alone.
  await clock(s, { advance_seconds: DAY + 1 });
  t.equal(await status(b), 'executed');
  const paidB = (await b.call('GET', '/payments/find/monthly_1')).body.response;
  t.same([paidB.status, paidB.paid_at], ['paid', S0 + DAY]);
  t.equal(
    (await s.call('GET', `/__sandbox/clock?merchant=${a.id}`, undefined, { token: null })).body.response.now_seconds,
    S0 + 2 * DAY,
  );
});

t.test('a merchant whose own clock is behind the sandbox clock does not run its schedules early', async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A');
  await clock(s, { merchant: a.id, advance_seconds: 0 }); // A gets its own clock, at the sandbox's time
  await a.call('POST', '/subscribe/customers/c1', CARD);
  await a.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c1',
    schedules: [{ merchant_uid: 'later', schedule_at: S0 + 3600, amount: 1000 }],
  });
  await clock(s, { advance_seconds: 7200 });
  t.equal((await a.call('GET', '/subscribe/payments/schedule/later')).body.response.schedule_status, 'scheduled');
  await clock(s, { merchant: a.id, advance_seconds: 3600 });
  t.equal((await a.call('GET', '/subscribe/payments/schedule/later')).body.response.schedule_status, 'executed');
});

t.test('a virtual account is due by its merchant clock; the window dates it there too', async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A');
  await clock(s, { merchant: a.id, set: S0 + DAY });
  const open = (
    await s.call(
      'POST',
      '/window/api/requests',
      {
        merchant: a.code,
        device: 'pc',
        params: { merchant_uid: 'vb_1', amount: 5000, pay_method: 'vbank', vbank_due: '20260103' },
      },
      { token: null },
    )
  ).body.response;
  t.equal(open.opened, true);
  const done = (await s.call('POST', `/window/api/requests/${open.id}/submit`, { vbank_code: '088' }, { token: null }))
    .body.response;
  t.equal(done.rsp.status, 'ready');
  const issued = (await a.call('GET', `/payments/${done.rsp.imp_uid}`)).body.response;
  t.same([issued.started_at, issued.vbank_issued_at], [S0 + DAY, S0 + DAY]);
  // 2026-01-03 23:59:59 KST = 2026-01-03T14:59:59Z.
  t.equal(issued.vbank_date, Date.parse('2026-01-03T14:59:59Z') / 1000);
  await clock(s, { merchant: a.id, set: '2026-01-04T00:00:00Z' });
  const late = await s.call('POST', `/__sandbox/vbanks/${done.rsp.imp_uid}/deposit`, {}, { token: null });
  t.equal(late.status, 409);
  t.match(late.body.message, /was due at 2026-01-03T14:59:59.000Z/);
  // The sandbox clock is still at S0: a window of another merchant with the same due is fine.
  const other = (
    await s.call(
      'POST',
      '/window/api/requests',
      {
        merchant: 'imp19424728',
        device: 'pc',
        params: { merchant_uid: 'vb_2', amount: 5000, pay_method: 'vbank', vbank_due: '20260103' },
      },
      { token: null },
    )
  ).body.response;
  t.equal(other.opened, true);
  // A card window on A's clock: the payment's paid_at is A's time.
  const card = (
    await s.call(
      'POST',
      '/window/api/requests',
      { merchant: a.code, device: 'pc', params: { merchant_uid: 'w_1', amount: 100 } },
      { token: null },
    )
  ).body.response;
  const paid = (await s.call('POST', `/window/api/requests/${card.id}/submit`, WINDOW_CARD, { token: null })).body
    .response;
  t.equal(paid.rsp.paid_at, Date.parse('2026-01-04T00:00:00Z') / 1000);
});

t.test('a merchant reset (or a whole reset) puts the merchant back on the sandbox clock', async (t) => {
  const s = await build(t);
  const a = await tenant(s, 'A');
  await clock(s, { merchant: a.id, advance_seconds: 999 });
  await s.call('POST', '/__sandbox/reset', { merchant: a.id }, { token: null });
  const after = (await s.call('GET', `/__sandbox/clock?merchant=${a.id}`, undefined, { token: null })).body.response;
  t.same([after.now_seconds, after.own], [S0, false]);
  await clock(s, { merchant: 'default', advance_seconds: 5 });
  t.equal(s.sb.clocks.hasOwn('default'), true);
  await s.call('POST', '/__sandbox/reset', {}, { token: null });
  t.equal(s.sb.clocks.hasOwn('default'), false);
  t.same(s.sb.clocks.owners(), []);
});

t.test("webhook times and retries follow the merchant's clock", async (t) => {
  const { startReceiver } = await import('./receiver.js');
  const rx = await startReceiver({ status: (n) => (n === 1 ? 500 : 200) });
  t.teardown(rx.close);
  const s = await build(t, { WEBHOOK_RETRIES: 1, WEBHOOK_BACKOFF_SECONDS: 60 });
  const a = await tenant(s, 'A');
  await s.call('PATCH', `/__sandbox/merchants/${a.id}`, { webhook_url: `${rx.url}/a` }, { token: null });
  await clock(s, { merchant: a.id, set: S0 + DAY });
  await a.call('POST', '/subscribe/customers/c1', CARD);
  await a.call('POST', '/subscribe/payments/again', { customer_uid: 'c1', merchant_uid: 'o1', amount: 100 });
  await s.sb.webhooks.idle();
  let [w] = s.sb.webhooks.list({ merchant_id: a.id });
  t.same(
    [w?.status, w?.created_at, w?.attempts[0]?.attempted_at, w?.next_attempt_at],
    ['pending', S0 + DAY, S0 + DAY, S0 + DAY + 60],
  );
  // The sandbox clock moving past the retry does nothing: the retry is due on A's clock.
  await clock(s, { advance_seconds: 2 * DAY });
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 1);
  await clock(s, { merchant: a.id, advance_seconds: 60 });
  await s.sb.webhooks.idle();
  [w] = s.sb.webhooks.list({ merchant_id: a.id });
  t.same(
    [w?.status, w?.attempts.length, w?.attempts[1]?.attempted_at, w?.next_attempt_at],
    ['delivered', 2, S0 + DAY + 60, null],
  );
  t.equal(rx.got.length, 2);
});

t.test('Clocks.earliest turns each merchant time into a sandbox-clock time for the alarms', async (t) => {
  const { Clocks, createClock } = await import('../src/sandbox/clock.js');
  const clocks = new Clocks(createClock('fixed', T0));
  t.equal(
    clocks.earliest(() => undefined),
    undefined,
  );
  t.equal(
    clocks.earliest(() => S0 + 50),
    T0 + 50_000,
    'no merchant on its own clock: one question, on the sandbox clock',
  );
  clocks.ownClock('a').advance(100_000);
  const asked: object[] = [];
  const at = clocks.earliest((scope) => {
    asked.push(scope);
    return scope.merchant === 'a' ? S0 + 130 : S0 + 50;
  });
  t.same(asked, [{ except: ['a'] }, { merchant: 'a' }]);
  t.equal(at, T0 + 30_000, "a's 130 s is 30 s ahead of a's clock: 30 s on the sandbox clock, before the others' 50 s");
});
