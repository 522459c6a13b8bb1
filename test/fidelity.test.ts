// Fidelity map: one test per fact of api-v1.md §9 ("Ten facts") and per server-side item of sdk-v1.md's closing
// checklist, each asserting the exact values the reference gives. The detailed cases live in the area test files.
import t, { type Test } from 'tap';
import {
  build,
  CARD,
  CARDS,
  cardWith,
  KICC_ONLY_KEY,
  KICC_ONLY_SECRET,
  DEFAULT_KEY,
  DEFAULT_SECRET,
  T0,
  WINDOW_CARD,
  type Teardown,
  type TestSandbox,
} from './helpers.js';
import { startReceiver } from './receiver.js';

const T0S = T0 / 1000;
const CHECK_CARD = cardWith(CARDS.check);
const DECLINE = cardWith(CARDS.decline);
const PG_ERROR = cardWith(CARDS.pgError);
/** Not a test card of fixtures/cards.json: the approving number with its check digit off by one. */
const BAD_LUHN = cardWith('4111-1111-1111-1112');
const JSON_CT = 'application/json; charset=UTF-8';

/** Every field of the payment object, as api-v1.md §4's table lists them. */
const PAYMENT_FIELDS = [
  'imp_uid',
  'merchant_uid',
  'pay_method',
  'channel',
  'pg_provider',
  'emb_pg_provider',
  'pg_tid',
  'pg_id',
  'sandbox',
  'escrow',
  'apply_num',
  'bank_code',
  'bank_name',
  'card_code',
  'card_name',
  'card_issuer_code',
  'card_issuer_name',
  'card_publisher_code',
  'card_publisher_name',
  'card_quota',
  'card_number',
  'card_type',
  'vbank_code',
  'vbank_name',
  'vbank_num',
  'vbank_holder',
  'vbank_date',
  'vbank_issued_at',
  'name',
  'amount',
  'cancel_amount',
  'currency',
  'buyer_name',
  'buyer_email',
  'buyer_tel',
  'buyer_addr',
  'buyer_postcode',
  'custom_data',
  'user_agent',
  'status',
  'started_at',
  'paid_at',
  'failed_at',
  'cancelled_at',
  'fail_reason',
  'cancel_reason',
  'receipt_url',
  'cancel_history',
  'cancel_receipt_urls',
  'deposit_history',
  'cash_receipt_issued',
  'customer_uid',
  'customer_uid_usage',
  'promotion',
].sort();

const err = (code: number, message: string) => ({ code, message, response: null });

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Body = { code: number; message: string | null; response: any };

async function setup(t: Teardown, config = {}) {
  const s = await build(t, config);
  /**
   * A request with a fresh token (tests move the clock past token lifetimes, so `s.call`'s cached one would not do);
   * `auth` replaces the headers, Authorization included.
   */
  const call = async (method: Method, url: string, payload?: object, auth?: Record<string, string>) => {
    const res = await s.call(method, url, payload, auth ? { token: null, headers: auth } : { token: await s.token() });
    return { status: res.status, ct: res.headers['content-type'], body: res.body as Body };
  };
  const issue = async (uid: string, card: object = CARD) => {
    const r = await call('POST', `/subscribe/customers/${uid}`, card);
    if (r.body.code !== 0) throw new Error(JSON.stringify(r.body));
  };
  const again = async (customer_uid: string, merchant_uid: string, extra: object = {}) =>
    (
      await call('POST', '/subscribe/payments/again', {
        customer_uid,
        merchant_uid,
        amount: 1000,
        name: '정기결제',
        ...extra,
      })
    ).body;
  return { s, call, issue, again };
}

async function openWindow(s: TestSandbox, params: Record<string, unknown>, device: 'pc' | 'mobile' = 'pc') {
  const res = await s.app.inject({
    method: 'POST',
    url: '/window/api/requests',
    payload: { merchant: 'imp19424728', device, params },
    headers: { 'user-agent': 'FidelityBrowser/1.0' },
  });
  return res.json().response;
}
async function submitWindow(s: TestSandbox, id: string, card: object = WINDOW_CARD) {
  return (await s.app.inject({ method: 'POST', url: `/window/api/requests/${id}/submit`, payload: card })).json()
    .response;
}
async function cancelWindow(s: TestSandbox, id: string) {
  return (await s.app.inject({ method: 'POST', url: `/window/api/requests/${id}/cancel` })).json().response;
}

/** The §4/§9.6 shape rules every payment object must follow, whatever endpoint returned it. */
function checkPayment(
  t: Test,
  where: string,
  p: any,
  expect: { status: string; channel: 'api' | 'pc' | 'mobile'; usage: string | null },
) {
  t.same(Object.keys(p).sort(), PAYMENT_FIELDS, `${where}: every field of §4`);
  t.equal(p.status, expect.status, `${where}: status`);
  t.equal(p.channel, expect.channel, `${where}: channel`);
  t.match(p.imp_uid, expect.channel === 'api' ? /^imps_\d{12}$/ : /^imp_\d{12}$/, `${where}: imp_uid prefix`);
  t.equal(p.customer_uid_usage, expect.usage, `${where}: customer_uid_usage`);
  t.ok(p.card_type === null || p.card_type === 0 || p.card_type === 1, `${where}: card_type is 0, 1 or null`);
  t.ok(p.custom_data === null || typeof p.custom_data === 'string', `${where}: custom_data is a string or null`);
  for (const f of [
    'started_at',
    'paid_at',
    'failed_at',
    'cancelled_at',
    'vbank_date',
    'vbank_issued_at',
    'card_quota',
  ]) {
    t.ok(Number.isInteger(p[f]), `${where}: ${f} is an integer`);
  }
  t.equal(p.paid_at === 0, expect.status === 'failed', `${where}: paid_at is 0 exactly when never paid`);
  t.equal(p.failed_at === 0, expect.status !== 'failed', `${where}: failed_at is 0 unless failed`);
  t.equal(p.vbank_date, 0, `${where}: vbank_date 0`);
  t.equal(p.vbank_issued_at, 0, `${where}: vbank_issued_at 0`);
  t.ok(
    Array.isArray(p.cancel_history) && Array.isArray(p.cancel_receipt_urls) && Array.isArray(p.deposit_history),
    `${where}: arrays are arrays`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// api-v1.md §9, the ten facts.

t.test(
  '§9.1 envelope: success is {code:0, message:null, response}; an error has an integer code, a Korean message and response null; JSON is labelled charset=UTF-8 (§1.1)',
  async (t) => {
    const { call } = await setup(t);
    const tok = await call('POST', '/users/getToken', { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET }, {});
    t.same(Object.keys(tok.body), ['code', 'message', 'response']);
    t.equal(tok.body.code, 0);
    t.equal(tok.body.message, null);
    t.same(Object.keys(tok.body.response), ['access_token', 'now', 'expired_at']);
    t.equal(tok.ct, JSON_CT);

    const missing = await call('GET', '/payments/imps_000000000000');
    t.same(missing.body, err(-1, '존재하지 않는 결제정보입니다.'));
    t.ok(Number.isInteger(missing.body.code), 'code is a JSON integer, not a string');
    t.equal(missing.ct, JSON_CT);
    const unknownRoute = await call('GET', '/no/such/route');
    t.equal(unknownRoute.ct, JSON_CT, 'even the 404 of an unknown route');
    t.equal(unknownRoute.body.response, null);
  },
);

t.test(
  '§9.2 / §1.2 status split: POST business refusals are HTTP 200 with code 1/-1, missing lookups 404, bad params 400, bad tokens and credentials 401',
  async (t) => {
    const { s, call, issue, again } = await setup(t);
    await issue('c');
    const paid = await again('c', 'm_cancelled');
    await call('POST', '/payments/cancel', { imp_uid: paid.response.imp_uid });
    await call('POST', '/payments/prepare', { merchant_uid: 'p1', amount: 1000 });
    const kiccToken = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);

    const notFound = err(-1, '존재하지 않는 결제정보입니다.');
    const badStatus = err(-1, '지원되지 않는 상태값입니다.');
    const rows: [string, Method, string, object | undefined, Record<string, string> | undefined, number, object][] = [
      [
        'cancel of an unknown payment',
        'POST',
        '/payments/cancel',
        { merchant_uid: 'nope' },
        undefined,
        200,
        err(1, '취소할 결제건이 존재하지 않습니다.'),
      ],
      [
        'second full cancel',
        'POST',
        '/payments/cancel',
        { imp_uid: paid.response.imp_uid },
        undefined,
        200,
        err(1, '이미 전액취소된 주문입니다.'),
      ],
      [
        'duplicate prepare',
        'POST',
        '/payments/prepare',
        { merchant_uid: 'p1', amount: 1000 },
        undefined,
        200,
        err(1, '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).'),
      ],
      [
        'again on an unknown customer_uid',
        'POST',
        '/subscribe/payments/again',
        { customer_uid: 'nobody', merchant_uid: 'a1', amount: 1000 },
        undefined,
        200,
        err(1, '등록되지 않은 구매자입니다.'),
      ],
      [
        'schedule for an unknown customer without card',
        'POST',
        '/subscribe/payments/schedule',
        {
          customer_uid: 'nobody',
          schedules: [{ merchant_uid: 's1', schedule_at: T0S + 3600, amount: 1000, name: 'x' }],
        },
        undefined,
        200,
        err(1, '등록된 고객정보가 없습니다.'),
      ],
      [
        'unschedule with nothing to revoke',
        'POST',
        '/subscribe/payments/unschedule',
        { customer_uid: 'c' },
        undefined,
        200,
        err(1, '취소할 예약결제 기록이 존재하지 않습니다.'),
      ],
      [
        'onetime with a bad card',
        'POST',
        '/subscribe/payments/onetime',
        { merchant_uid: 'o1', amount: 1000, ...BAD_LUHN },
        undefined,
        200,
        err(-1, '카드정보 인증에 실패하였습니다. 유효하지않은 카드번호를 입력하셨습니다.'),
      ],
      [
        'billing key with a bad card',
        'POST',
        '/subscribe/customers/bad',
        BAD_LUHN,
        undefined,
        200,
        err(-1, '카드정보 인증 및 빌키 발급에 실패하였습니다. 유효하지않은 카드번호를 입력하셨습니다.'),
      ],
      [
        'billing key on a merchant without a key-in PG',
        'POST',
        '/subscribe/customers/k1',
        CARD,
        { authorization: kiccToken },
        200,
        err(1, '비인증결제모듈 사용정보를 찾을 수 없습니다.'),
      ],
      [
        'GET of an unknown billing key (default 200, §10.2)',
        'GET',
        '/subscribe/customers/zz',
        undefined,
        undefined,
        200,
        err(1, '요청하신 customer_uid(zz)로 등록된 정보를 찾을 수 없습니다.'),
      ],
      [
        'DELETE of an unknown billing key',
        'DELETE',
        '/subscribe/customers/zz',
        undefined,
        undefined,
        200,
        err(1, '요청하신 customer_uid(zz)로 등록된 정보를 찾을 수 없습니다.'),
      ],
      ['GET /payments/{imp_uid} unknown', 'GET', '/payments/imps_000000000000', undefined, undefined, 404, notFound],
      ['find unknown', 'GET', '/payments/find/nope', undefined, undefined, 404, notFound],
      ['find unknown with trailing slash', 'GET', '/payments/find/nope/', undefined, undefined, 404, notFound],
      ['find unknown with status', 'GET', '/payments/find/nope/paid', undefined, undefined, 404, notFound],
      ['findAll unknown', 'GET', '/payments/findAll/nope', undefined, undefined, 404, notFound],
      [
        'multi-lookup where none exists',
        'GET',
        '/payments?imp_uid[]=imps_000000000000&merchant_uid[]=nope',
        undefined,
        undefined,
        404,
        notFound,
      ],
      [
        'prepare lookup unknown',
        'GET',
        '/payments/prepare/nope',
        undefined,
        undefined,
        404,
        err(-1, '사전등록된 결제정보가 존재하지 않습니다.'),
      ],
      [
        'schedule lookup unknown (message ours)',
        'GET',
        '/subscribe/payments/schedule/nope',
        undefined,
        undefined,
        404,
        err(-1, '존재하지 않는 예약결제정보입니다.'),
      ],
      ['bad status on /payments/status', 'GET', '/payments/status/xyz', undefined, undefined, 400, badStatus],
      ['bad status on find', 'GET', '/payments/find/m_cancelled/123', undefined, undefined, 400, badStatus],
      ['bad status on findAll', 'GET', '/payments/findAll/m_cancelled/xyz', undefined, undefined, 400, badStatus],
      [
        'findAll page beyond the last (message ours)',
        'GET',
        '/payments/findAll/m_cancelled?page=2',
        undefined,
        undefined,
        400,
        err(-1, '데이터 범위를 넘어선 page입니다.'),
      ],
      ['no token (body §10.1, ours)', 'GET', '/payments/status/all', undefined, {}, 401, err(-1, 'Unauthorized')],
      [
        'an invalid token',
        'GET',
        '/payments/status/all',
        undefined,
        { authorization: 'invalid-token' },
        401,
        err(-1, 'Unauthorized'),
      ],
      [
        'getToken without params',
        'POST',
        '/users/getToken',
        {},
        {},
        400,
        err(-1, 'imp_key, imp_secret 파라메터가 누락되었습니다.'),
      ],
    ];
    for (const [label, method, url, payload, auth, status, body] of rows) {
      const r = await call(method, url, payload, auth);
      t.equal(r.status, status, `${label}: HTTP ${status}`);
      t.same(r.body, body, `${label}: envelope`);
    }
    const wrong = await call('POST', '/users/getToken', { imp_key: DEFAULT_KEY, imp_secret: 'wrong' }, {});
    t.equal(wrong.status, 401, 'getToken with wrong credentials: HTTP 401');
    t.equal(wrong.body.response, null);
    const sched = await call('GET', '/subscribe/payments/schedule/customers/nobody');
    t.equal(sched.status, 200, 'schedules of an unknown customer_uid: an empty page, not 404 (§1.2 [M])');
    t.same(sched.body, { code: 0, message: null, response: { total: 0, previous: 0, next: 0, list: [] } });
  },
);

t.test(
  '§9.3 again: a declined card is code 0 with status failed and the card company’s fail_reason; a PG failure is code -1; an unknown customer_uid is code 1 등록되지 않은 구매자입니다.',
  async (t) => {
    const { call, issue, again } = await setup(t);
    await issue('ok');
    await issue('dc', DECLINE);
    await issue('pe', PG_ERROR);
    const paid = await again('ok', 'a_paid');
    t.equal(paid.code, 0);
    t.equal(paid.message, null);
    t.equal(paid.response.status, 'paid');
    t.equal(paid.response.paid_at, T0S);

    const declined = await again('dc', 'a_declined');
    t.equal(declined.code, 0);
    t.equal(declined.message, null);
    t.equal(declined.response.status, 'failed');
    t.equal(declined.response.fail_reason, '[8016] 거래거절 - 카드사 승인거절(한도초과)');
    t.equal(declined.response.failed_at, T0S);
    t.equal(declined.response.paid_at, 0);
    t.equal(declined.response.amount, 1000);
    const stored = await call('GET', `/payments/${declined.response.imp_uid}`);
    t.same(stored.body.response, declined.response, 'the failed attempt is stored and looks the same (§5.2 [M])');

    t.same(await again('pe', 'a_pg'), err(-1, '카드사 요청에 실패하였습니다. (PG 통신 오류)'));
    t.same(await again('nobody', 'a_unknown'), err(1, '등록되지 않은 구매자입니다.'));
    const none = await call('GET', '/payments/findAll/a_unknown');
    t.equal(none.status, 404, 'a refusal with a non-zero code stores no payment');
  },
);

t.test(
  '§9.4 / §2.2 the token is accepted as bare Authorization, as Bearer (any case) and in X-ImpTokenHeader',
  async (t) => {
    const { s, call } = await setup(t);
    const token = await s.token();
    const forms: [string, Record<string, string>, number][] = [
      ['bare', { authorization: token }, 200],
      ['Bearer', { authorization: `Bearer ${token}` }, 200],
      ['bearer', { authorization: `bearer ${token}` }, 200],
      ['X-ImpTokenHeader', { 'x-imptokenheader': token }, 200],
      ['Authorization wins over X-ImpTokenHeader', { authorization: token, 'x-imptokenheader': 'junk' }, 200],
      ['Basic (a doc typo, §2.2 [L]: refused)', { authorization: `Basic ${token}` }, 401],
    ];
    for (const [label, headers, status] of forms) {
      const r = await call('GET', '/payments/status/all', undefined, headers);
      t.equal(r.status, status, label);
      t.equal(r.body.code, status === 200 ? 0 : -1, label);
    }
  },
);

t.test(
  '§9.5 / §2.1 getToken: JSON and form bodies, 40 hex chars, expired_at = now + 1800, the same token until expiry, +5 min in the last minute, a new one after',
  async (t) => {
    const { s } = await setup(t);
    const get = async (form: boolean) => {
      const res = form
        ? await s.app.inject({
            method: 'POST',
            url: '/users/getToken',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: `imp_key=${DEFAULT_KEY}&imp_secret=${DEFAULT_SECRET}`,
          })
        : await s.app.inject({
            method: 'POST',
            url: '/users/getToken',
            payload: { imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET },
          });
      t.equal(res.statusCode, 200);
      return res.json().response as { access_token: string; now: number; expired_at: number };
    };
    const first = await get(false);
    t.match(first.access_token, /^[a-f0-9]{40}$/);
    t.same(first, { access_token: first.access_token, now: T0S, expired_at: T0S + 1800 });
    t.same(await get(true), first, 'a form body asked before expiry gets the same token and expired_at');

    s.sb.clock.advance(1740_000); // 60 s left: the last minute
    const extended = await get(false);
    t.same(extended, { access_token: first.access_token, now: T0S + 1740, expired_at: T0S + 1800 + 300 });

    s.sb.clock.advance(360_000); // past the extended expiry
    const fresh = await get(true);
    t.not(fresh.access_token, first.access_token);
    t.same(fresh, { access_token: fresh.access_token, now: T0S + 2100, expired_at: T0S + 2100 + 1800 });
    const old = await s.app.inject({
      method: 'GET',
      url: '/payments/status/all',
      headers: { authorization: first.access_token },
    });
    t.equal(old.statusCode, 401, 'the expired token is 401');
  },
);

t.test(
  '§9.6 / §4 the payment object carries every field in every endpoint: integers with 0 for "not yet", custom_data a JSON string, card_type 0/1/null, imps_ and channel api for REST, imp_ for the window',
  async (t) => {
    const { s, call, issue, again } = await setup(t);
    const custom = { plan: 'basic', n: [1, 2] };
    const oneNoKey = (
      await call('POST', '/subscribe/payments/onetime', {
        merchant_uid: 'o1',
        amount: 1000,
        ...CARD,
        custom_data: custom,
      })
    ).body.response;
    checkPayment(t, 'onetime', oneNoKey, { status: 'paid', channel: 'api', usage: null });
    t.equal(oneNoKey.custom_data, '{"plan":"basic","n":[1,2]}', 'an object custom_data is stored as its JSON string');
    const oneKey = (
      await call('POST', '/subscribe/payments/onetime', {
        merchant_uid: 'o2',
        amount: 1000,
        ...CHECK_CARD,
        customer_uid: 'chk',
        custom_data: 'as-is',
      })
    ).body.response;
    checkPayment(t, 'onetime with customer_uid', oneKey, { status: 'paid', channel: 'api', usage: 'payment' });
    t.equal(oneKey.custom_data, 'as-is', 'a string custom_data is kept');
    t.equal(oneKey.card_type, 1, 'a check card is card_type 1');

    await issue('c');
    await issue('dc', DECLINE);
    const paid = (await again('c', 'a1', { custom_data: custom })).response;
    checkPayment(t, 'again (paid)', paid, { status: 'paid', channel: 'api', usage: 'payment' });
    t.equal(paid.card_type, 0, 'a credit card is card_type 0');
    t.equal(paid.cancelled_at, 0);
    checkPayment(t, 'again (declined)', (await again('dc', 'a2')).response, {
      status: 'failed',
      channel: 'api',
      usage: 'payment',
    });
    checkPayment(t, 'GET /payments/{imp_uid}', (await call('GET', `/payments/${paid.imp_uid}`)).body.response, {
      status: 'paid',
      channel: 'api',
      usage: 'payment',
    });
    checkPayment(
      t,
      'GET /payments?imp_uid[]=',
      (await call('GET', `/payments?imp_uid[]=${paid.imp_uid}`)).body.response[0],
      { status: 'paid', channel: 'api', usage: 'payment' },
    );
    checkPayment(t, 'find', (await call('GET', '/payments/find/a1')).body.response, {
      status: 'paid',
      channel: 'api',
      usage: 'payment',
    });
    checkPayment(t, 'findAll', (await call('GET', '/payments/findAll/a1')).body.response.list[0], {
      status: 'paid',
      channel: 'api',
      usage: 'payment',
    });
    checkPayment(t, 'status list', (await call('GET', '/payments/status/failed')).body.response.list[0], {
      status: 'failed',
      channel: 'api',
      usage: 'payment',
    });
    checkPayment(t, 'customer payments', (await call('GET', '/subscribe/customers/c/payments')).body.response.list[0], {
      status: 'paid',
      channel: 'api',
      usage: 'payment',
    });
    const cancelled = (await call('POST', '/payments/cancel', { imp_uid: paid.imp_uid })).body.response;
    checkPayment(t, 'cancel', cancelled, { status: 'cancelled', channel: 'api', usage: 'payment' });
    t.equal(cancelled.cancelled_at, T0S);

    await call('POST', '/subscribe/payments/schedule', {
      customer_uid: 'c',
      schedules: [
        { merchant_uid: 's1', schedule_at: T0S + 60, amount: 500, name: 'x' },
        { merchant_uid: 's2', schedule_at: T0S + 120, amount: 500, name: 'y' },
      ],
    });
    await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c', merchant_uid: 's2' });
    s.sb.clock.advance(60_000);
    const ran = (await call('GET', '/subscribe/payments/schedule/s1')).body.response;
    checkPayment(t, 'scheduled payment', (await call('GET', `/payments/${ran.imp_uid}`)).body.response, {
      status: 'paid',
      channel: 'api',
      usage: 'payment.scheduled',
    });
    checkPayment(t, 'schedule retry', (await call('POST', '/subscribe/payments/schedule/s2/retry')).body.response, {
      status: 'paid',
      channel: 'api',
      usage: 'payment.scheduled',
    });

    const w = await openWindow(s, {
      pg: 'kicc',
      merchant_uid: 'w1',
      amount: 2000,
      name: '창',
      buyer_tel: '010',
      custom_data: custom,
    });
    const done = await submitWindow(s, w.id);
    const wp = (await call('GET', `/payments/${done.rsp.imp_uid}`)).body.response;
    checkPayment(t, 'window payment', wp, { status: 'paid', channel: 'pc', usage: null });
    t.equal(wp.custom_data, '{"plan":"basic","n":[1,2]}');
    const wi = await openWindow(s, {
      pg: 'kicc',
      merchant_uid: 'w2',
      amount: 1000,
      customer_uid: 'wk',
      buyer_tel: '010',
    });
    const issued = await submitWindow(s, wi.id);
    checkPayment(t, 'window billing-key issue', (await call('GET', `/payments/${issued.rsp.imp_uid}`)).body.response, {
      status: 'paid',
      channel: 'pc',
      usage: 'issue',
    });
    const wc = await openWindow(s, { pg: 'kicc', merchant_uid: 'w3', amount: 1000 }, 'mobile');
    const closed = await cancelWindow(s, wc.id);
    const cp = (await call('GET', `/payments/${closed.rsp.imp_uid}`)).body.response;
    checkPayment(t, 'window closed by the buyer', cp, { status: 'failed', channel: 'mobile', usage: null });
    t.equal(cp.card_type, null, 'no card, card_type null');
  },
);

t.test(
  '§9.7 / §3.2 cancel: partial keeps status paid and grows cancel_amount and cancel_history; checksum guards the balance; no amount cancels the rest; then 이미 전액취소된 주문입니다.',
  async (t) => {
    const { call, issue, again } = await setup(t);
    await issue('c');
    const p = (await again('c', 'm1', { amount: 1000 })).response;
    const partial = await call('POST', '/payments/cancel', {
      imp_uid: p.imp_uid,
      amount: 300,
      reason: '부분취소',
      checksum: 1000,
    });
    t.equal(partial.body.code, 0);
    t.equal(partial.body.response.status, 'paid');
    t.equal(partial.body.response.cancel_amount, 300);
    t.equal(partial.body.response.cancel_reason, '부분취소');
    t.equal(partial.body.response.cancel_history.length, 1);
    const h = partial.body.response.cancel_history[0];
    t.same(Object.keys(h), ['pg_tid', 'amount', 'cancelled_at', 'reason', 'cancellation_id', 'receipt_url']);
    t.same(
      [h.pg_tid, h.amount, h.cancelled_at, h.reason, typeof h.cancellation_id],
      [p.pg_tid, 300, T0S, '부분취소', 'string'],
    );
    t.same(partial.body.response.cancel_receipt_urls, [h.receipt_url]);

    const wrongChecksum = await call('POST', '/payments/cancel', { imp_uid: p.imp_uid, checksum: 1000 });
    t.equal(wrongChecksum.status, 200);
    t.equal(wrongChecksum.body.code, 1, 'a stale checksum is refused (message ours, §10.3)');
    t.equal(wrongChecksum.body.response, null);

    const rest = await call('POST', '/payments/cancel', { merchant_uid: 'm1', checksum: 700 });
    t.equal(rest.body.response.status, 'cancelled');
    t.equal(rest.body.response.cancel_amount, 1000);
    t.equal(rest.body.response.cancel_history[1].amount, 700);
    t.same(
      (await call('POST', '/payments/cancel', { imp_uid: p.imp_uid })).body,
      err(1, '이미 전액취소된 주문입니다.'),
    );
    t.same(
      (await call('POST', '/payments/cancel', { merchant_uid: 'm1' })).body,
      err(1, '이미 전액취소된 주문입니다.'),
      'by merchant_uid too',
    );
    t.same(
      (await call('POST', '/payments/cancel', { imp_uid: 'imps_000000000000', merchant_uid: 'm1' })).body,
      err(1, '취소할 결제건이 존재하지 않습니다.'),
    );
  },
);

t.test(
  '§9.8 / §3.1 paged lists are {total, previous, next, list} with 0 for none; name[]= multi-lookups answer 200, 207 for some, 404 for none',
  async (t) => {
    const { call, issue, again } = await setup(t);
    await issue('c');
    await issue('c2');
    const ids: string[] = [];
    for (const m of ['p1', 'p2', 'p3']) ids.push((await again('c', m)).response.imp_uid);
    const pageOf = async (url: string) => {
      const r = (await call('GET', url)).body.response;
      t.same(Object.keys(r), ['total', 'previous', 'next', 'list'], `${url}: keys`);
      return [r.total, r.previous, r.next, r.list.length];
    };
    t.same(await pageOf('/payments/status/paid?limit=1'), [3, 0, 2, 1]);
    t.same(await pageOf('/payments/status/paid?limit=1&page=2'), [3, 1, 3, 1]);
    t.same(await pageOf('/payments/status/paid?limit=1&page=3'), [3, 2, 0, 1]);
    t.same(await pageOf('/payments/findAll/p1'), [1, 0, 0, 1]);
    t.same(await pageOf('/subscribe/customers/c/payments'), [3, 0, 0, 3]);
    t.same(await pageOf('/subscribe/payments/schedule'), [0, 0, 0, 0]);

    const all = await call('GET', `/payments?imp_uid[]=${ids[0]}&imp_uid[]=${ids[1]}&merchant_uid[]=p3`);
    t.equal(all.status, 200);
    t.same(
      all.body.response.map((p: { imp_uid: string }) => p.imp_uid),
      ids,
    );
    const some = await call('GET', `/payments?imp_uid[]=${ids[0]}&imp_uid[]=imps_000000000000`);
    t.equal(some.status, 207);
    t.equal(some.body.code, 0);
    t.same(
      some.body.response.map((p: { imp_uid: string }) => p.imp_uid),
      [ids[0]],
    );
    t.equal((await call('GET', '/payments?imp_uid[]=imps_000000000000')).status, 404);

    t.equal((await call('GET', '/subscribe/customers?customer_uid[]=c&customer_uid[]=c2')).status, 200);
    const someKeys = await call('GET', '/subscribe/customers?customer_uid[]=c&customer_uid[]=zz');
    t.equal(someKeys.status, 207);
    t.same(
      someKeys.body.response.map((c: { customer_uid: string }) => c.customer_uid),
      ['c'],
    );
    t.equal((await call('GET', '/subscribe/customers?customer_uid[]=zz')).status, 404);
  },
);

t.test(
  '§9.9 / §6 webhooks: POST {imp_uid, merchant_uid, status} as JSON or form; paid notifies, an ordinary failure does not, an API cancel only with enable_webhook (+cancellation_id)',
  async (t) => {
    const { s, call, issue, again } = await setup(t);
    const rx = await startReceiver();
    t.teardown(rx.close);
    await issue('c');
    await issue('dc', DECLINE);
    const p = (await again('c', 'wh1', { notice_url: rx.url })).response;
    await again('dc', 'wh2', { notice_url: rx.url });
    await call('POST', '/payments/cancel', { imp_uid: p.imp_uid, amount: 100 });
    await s.sb.webhooks.idle();
    t.equal(
      rx.got.length,
      1,
      'the paid charge only: no webhook for the decline nor for a cancel without enable_webhook',
    );
    t.equal(rx.got[0]!.headers['content-type'], 'application/json');
    t.equal(rx.got[0]!.body, JSON.stringify({ imp_uid: p.imp_uid, merchant_uid: 'wh1', status: 'paid' }));

    const full = (await call('POST', '/payments/cancel', { imp_uid: p.imp_uid, enable_webhook: true })).body.response;
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 2);
    t.same(rx.got[1]!.data, {
      imp_uid: p.imp_uid,
      merchant_uid: 'wh1',
      status: 'cancelled',
      cancellation_id: full.cancel_history[1].cancellation_id,
    });

    s.sb.store.merchants.update({
      ...s.sb.store.merchants.get('default')!,
      webhook_url: rx.url,
      webhook_format: 'form',
    });
    const f = (await again('c', 'wh3')).response;
    await s.sb.webhooks.idle();
    t.equal(rx.got.length, 3);
    t.equal(rx.got[2]!.headers['content-type'], 'application/x-www-form-urlencoded');
    t.equal(rx.got[2]!.body, `imp_uid=${f.imp_uid}&merchant_uid=wh3&status=paid`);
  },
);

t.test(
  '§9.10 / §5.3 schedules: POST answers an array (scheduled, imp_uid null, payment_status null); running makes a payment.scheduled payment and a webhook; unschedule revokes; lists take both query spellings',
  async (t) => {
    const { s, call, issue } = await setup(t);
    const rx = await startReceiver();
    t.teardown(rx.close);
    await issue('c');
    const created = await call('POST', '/subscribe/payments/schedule', {
      customer_uid: 'c',
      schedules: [
        { merchant_uid: 'sa', schedule_at: T0S + 3600, amount: 9900, name: '1월', notice_url: rx.url },
        { merchant_uid: 'sb', schedule_at: T0S + 7200, amount: 9900, name: '2월' },
      ],
    });
    t.equal(created.body.code, 0);
    t.ok(Array.isArray(created.body.response));
    t.same(
      created.body.response.map((x: any) => [
        x.merchant_uid,
        x.schedule_status,
        x.imp_uid,
        x.payment_status,
        x.executed_at,
        x.revoked_at,
      ]),
      [
        ['sa', 'scheduled', null, null, 0, 0],
        ['sb', 'scheduled', null, null, 0, 0],
      ],
    );

    const revoked = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c', merchant_uid: ['sb'] });
    t.same(
      revoked.body.response.map((x: any) => [x.merchant_uid, x.schedule_status, x.revoked_at]),
      [['sb', 'revoked', T0S]],
    );

    s.sb.clock.advance(3600_000);
    const ran = (await call('GET', '/subscribe/payments/schedule/sa')).body.response;
    t.same([ran.schedule_status, ran.payment_status, ran.executed_at], ['executed', 'paid', T0S + 3600]);
    t.match(ran.imp_uid, /^imps_\d{12}$/);
    const pay = (await call('GET', `/payments/${ran.imp_uid}`)).body.response;
    t.same(
      [pay.customer_uid_usage, pay.customer_uid, pay.amount, pay.paid_at],
      ['payment.scheduled', 'c', 9900, T0S + 3600],
    );
    await s.sb.webhooks.idle();
    t.same(
      rx.got.map((r) => r.data),
      [{ imp_uid: ran.imp_uid, merchant_uid: 'sa', status: 'paid' }],
    );

    const from = T0S,
      to = T0S + 86400;
    for (const q of [
      `from=${from}&to=${to}&schedule-status=revoked`,
      `schedule_from=${from}&schedule_to=${to}&schedule_status=revoked`,
    ]) {
      for (const path of ['/subscribe/payments/schedule/customers/c', '/subscribe/customers/c/schedules']) {
        const r = (await call('GET', `${path}?${q}`)).body.response;
        t.same([r.total, r.list.map((x: any) => x.merchant_uid)], [1, ['sb']], `${path}?${q}`);
      }
    }
    const byTime = (
      await call('GET', `/subscribe/payments/schedule?schedule_from=${from}&schedule_to=${to}&schedule_status=executed`)
    ).body.response;
    t.same([byTime.total, byTime.list[0].merchant_uid], [1, 'sa']);
  },
);

// ---------------------------------------------------------------------------------------------------------------
// sdk-v1.md, "What a fake must match": the items the server decides (the browser-only ones are in test/browser/).

t.test('sdk checklist 3: pay_method defaults to card and amount is a number', async (t) => {
  const { s } = await setup(t);
  const w = await openWindow(s, { merchant_uid: 'd1', amount: '1500', name: '기본값' });
  t.equal(w.opened, true);
  t.equal(w.amount, 1500);
  const done = await submitWindow(s, w.id);
  t.equal(done.rsp.pay_method, 'card');
  t.equal(done.rsp.paid_amount, 1500);
  t.equal(typeof done.rsp.paid_amount, 'number');
});

t.test(
  'sdk checklist 4: pg splits at the first dot; rsp.pg_provider has no MID; an unknown pg falls back to the default PG',
  async (t) => {
    const { s, call } = await setup(t);
    const w = await openWindow(s, { pg: 'kicc.T5102001', merchant_uid: 'pg1', amount: 1000 });
    t.equal(w.pg_provider, 'kicc');
    const done = await submitWindow(s, w.id);
    t.equal(done.rsp.pg_provider, 'kicc');
    t.equal((await call('GET', `/payments/${done.rsp.imp_uid}`)).body.response.pg_id, 'T5102001');
    const unknown = await openWindow(s, { pg: 'html5_inicis.INIBillTst', merchant_uid: 'pg2', amount: 1000 });
    t.equal(unknown.opened, true);
    t.equal(unknown.pg_provider, 'kicc');
    const none = await openWindow(s, { merchant_uid: 'pg3', amount: 1000 });
    t.equal(none.pg_provider, 'kicc', 'no pg: the default PG');
  },
);

t.test(
  'sdk checklist 5: success and failure callbacks carry the listed fields; imp_uid is imp_ + 12 digits, null only before the window opens; no request_id',
  async (t) => {
    const { s } = await setup(t);
    const w = await openWindow(s, {
      pg: 'kicc',
      merchant_uid: 'cb1',
      amount: 3000,
      name: '주문',
      buyer_name: '홍길동',
      buyer_email: 'a@b.kr',
      buyer_tel: '010-1234-5678',
      buyer_addr: '서울',
      buyer_postcode: '04524',
      custom_data: { k: 'v' },
    });
    const ok = (await submitWindow(s, w.id)).rsp;
    t.match(ok, {
      success: true,
      imp_success: true,
      imp_uid: /^imp_\d{12}$/,
      merchant_uid: 'cb1',
      status: 'paid',
      paid_amount: 3000,
      pay_method: 'card',
      pg_provider: 'kicc',
      pg_tid: /^\d+$/,
      name: '주문',
      buyer_name: '홍길동',
      buyer_email: 'a@b.kr',
      buyer_tel: '010-1234-5678',
      buyer_addr: '서울',
      buyer_postcode: '04524',
      custom_data: { k: 'v' },
      paid_at: T0S,
      receipt_url: /^https?:/,
      apply_num: /^\d+$/,
      card_name: 'BC카드',
      card_number: '41111111****1111',
      card_quota: 0,
    });
    t.notOk(
      'error_code' in ok || 'error_msg' in ok || 'request_id' in ok,
      'no error_code, error_msg or request_id on success',
    );

    const d = await openWindow(s, { pg: 'kicc', merchant_uid: 'cb2', amount: 3000 });
    const fail = (await submitWindow(s, d.id, cardWith(CARDS.decline, WINDOW_CARD))).rsp;
    t.match(fail, {
      success: false,
      imp_success: false,
      imp_uid: /^imp_\d{12}$/,
      merchant_uid: 'cb2',
      status: 'failed',
      error_code: 'F0004',
      error_msg: /^F0004:/,
    });
    t.match(fail.error_msg, fail.imp_uid, 'the message names the imp_uid, as the real F0004 texts do');
    t.notOk('request_id' in fail);

    const before = await openWindow(s, { pg: 'kicc', merchant_uid: 'cb1', amount: 3000 });
    t.equal(before.opened, false);
    t.same(before.rsp, {
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: 'cb1',
      pay_method: 'card',
      error_code: 'F1002',
      error_msg: '이미 결제가 이루어진 거래건입니다.',
    });
  },
);

t.test('sdk checklist 6: the cancel button answers error_msg 사용자가 결제를 취소하셨습니다', async (t) => {
  const { s } = await setup(t);
  const w = await openWindow(s, { merchant_uid: 'x1', amount: 1000 });
  const rsp = (await cancelWindow(s, w.id)).rsp;
  t.equal(rsp.error_msg, '사용자가 결제를 취소하셨습니다');
  t.equal(rsp.success, false);
  t.match(rsp.imp_uid, /^imp_\d{12}$/);
});

t.test(
  'sdk checklist 8: a KICC billing window answers success with an imp_uid and the customer_uid, status paid, paid_amount 0, and charges nothing',
  async (t) => {
    const { s, call } = await setup(t);
    const w = await openWindow(s, {
      pg: 'kicc',
      merchant_uid: 'bk1',
      amount: 1004,
      name: '최초인증결제',
      customer_uid: 'cust_1',
      buyer_tel: '010',
    });
    t.equal(w.billing, true);
    const rsp = (await submitWindow(s, w.id)).rsp;
    t.match(rsp, {
      success: true,
      imp_success: true,
      imp_uid: /^imp_\d{12}$/,
      merchant_uid: 'bk1',
      customer_uid: 'cust_1',
      status: 'paid',
      paid_amount: 0,
      pg_provider: 'kicc',
      apply_num: null,
    });
    const p = (await call('GET', `/payments/${rsp.imp_uid}`)).body.response;
    t.same(
      [p.amount, p.status, p.customer_uid, p.customer_uid_usage, p.apply_num],
      [0, 'paid', 'cust_1', 'issue', null],
    );
    t.equal((await call('GET', '/subscribe/customers/cust_1')).body.response.pg_provider, 'kicc');
  },
);

t.test(
  'sdk checklist 9: a mobile window ends on m_redirect_url with imp_uid, merchant_uid, imp_success "true"/"false" (+ error_code, error_msg), keeping its query',
  async (t) => {
    const { s } = await setup(t);
    const ok = await openWindow(
      s,
      { merchant_uid: 'mo1', amount: 1000, m_redirect_url: 'https://shop.example/landing?utm_source=mobile' },
      'mobile',
    );
    const done = await submitWindow(s, ok.id);
    const u = new URL(done.redirect_url);
    t.equal(u.origin + u.pathname, 'https://shop.example/landing');
    t.same(
      [...u.searchParams],
      [
        ['utm_source', 'mobile'],
        ['imp_uid', done.rsp.imp_uid],
        ['merchant_uid', 'mo1'],
        ['imp_success', 'true'],
      ],
    );

    const no = await openWindow(
      s,
      { merchant_uid: 'mo2', amount: 1000, m_redirect_url: 'https://shop.example/landing' },
      'mobile',
    );
    const cancelled = await cancelWindow(s, no.id);
    const f = new URL(cancelled.redirect_url);
    t.same(Object.fromEntries(f.searchParams), {
      imp_uid: cancelled.rsp.imp_uid,
      merchant_uid: 'mo2',
      imp_success: 'false',
      error_code: cancelled.rsp.error_code,
      error_msg: '사용자가 결제를 취소하셨습니다',
    });
    const pc = await openWindow(s, {
      merchant_uid: 'mo3',
      amount: 1000,
      m_redirect_url: 'https://shop.example/landing',
    });
    t.equal(
      (await submitWindow(s, pc.id)).redirect_url,
      null,
      'a PC window answers through the callback, not a redirect',
    );
  },
);

t.test(
  'sdk checklist 10: notice_url replaces the console URL with {imp_uid, merchant_uid, status}, and GET /payments/{imp_uid} agrees with the callback',
  async (t) => {
    const { s, call } = await setup(t);
    const console_ = await startReceiver();
    const notice = await startReceiver();
    t.teardown(console_.close);
    t.teardown(notice.close);
    s.sb.store.merchants.update({ ...s.sb.store.merchants.get('default')!, webhook_url: console_.url });
    const w = await openWindow(s, {
      pg: 'kicc',
      merchant_uid: 'n1',
      amount: 4500,
      name: '상품',
      notice_url: notice.url,
    });
    const rsp = (await submitWindow(s, w.id)).rsp;
    await s.sb.webhooks.idle();
    t.same(
      notice.got.map((r) => r.data),
      [{ imp_uid: rsp.imp_uid, merchant_uid: 'n1', status: 'paid' }],
    );
    t.equal(console_.got.length, 0, 'the console URL is not called');
    const p = (await call('GET', `/payments/${rsp.imp_uid}`)).body.response;
    t.same(
      [
        p.imp_uid,
        p.merchant_uid,
        p.status,
        p.amount,
        p.paid_at,
        p.pg_provider,
        p.pg_tid,
        p.apply_num,
        p.card_name,
        p.card_number,
        p.receipt_url,
        p.name,
      ],
      [
        rsp.imp_uid,
        rsp.merchant_uid,
        rsp.status,
        rsp.paid_amount,
        rsp.paid_at,
        rsp.pg_provider,
        rsp.pg_tid,
        rsp.apply_num,
        rsp.card_name,
        rsp.card_number,
        rsp.receipt_url,
        rsp.name,
      ],
    );
  },
);
