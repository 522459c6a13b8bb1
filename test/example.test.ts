// The README's "full test" example, run for real: `chargeSubscription` below stands in for the merchant's own code
// (getToken, again, and on a failed call a reconciliation by merchant_uid), the rest is the README's test verbatim.
import t from 'tap';
import { startSandbox } from '../src/index.js';

interface Api {
  baseUrl: string;
  impKey: string;
  impSecret: string;
}

/** What a careful merchant writes: charge once; if the call itself fails, look the order up before retrying. */
async function chargeSubscription(api: Api, order: { customer_uid: string; merchant_uid: string; amount: number }) {
  const token = (
    await (
      await fetch(`${api.baseUrl}/users/getToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_key: api.impKey, imp_secret: api.impSecret }),
      })
    ).json()
  ).response.access_token;
  const headers = { 'content-type': 'application/json', authorization: token };
  try {
    const res = await fetch(`${api.baseUrl}/subscribe/payments/again`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...order, name: '월 구독' }),
      signal: AbortSignal.timeout(2000),
    });
    const body = await res.json();
    if (res.status === 200 && body.code === 0) return body.response as { status: string; imp_uid: string };
    throw new Error(`again: HTTP ${res.status} code ${body.code}`);
  } catch {
    const found = await fetch(`${api.baseUrl}/payments/find/${encodeURIComponent(order.merchant_uid)}`, { headers });
    if (found.status === 200) return (await found.json()).response as { status: string; imp_uid: string };
    throw new Error('not charged');
  }
}

const sandbox = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'ci' });
t.teardown(sandbox.close);

t.test('a lost response to "again" is reconciled, not charged twice', async (t) => {
  const { control, url } = sandbox;
  const m = await control.createMerchant({ name: 'lost-response test' });
  t.teardown(() => control.reset(m.id));
  const api = { baseUrl: url, impKey: m.imp_key, impSecret: m.imp_secret };

  // A billing key to charge (key-in REST issuance; the window flow works too).
  const { access_token } = (
    await (
      await fetch(`${url}/users/getToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_key: m.imp_key, imp_secret: m.imp_secret }),
      })
    ).json()
  ).response;
  await fetch(`${url}/subscribe/customers/cust_1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: access_token },
    body: JSON.stringify({ card_number: '4111-1111-1111-1111', expiry: '2030-12', birth: '900101', pwd_2digit: '12' }),
  });

  await control.faults.add({
    match: { merchant: m.id, merchant_uid: 'order-42' },
    effect: { type: 'ambiguous', then: 'drop' },
  });

  const result = await chargeSubscription(api, { customer_uid: 'cust_1', merchant_uid: 'order-42', amount: 9900 });
  t.equal(result.status, 'paid'); // found by GET /payments/find/order-42 after the dropped answer

  const charges = await control.requests.list({ merchant: m.id, path: '/subscribe/payments/again' });
  t.equal(charges.length, 1, 'charged exactly once');
  t.equal(charges[0]!.fault?.type, 'ambiguous');
  const finds = await control.requests.list({ merchant: m.id, path: '/payments/find/*' });
  t.equal(finds[0]!.status, 200);
});
