// API tests of escrow delivery info (GET|POST|PUT /escrows/logis/{imp_uid}) through app.inject: an escrow payment is
// made in the payment window with `escrow: true` (a KICC virtual account, paid in by the control API's deposit), then
// its delivery info is registered, read and changed; every refusal and bad input.
import t from 'tap';
import { type BuiltSandbox, build, KICC_ONLY_KEY, KICC_ONLY_SECRET, T0, WINDOW_CARD } from './helpers.js';

const T0S = T0 / 1000;

/** A KICC virtual-account window (KICC offers escrow for trans and vbank only, sdk-v1.md §5.3). */
const escrowParams = {
  pg: 'kicc',
  pay_method: 'vbank',
  merchant_uid: 'order_e1',
  name: '에스크로 주문',
  amount: 45000,
  buyer_name: '홍길동',
  buyer_email: 'buyer@example.kr',
  buyer_tel: '010-1234-5678',
  escrow: true,
};

/** Open and submit a vbank window; the account is issued (`ready`). */
async function issue(s: BuiltSandbox, params: Record<string, unknown>): Promise<string> {
  const o = await s.call(
    'POST',
    '/window/api/requests',
    { merchant: 'imp19424728', device: 'pc', params },
    { token: null },
  );
  if (o.body.response?.opened !== true) throw new Error(`window refused: ${JSON.stringify(o.body)}`);
  const d = await s.call(
    'POST',
    `/window/api/requests/${o.body.response.id}/submit`,
    { vbank_code: '088' },
    { token: null },
  );
  return d.body.response.rsp.imp_uid as string;
}
const deposit = (s: BuiltSandbox, impUid: string) =>
  s.call('POST', `/__sandbox/vbanks/${impUid}/deposit`, {}, { token: null });
/** An escrow payment, paid. */
async function paidEscrow(s: BuiltSandbox, merchantUid = 'order_e1'): Promise<string> {
  const impUid = await issue(s, { ...escrowParams, merchant_uid: merchantUid });
  const d = await deposit(s, impUid);
  if (d.body.response?.payment?.status !== 'paid') throw new Error(`deposit failed: ${JSON.stringify(d.body)}`);
  return impUid;
}

const sender = { name: '판매자', tel: '02-000-0000', addr: '서울시 중구', postcode: '04500', relationship: '본인' };
const receiver = { name: '홍길동', tel: '010-1234-5678', addr: '서울시 강남구', postcode: '06000' };
const logis = { company: 'CJGLS', invoice: '123456789012', sent_at: T0S + 60 };
const body = { sender, receiver, logis };

t.test('a window opened with escrow: true makes an escrow payment; without it, not', async (t) => {
  const s = await build(t);
  const e = await issue(s, escrowParams);
  const plain = await issue(s, { ...escrowParams, merchant_uid: 'order_p1', escrow: undefined });
  t.equal((await s.call('GET', `/payments/${e}`)).body.response.escrow, true);
  t.equal((await s.call('GET', `/payments/${plain}`)).body.response.escrow, false);
  // A card window is charged without escrow (KICC offers escrow for trans and vbank only).
  const card = await s.call(
    'POST',
    '/window/api/requests',
    {
      merchant: 'imp19424728',
      device: 'pc',
      params: { ...escrowParams, pay_method: 'card', merchant_uid: 'order_c1' },
    },
    { token: null },
  );
  const paid = await s.call('POST', `/window/api/requests/${card.body.response.id}/submit`, WINDOW_CARD, {
    token: null,
  });
  t.equal(paid.body.response.rsp.status, 'paid');
  t.equal((await s.call('GET', `/payments/${paid.body.response.rsp.imp_uid}`)).body.response.escrow, false);
  // A non-boolean escrow is refused before the window opens, through the callback (never an HTTP 400).
  const bad = await s.call(
    'POST',
    '/window/api/requests',
    { merchant: 'imp19424728', device: 'pc', params: { ...escrowParams, merchant_uid: 'order_b1', escrow: 'yes' } },
    { token: null },
  );
  t.equal(bad.status, 200);
  t.equal(bad.body.response.opened, false);
  t.equal(bad.body.response.rsp.error_code, 'F1002');
  t.match(bad.body.response.rsp.error_msg, /^결제요청 파라메터가 올바르지 않습니다\. /);
});

t.test('POST registers the delivery info, GET reads it, PUT changes it (applied_at follows)', async (t) => {
  const s = await build(t);
  const impUid = await paidEscrow(s);

  const saved = await s.call('POST', `/escrows/logis/${impUid}`, {
    ...body,
    products: [{ id: 'p1', name: '책', amount: 45000 }],
    send_email: false,
  });
  t.equal(saved.status, 200);
  t.same(saved.body, {
    code: 0,
    message: null,
    response: { company: 'CJGLS', invoice: '123456789012', sent_at: T0S + 60, applied_at: T0S },
  });
  t.same(Object.keys(saved.body.response), ['company', 'invoice', 'sent_at', 'applied_at'], 'the spec fields only');

  const got = await s.call('GET', `/escrows/logis/${impUid}`);
  t.equal(got.status, 200);
  t.same(got.body, saved.body);

  // The whole request is kept (products with the spec's defaults).
  const rec = s.sb.store.records.get<Record<string, any>>('default', 'escrow_logis', impUid)!;
  t.same(rec.sender, sender);
  t.same(rec.receiver, receiver);
  t.same(rec.products, [{ id: 'p1', name: '책', amount: 45000, currency: 'KRW', quantity: 1 }]);
  t.equal(rec.send_email, false);
  t.equal(rec.registered_at, T0S);

  s.sb.clock.advance(3600_000);
  const edited = await s.call('PUT', `/escrows/logis/${impUid}`, {
    sender,
    receiver: { ...receiver, addr: '부산시 해운대구' },
    logis: { company: 'HANJIN', invoice: '999988887777', sent_at: T0S + 7200, receiving_at: '20260105' },
  });
  t.equal(edited.status, 200);
  t.same(edited.body, {
    code: 0,
    message: null,
    response: { company: 'HANJIN', invoice: '999988887777', sent_at: T0S + 7200, applied_at: T0S + 3600 },
  });
  t.same((await s.call('GET', `/escrows/logis/${impUid}`)).body.response, edited.body.response);
  const after = s.sb.store.records.get<Record<string, any>>('default', 'escrow_logis', impUid)!;
  t.equal(after.receiver.addr, '부산시 해운대구');
  t.equal(after.registered_at, T0S);
  t.equal(after.products, undefined, 'PUT replaces the info whole');

  // A number sent as a string (as form-minded clients do) is read as the number.
  const again = await s.call('PUT', `/escrows/logis/${impUid}`, {
    sender,
    receiver,
    logis: { ...logis, sent_at: '123' },
  });
  t.equal(again.body.response.sent_at, 123);
});

t.test('refusals: unknown imp_uid 404, not escrow 409, not paid 409, twice 409, PUT/GET before POST 409', async (t) => {
  const s = await build(t);
  const notFound = { code: -1, message: '존재하지 않는 결제정보입니다.', response: null };
  for (const m of ['GET', 'POST', 'PUT'] as const) {
    const r = await s.call(m, '/escrows/logis/imp_000000000000', m === 'GET' ? undefined : body);
    t.equal(r.status, 404, `${m} unknown`);
    t.same(r.body, notFound);
  }

  // A paid payment that is not escrow.
  const plain = await issue(s, { ...escrowParams, merchant_uid: 'order_p1', escrow: false });
  await deposit(s, plain);
  const notEscrow = {
    code: 1,
    message: '에스크로 결제건이 아닙니다. 배송정보는 에스크로 결제건에만 등록할 수 있습니다.',
    response: null,
  };
  for (const m of ['GET', 'POST', 'PUT'] as const) {
    const r = await s.call(m, `/escrows/logis/${plain}`, m === 'GET' ? undefined : body);
    t.equal(r.status, 409, `${m} not escrow`);
    t.same(r.body, notEscrow);
  }

  // An escrow virtual account not paid in yet.
  const ready = await issue(s, { ...escrowParams, merchant_uid: 'order_r1' });
  const notPaid = await s.call('POST', `/escrows/logis/${ready}`, body);
  t.equal(notPaid.status, 409);
  t.same(notPaid.body, {
    code: 1,
    message: '결제완료(paid) 상태의 에스크로 결제건만 배송정보를 등록하거나 수정할 수 있습니다. (현재: ready)',
    response: null,
  });
  const notRegistered = { code: 1, message: '등록된 배송정보가 존재하지 않습니다.', response: null };
  const get = await s.call('GET', `/escrows/logis/${ready}`);
  t.equal(get.status, 409);
  t.same(get.body, notRegistered);

  // Paid: PUT before POST is refused, POST works once.
  const paid = await paidEscrow(s, 'order_e2');
  const put = await s.call('PUT', `/escrows/logis/${paid}`, body);
  t.equal(put.status, 409);
  t.same(put.body, notRegistered);
  t.equal((await s.call('POST', `/escrows/logis/${paid}`, body)).body.code, 0);
  const twice = await s.call('POST', `/escrows/logis/${paid}`, body);
  t.equal(twice.status, 409);
  t.same(twice.body, {
    code: 1,
    message: '이미 배송정보 등록이 완료된 거래건입니다. 수정은 PUT /escrows/logis/{imp_uid} 로 요청해주세요.',
    response: null,
  });

  // Fully cancelled: no more changes, but the info can still be read.
  const cancel = await s.call('POST', '/payments/cancel', { imp_uid: paid });
  t.equal(cancel.body.response.status, 'cancelled');
  const late = await s.call('PUT', `/escrows/logis/${paid}`, body);
  t.equal(late.status, 409);
  t.equal(
    late.body.message,
    '결제완료(paid) 상태의 에스크로 결제건만 배송정보를 등록하거나 수정할 수 있습니다. (현재: cancelled)',
  );
  t.equal((await s.call('GET', `/escrows/logis/${paid}`)).body.response.invoice, '123456789012');

  // Another merchant does not see the payment.
  const other = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  const foreign = await s.call('GET', `/escrows/logis/${paid}`, undefined, { token: other });
  t.equal(foreign.status, 404);
  t.same(foreign.body, notFound);
  // No token: the real 401.
  t.equal((await s.call('GET', `/escrows/logis/${paid}`, undefined, { token: null })).status, 401);
});

t.test('bad input is a 400 in the envelope naming the field, and nothing is stored', async (t) => {
  const s = await build(t);
  const impUid = await paidEscrow(s);
  const cases: [string, unknown, string][] = [
    ['no body fields', {}, 'sender'],
    ['no logis', { sender, receiver }, 'logis'],
    ['no receiver', { sender, logis }, 'receiver'],
    ['no company', { sender, receiver, logis: { invoice: '1', sent_at: 1 } }, 'logis.company'],
    ['empty invoice', { sender, receiver, logis: { ...logis, invoice: '' } }, 'logis.invoice'],
    ['sent_at not a number', { sender, receiver, logis: { ...logis, sent_at: 'soon' } }, 'logis.sent_at'],
    ['sender not an object', { sender: 'me', receiver, logis }, 'sender'],
    ['a product without id', { ...body, products: [{ name: '책', amount: 1 }] }, 'products.0.id'],
    ['products not an array', { ...body, products: 'x' }, 'products'],
  ];
  for (const [what, payload, field] of cases) {
    const r = await s.call('POST', `/escrows/logis/${impUid}`, payload as object);
    t.equal(r.status, 400, what);
    t.equal(r.body.code, -1, what);
    t.equal(r.body.response, null, what);
    t.match(r.body.message, new RegExp(`^잘못된 요청 파라미터입니다\\. ${field.replace(/\./g, '\\.')}: `), what);
  }
  // A flat form body (sender[name]=…) is not a 2-depth body: 400 on `sender`.
  const form = await s.app.inject({
    method: 'POST',
    url: `/escrows/logis/${impUid}`,
    headers: { authorization: await s.token(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'sender[name]=a&receiver[name]=b&logis[company]=CJGLS&logis[invoice]=1&logis[sent_at]=1',
  });
  t.equal(form.statusCode, 400);
  t.match(form.json().message, /^잘못된 요청 파라미터입니다\. sender: /);
  t.equal(s.sb.store.records.get('default', 'escrow_logis', impUid), undefined);
  const get = await s.call('GET', `/escrows/logis/${impUid}`);
  t.equal(get.status, 409);
});
