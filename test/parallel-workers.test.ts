// Issue 13's "done means": 8 workers in parallel against one sandbox over real HTTP, each with its own merchant, moving
// its own clock, issuing a KICC key without a browser and a key-in key, charging, running a schedule, waiting for its
// webhooks and asserting on its journal, with no cross-talk; three runs in a row on the same sandbox.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { type SandboxControl, startSandbox } from '../src/index.js';
import { CARD, T0 } from './helpers.js';

const S0 = T0 / 1000;
const DAY = 86_400;
const WORKERS = 8;
const RUNS = 3;

/** One receiver for every worker: each merchant's webhooks go to its own path. */
async function receiver() {
  const got = new Map<string, { imp_uid: string; merchant_uid: string; status: string }[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const list = got.get(req.url ?? '') ?? [];
      list.push(JSON.parse(body));
      got.set(req.url ?? '', list);
      res.end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function rest(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as { code: number; message: string | null; response: any } };
}

interface Outcome {
  merchant: string;
  paidAt: number;
  scheduledPaidAt: number;
  webhookMerchantUids: string[];
  journalMerchants: (string | null)[];
  journalPaths: string[];
}

/** One CI worker: its own merchant, its own clock, its own data; asserts nothing itself, returns what it saw. */
async function worker(base: string, control: SandboxControl, hooks: string, run: number, i: number): Promise<Outcome> {
  const name = `run ${run} worker ${i}`;
  const m = await control.createMerchant({ name, webhook_url: `${hooks}/r${run}w${i}` });
  const token = async () =>
    (await rest(base, 'POST', '/users/getToken', { imp_key: m.imp_key, imp_secret: m.imp_secret })).body.response
      .access_token as string;
  // Each worker lives i days ahead of the sandbox clock, on a clock of its own.
  await control.clock.advance((i + 1) * DAY, m.id);
  let tok = await token();
  const issued = await rest(base, 'POST', '/subscribe/customers/key_in', CARD, tok);
  if (issued.body.code !== 0) throw new Error(`${name}: key-in issue: ${JSON.stringify(issued.body)}`);
  // A KICC billing key without a browser, on the merchant's KICC window channel.
  await control.billingKeys.issue({ merchant: m.id, customer_uid: 'kicc_key' });
  const paid = await rest(
    base,
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'kicc_key', merchant_uid: 'order_1', amount: 1000 + i },
    tok,
  );
  if (paid.body.response?.status !== 'paid') throw new Error(`${name}: again: ${JSON.stringify(paid.body)}`);
  const at = S0 + (i + 1) * DAY;
  await rest(
    base,
    'POST',
    '/subscribe/payments/schedule',
    { customer_uid: 'key_in', schedules: [{ merchant_uid: 'sub_1', schedule_at: at + 3600, amount: 500 }] },
    tok,
  );
  // Two hours on: the schedule runs inside the call, on this worker's clock only; its token expires with it.
  await control.clock.advance(7200, m.id);
  const ran = await control.schedules.wait({ merchant: m.id, merchant_uid: 'sub_1', timeout_ms: 10_000 });
  if (!ran.done) throw new Error(`${name}: schedule did not run`);
  tok = await token();
  const scheduled = await rest(base, 'GET', '/payments/find/sub_1', undefined, tok);
  // The issue record, the again and the scheduled payment: three deliveries, all done.
  const hooksDone = await control.webhooks.wait({ merchant: m.id, count: 3, timeout_ms: 20_000 });
  if (!hooksDone.done)
    throw new Error(`${name}: webhooks: ${JSON.stringify(hooksDone.deliveries.map((d) => d.status))}`);
  const journal = await control.requests.list({ merchant: m.id, limit: 1000 });
  return {
    merchant: m.id,
    paidAt: paid.body.response.paid_at,
    scheduledPaidAt: scheduled.body.response.paid_at,
    webhookMerchantUids: hooksDone.deliveries.map((d) => d.payload.merchant_uid).sort(),
    journalMerchants: [...new Set(journal.map((e) => e.merchant))],
    journalPaths: journal.map((e) => `${e.method} ${e.path}`).reverse(),
  };
}

t.test(`${WORKERS} workers in parallel on one sandbox, ${RUNS} runs: no cross-talk`, async (t) => {
  const rx = await receiver();
  t.teardown(rx.close);
  const sb = await startSandbox({
    clock: '2026-01-01T00:00:00Z',
    seed: 'parallel',
    config: { WEBHOOK_TIMEOUT_MS: 5000 },
  });
  t.teardown(sb.close);
  const control = sb.control;
  for (let run = 1; run <= RUNS; run++) {
    const outcomes = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) => worker(sb.url, control, rx.url, run, i)),
    );
    await control.webhooks.idle({ timeout_ms: 10_000 });
    outcomes.forEach((o, i) => {
      const at = S0 + (i + 1) * DAY;
      t.equal(o.paidAt, at, `run ${run} worker ${i}: paid on its own clock`);
      t.equal(o.scheduledPaidAt, at + 3600, `run ${run} worker ${i}: the schedule ran at its own schedule_at`);
      t.same(o.webhookMerchantUids.length, 3);
      t.same(o.webhookMerchantUids.filter((u) => u !== 'order_1' && u !== 'sub_1').length, 1, 'one issue record');
      t.ok(o.webhookMerchantUids.includes('order_1') && o.webhookMerchantUids.includes('sub_1'));
      t.same(o.journalMerchants, [o.merchant], `run ${run} worker ${i}: its journal holds only its own requests`);
      t.same(o.journalPaths, [
        'POST /users/getToken',
        'POST /subscribe/customers/key_in',
        'POST /subscribe/payments/again',
        'POST /subscribe/payments/schedule',
        'POST /users/getToken',
        'GET /payments/find/sub_1',
      ]);
      const received = (rx.got.get(`/r${run}w${i}`) ?? []).map((p) => p.merchant_uid).sort();
      t.same(received, o.webhookMerchantUids, `run ${run} worker ${i}: its receiver got exactly its webhooks`);
    });
    // The sandbox clock never moved: workers move only their own.
    t.same((await control.clock.get()).now_seconds, S0, `run ${run}: no drift of the shared clock`);
    // Workers clean up after themselves; nothing of theirs is left.
    for (const o of outcomes) await control.merchants.remove(o.merchant);
    t.same(
      (await control.merchants.list()).filter((m) => !m.fixture),
      [],
      `run ${run}: every worker's merchant removed`,
    );
  }
});
