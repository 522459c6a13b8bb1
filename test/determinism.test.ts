// Determinism: with a fixed CLOCK and SEED, the same requests give byte-identical responses; another SEED gives other ids.

import t from 'tap';
import { build, CARD as KEY_IN_CARD, CARDS, DEFAULT_KEY, DEFAULT_SECRET, type Teardown } from './helpers.js';

interface Step {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  payload?: Record<string, unknown>;
  /** Move the sandbox clock forward before this step (ms). */
  advance?: number;
}

/** The shared key-in card without its number: each step adds one. */
const { card_number: _number, ...CARD } = KEY_IN_CARD;

/** A billing day: token, keys, charges of every outcome, lookups, a delete. */
const STEPS: Step[] = [
  { method: 'POST', url: '/users/getToken', payload: { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET } },
  {
    method: 'POST',
    url: '/subscribe/customers/cust_a',
    payload: { ...CARD, card_number: CARDS.approve, customer_name: '홍길동' },
  },
  { method: 'POST', url: '/subscribe/customers/cust_b', payload: { ...CARD, card_number: CARDS.decline } },
  { method: 'POST', url: '/subscribe/customers/cust_x', payload: { ...CARD, card_number: '4111-1111-1111-1112' } },
  {
    method: 'POST',
    url: '/subscribe/payments/again',
    payload: { customer_uid: 'cust_a', merchant_uid: 'o1', amount: 1000, name: '월 구독' },
    advance: 30_000,
  },
  {
    method: 'POST',
    url: '/subscribe/payments/again',
    payload: { customer_uid: 'cust_b', merchant_uid: 'o2', amount: 2000 },
  },
  {
    method: 'POST',
    url: '/subscribe/payments/again',
    payload: { customer_uid: 'cust_a', merchant_uid: 'o1', amount: 1000 },
  },
  {
    method: 'POST',
    url: '/subscribe/payments/again',
    payload: { customer_uid: 'nobody', merchant_uid: 'o3', amount: 1000 },
  },
  {
    method: 'POST',
    url: '/subscribe/payments/onetime',
    payload: { ...CARD, card_number: CARDS.check, merchant_uid: 'o4', amount: 3000 },
    advance: 1000,
  },
  {
    method: 'POST',
    url: '/subscribe/payments/onetime',
    payload: { ...CARD, card_number: CARDS.master, merchant_uid: 'o5', amount: 4000, customer_uid: 'cust_c' },
  },
  { method: 'GET', url: '/subscribe/customers/cust_a' },
  { method: 'GET', url: '/subscribe/customers?customer_uid[]=cust_a&customer_uid[]=cust_c&customer_uid[]=ghost' },
  { method: 'GET', url: '/subscribe/customers/cust_a/payments' },
  { method: 'DELETE', url: '/subscribe/customers/cust_b', advance: 5000 },
  {
    method: 'POST',
    url: '/subscribe/payments/again',
    payload: { customer_uid: 'cust_b', merchant_uid: 'o6', amount: 1000 },
  },
  { method: 'POST', url: '/subscribe/customers/cust_a', payload: { ...CARD, card_number: CARDS.insufficient } },
  {
    method: 'POST',
    url: '/subscribe/payments/again',
    payload: { customer_uid: 'cust_a', merchant_uid: 'o7', amount: 500 },
  },
  { method: 'POST', url: '/users/getToken', payload: { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET } },
];

/**
 * Run the steps on a fresh sandbox (closed when `t` ends); returns each response as `status body`, the raw body
 * rather than parsed JSON, since the runs are compared byte for byte.
 */
async function run(t: Teardown, config: { SEED?: string } = {}): Promise<string[]> {
  const s = await build(t, config);
  const token = await s.token();
  const out: string[] = [];
  for (const step of STEPS) {
    if (step.advance) s.sb.clock.advance(step.advance);
    const res = await s.app.inject({
      method: step.method,
      url: step.url,
      headers: { authorization: token },
      ...(step.payload ? { payload: step.payload } : {}),
    });
    out.push(`${res.statusCode} ${res.body}`);
  }
  return out;
}

const impUids = (bodies: string[]) => bodies.flatMap((b) => b.match(/imps_\d{12}/g) ?? []);

t.test('two fresh sandboxes with the same clock and seed answer the same requests byte for byte', async (t) => {
  const first = await run(t);
  const second = await run(t);
  t.equal(first.length, STEPS.length);
  for (let i = 0; i < STEPS.length; i++)
    t.equal(second[i], first[i], `step ${i + 1}: ${STEPS[i]!.method} ${STEPS[i]!.url}`);

  // The run is not trivially equal: it covers every outcome.
  const codes = first.map((b) => `${b.slice(0, 3)}:${JSON.parse(b.slice(4)).code}`);
  t.same(codes, [
    '200:0',
    '200:0',
    '200:0',
    '200:-1',
    '200:0',
    '200:0',
    '200:1',
    '200:1',
    '200:0',
    '200:0',
    '200:0',
    '207:0',
    '200:0',
    '200:0',
    '200:1',
    '200:0',
    '200:0',
    '200:0',
  ]);
  const statuses = [4, 5, 8, 9, 16].map((i) => JSON.parse(first[i]!.slice(4)).response.status);
  t.same(statuses, ['paid', 'failed', 'paid', 'paid', 'failed']);
  t.equal(new Set(impUids(first)).size, 5, 'five distinct payments');
  t.equal(
    JSON.parse(first[0]!.slice(4)).response.access_token,
    JSON.parse(first[17]!.slice(4)).response.access_token,
    'the token is reused',
  );
});

t.test('another seed gives other imp_uids and tokens for the same requests', async (t) => {
  const a = await run(t, { SEED: 'test' });
  const b = await run(t, { SEED: 'another seed' });
  const idsA = [...new Set(impUids(a))];
  const idsB = [...new Set(impUids(b))];
  t.equal(idsA.length, 5);
  t.equal(idsB.length, 5);
  for (let i = 0; i < idsA.length; i++) t.not(idsA[i], idsB[i], `payment ${i + 1}`);
  t.not(JSON.parse(a[0]!.slice(4)).response.access_token, JSON.parse(b[0]!.slice(4)).response.access_token);
  // Only the ids differ: the lookup of a key (no ids in it) is the same under both seeds.
  t.equal(b[10], a[10]);
});
