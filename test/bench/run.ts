// Benchmark (on demand: `npm run bench`, never part of `npm test`): start-up and per-request cost of the sandbox,
// each printed as a ratio against a baseline measured in the same run on the same machine:
//  - start-up vs. a bare Fastify app with one route (what any Fastify-based mock pays at least);
//  - per request (inject) vs. the bare app's trivial route.
import Fastify from 'fastify';
import { loadConfig } from '../../src/config.js';
import { createSandbox } from '../../src/context.js';
import { buildApp } from '../../src/app.js';

const N = Number(process.env.BENCH_N ?? 2000);

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
}

async function bareApp() {
  const app = Fastify();
  app.get('/ping', async () => ({ code: 0, message: null, response: { ok: true } }));
  await app.ready();
  return app;
}

async function sandboxApp() {
  const sb = createSandbox(
    loadConfig({}, [], { DB_PATH: ':memory:', LOG_LEVEL: 'silent', CLOCK: '2026-01-01T00:00:00Z', SEED: 'bench' }),
  );
  const app = await buildApp(sb);
  await app.ready();
  return app;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  // Warm the module cache once, then measure several cold builds of each.
  await (await bareApp()).close();
  await (await sandboxApp()).close();
  const bareStarts: number[] = [];
  const sbStarts: number[] = [];
  for (let i = 0; i < 10; i++) {
    const [tb, a] = await time(bareApp);
    bareStarts.push(tb);
    await a.close();
    const [ts, b] = await time(sandboxApp);
    sbStarts.push(ts);
    await b.close();
  }

  const bare = await bareApp();
  const app = await sandboxApp();
  const tok = (
    await app.inject({
      method: 'POST',
      url: '/users/getToken',
      payload: {
        imp_key: 'imp_apikey',
        imp_secret: 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f',
      },
    })
  ).json().response.access_token;
  const headers = { authorization: tok };
  await app.inject({
    method: 'POST',
    url: '/subscribe/customers/bench',
    headers,
    payload: { card_number: '4111111111111111', expiry: '2030-12' },
  });

  const [tBare] = await time(async () => {
    for (let i = 0; i < N; i++) await bare.inject({ method: 'GET', url: '/ping' });
  });
  let last = '';
  const [tAgain] = await time(async () => {
    for (let i = 0; i < N; i++)
      last = (
        await app.inject({
          method: 'POST',
          url: '/subscribe/payments/again',
          headers,
          payload: { customer_uid: 'bench', merchant_uid: `m_${i}`, amount: 1000, name: 'bench' },
        })
      ).body;
  });
  if (!last.includes('"status":"paid"')) throw new Error(`again did not pay: ${last}`);
  const [tToken] = await time(async () => {
    for (let i = 0; i < N; i++)
      await app.inject({
        method: 'POST',
        url: '/users/getToken',
        payload: {
          imp_key: 'imp_apikey',
          imp_secret: 'ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f',
        },
      });
  });

  const per = (t: number) => (t / N) * 1000; // µs per request
  const rows = [
    ['start-up (median of 10), ms', median(bareStarts), median(sbStarts)],
    [`GET /ping vs POST /subscribe/payments/again, µs/req (n=${N})`, per(tBare), per(tAgain)],
    [`GET /ping vs POST /users/getToken, µs/req (n=${N})`, per(tBare), per(tToken)],
  ] as const;
  console.log('measure | bare Fastify | sandbox | ratio');
  for (const [name, b, s] of rows) console.log(`${name} | ${b.toFixed(1)} | ${s.toFixed(1)} | ${(s / b).toFixed(2)}x`);
  await bare.close();
  await app.close();
}

void main();
