// One time unit in the webhook log: next_attempt_at is UNIX seconds like created_at and attempted_at, and a database
// written when it was milliseconds is converted when it is opened.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { openDb } from '../src/store/db.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { build, CARD, T0 } from './helpers.js';
import { startReceiver } from './receiver.js';

const S0 = T0 / 1000;

t.test('a database of the first schema has its next_attempt_at converted from ms to seconds', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wh-units-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'old.db');
  const old = new Database(file);
  old.exec(MIGRATIONS[0]!);
  old.pragma('user_version = 1');
  const insert = old.prepare(
    "INSERT INTO webhooks (merchant_id, status, next_attempt_at, data) VALUES ('default', ?, ?, '{}')",
  );
  insert.run('pending', T0 + 30_000);
  insert.run('pending', T0 + 30_999);
  insert.run('delivered', null);
  old.close();

  const db = openDb(file);
  t.teardown(() => db.close());
  t.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  t.same(db.prepare('SELECT status, next_attempt_at FROM webhooks ORDER BY id').all(), [
    { status: 'pending', next_attempt_at: S0 + 30 },
    { status: 'pending', next_attempt_at: S0 + 30 },
    { status: 'delivered', next_attempt_at: null },
  ]);
});

t.test('a pending row converted from ms is delivered when the clock reaches its second', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wh-units-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const DB_PATH = path.join(dir, 'old.db');
  const rx = await startReceiver();
  t.teardown(rx.close);
  const old = new Database(DB_PATH);
  old.exec(MIGRATIONS[0]!);
  old.pragma('user_version = 1');
  const data = {
    url: rx.url,
    format: 'json',
    payload: { imp_uid: 'imps_old', merchant_uid: 'old', status: 'paid' },
    created_at: S0,
    max_attempts: 1,
    fault: 'delay',
    attempts: [],
  };
  old
    .prepare("INSERT INTO webhooks (merchant_id, status, next_attempt_at, data) VALUES ('default', 'pending', ?, ?)")
    .run(T0 + 60_000, JSON.stringify(data));
  old.close();

  const s = await build(t, { DB_PATH });
  const held = await s.app.inject({ method: 'GET', url: '/__sandbox/webhooks/idle?timeout_ms=20000' });
  t.same([held.json().response.done, held.json().response.held_back], [true, 1]);
  t.equal(s.sb.webhooks.list({ merchant_uid: 'old' })[0]!.next_attempt_at, S0 + 60);
  s.sb.clock.advance(60_000);
  const sent = await s.app.inject({ method: 'GET', url: '/__sandbox/webhooks/wait?merchant_uid=old&timeout_ms=20000' });
  t.equal(sent.json().response.done, true);
  t.equal(sent.json().response.deliveries[0].attempts[0].attempted_at, S0 + 60);
  t.equal(rx.got.length, 1);
});

t.test('created_at, attempted_at and next_attempt_at of a retried delivery are all UNIX seconds', async (t) => {
  const s = await build(t, { WEBHOOK_RETRIES: 1, WEBHOOK_BACKOFF_SECONDS: 90 });
  const rx = await startReceiver({ status: (n) => (n === 1 ? 503 : 200) });
  t.teardown(rx.close);
  await s.call('POST', '/subscribe/customers/c', CARD);
  await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'c',
    merchant_uid: 'u1',
    amount: 10,
    notice_url: rx.url,
  });
  await s.sb.webhooks.idle();
  const [first] = (await s.app.inject({ method: 'GET', url: '/__sandbox/webhooks?merchant_uid=u1' })).json().response;
  t.same(
    [first.status, first.created_at, first.attempts[0].attempted_at, first.next_attempt_at],
    ['pending', S0, S0, S0 + 90],
  );
  s.sb.clock.advance(90_000);
  await s.sb.webhooks.idle();
  const [after] = (await s.app.inject({ method: 'GET', url: '/__sandbox/webhooks?merchant_uid=u1' })).json().response;
  t.same(
    [after.status, after.next_attempt_at, after.attempts.map((a: { attempted_at: number }) => a.attempted_at)],
    ['delivered', null, [S0, S0 + 90]],
  );
});
