import t from 'tap';
import { startSandbox, SandboxControl, SandboxControlError } from '../src/index.js';
import { CARD, DEFAULT_KEY, DEFAULT_SECRET } from './helpers.js';

async function rest(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as { code: number; message: string | null; response: any } };
}

t.test('startSandbox listens on a free loopback port and close() stops it', async (t) => {
  const sb = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'test' });
  t.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.equal(sb.config.DB_PATH, ':memory:');
  const health = await fetch(`${sb.url}/__sandbox/health`);
  t.equal(health.status, 200);
  t.same(await sb.control.clock.get(), {
    now: 1767225600000,
    now_iso: '2026-01-01T00:00:00.000Z',
    now_seconds: 1767225600,
    mode: 'fixed',
  });
  await sb.close();
  const after = await fetch(`${sb.url}/__sandbox/health`).then(
    () => 'answered',
    () => 'refused',
  );
  t.equal(after, 'refused');
});

t.test('the control client drives a full test: tenant, fault sequence, clock, journal, reset', async (t) => {
  const sb = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'test' });
  t.teardown(sb.close);
  const control = new SandboxControl(sb.url);
  const m = await control.createMerchant({ name: 'worker 1' });
  t.match(m, { name: 'worker 1', fixture: false });
  const token = (await rest(sb.url, 'POST', '/users/getToken', { imp_key: m.imp_key, imp_secret: m.imp_secret })).body
    .response.access_token as string;
  await rest(sb.url, 'POST', '/subscribe/customers/c1', CARD, token);

  const rule = await control.faults.add({
    match: { merchant: m.id, path: '/subscribe/payments/again' },
    effect: { type: 'decline', fail_reason: '잔액부족' },
    times: 2,
  });
  t.match(rule, { id: 'flt_1', kind: 'business', remaining: 2 });
  t.same(
    (await control.faults.list(m.merchant_code)).map((r) => r.id),
    ['flt_1'],
  );
  const outcomes = [];
  for (const uid of ['o1', 'o2', 'o3'])
    outcomes.push(
      (
        await rest(
          sb.url,
          'POST',
          '/subscribe/payments/again',
          { customer_uid: 'c1', merchant_uid: uid, amount: 500 },
          token,
        )
      ).body.response.status,
    );
  t.same(outcomes, ['failed', 'failed', 'paid']);

  const entries = await control.requests.list({ merchant: m.id, path: '/subscribe/payments/again' });
  t.same(
    entries.map((e) => [e.merchant_uid, e.status, e.code]),
    [
      ['o3', 200, 0],
      ['o2', 200, 0],
      ['o1', 200, 0],
    ],
  );

  await control.clock.advance(1801);
  t.equal(
    (await rest(sb.url, 'GET', '/payments/find/o3', undefined, token)).status,
    401,
    'the token expired with the clock',
  );
  t.equal((await control.clock.set(new Date('2026-02-01T00:00:00Z'))).now_seconds, 1769904000);

  const reset = await control.reset(m.id);
  t.match(reset, { merchant: m.id, faults_removed: 0, requests_removed: 6 });
  t.same(await control.requests.list({ merchant: m.id }), []);
  t.same(await control.faults.clear(), { removed: 0 });
  t.same(await control.requests.clear(), { removed: 0 });
  const updated = await control.merchants.update(m.id, { webhook_url: 'http://127.0.0.1:9/wh' });
  t.equal(updated.webhook_url, 'http://127.0.0.1:9/wh');
  t.equal((await control.merchants.get(m.merchant_code)).id, m.id);
  t.equal((await control.merchants.list()).length, 4);
  t.equal((await control.merchants.remove(m.id)).id, m.id);
  t.same(
    (await control.merchants.list()).map((x) => x.id),
    ['default', 'kicc-only', 'test-channels'],
  );
});

t.test('control client errors carry the status, code and message', async (t) => {
  const sb = await startSandbox({ adminToken: 'secret-admin' });
  t.teardown(sb.close);
  const anonymous = new SandboxControl(sb.url);
  const err = await anonymous.clock.get().catch((e: unknown) => e);
  t.type(err, SandboxControlError);
  t.equal((err as SandboxControlError).status, 401);
  t.equal((err as SandboxControlError).code, -1);
  t.match((err as SandboxControlError).message, /^GET \/__sandbox\/clock: HTTP 401: Sandbox admin token required/);
  t.equal((await sb.control.clock.get()).mode, 'system', 'startSandbox hands back a client with the admin token');
  const missing = await sb.control.faults.remove('flt_9').catch((e: SandboxControlError) => e);
  t.equal((missing as SandboxControlError).status, 404);
});

t.test('startSandbox refuses a non-loopback host without an admin token', async (t) => {
  await t.rejects(startSandbox({ host: '0.0.0.0' }), {
    message: /SANDBOX_ADMIN_TOKEN is required when HOST \(0\.0\.0\.0\) is not loopback/,
  });
});

t.test('ambiguous through the client: the client sees 500, reconciliation finds the payment', async (t) => {
  const sb = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'test' });
  t.teardown(sb.close);
  const token = (await rest(sb.url, 'POST', '/users/getToken', { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET }))
    .body.response.access_token as string;
  await rest(sb.url, 'POST', '/subscribe/customers/c1', CARD, token);
  await sb.control.faults.add({
    match: { merchant_uid: 'order-42' },
    effect: { type: 'ambiguous', then: 'http_status', status: 500 },
  });
  const charge = await rest(
    sb.url,
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'c1', merchant_uid: 'order-42', amount: 9900 },
    token,
  );
  t.equal(charge.status, 500);
  t.same(charge.body, { code: -1, message: 'Internal Server Error', response: null });
  const found = await rest(sb.url, 'GET', '/payments/find/order-42', undefined, token);
  t.equal(found.status, 200);
  t.equal(found.body.response.status, 'paid');
  t.equal(found.body.response.amount, 9900);
});

t.test('the control client arms the window autopilot and pays into a virtual account', async (t) => {
  const sb = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'test' });
  t.teardown(sb.close);
  const armed = await sb.control.window.autopilot({ action: 'approve', merchant: 'imp19424728' });
  t.same(armed, { merchant: 'imp19424728', action: 'approve', card_number: null });
  const opened = (
    await rest(sb.url, 'POST', '/window/api/requests', {
      merchant: 'imp19424728',
      device: 'pc',
      params: {
        pg: 'kicc',
        pay_method: 'vbank',
        merchant_uid: 'vb_1',
        name: '가상계좌',
        amount: 25000,
        buyer_tel: '010-1234-5678',
      },
    })
  ).body.response;
  t.equal(opened.opened, true);
  t.equal(opened.autopilot.action, 'approve', 'the armed action reaches the next window');
  const done = (await rest(sb.url, 'POST', `/window/api/requests/${opened.id}/submit`, { vbank_code: '004' })).body
    .response;
  t.equal(done.rsp.status, 'ready');
  const paid = await sb.control.vbanks.deposit(done.rsp.imp_uid, { depositor_name: '홍길동' });
  t.equal(paid.merchant, 'imp19424728', 'named by its merchant code');
  t.equal(paid.depositor_name, '홍길동');
  t.equal(paid.payment.status, 'paid');
  t.equal(paid.payment.amount, 25000);
  t.equal(paid.payment.paid_at, 1767225600);
  const again = await sb.control.vbanks.deposit(done.rsp.imp_uid).catch((e: SandboxControlError) => e);
  t.ok(again instanceof SandboxControlError);
  t.equal((again as SandboxControlError).status, 409, 'a second deposit is refused');
});
