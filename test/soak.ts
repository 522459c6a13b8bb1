// Soak (issue 12, on demand: `npm run test:soak`, never in CI): SOAK_N requests (default 1,000,000) of a mixed flow
// through app.inject, with the journal full, printing RSS every 100,000; the target is RSS under 150 MB at the end.
// The flow: getToken, a billing key, again, lookups (one payment, find, a customer), list pages, a cancel.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createSandbox } from '../src/context.js';
import { applyHeapMode } from '../src/util/heap.js';

const N = Number(process.env.SOAK_N ?? 1_000_000);
const EVERY = Number(process.env.SOAK_EVERY ?? 100_000);
const KEY = 'imp_apikey';
const SECRET = 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f';
const CARD = { card_number: '4111-1111-1111-1111', expiry: '2030-12', birth: '900101', pwd_2digit: '12' };

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
/** The young generation's committed size (V8's new space: both semi-spaces). */
const youngGenerationBytes = () =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-soak-'));
  const dbPath = path.join(dir, 'soak.db');
  // A file, not :memory:: the database's own pages would otherwise count as the process's memory. HEAP comes from the
  // environment as the command's does (default lean, HEAP=node for Node's own defaults), and is applied as it applies it.
  const config = loadConfig({ HEAP: process.env.HEAP }, [], {
    DB_PATH: dbPath,
    LOG_LEVEL: 'silent',
    CLOCK: '2026-01-01T00:00:00Z',
    SEED: 'soak',
  });
  applyHeapMode(config.HEAP);
  const sb = createSandbox(config);
  const app = await buildApp(sb);
  await app.ready();
  let n = 0;
  let token = '';
  const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: { authorization: token }, ...(payload ? { payload } : {}) });
    n++;
    // Let the event loop turn, as it does between a real server's requests: app.inject can complete in microtasks
    // alone, and then the setImmediate callbacks of every response (light-my-request's stream ends) pile up in the
    // immediate queue, each holding its request, response and mock socket: memory a listening server never holds.
    if (n % 10 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (n % EVERY === 0) {
      const m = process.memoryUsage();
      process.stdout.write(
        `${n} requests: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB (young ${mb(youngGenerationBytes())}), external ${mb(m.external)} MB\n`,
      );
    }
    if (res.statusCode >= 500) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { code: number; response: Record<string, unknown> | null };
  };
  const t0 = performance.now();
  let round = 0;
  while (n < N) {
    round++;
    if (round % 100 === 1) {
      token = String(
        (await inject('POST', '/users/getToken', { imp_key: KEY, imp_secret: SECRET })).response!.access_token,
      );
    }
    const cu = `cu${round % 5000}`;
    if (round <= 5000) await inject('POST', `/subscribe/customers/${cu}`, CARD);
    const paid = await inject('POST', '/subscribe/payments/again', {
      customer_uid: cu,
      merchant_uid: `m${round}`,
      amount: 1000,
      name: 'soak',
    });
    const imp = String(paid.response?.imp_uid ?? 'none');
    await inject('GET', `/payments/${imp}`);
    await inject('GET', `/payments/find/m${round}`);
    await inject('GET', `/subscribe/customers/${cu}`);
    await inject('GET', `/subscribe/customers/${cu}/payments`);
    await inject('GET', '/payments/status/paid?limit=20');
    if (round % 10 === 0) await inject('GET', '/payments/status/all?limit=100&page=2');
    if (round % 4 === 0) await inject('POST', '/payments/cancel', { imp_uid: imp, amount: 100 });
  }
  const s = (performance.now() - t0) / 1000;
  global.gc?.();
  // V8 gives the pages a full collection freed back to the system from a helper thread, after gc() has returned: read
  // RSS once it has done so (read at once, the same run shows up to 9 MB more).
  await new Promise((resolve) => setTimeout(resolve, 200));
  const m = process.memoryUsage();
  process.stdout.write(
    `done: ${n} requests in ${s.toFixed(0)} s (HEAP=${config.HEAP}); rss ${mb(m.rss)} MB (target < 150), heap ${mb(m.heapUsed)} MB; ` +
      `journal ${sb.journal.size} per ring, database ${(sb.db.prepare('SELECT COUNT(*) AS n FROM payments').get() as { n: number }).n} payments\n`,
  );
  await app.close();
  sb.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
