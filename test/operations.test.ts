// The 80 operations of the official V1 spec (test/data/v1-operations.json, taken once from portone-io/developers.portone.io
// src/schema/v1.openapi.json at 0a8743aae939dbee11449224d3042604a2ab5a19): every one is routed, the ones the sandbox
// does not simulate are refused by name (routes/unsupported.ts), and docs/rest-api.md says which is which.

import fs from 'node:fs';
import t from 'tap';
import { build, type Method } from './helpers.js';
import { MSG } from '../src/http/messages.js';
import { specPath, UNSUPPORTED, UNSUPPORTED_REASONS, type UnsupportedGroup } from '../src/routes/unsupported.js';

interface SpecOperation {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
}

const DATA = JSON.parse(fs.readFileSync(new URL('./data/v1-operations.json', import.meta.url), 'utf8')) as {
  source: { repository: string; commit: string; path: string };
  operations: SpecOperation[];
};
const SPEC = DATA.operations;
const key = (method: string, path: string) => `${method} ${path}`;
const UNSUPPORTED_KEYS = new Set(UNSUPPORTED.map((op) => key(op.method, specPath(op.url))));

/** A path of the spec with its parameters filled in (a real status where one is asked). */
const urlOf = (path: string) =>
  path.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => (name === 'payment_status' ? 'paid' : `sample_${name}`));
const ROUTE_NOT_FOUND = MSG.routeNotFound;
const NOT_SIMULATED = '샌드박스는 이 API를 시뮬레이션하지 않습니다: ';
const hasBody = (method: string) => method !== 'GET' && method !== 'DELETE';

t.test('the data file holds the 80 operations of the spec, with where they come from', async (t) => {
  t.equal(DATA.source.repository, 'portone-io/developers.portone.io');
  t.equal(DATA.source.commit, '0a8743aae939dbee11449224d3042604a2ab5a19');
  t.equal(DATA.source.path, 'src/schema/v1.openapi.json');
  t.equal(SPEC.length, 80);
  t.equal(new Set(SPEC.map((op) => key(op.method, op.path))).size, 80, 'no method and path twice');
  t.same(SPEC[0], {
    method: 'POST',
    path: '/users/getToken',
    operationId: 'getToken',
    summary: 'access_token 발급 API',
  });
});

t.test('every operation of the spec is routed', async (t) => {
  const s = await build(t);
  await s.app.ready();
  const routed = new Set(s.app.routeList.map((r) => key(r.method, r.url.replace(/:[A-Za-z_]+/g, '{}'))));
  const notInRouteList: string[] = [];
  const genericNotFound: string[] = [];
  const refusedByName: string[] = [];
  const fiveHundreds: string[] = [];
  for (const op of SPEC) {
    if (!routed.has(key(op.method, op.path.replace(/\{[A-Za-z_]+\}/g, '{}'))))
      notInRouteList.push(key(op.method, op.path));
    const res = await s.call(op.method, urlOf(op.path), hasBody(op.method) ? {} : undefined);
    if (res.status >= 500) fiveHundreds.push(`${key(op.method, op.path)} → ${res.status}`);
    const message: string = res.body?.message ?? '';
    if (res.status === 404 && message.startsWith(ROUTE_NOT_FOUND)) genericNotFound.push(key(op.method, op.path));
    if (message.startsWith(NOT_SIMULATED)) refusedByName.push(key(op.method, op.path));
  }
  t.same(notInRouteList, [], 'every operation has its route in app.routeList');
  t.same(genericNotFound, [], 'no operation gets the generic 404 `존재하지 않는 API입니다`');
  t.same(fiveHundreds, [], 'no operation answers 5xx to an empty request');
  t.same(refusedByName.sort(), [...UNSUPPORTED_KEYS].sort(), 'exactly the operations of the table are refused by name');
});

t.test('the table of operations not simulated is the spec, word for word', async (t) => {
  const spec = new Map(SPEC.map((op) => [key(op.method, op.path), op]));
  t.equal(UNSUPPORTED.length, 30);
  t.equal(UNSUPPORTED_KEYS.size, 30, 'no operation twice');
  for (const op of UNSUPPORTED) {
    const s = spec.get(key(op.method, specPath(op.url)));
    t.same(
      s && { operationId: s.operationId, summary: s.summary },
      { operationId: op.operationId, summary: op.summary },
      `${op.method} ${op.url} is in the spec with this operationId and summary`,
    );
    t.equal(op.reason, UNSUPPORTED_REASONS[op.group]);
  }
  const byGroup = (g: UnsupportedGroup) => UNSUPPORTED.filter((op) => op.group === g).length;
  t.same(Object.fromEntries(Object.keys(UNSUPPORTED_REASONS).map((g) => [g, byGroup(g as UnsupportedGroup)])), {
    naver: 17,
    kcpquick: 7,
    benepia: 2,
    paymentwall: 1,
    payco: 1,
    tiers: 1,
    partners: 1,
  });
  t.same(
    SPEC.filter((op) => !UNSUPPORTED_KEYS.has(key(op.method, op.path))).length,
    50,
    'the other 50 operations are simulated',
  );
});

t.test('docs/rest-api.md lists all 80 operations, each with what the sandbox does', async (t) => {
  const readme = fs.readFileSync(new URL('../docs/rest-api.md', import.meta.url), 'utf8');
  const rows = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const m = /^\| `(GET|POST|PUT|DELETE)` \| `([^`]+)` \|/.exec(line);
    if (m) rows.set(key(m[1]!, m[2]!), line);
  }
  const wrong: string[] = [];
  for (const op of SPEC) {
    const row = rows.get(key(op.method, op.path));
    const unsupported = UNSUPPORTED.find((u) => key(u.method, specPath(u.url)) === key(op.method, op.path));
    if (!row) wrong.push(`${key(op.method, op.path)}: no row`);
    else if (unsupported && !row.includes(`not simulated: ${unsupported.reason}`))
      wrong.push(`${key(op.method, op.path)}: the row does not say "not simulated: <its reason>"`);
    else if (!unsupported && !/\| simulated/.test(row))
      wrong.push(`${key(op.method, op.path)}: the row does not say simulated`);
  }
  t.same(wrong, [], 'one row per operation, saying what the sandbox does');
});

// One literal answer per group, spelled out, then every operation of the group by the same rule.
const GROUPS: Record<UnsupportedGroup, { method: Method; url: string; message: string; operationId: string }> = {
  naver: {
    method: 'POST',
    url: '/payments/imp_123456789012/naver/ship',
    operationId: 'naverShipProductOrder',
    message:
      '샌드박스는 이 API를 시뮬레이션하지 않습니다: POST /payments/{imp_uid}/naver/ship (naverShipProductOrder, (주문형-네이버페이) 상품주문 발송처리 API)',
  },
  kcpquick: {
    method: 'POST',
    url: '/kcpquick/payment/money',
    operationId: 'payWithMoney',
    message:
      '샌드박스는 이 API를 시뮬레이션하지 않습니다: POST /kcpquick/payment/money (payWithMoney, KCP 선불머니 결제 API)',
  },
  benepia: {
    method: 'POST',
    url: '/benepia/point',
    operationId: 'queryBenepiaPoint',
    message:
      '샌드박스는 이 API를 시뮬레이션하지 않습니다: POST /benepia/point (queryBenepiaPoint, 포인트 단건조회 API)',
  },
  paymentwall: {
    method: 'POST',
    url: '/paymentwall/delivery',
    operationId: 'paymentwall_delivery',
    message:
      '샌드박스는 이 API를 시뮬레이션하지 않습니다: POST /paymentwall/delivery (paymentwall_delivery, 페이먼트월 배송등록 API)',
  },
  payco: {
    method: 'POST',
    url: '/payco/orders/status/imp_123456789012',
    operationId: 'changeOrderStatus',
    message:
      '샌드박스는 이 API를 시뮬레이션하지 않습니다: POST /payco/orders/status/{imp_uid} (changeOrderStatus, (페이코) 주문상태 단건 수정 API)',
  },
  tiers: {
    method: 'GET',
    url: '/tiers/T001',
    operationId: 'GetTier',
    message: '샌드박스는 이 API를 시뮬레이션하지 않습니다: GET /tiers/{tier_code} (GetTier, 하위 상점 정보 조회 API)',
  },
  partners: {
    method: 'POST',
    url: '/partners/receipts/imp_123456789012',
    operationId: 'partner',
    message:
      '샌드박스는 이 API를 시뮬레이션하지 않습니다: POST /partners/receipts/{imp_uid} (partner, 영수증 내 하위 상점 거래 등록 API)',
  },
};

const PARAMS = ['%00', 'x'.repeat(400), '한글', '...', '%2F', ' ', '{imp_uid}']; // (`..` is not a parameter: the URL drops it)
const BODIES: unknown[] = [
  [],
  'just a string',
  { imp_uid: false, merchant_uid: [], amount: -1, product_order_id: {}, member_id: null },
  { amount: 1e308, name: 'm'.repeat(10_000) },
];
/** Bodies the JSON parser refuses before any route: the usual 400 (prototype keys are refused by Fastify's parser). */
const UNREADABLE = ['{"broken": ', '{"__proto__": {"polluted": true}}', '{"constructor": {"prototype": {"x": 1}}}'];
const QUERIES = ['', '?from=x&to=y&review_type=zzz', '?page=-1&limit=abc'];

for (const [g, sample] of Object.entries(GROUPS) as [UnsupportedGroup, (typeof GROUPS)[UnsupportedGroup]][]) {
  t.test(`${g}: refused by name`, async (t) => {
    const s = await build(t);
    const token = await s.token();

    const res = await s.call(sample.method, sample.url, hasBody(sample.method) ? { imp_uid: 'imp_1' } : undefined);
    t.equal(res.status, 404);
    t.same(res.body, { code: -1, message: sample.message, response: null });
    t.equal(res.headers['x-sandbox-unsupported'], sample.operationId);
    t.equal(res.headers['content-type'], 'application/json; charset=UTF-8');

    const anonymous = await s.call(sample.method, sample.url, undefined, { token: null });
    t.equal(anonymous.status, 401, 'the token is checked first, as on every REST route');
    t.same(anonymous.body, { code: -1, message: 'Unauthorized', response: null });

    const ops = UNSUPPORTED.filter((op) => op.group === g);
    const bad: string[] = [];
    let requests = 0;
    for (const op of ops) {
      const message = `${NOT_SIMULATED}${op.method} ${specPath(op.url)} (${op.operationId}, ${op.summary})`;
      t.equal(MSG.notSimulated(op.method, specPath(op.url), op.operationId, op.summary), message);
      for (const param of PARAMS) {
        const path = op.url.replace(/:[A-Za-z_]+/g, encodeURIComponent(param));
        const variants: { url: string; payload?: string; ct?: string }[] = QUERIES.map((q) => ({ url: path + q }));
        if (hasBody(op.method)) {
          for (const b of BODIES) variants.push({ url: path, payload: JSON.stringify(b), ct: 'application/json' });
          variants.push({ url: path, payload: 'amount=abc&imp_uid[]=1', ct: 'application/x-www-form-urlencoded' });
        }
        for (const v of variants) {
          const r = await s.app.inject({
            method: op.method,
            url: v.url,
            payload: v.payload,
            headers: { authorization: token, ...(v.ct ? { 'content-type': v.ct } : {}) },
          });
          requests++;
          const body = r.json();
          if (r.statusCode !== 404 || body.code !== -1 || body.message !== message || body.response !== null)
            bad.push(`${op.method} ${v.url.slice(0, 60)} ${v.payload?.slice(0, 40) ?? ''} → ${r.statusCode} ${r.body}`);
        }
      }
      if (hasBody(op.method))
        for (const payload of UNREADABLE) {
          const r = await s.app.inject({
            method: op.method,
            url: urlOf(specPath(op.url)),
            payload,
            headers: { authorization: token, 'content-type': 'application/json' },
          });
          t.equal(r.statusCode, 400, `${op.method} ${op.url} ${payload}: the usual 400`);
          t.same(r.json(), { code: -1, message: '요청 본문의 JSON 형식이 올바르지 않습니다.', response: null });
        }
    }
    t.ok(requests >= ops.length * PARAMS.length * QUERIES.length, `sent ${requests} hostile requests`);
    t.same(bad, [], 'whatever the input: 404, the same envelope and message, never 5xx');
    t.equal(Object.hasOwn({}, 'polluted'), false, 'no prototype pollution');
  });
}

t.test('only the spec operations are refused by name: other methods and paths get the generic 404', async (t) => {
  const s = await build(t);
  const wrongMethod = await s.call('GET', '/kcpquick/payment/money');
  t.equal(wrongMethod.status, 404);
  t.same(wrongMethod.body, {
    code: -1,
    message: '존재하지 않는 API입니다. (GET /kcpquick/payment/money)',
    response: null,
  });
  t.equal(wrongMethod.headers['x-sandbox-unsupported'], undefined);
  const unknown = await s.call('POST', '/payments/imp_1/naver/unknown', {});
  t.equal(unknown.status, 404);
  t.same(unknown.body, {
    code: -1,
    message: '존재하지 않는 API입니다. (POST /payments/imp_1/naver/unknown)',
    response: null,
  });
  // The simulated operations next to them keep their own answers.
  const payment = await s.call('GET', '/payments/imp_123456789012');
  t.equal(payment.status, 404);
  t.same(payment.body, { code: -1, message: '존재하지 않는 결제정보입니다.', response: null });
});
