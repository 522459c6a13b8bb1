// What must hold at the edges (issue 12): an oversized body gets a 413 the client can read over a real socket (never
// a reset connection); parallel partial cancels never cancel more than was paid; a server killed with SIGKILL in the
// middle of a write load leaves a sound database holding every payment whose answer reached the client.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { build, CARD, DEFAULT_KEY, DEFAULT_SECRET } from './helpers.js';

const TOO_LARGE = { code: -1, message: '요청 본문이 너무 큽니다.', response: null };

/** One request over a real socket; resolves with what the client read, or rejects with the socket's error. */
function send(port: number, headers: http.OutgoingHttpHeaders, body: Buffer, chunked: boolean) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/payments/cancel', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (!chunked) return req.end(body);
    // Chunked: the size is learnt only while reading; write in pieces, as a client streaming a file does.
    let at = 0;
    const pump = () => {
      while (at < body.length) {
        const piece = body.subarray(at, at + 64 * 1024);
        at += piece.length;
        if (!req.write(piece)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

t.test('an oversized body over a real socket is a 413 in the envelope, read in full by the client', async (t) => {
  const s = await build(t, { BODY_LIMIT: 4096 });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (s.app.server.address() as AddressInfo).port;
  const auth = await s.token();
  const big = Buffer.from(JSON.stringify({ imp_uid: 'imps_1', reason: 'x'.repeat(4 * 1024 * 1024) }));
  for (const chunked of [false, true]) {
    const headers = {
      authorization: auth,
      'content-type': 'application/json',
      ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': big.length }),
    };
    const res = await send(port, headers, big, chunked);
    t.equal(res.status, 413, chunked ? 'chunked' : 'with content-length');
    t.same(JSON.parse(res.body), TOO_LARGE);
  }
  // The server is fine afterwards.
  const ok = await s.call('GET', '/payments/imps_unknown');
  t.equal(ok.status, 404);
});

t.test('parallel partial cancels of one payment never cancel more than was paid', async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/cu', CARD);
  const paid = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'cu',
    merchant_uid: 'o1',
    amount: 1000,
  });
  t.equal(paid.body.response.status, 'paid');
  const imp = paid.body.response.imp_uid as string;
  const answers = await Promise.all(
    Array.from({ length: 25 }, () => s.call('POST', '/payments/cancel', { imp_uid: imp, amount: 100 })),
  );
  t.ok(
    answers.every((a) => a.status === 200),
    'every answer is HTTP 200',
  );
  t.equal(answers.filter((a) => a.body.code === 0).length, 10, 'ten cancels of 100 go through');
  const refused = answers.filter((a) => a.body.code !== 0);
  t.equal(refused.length, 15);
  t.ok(
    refused.every((a) => a.body.code === 1 && a.body.response === null),
    'the others are refused with code 1 and response null',
  );
  const after = await s.call('GET', `/payments/${imp}`);
  t.equal(after.body.response.status, 'cancelled');
  t.equal(after.body.response.cancel_amount, 1000);
  t.equal(after.body.response.cancel_history.length, 10);
});

t.test('parallel clock moves run a due schedule once, and an again racing it does not charge it twice', async (t) => {
  const s = await build(t);
  await s.call('POST', '/subscribe/customers/cu', CARD);
  const at = s.sb.clock.nowSeconds() + 3600;
  const created = await s.call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cu',
    schedules: [{ merchant_uid: 'sch1', schedule_at: at, amount: 500, name: 'monthly' }],
  });
  t.equal(created.body.code, 0);
  const moves = await Promise.all([
    s.call('POST', '/__sandbox/clock', { advance_seconds: 7200 }),
    s.call('POST', '/__sandbox/clock', { advance_seconds: 7200 }),
    s.call('POST', '/subscribe/payments/again', { customer_uid: 'cu', merchant_uid: 'sch1', amount: 500 }),
  ]);
  t.equal(moves[0]!.status, 200);
  t.equal(moves[1]!.status, 200);
  const rows = s.sb.db
    .prepare("SELECT COUNT(*) AS n FROM payments WHERE merchant_uid = 'sch1' AND status = 'paid'")
    .get() as { n: number };
  t.equal(rows.n, 1, 'one paid payment for the merchant_uid');
  const sched = await s.call('GET', '/subscribe/payments/schedule/sch1');
  t.equal(sched.body.response.schedule_status, 'executed');
});

t.test('SIGKILL during a write load: integrity ok, every answered payment is there', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-kill-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const dbPath = path.join(dir, 'kill.db');
  // The server from source, with this process's TypeScript loader (tap's).
  const server = path.resolve(import.meta.dirname, '../src/server.ts');
  const child = spawn(process.execPath, [...process.execArgv, server, '--port', '0', '--db-path', dbPath], {
    env: { ...process.env, LOG_LEVEL: 'silent', CLOCK: '2026-01-01T00:00:00Z' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
  });
  const post = async (p: string, body: object, auth?: string) => {
    const res = await fetch(`${url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as {
      code: number;
      response: { access_token?: string; imp_uid?: string; status?: string };
    };
  };
  const token = (await post('/users/getToken', { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET })).response
    .access_token!;
  t.equal((await post('/subscribe/customers/cu', CARD, token)).code, 0);
  // Eight writers in a loop; the kill comes once 200 payments were answered, with requests in flight.
  const answered: string[] = [];
  let killed = false;
  const writer = async (w: number) => {
    for (let i = 0; !killed; i++) {
      try {
        const r = await post(
          '/subscribe/payments/again',
          { customer_uid: 'cu', merchant_uid: `w${w}_${i}`, amount: 10 },
          token,
        );
        if (r.code === 0 && r.response.status === 'paid') answered.push(r.response.imp_uid!);
      } catch {
        return; // the connection died with the server
      }
      if (answered.length >= 200 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  };
  const gone = new Promise((resolve) => child.once('exit', resolve));
  await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
  await gone;
  t.equal(child.signalCode, 'SIGKILL');
  const db = new Database(dbPath);
  t.teardown(() => db.close());
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const has = db.prepare('SELECT 1 FROM payments WHERE imp_uid = ?');
  const missing = answered.filter((imp) => has.get(imp) === undefined);
  t.same(missing, [], `all ${answered.length} answered payments are in the database`);
});
