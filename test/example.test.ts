// The documentation's examples, run for real. First the README's first billing flow: its shell block, as written, against
// a sandbox of its own (only the address and the receiver's port replaced), its commented outputs checked line by line.
// Then the "full test" of docs/control-api.md: `chargeSubscription` below stands in for the merchant's own code
// (getToken, again, and on a failed call a reconciliation by merchant_uid), the rest is that test verbatim.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import t from 'tap';
import { startSandbox } from '../src/index.js';

const README = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const hasTools = ['curl', 'jq'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);

/** A port nobody listens on right now (for the flow's webhook receiver). */
async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => srv.once('listening', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

t.test(
  "the README's first billing flow runs as written and prints what it says",
  { skip: !hasTools && 'needs curl and jq' },
  async (t) => {
    const block = /<!-- example:first-flow[^>]*-->\n```sh\n([\s\S]*?)```\n<!-- \/example:first-flow -->/.exec(README);
    t.ok(block, 'the README has the marked block');
    if (!block) return;
    const own = await startSandbox({ clock: '2026-01-01T00:00:00Z', seed: 'readme' });
    t.teardown(own.close);
    const port = await freePort();
    const script = block[1]!.replaceAll('http://127.0.0.1:7707', own.url).replaceAll('8000', String(port));
    t.not(script, block[1], 'the address is the one the README names');
    const child = spawn('bash', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    t.teardown(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the receiver too, should the script stop before its `kill`
      } catch {}
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const status = await new Promise((resolve) => child.on('close', resolve));
    t.equal(status, 0, err);
    t.equal(err, '', 'nothing on stderr');
    const ids = (s: string) => s.replace(/imps_\d{12}/g, 'imps_…');
    // Each `# {…}` comment is the output of the command above it; the webhook line comes when the delivery does.
    const expected = [...block[1]!.matchAll(/^# (\{.*\})$/gm)].map((m) => m[1]!);
    const webhook = /^# and the receiver prints: (webhook \{.*\})$/m.exec(block[1]!)?.[1];
    const lines = ids(out).trim().split('\n');
    t.same(
      lines.filter((l) => !l.startsWith('webhook ')),
      expected,
      'every commented output, in order',
    );
    t.same(
      lines.filter((l) => l.startsWith('webhook ')),
      [webhook],
      'the receiver got the webhook',
    );
    const left = await own.control.requests.list({ path: '/subscribe/payments/again' });
    t.equal(left.length, 0, 'the flow reset the sandbox at its end');
  },
);

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
