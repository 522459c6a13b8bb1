// The request shapes of every official i'mport client (and posquit0/node-iamporter), recorded from their code as
// literal requests, sent through app.inject: each must get the answer the real server gives. Beside each client its
// repository and file; "refused before" says what the sandbox answered before src/hooks/request.ts read requests the
// lenient way (docs/clients.md has the table). The clients that run here from npm are also driven unmodified in
// test/sdk-compat.test.ts.

import t, { type Test } from 'tap';
import { trimFormNames, withoutEmptyParams, withoutNulls } from '../src/hooks/request.js';
import { build, type BuiltSandbox, DEFAULT_KEY, DEFAULT_SECRET, T0 } from './helpers.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Shape {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

/** One literal request; the answer's status and parsed envelope. */
async function send(s: BuiltSandbox, shape: Shape): Promise<{ status: number; body: any }> {
  const res = await s.app.inject({
    method: shape.method,
    url: shape.url,
    headers: shape.headers,
    payload: shape.payload,
  });
  return { status: res.statusCode, body: res.json() };
}

/** A token through the client's own getToken shape (asserted to succeed). */
async function tokenBy(t: Test, s: BuiltSandbox, shape: Shape): Promise<string> {
  const { status, body } = await send(s, shape);
  t.equal(status, 200, 'getToken');
  t.equal(body.code, 0);
  t.match(body.response.access_token, /^[0-9a-f]{40}$/);
  return body.response.access_token;
}

const S0 = T0 / 1000;
const AT = S0 + 3600;
const NOT_FOUND = { code: -1, message: '존재하지 않는 결제정보입니다.', response: null };
const KEY_GONE = (uid: string) => ({
  code: 1,
  message: `요청하신 customer_uid(${uid})로 등록된 정보를 찾을 수 없습니다.`,
  response: null,
});

t.test('the helpers: nulls dropped at every depth, leading spaces of form names, empty query values', async (t) => {
  t.same(withoutNulls({ a: null, b: 1, c: { d: null, e: 'x' }, f: [{ g: null, h: 2 }, null] }), {
    b: 1,
    c: { e: 'x' },
    f: [{ h: 2 }, null],
  });
  t.same(withoutNulls(null), null);
  t.same(trimFormNames({ imp_key: 'k', ' imp_secret': 's' }), { imp_key: 'k', imp_secret: 's' });
  t.same(trimFormNames({ ' a': 'trimmed', a: 'kept' }), { a: 'kept' }, 'a name sent as is wins');
  t.same(withoutEmptyParams({ page: '1', 'schedule-status': '', 'x[]': ['', 'y'] }), { page: '1', 'x[]': ['', 'y'] });
});

t.test(
  'iamport/iamport-rest-client-python (iamport/client.py): JSON bodies, bare token, DELETE without body',
  async (t) => {
    const s = await build(t);
    // _get_token: requests.post(data=json.dumps(payload), headers={'Content-Type': 'application/json'})
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: { 'content-type': 'application/json' },
      payload: `{"imp_key": "${DEFAULT_KEY}", "imp_secret": "${DEFAULT_SECRET}"}`,
    });
    const json = { authorization: token, 'content-type': 'application/json' };
    // customer_create(**kwargs): the customer_uid travels in the body too
    const key = await send(s, {
      method: 'POST',
      url: '/subscribe/customers/py_cust',
      headers: json,
      payload:
        '{"customer_uid": "py_cust", "card_number": "4111-1111-1111-1111", "expiry": "2030-12", "birth": "900101", "pwd_2digit": "12"}',
    });
    t.equal(key.status, 200);
    t.match(key.body, {
      code: 0,
      message: null,
      response: { customer_uid: 'py_cust', card_number: '41111111****1111' },
    });
    const paid = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: json,
      payload: '{"customer_uid": "py_cust", "merchant_uid": "py_order", "amount": 1000, "name": "정기결제"}',
    });
    t.match(paid.body, {
      code: 0,
      response: { merchant_uid: 'py_order', status: 'paid', amount: 1000, name: '정기결제' },
    });
    // find_by_merchant_uid / _get: only the Authorization header
    const found = await send(s, { method: 'GET', url: '/payments/find/py_order', headers: { authorization: token } });
    t.equal(found.status, 200);
    t.equal(found.body.response.imp_uid, paid.body.response.imp_uid);
    // pay_schedule_get_between: GET with params=kwargs
    await send(s, {
      method: 'POST',
      url: '/subscribe/payments/schedule',
      headers: json,
      payload: `{"customer_uid": "py_cust", "schedules": [{"merchant_uid": "py_s1", "schedule_at": ${AT}, "amount": 9900}]}`,
    });
    const between = await send(s, {
      method: 'GET',
      url: `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${AT + 1}`,
      headers: { authorization: token },
    });
    t.match(between.body, {
      code: 0,
      response: { total: 1, list: [{ merchant_uid: 'py_s1', schedule_status: 'scheduled' }] },
    });
    // customer_delete: requests.delete(url, headers=headers): no body, no Content-Type
    const deleted = await send(s, {
      method: 'DELETE',
      url: '/subscribe/customers/py_cust',
      headers: { authorization: token },
    });
    t.match(deleted.body, { code: 0, response: { customer_uid: 'py_cust' } });
    const unknown = await send(s, {
      method: 'GET',
      url: '/payments/imps_000000000000',
      headers: { authorization: token },
    });
    t.equal(unknown.status, 404);
    t.same(unknown.body, NOT_FOUND);
  },
);

t.test(
  'iamport/iamport-rest-client-php 1.0 (src/iamport.php): trailing slashes, JSON Content-Type on GET and DELETE',
  async (t) => {
    const s = await build(t);
    // getAccessCode → postResponse: json_encode, 'Content-Type: application/json', 'Content-Length: <n>'
    const body = `{"imp_key":"${DEFAULT_KEY}","imp_secret":"${DEFAULT_SECRET}"}`;
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      payload: body,
    });
    // TOKEN_HEADER 'Authorization: <token>'; getResponse and deleteResponse add 'Content-Type: application/json'
    const json = { authorization: token, 'content-type': 'application/json' };
    const key = await send(s, {
      method: 'POST',
      url: '/subscribe/customers/php1_cust',
      headers: json,
      payload:
        '{"customer_uid":"php1_cust","card_number":"4111-1111-1111-1111","expiry":"2030-12","birth":"900101","pwd_2digit":"12"}',
    });
    t.match(key.body, { code: 0, response: { customer_uid: 'php1_cust' } });
    // SBCR_AGAIN_PAYMENT_URL ends in a slash
    const paid = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/again/',
      headers: json,
      payload: '{"customer_uid":"php1_cust","merchant_uid":"php1_order","amount":1000,"name":"정기결제"}',
    });
    t.match(paid.body, { code: 0, response: { merchant_uid: 'php1_order', status: 'paid' } });
    // findByMerchantUID('php1_order', 'paid'): GET with the JSON Content-Type and no body
    const found = await send(s, { method: 'GET', url: '/payments/find/php1_order/paid', headers: json });
    t.match(found.body, { code: 0, response: { imp_uid: paid.body.response.imp_uid, status: 'paid' } });
    // CANCEL_PAYMENT_URL ends in a slash
    const cancelled = await send(s, {
      method: 'POST',
      url: '/payments/cancel/',
      headers: json,
      payload: '{"amount":400,"reason":"부분취소","merchant_uid":"php1_order"}',
    });
    t.match(cancelled.body, { code: 0, response: { status: 'paid', cancel_amount: 400 } });
    // subscribeCustomerDelete: CURLOPT_CUSTOMREQUEST DELETE, 'Content-Type: application/json', no body.
    // Refused before: 400 요청 본문이 비어 있습니다.
    const deleted = await send(s, { method: 'DELETE', url: '/subscribe/customers/php1_cust', headers: json });
    t.equal(deleted.status, 200);
    t.match(deleted.body, { code: 0, message: null, response: { customer_uid: 'php1_cust' } });
    const again = await send(s, { method: 'DELETE', url: '/subscribe/customers/php1_cust', headers: json });
    t.same(again.body, KEY_GONE('php1_cust'));
    // issueVbank (VBANK_BASE_URL ends in a slash), then revokeVbank: DELETE with the JSON Content-Type, no body
    const vbank = await send(s, {
      method: 'POST',
      url: '/vbanks/',
      headers: json,
      payload: `{"merchant_uid":"php1_vbank","amount":10000,"vbank_code":"004","vbank_due":${S0 + 86400},"vbank_holder":"홍길동"}`,
    });
    t.match(vbank.body, { code: 0, response: { status: 'ready', pay_method: 'vbank', vbank_code: '004' } });
    const revoked = await send(s, { method: 'DELETE', url: `/vbanks/${vbank.body.response.imp_uid}`, headers: json });
    t.match(revoked.body, { code: 0, response: { status: 'cancelled', cancel_amount: 10000 } });
  },
);

t.test(
  'iamport/iamport-rest-client-php main, 2.x (src/Request/*, Middleware/*): every unset field as JSON null',
  async (t) => {
    const s = await build(t);
    // DefaultRequestMiddleware: every request 'Content-Type: application/json; charset=utf-8', 'Accept: application/json'
    const base = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };
    // Iamport::requestAccessToken: RequestOptions::JSON
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: base,
      payload: `{"imp_key":"${DEFAULT_KEY}","imp_secret":"${DEFAULT_SECRET}"}`,
    });
    // TokenMiddleware: 'Authorization: Bearer <token>'
    const h = { ...base, authorization: `Bearer ${token}` };

    // JSON null is absent, also at getToken. Refused before: 400 imp_key: expected string, received null.
    const nulls = await send(s, {
      method: 'POST',
      url: '/users/getToken',
      headers: base,
      payload: '{"imp_key":null,"imp_secret":null}',
    });
    t.equal(nulls.status, 400);
    t.same(nulls.body, { code: -1, message: 'imp_key, imp_secret 파라메터가 누락되었습니다.', response: null });

    // SubscribeCustomer::issue: toArray() sends every property; RequestBase's public extraCondition rides along.
    // Refused before: 400 pg: expected string, received null (the client's first call in its examples).
    const key = await send(s, {
      method: 'POST',
      url: '/subscribe/customers/php2_cust',
      headers: h,
      payload:
        '{"extraCondition":null,"customer_uid":"php2_cust","pg":null,"card_number":"4111-1111-1111-1111",' +
        '"expiry":"2030-12","birth":"900101","pwd_2digit":"12","customer_name":null,"customer_tel":null,' +
        '"customer_email":null,"customer_addr":null,"customer_postcode":null,"schedule_status":null}',
    });
    t.equal(key.status, 200);
    t.match(key.body, {
      code: 0,
      message: null,
      response: {
        customer_uid: 'php2_cust',
        card_number: '41111111****1111',
        customer_name: null,
        pg_provider: 'nice',
      },
    });

    // SubscribeAgain: the extraCondition closure json_encodes as {}; floats as 1000.0. Refused before: 400 buyer_name:
    // expected string, received null.
    const paid = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/again/',
      headers: h,
      payload:
        '{"extraCondition":{},"customer_uid":"php2_cust","merchant_uid":"php2_order","amount":1000.0,"name":"정기결제",' +
        '"tax_free":null,"buyer_name":null,"buyer_email":null,"buyer_tel":null,"buyer_addr":null,"buyer_postcode":null,' +
        '"card_quota":null,"custom_data":null,"notice_url":null}',
    });
    t.equal(paid.status, 200);
    t.match(paid.body, {
      code: 0,
      response: { merchant_uid: 'php2_order', status: 'paid', amount: 1000, buyer_name: null, custom_data: null },
    });
    const impUid = paid.body.response.imp_uid;

    // SubscribeOnetime with a CardInfo whose pwd_2digit defaults to ''. Refused before: 400 name: expected string, received
    // null.
    const onetime = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/onetime/',
      headers: h,
      payload:
        '{"extraCondition":{},"merchant_uid":"php2_onetime","amount":5000.0,"tax_free":null,' +
        '"card_number":"4111-1111-1111-1111","expiry":"2030-12","birth":"900101","pwd_2digit":"","customer_uid":null,' +
        '"pg":null,"name":null,"buyer_name":null,"buyer_email":null,"buyer_tel":null,"buyer_addr":null,' +
        '"buyer_postcode":null,"card_quota":null,"custom_data":null,"notice_url":null}',
    });
    t.match(onetime.body, { code: 0, response: { merchant_uid: 'php2_onetime', status: 'paid', customer_uid: null } });

    // Payment::withImpUid / withMerchantUid (query sorting) / listImpUid (Guzzle's imp_uid[0]=…) / listStatus
    const byImp = await send(s, { method: 'GET', url: `/payments/${impUid}`, headers: h });
    t.match(byImp.body, { code: 0, response: { merchant_uid: 'php2_order' } });
    const byMerchant = await send(s, { method: 'GET', url: '/payments/find/php2_order?sorting=-started', headers: h });
    t.equal(byMerchant.body.response.imp_uid, impUid);
    const many = await send(s, {
      method: 'GET',
      url: `/payments?imp_uid%5B0%5D=${impUid}&imp_uid%5B1%5D=${onetime.body.response.imp_uid}`,
      headers: h,
    });
    t.equal(many.status, 200);
    t.same(many.body.response.map((p: { merchant_uid: string }) => p.merchant_uid).sort(), [
      'php2_onetime',
      'php2_order',
    ]);
    const byStatus = await send(s, {
      method: 'GET',
      url: '/payments/status/paid?sorting=-started&page=1&limit=20',
      headers: h,
    });
    t.match(byStatus.body, { code: 0, response: { total: 2, previous: 0, next: 0 } });

    // CancelPayment::withImpUid + setAmount + setReason. Refused before: merchant_uid: expected string, received null.
    const part = await send(s, {
      method: 'POST',
      url: '/payments/cancel/',
      headers: h,
      payload:
        `{"extraCondition":null,"imp_uid":"${impUid}","merchant_uid":null,"amount":400.0,"tax_free":null,` +
        '"checksum":null,"reason":"부분취소","refund_holder":null,"refund_bank":null,"refund_account":null,' +
        '"refund_tel":null,"extra":null}',
    });
    t.equal(part.status, 200);
    t.match(part.body, {
      code: 0,
      response: { status: 'paid', cancel_amount: 400, cancel_history: [{ amount: 400 }] },
    });

    // SubscribeSchedule (no card: the key is registered) with one Schedule; nulls inside schedules[] too. Refused before:
    // 400 card_number: expected string, received null.
    const scheduled = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/schedule/',
      headers: h,
      payload:
        '{"extraCondition":null,"customer_uid":"php2_cust","checking_amount":null,"card_number":null,"expiry":null,' +
        '"birth":null,"pwd_2digit":null,"pg":null,"schedules":[{"merchant_uid":"php2_s1",' +
        `"schedule_at":${AT},"amount":9900.0,"tax_free":null,"name":"1월","buyer_name":null,"buyer_email":null,` +
        '"buyer_tel":null,"buyer_addr":null,"buyer_postcode":null,"notice_url":null}]}',
    });
    t.equal(scheduled.status, 200);
    t.match(scheduled.body, {
      code: 0,
      response: [{ merchant_uid: 'php2_s1', schedule_status: 'scheduled', amount: 9900 }],
    });
    // SubscribeInquiry::withCustomerUid: schedule-status null is left out by http_build_query
    const listed = await send(s, {
      method: 'GET',
      url: `/subscribe/payments/schedule/customers/php2_cust?page=1&from=${S0}&to=${AT + 1}`,
      headers: h,
    });
    t.match(listed.body, { code: 0, response: { total: 1, list: [{ merchant_uid: 'php2_s1' }] } });
    // SubscribeInquiry::retry: attributes() is [], so no body under the JSON Content-Type. Refused before: 400
    // 요청 본문이 비어 있습니다. Now the schedule's own rule answers (it has not failed).
    const retry = await send(s, { method: 'POST', url: '/subscribe/payments/schedule/php2_s1/retry', headers: h });
    t.equal(retry.status, 400);
    t.same(retry.body, {
      code: -1,
      message: '실패했거나 취소된 예약결제만 다시 예약하거나 재시도할 수 있습니다. (현재: scheduled)',
      response: null,
    });
    // SubscribeUnschedule with setMerchantUid([...])
    const unscheduled = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/unschedule/',
      headers: h,
      payload: '{"extraCondition":null,"customer_uid":"php2_cust","merchant_uid":["php2_s1"]}',
    });
    t.match(unscheduled.body, { code: 0, response: [{ merchant_uid: 'php2_s1', schedule_status: 'revoked' }] });

    // Vbank::store (vbank_due from dateToTimestamp), then Vbank::delete: no body. Refused before: 400 pg: expected
    // string, received null; then 400 요청 본문이 비어 있습니다.
    const vbank = await send(s, {
      method: 'POST',
      url: '/vbanks',
      headers: h,
      payload:
        `{"extraCondition":null,"merchant_uid":"php2_vbank","amount":10000.0,"vbank_code":"004","vbank_due":${S0 + 86400},` +
        '"vbank_holder":"홍길동","name":null,"buyer_name":null,"buyer_email":null,"buyer_tel":null,"buyer_addr":null,' +
        '"buyer_postcode":null,"pg":null,"notice_url":null,"custom_data":null}',
    });
    t.match(vbank.body, { code: 0, response: { status: 'ready', vbank_code: '004', vbank_holder: '홍길동' } });
    const revoked = await send(s, { method: 'DELETE', url: `/vbanks/${vbank.body.response.imp_uid}`, headers: h });
    t.match(revoked.body, { code: 0, response: { status: 'cancelled' } });

    // Certification::delete of an unknown imp_uid: DELETE, no body. Refused before: 400 요청 본문이 비어 있습니다.
    const cert = await send(s, { method: 'DELETE', url: '/certifications/imp_000000000000', headers: h });
    t.equal(cert.status, 404);
    t.same(cert.body, { code: -1, message: '인증결과가 존재하지 않습니다.', response: null });

    // SubscribeCustomer::delete without a reason: 'query' => [], no body. Refused before: 요청 본문이 비어 있습니다.
    const deleted = await send(s, { method: 'DELETE', url: '/subscribe/customers/php2_cust', headers: h });
    t.equal(deleted.status, 200);
    t.match(deleted.body, { code: 0, response: { customer_uid: 'php2_cust' } });

    // The journal keeps the body as the client sent it, nulls included.
    const [entry] = (
      await s.app.inject({ method: 'GET', url: '/__sandbox/requests?path=/subscribe/customers/php2_cust&method=POST' })
    ).json().response;
    t.equal(entry.request_body.pg, null);
  },
);

t.test(
  'iamport/go-iamport (util/util.go CallWithForm): forms with a space before names, empty query values',
  async (t) => {
    const s = await build(t);
    // authenticate.NewAuthenticate: `{"imp_key":"K", "imp_secret":"S"}` made a form by deleting {}" and turning : into =
    // and , into &, so the second name starts with a space; Authorization is set to "".
    // Refused before: 400 imp_key, imp_secret 파라메터가 누락되었습니다.
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: { authorization: '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `imp_key=${DEFAULT_KEY}& imp_secret=${DEFAULT_SECRET}`,
    });
    const form = { authorization: token, 'content-type': 'application/x-www-form-urlencoded' };
    const json = { authorization: token, 'content-type': 'application/json' };
    // subscribe_customer.InsertBillingKeyByCustomer: protojson (UseProtoNames) as JSON, customer_uid included
    const key = await send(s, {
      method: 'POST',
      url: '/subscribe/customers/go_cust',
      headers: json,
      payload:
        '{"customer_uid":"go_cust", "card_number":"4111-1111-1111-1111", "expiry":"2030-12", "birth":"900101", "pwd_2digit":"12"}',
    });
    t.match(key.body, { code: 0, response: { customer_uid: 'go_cust' } });
    // subscribe.Again: protojson → CallWithForm (protojson may put a space after each comma: it does here).
    // Refused before: 400 merchant_uid: expected string, received undefined.
    const paid = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: form,
      payload: 'customer_uid=go_cust& merchant_uid=go_order& amount=1000& name=아임포트 GO SDK 테스트',
    });
    t.equal(paid.status, 200);
    t.match(paid.body, {
      code: 0,
      response: { merchant_uid: 'go_order', status: 'paid', amount: 1000, name: '아임포트 GO SDK 테스트' },
    });
    // subscribe.Onetime, the same way
    const onetime = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/onetime',
      headers: form,
      payload:
        'merchant_uid=go_onetime& amount=5000& card_number=4111-1111-1111-1111& expiry=2030-12& birth=900101& pwd_2digit=12',
    });
    t.match(onetime.body, { code: 0, response: { merchant_uid: 'go_onetime', status: 'paid', amount: 5000 } });
    // payment.Cancel, the same way
    const cancelled = await send(s, {
      method: 'POST',
      url: '/payments/cancel',
      headers: form,
      payload: 'merchant_uid=go_onetime& amount=1000& reason=test',
    });
    t.match(cancelled.body, { code: 0, response: { status: 'paid', cancel_amount: 1000 } });
    // payment.GetByMerchantUID with no status: `/payments/find/<m>/`
    const found = await send(s, { method: 'GET', url: '/payments/find/go_order/', headers: { authorization: token } });
    t.equal(found.body.response.imp_uid, paid.body.response.imp_uid);
    // subscribe.Schedule: protojson JSON, int64 schedule_at as a string
    const scheduled = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/schedule',
      headers: json,
      payload: `{"customer_uid":"go_cust", "schedules":[{"merchant_uid":"go_s1", "schedule_at":"${AT}", "amount":9900}]}`,
    });
    t.match(scheduled.body, { code: 0, response: [{ merchant_uid: 'go_s1', schedule_at: AT }] });
    // subscribe_customer.GetScheduledPaymentByCustomerUID always writes `schedule-status=` (empty when not given); its
    // test of that call passes against the real server. Refused before: 400 schedule-status: Invalid option.
    const listed = await send(s, {
      method: 'GET',
      url: `/subscribe/customers/go_cust/schedules?page=1&from=${S0}&to=${AT + 1}&schedule-status=`,
      headers: { authorization: token },
    });
    t.equal(listed.status, 200);
    t.match(listed.body, { code: 0, response: { total: 1, list: [{ merchant_uid: 'go_s1' }] } });
    // subscribe_customer.DeleteBillingKey: `?reason=<PathEscape>&requester=<PathEscape>`
    const deleted = await send(s, {
      method: 'DELETE',
      url: '/subscribe/customers/go_cust?reason=just%20test&requester=you',
      headers: { authorization: token },
    });
    t.match(deleted.body, { code: 0, response: { customer_uid: 'go_cust' } });
    // util.StatusCanceled is "canceled": the real statuses say "cancelled", so the real server refuses it too.
    const canceled = await send(s, {
      method: 'GET',
      url: '/payments/status/canceled',
      headers: { authorization: token },
    });
    t.equal(canceled.status, 400);
    t.equal(canceled.body.code, -1);
  },
);

t.test(
  'iamport/iamport-rest-client-ruby (lib/iamport.rb): form getToken, GET and DELETE with an empty form body',
  async (t) => {
    const s = await build(t);
    // token: HTTParty.post url, body: {imp_key:, imp_secret:} → a form
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `imp_key=${DEFAULT_KEY}&imp_secret=${DEFAULT_SECRET}`,
    });
    // pay_post: payload.to_json with 'Content-Type' => 'application/json'; pay_get/pay_delete: body: {} (an empty form)
    const json = { authorization: token, 'content-type': 'application/json' };
    const empty = { authorization: token, 'content-type': 'application/x-www-form-urlencoded' };
    const key = await send(s, {
      method: 'POST',
      url: '/subscribe/customers/rb_cust',
      headers: json,
      payload: '{"card_number":"4111-1111-1111-1111","expiry":"2030-12","birth":"900101","pwd_2digit":"12"}',
    });
    t.match(key.body, { code: 0, response: { customer_uid: 'rb_cust' } });
    const paid = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: json,
      payload: '{"customer_uid":"rb_cust","merchant_uid":"rb_order","amount":1000,"name":"정기결제"}',
    });
    t.match(paid.body, { code: 0, response: { status: 'paid' } });
    const impUid = paid.body.response.imp_uid;
    const one = await send(s, { method: 'GET', url: `/payments/${impUid}`, headers: empty, payload: '' });
    t.match(one.body, { code: 0, response: { merchant_uid: 'rb_order' } });
    // payments_by_imp_uid: "payments?" + imp_uid[]=… unescaped
    const many = await send(s, {
      method: 'GET',
      url: `/payments?imp_uid[]=${impUid}&imp_uid[]=imps_0`,
      headers: empty,
      payload: '',
    });
    t.equal(many.status, 207);
    t.equal(many.body.response.length, 1);
    // payments(status: 'paid'): "payments/status/paid?page=1"
    const list = await send(s, { method: 'GET', url: '/payments/status/paid?page=1', headers: empty, payload: '' });
    t.match(list.body, { code: 0, response: { total: 1 } });
    const deleted = await send(s, {
      method: 'DELETE',
      url: '/subscribe/customers/rb_cust',
      headers: empty,
      payload: '',
    });
    t.match(deleted.body, { code: 0, response: { customer_uid: 'rb_cust' } });
  },
);

t.test(
  'iamport/iamport-rest-client-java (Retrofit, Iamport.java): Gson bodies with primitives, bare token',
  async (t) => {
    const s = await build(t);
    // token(@Body AuthData): GsonConverterFactory writes application/json; charset=UTF-8
    const jsonCt = 'application/json; charset=UTF-8';
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: { 'content-type': jsonCt },
      payload: `{"imp_key":"${DEFAULT_KEY}","imp_secret":"${DEFAULT_SECRET}"}`,
    });
    const json = { authorization: token, 'content-type': jsonCt };
    // post_billing_customer(BillingCustomerData): Gson leaves nulls out
    const key = await send(s, {
      method: 'POST',
      url: '/subscribe/customers/java_cust',
      headers: json,
      payload: '{"card_number":"4111-1111-1111-1111","expiry":"2030-12","birth":"900101","pwd_2digit":"12"}',
    });
    t.match(key.body, { code: 0, response: { customer_uid: 'java_cust' } });
    // again_payment(AgainPaymentData): the int and boolean fields are always there (0, false)
    const paid = await send(s, {
      method: 'POST',
      url: '/subscribe/payments/again',
      headers: json,
      payload:
        '{"customer_uid":"java_cust","merchant_uid":"java_order","amount":1000,"name":"정기결제","card_quota":0,' +
        '"interest_free_by_merchant":false,"use_card_point":false,"product_count":0}',
    });
    t.match(paid.body, { code: 0, response: { status: 'paid', card_quota: 0 } });
    const impUid = paid.body.response.imp_uid;
    // payment_by_imp_uid(…, @Query("include_sandbox") boolean): always sent
    const one = await send(s, {
      method: 'GET',
      url: `/payments/${impUid}?include_sandbox=false`,
      headers: { authorization: token },
    });
    t.match(one.body, { code: 0, response: { merchant_uid: 'java_order' } });
    // payments_by_imp_uid(@Query("imp_uid[]") List<String>): Retrofit escapes the brackets
    const many = await send(s, {
      method: 'GET',
      url: `/payments?imp_uid%5B%5D=${impUid}`,
      headers: { authorization: token },
    });
    t.match(many.body, { code: 0, response: [{ imp_uid: impUid }] });
    // cancel_payment(CancelData): escrow_confirmed is a boolean primitive
    const cancelled = await send(s, {
      method: 'POST',
      url: '/payments/cancel',
      headers: json,
      payload: `{"imp_uid":"${impUid}","amount":300,"reason":"부분취소","escrow_confirmed":false}`,
    });
    t.match(cancelled.body, { code: 0, response: { cancel_amount: 300 } });
    // get_payment_schedule(schedule_from, schedule_to, schedule_status=null → left out, page, limit)
    const schedules = await send(s, {
      method: 'GET',
      url: `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${AT}&page=1&limit=20`,
      headers: { authorization: token },
    });
    t.match(schedules.body, { code: 0, response: { total: 0, list: [] } });
    // get_customer_schedules: the schedule_* names rather than the spec's from/to/schedule-status
    const byCustomer = await send(s, {
      method: 'GET',
      url: `/subscribe/customers/java_cust/schedules?page=1&schedule_from=${S0}&schedule_to=${AT}`,
      headers: { authorization: token },
    });
    t.match(byCustomer.body, { code: 0, response: { total: 0 } });
    // delete_billing_customer(…, @Query("reason"), @Query("extra[requester]"))
    const deleted = await send(s, {
      method: 'DELETE',
      url: '/subscribe/customers/java_cust?reason=%ED%95%B4%EC%A7%80&extra%5Brequester%5D=customer',
      headers: { authorization: token },
    });
    t.match(deleted.body, { code: 0, response: { customer_uid: 'java_cust' } });
  },
);

t.test(
  'iamport/iamport-rest-client-java-hc (IamportClient.java): hand-built paths, a trailing "?" on DELETE',
  async (t) => {
    const s = await build(t);
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: { accept: 'application/json', connection: 'keep-alive', 'content-type': 'application/json' },
      payload: `{"imp_key":"${DEFAULT_KEY}","imp_secret":"${DEFAULT_SECRET}"}`,
    });
    const json = { accept: 'application/json', 'content-type': 'application/json', authorization: token };
    await send(s, {
      method: 'POST',
      url: '/subscribe/customers/hc_cust',
      headers: json,
      payload: '{"card_number":"4111-1111-1111-1111","expiry":"2030-12","birth":"900101","pwd_2digit":"12"}',
    });
    // getCustomerPayments: "/subscribe/customers/" + uid + "/payments?page=" + page
    const payments = await send(s, {
      method: 'GET',
      url: '/subscribe/customers/hc_cust/payments?page=1',
      headers: { accept: 'application/json', authorization: token },
    });
    t.match(payments.body, { code: 0, response: { total: 0, list: [] } });
    // getBillingCustomers: "customer_uid[]=" + encode(uid), the brackets unescaped (java.net.URI takes them)
    const keys = await send(s, {
      method: 'GET',
      url: '/subscribe/customers?customer_uid[]=hc_cust',
      headers: { accept: 'application/json', authorization: token },
    });
    t.match(keys.body, { code: 0, response: [{ customer_uid: 'hc_cust' }] });
    // deleteBillingCustomer(uid, null, null): the path keeps its "?"
    const deleted = await send(s, {
      method: 'DELETE',
      url: '/subscribe/customers/hc_cust?',
      headers: { accept: 'application/json', authorization: token },
    });
    t.match(deleted.body, { code: 0, response: { customer_uid: 'hc_cust' } });
  },
);

t.test(
  'iamport npm 0.3.x (iamport-rest-client-nodejs, lib/iamportMethod.js): querystring arrays without brackets',
  async (t) => {
    const s = await build(t);
    // Resource._getToken: request({json: true, body: {imp_key, imp_secret}})
    const token = await tokenBy(t, s, {
      method: 'POST',
      url: '/users/getToken',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      payload: `{"imp_key":"${DEFAULT_KEY}","imp_secret":"${DEFAULT_SECRET}"}`,
    });
    const h = { accept: 'application/json', authorization: token };
    // A GET's parameters go through querystring.stringify: imp_uid=a&imp_uid=b
    const many = await send(s, { method: 'GET', url: '/payments?imp_uid=imps_1&imp_uid=imps_2', headers: h });
    t.equal(many.status, 404);
    t.same(many.body, NOT_FOUND);
    // A DELETE has no body and no Content-Type
    const deleted = await send(s, { method: 'DELETE', url: '/subscribe/customers/n_none', headers: h });
    t.same(deleted.body, KEY_GONE('n_none'));
  },
);

t.test('iamport/rest-client-nodejs (lib/Iamport.ts, lib/request/*.ts): Bearer token, qs brackets', async (t) => {
  const s = await build(t);
  const token = await tokenBy(t, s, {
    method: 'POST',
    url: '/users/getToken',
    headers: { 'content-type': 'application/json' },
    payload: `{"imp_key":"${DEFAULT_KEY}","imp_secret":"${DEFAULT_SECRET}"}`,
  });
  const h = { authorization: `Bearer ${token}`, 'user-agent': 'iamport-rest-client-nodejs/v0.9.12' };
  // Customers.getBillingKeys: qs.stringify(…, {arrayFormat: 'brackets'}) escapes the brackets
  const keys = await send(s, {
    method: 'GET',
    url: '/subscribe/customers?customer_uid%5B%5D=x1&customer_uid%5B%5D=x2',
    headers: h,
  });
  t.equal(keys.status, 404);
  // Payments.getByMerchantUid without a status builds `/payments/find/<m>/undefined`: a client bug the real server
  // refuses as well (an unknown status).
  const undef = await send(s, { method: 'GET', url: '/payments/find/m/undefined', headers: h });
  t.equal(undef.status, 400);
  t.equal(undef.body.code, -1);
});

t.test('posquit0/node-iamporter (lib/Iamporter.js): findAllByMerchantUid with no status ends in a slash', async (t) => {
  const s = await build(t);
  const token = await tokenBy(t, s, {
    method: 'POST',
    url: '/users/getToken',
    headers: { 'content-type': 'application/json', 'user-agent': 'Iamporter.js' },
    payload: `{"imp_key":"${DEFAULT_KEY}","imp_secret":"${DEFAULT_SECRET}"}`,
  });
  const all = await send(s, { method: 'GET', url: '/payments/findAll/none/', headers: { authorization: token } });
  t.equal(all.status, 404);
  t.same(all.body, NOT_FOUND);
});
