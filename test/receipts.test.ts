// API tests of cash receipts through app.inject: GET|POST|DELETE /receipts/{imp_uid} for cash-like payments (a
// virtual account paid through the window and the control API's deposit, and payments inserted directly), and
// GET|POST|DELETE /receipts/external/{merchant_uid} for sales made outside the gateway.

import t, { type Test } from 'tap';
import { type BuiltSandbox, build, KICC_ONLY_KEY, KICC_ONLY_SECRET, T0 } from './helpers.js';
import { newPayment } from '../src/gateway/payments.js';
import type { Payment } from '../src/schemas/payments.js';

const T0S = T0 / 1000;

/** A paid payment inserted directly (KICC, account transfer unless `fields` say otherwise). */
function insert(s: BuiltSandbox, impUid: string, fields: Partial<Payment> = {}, merchantId = 'default'): Payment {
  const p = newPayment({
    imp_uid: impUid,
    merchant_uid: `order_${impUid}`,
    amount: 11000,
    status: 'paid',
    started_at: T0S,
    paid_at: T0S,
    pay_method: 'trans',
    channel: 'pc',
    pg_provider: 'kicc',
    pg_id: 'T5102001',
    pg_tid: '12345678901234567890',
    ...fields,
  });
  s.sb.store.payments.insert(merchantId, p, T0S);
  return p;
}

const PHONE = { identifier: '010-1234-5678', identifier_type: 'phone' };
const bad = (message: string) => ({ code: -1, message, response: null });

const notFoundPayment = bad('존재하지 않는 결제정보입니다.');
const alreadyIssued = bad('이미 현금영수증이 발행된 거래건입니다.');
const notCash = (m: string) =>
  bad(`현금영수증은 현금성 거래(가상계좌 vbank, 계좌이체 trans)에 대해서만 발행할 수 있습니다. (pay_method: ${m})`);
const notPaid = (st: string) =>
  bad(`결제완료(paid) 상태의 결제건에 대해서만 현금영수증을 발행할 수 있습니다. (status: ${st})`);
const typeRequired = bad('KICC 현금영수증 발행에는 identifier_type(person, business, phone, taxcard)이 필수입니다.');
const badIdentifier = (kind: string) => bad(`현금영수증 발행대상 식별정보(identifier)가 올바르지 않습니다. (${kind})`);
const RECEIPT_KEYS = [
  'imp_uid',
  'receipt_tid',
  'apply_num',
  'type',
  'amount',
  'vat',
  'receipt_url',
  'applied_at',
  'cancelled_at',
];

// External receipts: the default merchant's channels (fixtures/merchants.json).
const KICC_KEY = 'channel-key-kicc-window-0001';
const NICE_KEY = 'channel-key-nice-keyin-0001';
const EXTERNAL = { channel_key: KICC_KEY, name: '현장 결제', amount: 55000, ...PHONE };
const EXT_KEYS = ['merchant_uid', ...RECEIPT_KEYS.slice(1)];
const extNotFound = (uid: string) => bad(`merchant_uid(${uid})로 발행된 현금영수증이 존재하지 않습니다.`);

async function payment(s: BuiltSandbox, impUid: string): Promise<Payment> {
  return (await s.call('GET', `/payments/${impUid}`)).body.response;
}

t.test('a virtual account paid in gets a receipt, which can be looked up and revoked', async (t) => {
  const s = await build(t);
  const opened = await s.call(
    'POST',
    '/window/api/requests',
    {
      merchant: 'imp19424728',
      device: 'pc',
      params: { pg: 'kicc', pay_method: 'vbank', merchant_uid: 'order_v1', name: '가상계좌 주문', amount: 33000 },
    },
    { token: null, headers: { 'user-agent': 'TestBrowser/1.0' } },
  );
  t.equal(opened.status, 200, JSON.stringify(opened.body));
  const done = await s.call(
    'POST',
    `/window/api/requests/${opened.body.response.id}/submit`,
    { vbank_code: '088' },
    { token: null },
  );
  const impUid: string = done.body.response.rsp.imp_uid;

  // Not deposited yet: the payment is ready, so no receipt (the spec's 400 for a payment that is not paid).
  const early = await s.call('POST', `/receipts/${impUid}`, PHONE);
  t.equal(early.status, 400);
  t.same(early.body, notPaid('ready'));

  const dep = await s.call('POST', `/__sandbox/vbanks/${impUid}/deposit`, {}, { token: null });
  t.equal(dep.status, 200, JSON.stringify(dep.body));
  t.equal((await payment(s, impUid)).cash_receipt_issued, false);

  const issued = await s.call('POST', `/receipts/${impUid}`, { ...PHONE, buyer_name: '홍길동' });
  t.equal(issued.status, 200, JSON.stringify(issued.body));
  t.equal(issued.body.code, 0);
  t.equal(issued.body.message, null);
  const r = issued.body.response;
  t.same(Object.keys(r), RECEIPT_KEYS, 'every field of ReceiptAnnotation, in its order');
  t.equal(r.imp_uid, impUid);
  t.match(r.receipt_tid, /^\d{20}$/);
  t.match(r.apply_num, /^\d{9}$/);
  t.equal(r.type, 'person');
  t.equal(r.amount, 33000);
  t.equal(r.vat, 3000);
  t.equal(r.receipt_url, `https://receipt.sandbox.invalid/kicc/cash/${r.receipt_tid}`);
  t.equal(r.applied_at, T0S);
  t.equal(r.cancelled_at, 0);
  t.equal((await payment(s, impUid)).cash_receipt_issued, true);

  const got = await s.call('GET', `/receipts/${impUid}`);
  t.equal(got.status, 200);
  t.same(got.body, { code: 0, message: null, response: r });

  s.sb.clock.advance(3600_000);
  const revoked = await s.call('DELETE', `/receipts/${impUid}`);
  t.equal(revoked.status, 200);
  t.same(revoked.body, { code: 0, message: null, response: { ...r, cancelled_at: T0S + 3600 } });
  t.equal((await payment(s, impUid)).cash_receipt_issued, false);
  const after = await s.call('GET', `/receipts/${impUid}`);
  t.equal(after.status, 200);
  t.equal(after.body.response.cancelled_at, T0S + 3600, 'a revoked receipt is still found, with cancelled_at');
  t.equal(after.body.response.receipt_tid, r.receipt_tid);
});

t.test(
  'POST /receipts/:imp_uid amounts: the balance, 1/11 VAT, tax_free, vat_amount, the deprecated vat',
  async (t) => {
    const s = await build(t);
    const cases: [Record<string, unknown>, number, number][] = [
      [{}, 11000, 1000],
      [{ tax_free: 1000 }, 11000, 909],
      [{ tax_free: 11000 }, 11000, 0],
      [{ vat_amount: 500 }, 11000, 500],
      [{ vat_amount: 499.6 }, 11000, 500],
      [{ vat: 700 }, 11000, 700],
      [{ vat: 700, vat_amount: 300 }, 11000, 300],
    ];
    let n = 0;
    for (const [extra, amount, vat] of cases) {
      const impUid = `imp_${String(++n).padStart(12, '0')}`;
      insert(s, impUid);
      const res = await s.call('POST', `/receipts/${impUid}`, { ...PHONE, ...extra });
      t.equal(res.status, 200, JSON.stringify(extra));
      t.equal(res.body.response.amount, amount, `${JSON.stringify(extra)} amount`);
      t.equal(res.body.response.vat, vat, `${JSON.stringify(extra)} vat`);
    }
    // Round half up: 1000 / 11 = 90.9 → 91.
    insert(s, 'imp_100000000001', { amount: 1000 });
    t.equal((await s.call('POST', '/receipts/imp_100000000001', PHONE)).body.response.vat, 91);

    // A partly cancelled payment: the receipt is for what is left ("부분취소된 거래인 경우 남은 잔액으로 발급").
    insert(s, 'imp_100000000002', { amount: 33000 });
    const cancel = await s.call('POST', '/payments/cancel', { imp_uid: 'imp_100000000002', amount: 11000 });
    t.equal(cancel.body.response.status, 'paid');
    const partial = await s.call('POST', '/receipts/imp_100000000002', { ...PHONE, type: 'company' });
    t.equal(partial.status, 200);
    t.equal(partial.body.response.amount, 22000);
    t.equal(partial.body.response.vat, 2000);
    t.equal(partial.body.response.type, 'company');
  },
);

t.test('POST /receipts/:imp_uid takes a form body, and every identifier_type', async (t) => {
  const s = await build(t);
  const ids: [string, string][] = [
    ['phone', '01012345678'],
    ['phone', '0101234567'],
    ['business', '123-45-67890'],
    ['person', '9001011234567'],
    ['taxcard', '1234567890123456789'],
  ];
  let n = 0;
  for (const [identifier_type, identifier] of ids) {
    const impUid = `imp_${String(++n).padStart(12, '0')}`;
    insert(s, impUid, { pay_method: 'vbank' });
    const res = await s.app.inject({
      method: 'POST',
      url: `/receipts/${impUid}`,
      headers: { authorization: await s.token(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ identifier, identifier_type, type: 'company', tax_free: '1000' }).toString(),
    });
    t.equal(res.statusCode, 200, `${identifier_type} ${identifier}: ${res.body}`);
    t.equal(res.json().response.type, 'company');
    t.equal(res.json().response.vat, 909);
  }
  // A PG that tells the kind from the identifier itself needs no identifier_type (only KICC requires it).
  insert(s, 'imp_200000000001', { pg_provider: 'nice', pg_id: 'nictest04m' });
  const nice = await s.call('POST', '/receipts/imp_200000000001', { identifier: '01012345678' });
  t.equal(nice.status, 200);
  t.equal(nice.body.response.type, 'person', 'type defaults to person');
  t.match(nice.body.response.receipt_url, /^https:\/\/receipt\.sandbox\.invalid\/nice\/cash\/\d{20}$/);
});

t.test('POST /receipts/:imp_uid refusals', async (t) => {
  const s = await build(t);
  insert(s, 'imp_card00000001', { pay_method: 'card' });
  insert(s, 'imp_ready0000001', { pay_method: 'vbank', status: 'ready', paid_at: 0 });
  insert(s, 'imp_cancel000001', { status: 'cancelled', cancel_amount: 11000, cancelled_at: T0S });
  insert(s, 'imp_failed000001', { status: 'failed', paid_at: 0, failed_at: T0S });
  insert(s, 'imp_paid00000001');
  insert(s, 'imp_nice00000001', { pg_provider: 'nice' });

  const cases: [string, Record<string, unknown>, number, object][] = [
    ['imps_000000000000', PHONE, 404, notFoundPayment],
    ['imp_card00000001', PHONE, 400, notCash('card')],
    ['imp_ready0000001', PHONE, 400, notPaid('ready')],
    ['imp_cancel000001', PHONE, 400, notPaid('cancelled')],
    ['imp_failed000001', PHONE, 400, notPaid('failed')],
    ['imp_paid00000001', { identifier: '01012345678' }, 400, typeRequired],
    ['imp_paid00000001', { identifier: '010-1234-567a', identifier_type: 'phone' }, 400, badIdentifier('phone')],
    ['imp_paid00000001', { identifier: '02-123-4567', identifier_type: 'phone' }, 400, badIdentifier('phone')],
    ['imp_paid00000001', { identifier: '12345678901', identifier_type: 'business' }, 400, badIdentifier('business')],
    ['imp_paid00000001', { identifier: '900101123456', identifier_type: 'person' }, 400, badIdentifier('person')],
    ['imp_paid00000001', { identifier: '123456789012', identifier_type: 'taxcard' }, 400, badIdentifier('taxcard')],
    ['imp_nice00000001', { identifier: '123456789' }, 400, badIdentifier('identifier')],
    [
      'imp_paid00000001',
      { ...PHONE, tax_free: 11001 },
      400,
      bad('면세금액(tax_free 11001)이 현금영수증 발행금액(11000)을 초과합니다.'),
    ],
    [
      'imp_paid00000001',
      { ...PHONE, tax_free: 1000, vat_amount: 10001 },
      400,
      bad('부가세(vat_amount 10001)가 과세금액(10000)을 초과합니다.'),
    ],
  ];
  for (const [impUid, body, status, expected] of cases) {
    const res = await s.call('POST', `/receipts/${impUid}`, body);
    t.equal(res.status, status, `${impUid} ${JSON.stringify(body)}`);
    t.same(res.body, expected, `${impUid} ${JSON.stringify(body)}`);
  }
  t.equal(
    (await s.call('POST', '/receipts/imp_paid00000001', { identifier: 'x' })).headers['x-sandbox-field'],
    'identifier_type',
  );
  // Nothing was written by the refusals.
  t.equal(s.sb.store.records.list('default', 'receipt').length, 0);
  t.equal((await payment(s, 'imp_paid00000001')).cash_receipt_issued, false);

  // Issued once: a second issue is refused (the spec's "이미 현금영수증 발행된 건"), the first receipt stays.
  const first = await s.call('POST', '/receipts/imp_paid00000001', PHONE);
  t.equal(first.status, 200);
  const second = await s.call('POST', '/receipts/imp_paid00000001', { ...PHONE, type: 'company' });
  t.equal(second.status, 400);
  t.same(second.body, alreadyIssued);
  t.same((await s.call('GET', '/receipts/imp_paid00000001')).body.response, first.body.response);

  // A payment the gateway already marks as having one (cash_receipt_issued) is refused the same way.
  insert(s, 'imp_marked000001', { cash_receipt_issued: true });
  t.same((await s.call('POST', '/receipts/imp_marked000001', PHONE)).body, alreadyIssued);
});

t.test('POST /receipts/:imp_uid bad input is a 400 naming the field', async (t) => {
  const s = await build(t);
  insert(s, 'imp_paid00000001');
  const cases: [Record<string, unknown> | undefined, string][] = [
    // No body at all reads as an empty one (issue 9: clients send body-less POSTs): the first missing field is named.
    [undefined, 'identifier'],
    [{}, 'identifier'],
    [{ identifier: '' }, 'identifier'],
    [{ identifier: 123 }, 'identifier'],
    [{ ...PHONE, identifier_type: 'email' }, 'identifier_type'],
    [{ ...PHONE, type: 'corporate' }, 'type'],
    [{ ...PHONE, tax_free: 'abc' }, 'tax_free'],
    [{ ...PHONE, tax_free: -1 }, 'tax_free'],
    [{ ...PHONE, tax_free: 1.5 }, 'tax_free'],
    [{ ...PHONE, vat_amount: -1 }, 'vat_amount'],
    [{ ...PHONE, product_type: 'service' }, 'product_type'],
  ];
  for (const [body, field] of cases) {
    const res = await s.call('POST', '/receipts/imp_paid00000001', body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.equal(res.body.code, -1);
    t.equal(res.body.response, null);
    t.match(res.body.message, new RegExp(`^잘못된 요청 파라미터입니다\\. ${field}: `), JSON.stringify(body));
  }
  t.equal(s.sb.store.records.list('default', 'receipt').length, 0);
});

t.test('GET and DELETE /receipts/:imp_uid refusals', async (t) => {
  const s = await build(t);
  insert(s, 'imp_paid00000001');
  insert(s, 'imp_card00000001', { pay_method: 'card' });

  for (const method of ['GET', 'DELETE'] as const) {
    const res = await s.call(method, '/receipts/imps_000000000000');
    t.equal(res.status, 404, `${method} unknown imp_uid`);
    t.same(res.body, notFoundPayment);
  }
  // getReceipt: 404 when nothing was issued; revokeReceipt: 400 ("발급된 적 없는 건").
  for (const impUid of ['imp_paid00000001', 'imp_card00000001']) {
    const got = await s.call('GET', `/receipts/${impUid}`);
    t.equal(got.status, 404);
    t.same(got.body, bad('현금영수증 발행내역이 존재하지 않습니다.'));
    const del = await s.call('DELETE', `/receipts/${impUid}`);
    t.equal(del.status, 400);
    t.same(del.body, bad('포트원을 통해 현금영수증이 발행된 적이 없는 거래건입니다.'));
  }

  const issued = await s.call('POST', '/receipts/imp_paid00000001', PHONE);
  t.equal((await s.call('DELETE', '/receipts/imp_paid00000001')).status, 200);
  const again = await s.call('DELETE', '/receipts/imp_paid00000001');
  t.equal(again.status, 400);
  t.same(again.body, bad('이미 발행취소된 현금영수증입니다.'));

  // Revoked, it may be issued again: a new receipt replaces the old one.
  s.sb.clock.advance(60_000);
  const reissued = await s.call('POST', '/receipts/imp_paid00000001', { ...PHONE, type: 'company' });
  t.equal(reissued.status, 200);
  t.not(reissued.body.response.receipt_tid, issued.body.response.receipt_tid);
  t.equal(reissued.body.response.type, 'company');
  t.equal(reissued.body.response.applied_at, T0S + 60);
  t.equal(reissued.body.response.cancelled_at, 0);
  t.equal((await payment(s, 'imp_paid00000001')).cash_receipt_issued, true);
  t.same((await s.call('GET', '/receipts/imp_paid00000001')).body.response, reissued.body.response);
});

t.test('receipts send no webhook and stay with their merchant', async (t) => {
  const s = await build(t);
  insert(s, 'imp_paid00000001');
  const before = s.sb.webhooks.list({}).length;
  t.equal((await s.call('POST', '/receipts/imp_paid00000001', PHONE)).status, 200);
  t.equal((await s.call('DELETE', '/receipts/imp_paid00000001')).status, 200);
  t.equal(s.sb.webhooks.list({}).length, before);

  const other = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  for (const method of ['GET', 'DELETE'] as const) {
    const res = await s.call(method, '/receipts/imp_paid00000001', undefined, { token: other });
    t.equal(res.status, 404, `${method} from another merchant`);
    t.same(res.body, notFoundPayment);
  }
  t.equal((await s.call('POST', '/receipts/imp_paid00000001', PHONE, { token: other })).status, 404);
  const ext = await s.call('POST', '/receipts/external/order_x', { ...EXTERNAL, channel_key: KICC_KEY });
  t.equal(ext.status, 200);
  const seen = await s.call('GET', '/receipts/external/order_x', undefined, { token: other });
  t.equal(seen.status, 404);
  t.equal((await s.call('GET', '/receipts/external/order_x')).status, 200);
});

// ---------------------------------------------------------------------------------------------------------------
// External receipts: sales made outside the gateway, keyed by merchant_uid.

t.test('an external receipt is issued, looked up, revoked, and may then be issued again', async (t) => {
  const s = await build(t);
  const res = await s.call('POST', '/receipts/external/cash_0001', { ...EXTERNAL, buyer_name: '홍길동' });
  t.equal(res.status, 200, JSON.stringify(res.body));
  t.equal(res.body.code, 0);
  t.equal(res.body.message, null);
  const r = res.body.response;
  t.same(Object.keys(r), EXT_KEYS, 'every field of ExternalReceiptAnnotation, in its order');
  t.equal(r.merchant_uid, 'cash_0001');
  t.match(r.receipt_tid, /^\d{20}$/);
  t.match(r.apply_num, /^\d{9}$/);
  t.equal(r.type, 'person');
  t.equal(r.amount, 55000);
  t.equal(r.vat, 5000);
  t.equal(r.receipt_url, `https://receipt.sandbox.invalid/kicc/cash/${r.receipt_tid}`);
  t.equal(r.applied_at, T0S);
  t.equal(r.cancelled_at, 0);
  t.same((await s.call('GET', '/receipts/external/cash_0001')).body, { code: 0, message: null, response: r });

  const dup = await s.call('POST', '/receipts/external/cash_0001', EXTERNAL);
  t.equal(dup.status, 400);
  t.same(dup.body, bad('이미 현금영수증이 발행된 merchant_uid입니다. (cash_0001)'));

  s.sb.clock.advance(120_000);
  const revoked = await s.call('DELETE', '/receipts/external/cash_0001');
  t.equal(revoked.status, 200);
  t.same(revoked.body, { code: 0, message: null, response: { ...r, cancelled_at: T0S + 120 } });
  t.equal((await s.call('GET', '/receipts/external/cash_0001')).body.response.cancelled_at, T0S + 120);
  const twice = await s.call('DELETE', '/receipts/external/cash_0001');
  t.equal(twice.status, 400);
  t.same(twice.body, bad('이미 발행취소된 현금영수증입니다.'));

  const again = await s.call('POST', '/receipts/external/cash_0001', {
    ...EXTERNAL,
    channel_key: NICE_KEY,
    identifier: '1234567890',
    identifier_type: undefined,
    type: 'company',
    amount: 22000,
    tax_free: 11000,
  });
  t.equal(again.status, 200, JSON.stringify(again.body));
  t.equal(again.body.response.type, 'company');
  t.equal(again.body.response.amount, 22000);
  t.equal(again.body.response.vat, 1000);
  t.equal(again.body.response.applied_at, T0S + 120);
  t.equal(again.body.response.cancelled_at, 0);
  t.match(again.body.response.receipt_url, /\/nice\/cash\//);
  t.same(s.sb.store.records.list('default', 'external_receipt'), [again.body.response]);
});

t.test('external receipt refusals and bad input', async (t) => {
  const s = await build(t);
  for (const method of ['GET', 'DELETE'] as const) {
    const res = await s.call(method, '/receipts/external/nothing_here');
    t.equal(res.status, 404, `${method} of a merchant_uid never issued`);
    t.same(res.body, extNotFound('nothing_here'));
  }
  const refusals: [Record<string, unknown>, object, string][] = [
    [
      { ...EXTERNAL, channel_key: 'channel-key-nope' },
      bad('요청하신 channel_key(channel-key-nope)로 등록된 채널 정보를 찾을 수 없습니다.'),
      'channel_key',
    ],
    [{ ...EXTERNAL, identifier_type: undefined }, typeRequired, 'identifier_type'],
    [{ ...EXTERNAL, identifier: '1234' }, badIdentifier('phone'), 'identifier'],
    [
      { ...EXTERNAL, tax_free: 60000 },
      bad('면세금액(tax_free 60000)이 현금영수증 발행금액(55000)을 초과합니다.'),
      'tax_free',
    ],
    [{ ...EXTERNAL, vat_amount: 55001 }, bad('부가세(vat_amount 55001)가 과세금액(55000)을 초과합니다.'), 'vat_amount'],
  ];
  for (const [body, expected, field] of refusals) {
    const res = await s.call('POST', '/receipts/external/cash_0002', body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.same(res.body, expected);
    t.equal(res.headers['x-sandbox-field'], field);
  }
  const invalid: [Record<string, unknown> | undefined, string][] = [
    [undefined, 'channel_key'],
    [{ ...EXTERNAL, channel_key: undefined }, 'channel_key'],
    [{ ...EXTERNAL, name: undefined }, 'name'],
    [{ ...EXTERNAL, amount: undefined }, 'amount'],
    [{ ...EXTERNAL, amount: 0 }, 'amount'],
    [{ ...EXTERNAL, amount: 'lots' }, 'amount'],
    [{ ...EXTERNAL, amount: 100.5 }, 'amount'],
    [{ ...EXTERNAL, identifier: undefined }, 'identifier'],
    [{ ...EXTERNAL, type: 'both' }, 'type'],
    [{ ...EXTERNAL, pay_method: 'card' }, 'pay_method'],
  ];
  for (const [body, field] of invalid) {
    const res = await s.call('POST', '/receipts/external/cash_0002', body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.equal(res.body.code, -1);
    t.match(res.body.message, new RegExp(`^잘못된 요청 파라미터입니다\\. ${field}: `), JSON.stringify(body));
  }
  t.same(s.sb.store.records.list('default', 'external_receipt'), [], 'no refusal wrote a receipt');

  // A form body, the way the spec's formData parameters come.
  const form = await s.app.inject({
    method: 'POST',
    url: '/receipts/external/cash_0003',
    headers: { authorization: await s.token(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      channel_key: KICC_KEY,
      name: '현장 결제',
      amount: '1000',
      identifier: '01012345678',
      identifier_type: 'phone',
      pay_method: 'trans',
    }).toString(),
  });
  t.equal(form.statusCode, 200, form.body);
  t.equal(form.json().response.amount, 1000);
  t.equal(form.json().response.vat, 91);
});

t.test('the same merchant_uid is separate for each merchant', async (t: Test) => {
  const s = await build(t);
  const other = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  t.equal((await s.call('POST', '/receipts/external/shared', EXTERNAL)).status, 200);
  // The other merchant's channels do not include the default merchant's key.
  const foreign = await s.call('POST', '/receipts/external/shared', EXTERNAL, { token: other });
  t.equal(foreign.status, 400);
  t.equal(foreign.headers['x-sandbox-field'], 'channel_key');
  const own = await s.call(
    'POST',
    '/receipts/external/shared',
    { ...EXTERNAL, channel_key: 'channel-key-kicc-window-0002' },
    { token: other },
  );
  t.equal(own.status, 200);
  t.equal((await s.call('DELETE', '/receipts/external/shared', undefined, { token: other })).status, 200);
  t.equal((await s.call('GET', '/receipts/external/shared')).body.response.cancelled_at, 0, 'the first one stays');
});
