import t from 'tap';
import { build, CARD, DEFAULT_KEY, DEFAULT_SECRET, type TestSandbox } from './helpers.js';
import { Journal, maskCard, maskSecrets, maskToken, SentJson } from '../src/sandbox/journal.js';

const journal = async (s: TestSandbox, qs = '') => {
  const res = await s.app.inject({ method: 'GET', url: `/__sandbox/requests${qs}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json().response as Record<string, any>[];
};

t.test('the journal lists requests newest first with status, code and merchant, and masks secrets', async (t) => {
  const s = await build(t);
  const token = await s.token();
  await s.app.inject({
    method: 'POST',
    url: '/subscribe/customers/cust_1',
    headers: { authorization: `Bearer ${token}` },
    payload: { ...CARD, cvc: '123' },
  });
  await s.app.inject({ method: 'GET', url: '/payments/find/nope?status=paid', headers: { 'x-imptokenheader': token } });
  const list = await journal(s);
  t.same(
    list.map((e) => [e.id, e.method, e.path, e.status, e.code, e.merchant]),
    [
      [3, 'GET', '/payments/find/nope', 404, -1, 'default'],
      [2, 'POST', '/subscribe/customers/cust_1', 200, 0, 'default'],
      [1, 'POST', '/users/getToken', 200, 0, 'default'],
    ],
  );
  const [find, issue, getToken] = list;
  t.same(find!.query, { status: 'paid' });
  t.equal(find!.merchant_uid, 'nope', 'payment fields are read from path params too');
  t.equal(find!.request_headers['x-imptokenheader'], `${token.slice(0, 4)}********`);
  t.equal(find!.at, 1767225600000);
  t.type(find!.duration_ms, 'number');
  t.equal(issue!.customer_uid, 'cust_1');
  t.equal(issue!.request_headers.authorization, `Bearer ${token.slice(0, 4)}********`);
  t.same(issue!.request_body, {
    card_number: '41111111****1111',
    expiry: '2030-12',
    birth: '******',
    pwd_2digit: '**',
    cvc: '***',
  });
  t.equal(issue!.response_body.response.card_number, '41111111****1111');
  t.same(getToken!.request_body, { imp_key: DEFAULT_KEY, imp_secret: '********' });
  t.equal(getToken!.response_body.response.access_token, `${token.slice(0, 4)}********`);
  t.notOk(JSON.stringify(list).includes(DEFAULT_SECRET), 'the secret appears nowhere');
  t.notOk(JSON.stringify(list).includes(token), 'the token appears nowhere');
  t.notOk(JSON.stringify(list).includes('4111111111111111'), 'the card number appears nowhere');
});

t.test('the control API itself is not journaled', async (t) => {
  const s = await build(t);
  await s.app.inject({ method: 'GET', url: '/__sandbox/clock' });
  await s.app.inject({ method: 'GET', url: '/__sandbox/health' });
  t.same(await journal(s), []);
});

t.test(
  'journal filters: path (exact or glob), method, merchant (id or code), customer_uid, merchant_uid, since, limit',
  async (t) => {
    const s = await build(t);
    const token = await s.token();
    const h = { authorization: token };
    await s.app.inject({
      method: 'POST',
      url: '/subscribe/customers/c1',
      headers: h,
      payload: { ...CARD, cvc: '123' },
    });
    await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 10 } });
    await s.app.inject({
      method: 'POST',
      url: '/subscribe/customers/c2',
      headers: h,
      payload: { ...CARD, cvc: '123' },
    });
    await s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: h,
      payload: { customer_uid: 'c2', merchant_uid: 'o1', amount: 100 },
    });
    await s.app.inject({ method: 'GET', url: '/subscribe/customers/c2', headers: h });
    await s.app.inject({
      method: 'POST',
      url: '/users/getToken',
      payload: { imp_key: 'kicc_only_apikey', imp_secret: 'wrong' },
    });
    const ids = (l: Record<string, any>[]) => l.map((e) => e.id);
    t.same(ids(await journal(s, '?path=/subscribe/customers/c2')), [5, 3]);
    t.same(ids(await journal(s, '?path=/subscribe/**')), [5, 4, 3, 2]);
    t.same(ids(await journal(s, '?path=/subscribe/customers/*&method=get')), [5]);
    t.same(ids(await journal(s, '?customer_uid=c2')), [5, 4, 3]);
    t.same(ids(await journal(s, '?merchant_uid=o1')), [4]);
    t.same(ids(await journal(s, '?merchant=kicc-only')), [6], 'getToken is filed under the merchant of its imp_key');
    t.same(ids(await journal(s, '?merchant=imp19424728')), [5, 4, 3, 2, 1]);
    t.same(ids(await journal(s, `?since=${1767225600000 + 10_000}`)), [6, 5, 4, 3]);
    t.same(ids(await journal(s, '?since=2026-01-01T00:00:10Z&limit=2')), [6, 5]);
    const bad = await s.app.inject({ method: 'GET', url: '/__sandbox/requests?since=soon' });
    t.equal(bad.statusCode, 400);
    t.match(bad.json().message, /since: must be clock milliseconds or an ISO time/);
    const unknown = await s.app.inject({ method: 'GET', url: '/__sandbox/requests?merchant=nobody' });
    t.equal(unknown.statusCode, 404);
  },
);

t.test("DELETE /__sandbox/requests clears the journal (or one merchant's entries); ids keep counting", async (t) => {
  const s = await build(t);
  await s.token();
  await s.token(DEFAULT_KEY, 'wrong').catch(() => null);
  await s.app.inject({
    method: 'POST',
    url: '/users/getToken',
    payload: { imp_key: 'kicc_only_apikey', imp_secret: 'x' },
  });
  const one = await s.app.inject({ method: 'DELETE', url: '/__sandbox/requests?merchant=kicc-only' });
  t.same(one.json().response, { removed: 1 });
  t.same(
    (await journal(s)).map((e) => e.id),
    [2, 1],
  );
  const all = await s.app.inject({ method: 'DELETE', url: '/__sandbox/requests' });
  t.same(all.json().response, { removed: 2 });
  t.same(await journal(s), []);
  await s.token();
  t.same(
    (await journal(s)).map((e) => e.id),
    [4],
  );
});

t.test('the journal is a ring of JOURNAL_SIZE entries', async (t) => {
  const s = await build(t, { JOURNAL_SIZE: 3 });
  for (let i = 0; i < 5; i++) await s.app.inject({ method: 'GET', url: `/payments/find/o${i}` });
  t.same(
    (await journal(s)).map((e) => e.path),
    ['/payments/find/o4', '/payments/find/o3', '/payments/find/o2'],
  );
  const off = await build(t, { JOURNAL_SIZE: 0 });
  await off.app.inject({ method: 'GET', url: '/payments/find/x' });
  t.same(await journal(off), [], 'size 0 keeps nothing');
});

t.test('masking helpers keep enough to tell values apart and nothing to replay', async (t) => {
  t.equal(maskCard('4111-1111-1111-1111'), '41111111****1111');
  t.equal(maskCard('41111111****1111'), '41111111****1111');
  t.equal(maskCard('1234'), '********');
  t.equal(maskToken('Bearer abcdef0123'), 'Bearer abcd********');
  t.same(maskSecrets({ a: [{ imp_secret: 's', cvc: 999 }], access_token: 'abcdefgh', birth: null }), {
    a: [{ imp_secret: '********', cvc: '***' }],
    access_token: 'abcd********',
    birth: null,
  });
  const j = new Journal(2);
  let worked = 0;
  const detail = () => {
    worked++;
    return {
      query: { a: '1' },
      customer_uid: 'c1',
      merchant_uid: 'm1',
      merchant_uids: ['m1', 'm2'],
      request_headers: {},
      request_body: maskSecrets({ card_number: '4111111111111111' }),
    };
  };
  const entry = {
    at: 1,
    method: 'GET',
    path: '/',
    status: 200,
    code: 0,
    duration_ms: 0,
    response_body: null,
    fault: null,
  };
  t.equal(j.recordLazy({ ...entry, merchant: null }, detail), 1);
  t.equal(j.recordLazy({ ...entry, merchant: 'x' }, detail), 2);
  t.equal(worked, 0, 'nothing worked out until read');
  t.same(
    j.list({ merchant_uid: 'm2' }).map((e) => [e.id, e.customer_uid, e.request_body]),
    [
      [2, 'c1', { card_number: '41111111****1111' }],
      [1, 'c1', { card_number: '41111111****1111' }],
    ],
  );
  j.list();
  t.equal(worked, 2, 'once per entry');
  t.equal(new Journal(0).recordLazy({ ...entry, merchant: null }, detail), 1, 'a journal of size 0 keeps nothing');
});

t.test('bodies over 64 KiB are journaled by size only, so the ring cannot eat the memory', async (t) => {
  const s = await build(t);
  const token = await s.token();
  const big = { card_number: '4111-1111-1111-1111', expiry: '2030-12', customer_name: 'x', filler: 'a'.repeat(70_000) };
  const res = await s.app.inject({
    method: 'POST',
    url: '/subscribe/customers/big',
    headers: { authorization: token },
    payload: big,
  });
  t.equal(res.json().code, 0);
  const page = await s.app.inject({
    method: 'GET',
    url: '/subscribe/payments/schedule?limit=10',
    headers: { authorization: token },
  });
  t.equal(page.statusCode, 200);
  const [entry] = (
    await s.app.inject({ method: 'GET', url: '/__sandbox/requests?path=/subscribe/customers/big' })
  ).json().response;
  t.match(entry.request_body, /^\[\d+ bytes, not kept in the journal\]$/);
  t.equal(entry.customer_uid, 'big', 'its ids are still kept');
  t.same(
    (await s.app.inject({ method: 'GET', url: '/__sandbox/requests?customer_uid=big' })).json().response.length,
    1,
    'and found by them',
  );
  t.equal(entry.status, 200);
  t.equal(entry.code, 0, 'the envelope code is still read');
  t.equal(entry.response_body.response.card_number, '41111111****1111', 'small answers are kept whole');

  for (let i = 0; i < 120; i++) {
    const r = await s.app.inject({
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: { authorization: token },
      payload: { customer_uid: 'big', merchant_uid: `m_${i}`, amount: 1000 },
    });
    if (r.json().code !== 0) throw new Error(r.body);
  }
  const list = await s.app.inject({
    method: 'GET',
    url: '/payments/status/paid?limit=1000',
    headers: { authorization: token },
  });
  t.equal(list.json().response.total, 120);
  t.ok(list.body.length > 64 * 1024, `the list answer is ${list.body.length} bytes`);
  const [listed] = (await s.app.inject({ method: 'GET', url: '/__sandbox/requests?path=/payments/status/paid' })).json()
    .response;
  t.equal(listed.response_body, `[${Buffer.byteLength(list.body)} bytes, not kept in the journal]`);
  t.equal(listed.code, 0);
});

t.test('a long answer is sent as its UTF-8 bytes and journaled whole, as a short one is', async (t) => {
  const s = await build(t);
  t.equal((await s.call('POST', '/subscribe/customers/cu_long', CARD)).body.code, 0);
  for (let i = 0; i < 10; i++) {
    const r = await s.call('POST', '/subscribe/payments/again', {
      customer_uid: 'cu_long',
      merchant_uid: `long_${i}`,
      amount: 1000 + i,
      name: '정기결제',
    });
    if (r.body.code !== 0) throw new Error(JSON.stringify(r.body));
  }
  // The raw answer, for its length in characters and in bytes.
  const page = await s.app.inject({
    method: 'GET',
    url: '/payments/status/paid',
    headers: { authorization: await s.token() },
  });
  // Over the 4,096 characters kept as text, and with Korean in it: bytes and characters differ.
  t.ok(page.body.length > 4096, `the page is ${page.body.length} characters`);
  t.ok(Buffer.byteLength(page.body) > page.body.length, 'it has multi-byte characters');
  t.equal(Number(page.headers['content-length']), Buffer.byteLength(page.body), 'the length is the bytes sent');
  const sent = page.json().response;
  t.equal(sent.total, 10);
  t.equal(sent.list[0].name, '정기결제');
  const entries = await journal(s, '?path=/payments/status/paid');
  t.equal(entries.length, 1);
  t.equal(entries[0]!.code, 0);
  t.same(entries[0]!.response_body, page.json(), 'the journal shows the very answer the client got');
  const [again] = await journal(s, '?path=/subscribe/payments/again&limit=1');
  t.equal(again!.response_body.response.merchant_uid, 'long_9', 'a short answer is kept whole too');
  t.equal(again!.response_body.response.amount, 1009);
});

t.test('an answer kept as its deflated UTF-8 bytes is shown as the text it was', async (t) => {
  const text = '{"code":0,"message":null,"response":{"name":"정기결제","card_name":"KB국민카드"}}';
  const kept = SentJson.ofBytes(Buffer.from(text));
  t.equal(kept.deflated, true);
  t.ok(
    [...kept.sent].every((c) => c.charCodeAt(0) <= 0xff),
    'a character per byte',
  );
  t.same(kept.shown(), { code: 0, message: null, response: { name: '정기결제', card_name: 'KB국민카드' } });
  t.same(new SentJson(text).shown(), kept.shown(), 'the same answer as the text');
  t.equal(SentJson.ofBytes(Buffer.from('정기 not json')).shown(), '정기 not json');
  const page = JSON.stringify({
    code: 0,
    list: Array.from({ length: 20 }, (_, i) => ({ i, name: '정기결제', amount: 1000 })),
  });
  t.ok(
    SentJson.ofBytes(Buffer.from(page)).sent.length < Buffer.byteLength(page) / 4,
    'a page takes a fraction of its bytes',
  );
});
