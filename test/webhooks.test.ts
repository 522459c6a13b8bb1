import t from 'tap';
import { build, CARD, CARDS, cardWith, makeSandbox, type Teardown } from './helpers.js';
import { startReceiver } from './receiver.js';
import { notifies, targetsOf } from '../src/gateway/webhooks.js';
import { newPayment } from '../src/gateway/payments.js';
import type { ConfigInput } from '../src/config.js';
import { FaultRuleBodySchema } from '../src/schemas/faults.js';
import type { FaultRuleInput } from '../src/control.js';

const DECLINE = cardWith(CARDS.decline);

/** A sandbox with billing keys `c` (approves) and `dc` (declines), and the given fault rule. */
async function setup(t: Teardown, config: Partial<ConfigInput> = {}, webhookRule?: FaultRuleInput) {
  const s = await build(t, config);
  if (webhookRule) s.sb.faults.add(FaultRuleBodySchema.parse(webhookRule));
  // The raw inject response: the tests read it with .json().
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    s.app.inject({ method, url, headers: { authorization: await s.token() }, ...(payload ? { payload } : {}) });
  await s.call('POST', '/subscribe/customers/c', CARD);
  await s.call('POST', '/subscribe/customers/dc', DECLINE);
  const again = async (merchant_uid: string, extra: object = {}) =>
    (await s.call('POST', '/subscribe/payments/again', { customer_uid: 'c', merchant_uid, amount: 1000, ...extra }))
      .body.response;
  return { s, call, again };
}

t.test('webhooks go for paid, ready and cancelled, and for failures only of scheduled payments', async (t) => {
  const base = { imp_uid: 'imps_1', merchant_uid: 'm', amount: 1, started_at: 0 };
  t.equal(notifies(newPayment({ ...base, status: 'paid' })), true);
  t.equal(notifies(newPayment({ ...base, status: 'ready' })), true);
  t.equal(notifies(newPayment({ ...base, status: 'cancelled' })), true);
  t.equal(notifies(newPayment({ ...base, status: 'failed', customer_uid_usage: 'payment' })), false);
  t.equal(notifies(newPayment({ ...base, status: 'failed', customer_uid_usage: null })), false);
  t.equal(notifies(newPayment({ ...base, status: 'failed', customer_uid_usage: 'payment.scheduled' })), true);
});

t.test('a notice_url replaces the merchant default; blanks fall back to it', async (t) => {
  t.same(targetsOf('http://a/x', 'http://default/'), ['http://a/x']);
  t.same(targetsOf(['http://a/x', 'http://b/y', 'http://a/x'], 'http://default/'), ['http://a/x', 'http://b/y']);
  t.same(targetsOf('', 'http://default/'), ['http://default/']);
  t.same(targetsOf([], null), []);
  t.same(targetsOf(undefined, null), []);
});

t.test('a paid again notifies its notice_url with imp_uid, merchant_uid and status as JSON', async (t) => {
  const { s, again } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  const p = await again('w1', { notice_url: rx.url });
  t.equal(p.status, 'paid');
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 1);
  t.equal(rx.got[0]!.headers['content-type'], 'application/json');
  t.equal(rx.got[0]!.body, JSON.stringify({ imp_uid: p.imp_uid, merchant_uid: 'w1', status: 'paid' }));
  const [entry] = s.sb.webhooks.list({ imp_uid: p.imp_uid });
  t.equal(entry!.status, 'delivered');
  t.equal(entry!.url, rx.url);
  t.equal(entry!.attempts.length, 1);
  t.equal(entry!.attempts[0]!.status_code, 200);
  t.equal(entry!.attempts[0]!.error, null);
  t.equal(entry!.attempts[0]!.response_body, 'OK');
  t.equal(entry!.attempts[0]!.manual, false);
  t.ok(entry!.attempts[0]!.duration_ms >= 0 && entry!.attempts[0]!.duration_ms < 5000, 'duration is recorded in ms');
});

t.test('a declined again sends no webhook', async (t) => {
  const { s, call } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  const res = await call('POST', '/subscribe/payments/again', {
    customer_uid: 'dc',
    merchant_uid: 'nd',
    amount: 1000,
    notice_url: rx.url,
  });
  t.equal(res.json().response.status, 'failed');
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 0);
  t.same(s.sb.webhooks.list({ merchant_uid: 'nd' }), []);
});

t.test('the merchant default URL is used in its form format when no notice_url is given', async (t) => {
  const { s, again } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  const m = s.sb.store.merchants.get('default')!;
  s.sb.store.merchants.update({ ...m, webhook_url: rx.url, webhook_format: 'form' });
  const p = await again('f1');
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 1);
  t.equal(rx.got[0]!.headers['content-type'], 'application/x-www-form-urlencoded');
  t.equal(rx.got[0]!.body, `imp_uid=${p.imp_uid}&merchant_uid=f1&status=paid`);
});

t.test('a notice_url array notifies every URL and not the default', async (t) => {
  const { s, again } = await setup(t);
  const a = await startReceiver();
  const b = await startReceiver();
  const d = await startReceiver();
  t.teardown(a.close);
  t.teardown(b.close);
  t.teardown(d.close);
  s.sb.store.merchants.update({ ...s.sb.store.merchants.get('default')!, webhook_url: d.url });
  await again('arr', { notice_url: [a.url, b.url] });
  await s.sb.webhooks.idle();
  t.equal(a.got.length, 1);
  t.equal(b.got.length, 1);
  t.equal(d.got.length, 0);
  t.equal(a.got[0]!.data.merchant_uid, 'arr');
});

t.test(
  'a failing receiver (500) sees the retries when WEBHOOK_RETRIES=2, each after the backoff on the sandbox clock',
  async (t) => {
    const { s, again } = await setup(t, { WEBHOOK_RETRIES: 2, WEBHOOK_BACKOFF_SECONDS: 60 });
    const rx = await startReceiver({ status: () => 500 });
    t.teardown(rx.close);
    const p = await again('r1', { notice_url: rx.url });
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 1, 'first attempt');
    let [entry] = s.sb.webhooks.list({ imp_uid: p.imp_uid });
    t.equal(entry!.status, 'pending');
    t.equal(entry!.next_attempt_at, s.sb.clock.nowSeconds() + 60);

    s.sb.clock.advance(59_000);
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 1, 'not before the backoff');
    s.sb.clock.advance(1_000);
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 2, 'second attempt');
    s.sb.clock.advance(60_000);
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 3, 'third attempt');
    s.sb.clock.advance(600_000);
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 3, 'no fourth');

    [entry] = s.sb.webhooks.list({ imp_uid: p.imp_uid });
    t.equal(entry!.status, 'failed');
    t.equal(entry!.next_attempt_at, null);
    t.same(
      entry!.attempts.map((a) => [a.n, a.status_code, a.response_body]),
      [
        [1, 500, 'error'],
        [2, 500, 'error'],
        [3, 500, 'error'],
      ],
    );
  },
);

t.test('by default a webhook is sent once, and a 4xx is not retried', async (t) => {
  const { s, again } = await setup(t, { WEBHOOK_RETRIES: 3, WEBHOOK_BACKOFF_SECONDS: 0 });
  const rx = await startReceiver({ status: () => 404 });
  t.teardown(rx.close);
  const p = await again('r4', { notice_url: rx.url });
  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 1);
  t.equal(s.sb.webhooks.list({ imp_uid: p.imp_uid })[0]!.status, 'failed');

  const once = await setup(t);
  const rx5 = await startReceiver({ status: () => 503 });
  t.teardown(rx5.close);
  const q = await once.again('r5', { notice_url: rx5.url });
  await once.s.sb.webhooks.idle();
  once.s.sb.clock.advance(3600_000);
  await once.s.sb.webhooks.idle();
  t.equal(rx5.got.length, 1);
  const [entry] = once.s.sb.webhooks.list({ imp_uid: q.imp_uid });
  t.equal(entry!.status, 'failed');
  t.equal(entry!.max_attempts, 1);
});

t.test('a network error is logged without a status code and retried', async (t) => {
  const { s, again } = await setup(t, { WEBHOOK_RETRIES: 1, WEBHOOK_BACKOFF_SECONDS: 0 });
  const rx = await startReceiver();
  const deadUrl = rx.url;
  await rx.close();
  const p = await again('ne', { notice_url: deadUrl });
  await s.sb.webhooks.idle();
  const [entry] = s.sb.webhooks.list({ imp_uid: p.imp_uid });
  t.equal(entry!.status, 'failed');
  t.equal(entry!.attempts.length, 2);
  t.equal(entry!.attempts[0]!.status_code, null);
  t.match(entry!.attempts[0]!.error, /ECONNREFUSED/);
});

t.test('a receiver that does not answer is cut off by the read timeout', async (t) => {
  const { s, again } = await setup(t, { WEBHOOK_TIMEOUT_MS: 150 });
  const rx = await startReceiver({ hang: true });
  t.teardown(rx.close);
  const p = await again('to', { notice_url: rx.url });
  await s.sb.webhooks.idle();
  const [entry] = s.sb.webhooks.list({ imp_uid: p.imp_uid });
  t.equal(entry!.status, 'failed');
  t.equal(entry!.attempts[0]!.status_code, null);
  t.equal(entry!.attempts[0]!.error, 'read timeout (150 ms)');
  t.ok(entry!.attempts[0]!.duration_ms >= 140, 'took about the timeout');
});

t.test('a notice_url that is not http(s) is logged as failed without a request', async (t) => {
  const { s, again } = await setup(t);
  const p = await again('bad', { notice_url: 'ftp://example.invalid/x' });
  await s.sb.webhooks.idle();
  const [entry] = s.sb.webhooks.list({ imp_uid: p.imp_uid });
  t.equal(entry!.status, 'failed');
  t.equal(entry!.attempts[0]!.error, 'invalid URL (only http and https are delivered)');
});

t.test('the delivery log is served at /__sandbox/webhooks and a delivery can be sent again', async (t) => {
  const { s, again } = await setup(t);
  let answer = 500;
  const rx = await startReceiver({ status: () => answer });
  t.teardown(rx.close);
  const p = await again('log1', { notice_url: rx.url });
  await again('log2', { notice_url: rx.url });
  await s.sb.webhooks.idle();

  const res = await s.app.inject({ method: 'GET', url: `/__sandbox/webhooks?merchant=default&imp_uid=${p.imp_uid}` });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.code, 0);
  t.equal(body.response.length, 1);
  const entry = body.response[0];
  t.equal(entry.merchant_id, 'default');
  t.equal(entry.status, 'failed');
  t.same(entry.payload, { imp_uid: p.imp_uid, merchant_uid: 'log1', status: 'paid' });
  t.equal(entry.attempts[0].status_code, 500);
  t.equal(
    (await s.app.inject({ method: 'GET', url: '/__sandbox/webhooks?merchant=imp19424728' })).json().response.length,
    2,
    'merchant by code',
  );

  answer = 200;
  const re = await s.app.inject({ method: 'POST', url: `/__sandbox/webhooks/${entry.id}/redeliver` });
  t.equal(re.statusCode, 200);
  t.equal(re.json().response.status, 'delivered');
  t.same(
    re
      .json()
      .response.attempts.map((a: { n: number; status_code: number; manual: boolean }) => [
        a.n,
        a.status_code,
        a.manual,
      ]),
    [
      [1, 500, false],
      [2, 200, true],
    ],
  );
  t.equal(rx.got.length, 3);
  t.equal(rx.got[2]!.data.merchant_uid, 'log1');

  const missing = await s.app.inject({ method: 'POST', url: '/__sandbox/webhooks/999/redeliver' });
  t.equal(missing.statusCode, 404);
  t.same(missing.json(), { code: -1, message: 'Unknown webhook delivery 999', response: null });
  const unknownMerchant = await s.app.inject({ method: 'GET', url: '/__sandbox/webhooks?merchant=nope' });
  t.equal(unknownMerchant.statusCode, 404);
  t.equal(unknownMerchant.json().message, 'Unknown merchant "nope" (give its id or merchant code)');
});

t.test('a duplicate fault sends the webhook twice', async (t) => {
  const { s, again } = await setup(
    t,
    {},
    {
      match: { merchant_uid: 'dup' },
      effect: { type: 'webhook_duplicate' },
      permanent: true,
    },
  );
  const rx = await startReceiver();
  t.teardown(rx.close);
  const p = await again('dup', { notice_url: rx.url });
  await s.sb.webhooks.idle();
  t.same(
    rx.got.map((g) => g.data),
    [
      { imp_uid: p.imp_uid, merchant_uid: 'dup', status: 'paid' },
      { imp_uid: p.imp_uid, merchant_uid: 'dup', status: 'paid' },
    ],
  );
  t.same(
    s.sb.webhooks.list({ imp_uid: p.imp_uid }).map((e) => [e.fault, e.status]),
    [
      ['duplicate', 'delivered'],
      ['duplicate', 'delivered'],
    ],
  );
});

t.test('a delay fault holds a webhook back on the sandbox clock so a later one overtakes it', async (t) => {
  const { s, again } = await setup(
    t,
    {},
    {
      match: { merchant_uid: 'slow' },
      effect: { type: 'webhook_delay', seconds: 30 },
      permanent: true,
    },
  );
  const rx = await startReceiver();
  t.teardown(rx.close);
  await again('slow', { notice_url: rx.url });
  await again('fast', { notice_url: rx.url });
  await s.sb.webhooks.idle();
  t.same(
    rx.got.map((g) => g.data.merchant_uid),
    ['fast'],
  );
  s.sb.clock.advance(30_000);
  await s.sb.webhooks.idle();
  t.same(
    rx.got.map((g) => g.data.merchant_uid),
    ['fast', 'slow'],
  );
});

t.test('deliveries still pending at shutdown are sent by the next start', async (t) => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wh-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const DB_PATH = path.join(dir, 'sandbox.db');
  const rx = await startReceiver();
  t.teardown(rx.close);
  const first = await makeSandbox({ DB_PATH, WEBHOOK_RETRIES: 1 });
  first.sb.faults.add(FaultRuleBodySchema.parse({ effect: { type: 'webhook_delay', seconds: 60 }, permanent: true }));
  const token = await first.token();
  await first.app.inject({
    method: 'POST',
    url: '/subscribe/customers/c',
    headers: { authorization: token },
    payload: CARD,
  });
  const p = (
    await first.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: token },
      payload: { customer_uid: 'c', merchant_uid: 'later', amount: 100, notice_url: rx.url },
    })
  ).json().response;
  await first.sb.webhooks.idle();
  t.equal(rx.got.length, 0);
  await first.close();

  const second = await build(t, { DB_PATH, CLOCK: '2026-01-01T00:05:00Z' });
  await second.sb.webhooks.idle();
  t.same(
    rx.got.map((g) => g.data),
    [{ imp_uid: p.imp_uid, merchant_uid: 'later', status: 'paid' }],
  );
  t.equal(second.sb.webhooks.list({ imp_uid: p.imp_uid })[0]!.status, 'delivered');
});

t.test(
  'an API cancel with enable_webhook notifies the URL the approval went to, with the cancellation_id',
  async (t) => {
    const { s, call, again } = await setup(t);
    const rx = await startReceiver();
    t.teardown(rx.close);
    const p = await again('cx', { notice_url: rx.url });
    const res = await call('POST', '/payments/cancel', { imp_uid: p.imp_uid, enable_webhook: true });
    t.equal(res.json().code, 0);
    const cancellationId = res.json().response.cancel_history[0].cancellation_id;
    t.type(cancellationId, 'string');
    await s.sb.webhooks.idle();
    t.same(
      rx.got.map((g) => g.data),
      [
        { imp_uid: p.imp_uid, merchant_uid: 'cx', status: 'paid' },
        { imp_uid: p.imp_uid, merchant_uid: 'cx', status: 'cancelled', cancellation_id: cancellationId },
      ],
    );
  },
);

t.test('a webhook_duplicate rule made through /__sandbox/faults doubles one delivery', async (t) => {
  const { s, again } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  const rule = await s.app.inject({
    method: 'POST',
    url: '/__sandbox/faults',
    payload: { match: { merchant_uid: 'twice' }, effect: { type: 'webhook_duplicate' } },
  });
  t.equal(rule.json().code, 0);
  await again('twice', { notice_url: rx.url });
  await again('once', { notice_url: rx.url });
  await s.sb.webhooks.idle();
  t.same(rx.got.map((g) => g.data.merchant_uid).sort(), ['once', 'twice', 'twice']);
});
