// The control client's webhook and schedule methods (SandboxControl.webhooks, .schedules) against a listening sandbox,
// and what ends a long poll over a real socket: the client going away, the sandbox closing.

import t from 'tap';
import { type SandboxControl, SandboxControlError, startSandbox } from '../src/index.js';
import { CARD, T0, type Teardown } from './helpers.js';
import { startReceiver } from './receiver.js';

const S0 = T0 / 1000;

async function rest(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await res.json()) as { code: number; message: string | null; response: any };
}

/** A tenant of its own with the receiver as its default webhook URL, a billing key `c1`, and its token. */
async function tenant(url: string, control: SandboxControl, webhookUrl: string) {
  const m = await control.createMerchant({ name: 'waits worker', webhook_url: webhookUrl });
  const token = (await rest(url, 'POST', '/users/getToken', { imp_key: m.imp_key, imp_secret: m.imp_secret })).response
    .access_token as string;
  await rest(url, 'POST', '/subscribe/customers/c1', CARD, token);
  return { m, token };
}

async function sandboxFor(t: Teardown, adminToken?: string) {
  const sandbox = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'test', adminToken });
  t.teardown(sandbox.close);
  const rx = await startReceiver();
  t.teardown(rx.close);
  return { sandbox, rx };
}

t.test('webhooks.{wait, list, idle, redeliver} and schedules.wait drive a tenant without a poller', async (t) => {
  const { sandbox, rx } = await sandboxFor(t);
  const { control, url } = sandbox;
  const { m, token } = await tenant(url, control, rx.url);

  const paid = await rest(
    url,
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'c1', merchant_uid: 'o1', amount: 500 },
    token,
  );
  t.equal(paid.response.status, 'paid');
  const w = await control.webhooks.wait({ merchant: m.id, merchant_uid: 'o1', timeout_ms: 20_000 });
  t.equal(w.done, true);
  t.equal(w.deliveries.length, 1);
  t.equal(w.deliveries[0]!.status, 'delivered');
  t.equal(w.deliveries[0]!.url, rx.url);
  t.same(w.deliveries[0]!.payload, { imp_uid: paid.response.imp_uid, merchant_uid: 'o1', status: 'paid' });
  t.equal(rx.got.length, 1);

  const log = await control.webhooks.list({ merchant: m.merchant_code });
  t.same(
    log.map((d) => [d.id, d.status, d.created_at, d.next_attempt_at]),
    [[w.deliveries[0]!.id, 'delivered', S0, null]],
  );
  t.same(await control.webhooks.list({ merchant: 'default' }), [], 'the fixture merchant has none');
  t.same(await control.webhooks.list({ merchant: m.id, status: 'failed' }), []);

  const idle = await control.webhooks.idle({ merchant: m.id });
  t.same([idle.done, idle.busy, idle.held_back], [true, [], 0]);

  const again = await control.webhooks.redeliver(log[0]!.id);
  t.same(
    again.attempts.map((a) => [a.n, a.status_code, a.manual]),
    [
      [1, 200, false],
      [2, 200, true],
    ],
  );
  t.equal(rx.got.length, 2);

  const scheduled = await rest(
    url,
    'POST',
    '/subscribe/payments/schedule',
    { customer_uid: 'c1', schedules: [{ merchant_uid: 's1', schedule_at: S0 + 60, amount: 700, name: 'plan' }] },
    token,
  );
  t.equal(scheduled.code, 0);
  const notYet = await control.schedules.wait({ merchant: m.id, customer_uid: 'c1', timeout_ms: 30 });
  t.same([notYet.done, notYet.schedules.map((s) => s.schedule_status)], [false, ['scheduled']]);
  await control.clock.advance(60);
  const ran = await control.schedules.wait({ merchant: m.id, customer_uid: 'c1' });
  t.equal(ran.done, true);
  t.same(
    ran.schedules.map((s) => [s.merchant_uid, s.schedule_status, s.payment_status, s.executed_at]),
    [['s1', 'executed', 'paid', S0 + 60]],
  );
  const both = await control.webhooks.wait({ merchant: m.id, status: 'paid', count: 2, timeout_ms: 20_000 });
  t.equal(both.done, true);
  t.same(
    both.deliveries.map((d) => d.payload.merchant_uid),
    ['o1', 's1'],
  );

  const refused = await control.webhooks.wait({ timeout_ms: -5 }).catch((e: unknown) => e);
  t.type(refused, SandboxControlError);
  t.match(refused, { status: 400, code: -1, message: /timeout_ms/ });
  const unknown = await control.schedules.wait({ merchant: 'nope' }).catch((e: unknown) => e);
  t.match(unknown, { status: 404, code: -1 });
  const missing = await control.webhooks.redeliver(999).catch((e: unknown) => e);
  t.match(missing, { status: 404, code: -1, message: /Unknown webhook delivery 999/ });
});

t.test('with an admin token the client sends it; without it the waits are refused', async (t) => {
  const { sandbox } = await sandboxFor(t, 'secret-admin');
  const idle = await sandbox.control.webhooks.idle({ timeout_ms: 0 });
  t.equal(idle.done, true);
  const { SandboxControl } = await import('../src/index.js');
  const bare = new SandboxControl(sandbox.url);
  for (const call of [
    () => bare.webhooks.idle(),
    () => bare.webhooks.wait({ timeout_ms: 0 }),
    () => bare.webhooks.list(),
    () => bare.schedules.wait({ timeout_ms: 0 }),
  ]) {
    const e = await call().catch((err: unknown) => err);
    t.type(e, SandboxControlError);
    t.match(e, { status: 401, code: -1 });
  }
});

t.test('a client that goes away ends its wait; closing the sandbox ends the others at once', async (t) => {
  const { sandbox } = await sandboxFor(t);
  const store = sandbox.sandbox.store.webhooks;
  const list = store.list.bind(store);
  let looks = 0;
  store.list = (f) => {
    looks++;
    return list(f);
  };
  const ac = new AbortController();
  const gone = fetch(`${sandbox.url}/__sandbox/webhooks/wait?merchant_uid=never&timeout_ms=60000`, {
    signal: ac.signal,
  }).catch((e: Error) => e.name);
  await new Promise((r) => setTimeout(r, 100));
  t.ok(looks > 0, 'the wait was looking');
  ac.abort();
  t.equal(await gone, 'AbortError');
  await new Promise((r) => setTimeout(r, 100));
  const after = looks;
  await new Promise((r) => setTimeout(r, 200));
  t.equal(looks, after, 'no more looks once the client left');

  const pending = sandbox.control.webhooks.wait({ merchant_uid: 'never', timeout_ms: 60_000 });
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await sandbox.close();
  t.ok(Date.now() - started < 10_000, 'close did not wait for the 60 s timeout');
  const answer = await pending;
  t.same([answer.done, answer.deliveries], [false, []]);
});
