// Identity verification by REST: requestOTP and confirmOTP against the identity table (fixtures/identities.json),
// the lookup and the delete, every refusal, bad input, CI/DI per person and merchant, and the table's loading.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig, packageRoot } from '../src/config.js';
import { createSandbox } from '../src/context.js';
import { loadIdentities } from '../src/store/fixtures.js';
import { type BuiltSandbox, build, KICC_ONLY_KEY, KICC_ONLY_SECRET, makeSandbox } from './helpers.js';

/** 홍길동 of fixtures/identities.json, as requestOTP takes him. */
const HONG = { name: '홍길동', phone: '010-1234-5678', birth: '900101', gender_digit: '1', carrier: 'SKT' };
const HONG_CI = 'JqC+sxqiEgRLClQSnloirqqfy3Gw93aC/r5QI8WuS+QparZ469HQY6945wefqRTRNPR+67qqj2Ja+E2zGLq1Bg==';
const MISMATCH =
  '입력하신 정보가 통신사 가입자 정보와 일치하지 않습니다. 이름, 생년월일, 성별, 휴대폰번호, 통신사를 확인해주세요.';

const request = (s: BuiltSandbox, body: object, token?: string) =>
  s.call('POST', '/certifications/otp/request', body, token ? { token } : {});
const confirm = (s: BuiltSandbox, impUid: string, body?: object, token?: string) =>
  s.call('POST', `/certifications/otp/confirm/${impUid}`, body, token ? { token } : {});

async function requested(s: BuiltSandbox, body: object = HONG): Promise<string> {
  const r = await request(s, body);
  if (r.body.code !== 0) throw new Error(JSON.stringify(r.body));
  return r.body.response.imp_uid as string;
}

t.test('requestOTP then confirmOTP certifies the person; GET agrees; DELETE removes it', async (t) => {
  const s = await build(t);
  const r = await request(s, { ...HONG, merchant_uid: 'cert_001', company: 'shop.example' });
  t.equal(r.status, 200);
  t.equal(r.body.code, 0);
  t.equal(r.body.message, null);
  t.same(Object.keys(r.body.response), ['imp_uid']);
  const impUid = r.body.response.imp_uid;
  t.match(impUid, /^imp_\d{12}$/);

  const pending = await s.call('GET', `/certifications/${impUid}`);
  t.equal(pending.status, 200);
  t.same(pending.body.response, {
    birth: null,
    birthday: null,
    carrier: null,
    certified: false,
    certified_at: 0,
    foreigner: false,
    foreigner_v2: null,
    gender: null,
    imp_uid: impUid,
    merchant_uid: 'cert_001',
    name: null,
    origin: null,
    pg_provider: 'danal',
    pg_tid: pending.body.response.pg_tid,
    phone: null,
    unique_in_site: null,
    unique_key: null,
  });
  // Danal's recorded tid: the request's KST time, then 10 digits (the clock is 2026-01-01T00:00:00Z = 09:00 KST).
  t.match(pending.body.response.pg_tid, /^20260101090000\d{10}$/);

  const wrong = await confirm(s, impUid, { otp: '000000' });
  t.equal(wrong.status, 400);
  t.same(wrong.body, { code: -1, message: '인증번호가 일치하지 않습니다.', response: null });

  // The OTP the sandbox sends is the last 6 digits of the phone; a wrong one before it does not spoil the request.
  const ok = await confirm(s, impUid, { otp: '345678' });
  t.equal(ok.status, 200);
  t.equal(ok.body.code, 0);
  const c = ok.body.response;
  // Every field, in the recorded answers' alphabetical order.
  t.same(Object.keys(c), [
    'birth',
    'birthday',
    'carrier',
    'certified',
    'certified_at',
    'foreigner',
    'foreigner_v2',
    'gender',
    'imp_uid',
    'merchant_uid',
    'name',
    'origin',
    'pg_provider',
    'pg_tid',
    'phone',
    'unique_in_site',
    'unique_key',
  ]);
  t.equal(c.birth, 631119600, '1990-01-01 00:00 KST');
  t.equal(c.birthday, '1990-01-01');
  t.equal(c.carrier, 'SKT');
  t.equal(c.certified, true);
  t.equal(c.certified_at, 1767225600);
  t.equal(c.foreigner, false);
  t.equal(c.foreigner_v2, false);
  t.equal(c.gender, 'male');
  t.equal(c.imp_uid, impUid);
  t.equal(c.merchant_uid, 'cert_001');
  t.equal(c.name, '홍길동');
  t.equal(c.origin, null);
  t.equal(c.pg_provider, 'danal');
  t.equal(c.pg_tid, pending.body.response.pg_tid);
  t.equal(c.phone, '01012345678');
  t.equal(c.unique_key, HONG_CI);
  t.equal(c.unique_key.length, 88);
  t.match(c.unique_in_site, /^MC0GCCqGSIb3DQIJAyEA[A-Za-z0-9+/]{43}=$/);
  t.equal(c.unique_in_site.length, 64);

  const got = await s.call('GET', `/certifications/${impUid}`);
  t.equal(got.status, 200);
  t.same(got.body, { code: 0, message: null, response: c });

  const again = await confirm(s, impUid, { otp: '345678' });
  t.equal(again.status, 400);
  t.same(again.body, { code: -1, message: '이미 본인인증이 완료된 건입니다.', response: null });

  const del = await s.call('DELETE', `/certifications/${impUid}`);
  t.equal(del.status, 200);
  t.same(del.body, { code: 0, message: null, response: c });
  for (const method of ['GET', 'DELETE'] as const) {
    const gone = await s.call(method, `/certifications/${impUid}`);
    t.equal(gone.status, 404, `${method} after the delete`);
    t.same(gone.body, { code: -1, message: '인증결과가 존재하지 않습니다.', response: null });
  }
  t.equal((await confirm(s, impUid, { otp: '345678' })).status, 404, 'a deleted request cannot be confirmed');
});

t.test('unknown imp_uids: GET and DELETE answer the real 404, confirm its own 404', async (t) => {
  const s = await build(t);
  for (const method of ['GET', 'DELETE'] as const) {
    const r = await s.call(method, '/certifications/imp_000000000000');
    t.equal(r.status, 404);
    t.same(r.body, { code: -1, message: '인증결과가 존재하지 않습니다.', response: null });
  }
  const c = await confirm(s, 'imp_000000000000', { otp: '123456' });
  t.equal(c.status, 404);
  t.same(c.body, { code: -1, message: '본인인증 요청건이 존재하지 않습니다.', response: null });
  const none = await s.call('GET', '/certifications/imp_000000000000', undefined, { token: null });
  t.equal(none.status, 401);
  t.same(none.body, { code: -1, message: 'Unauthorized', response: null });
});

t.test('a certification belongs to its merchant; CI is per person, DI per person and merchant', async (t) => {
  const s = await build(t);
  const kicc = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  const a = await requested(s);
  const b = await requested(s);
  const other = (await request(s, HONG, kicc)).body.response.imp_uid;
  t.not(a, b);
  t.equal((await s.call('GET', `/certifications/${other}`)).status, 404, "another merchant's imp_uid is unknown");
  t.equal((await s.call('DELETE', `/certifications/${other}`)).status, 404);
  t.equal((await confirm(s, other, { otp: '345678' })).status, 404);
  const ca = (await confirm(s, a, { otp: '345678' })).body.response;
  const cb = (await confirm(s, b, { otp: '345678' })).body.response;
  const co = (await confirm(s, other, { otp: '345678' }, kicc)).body.response;
  t.equal(ca.unique_key, HONG_CI);
  t.equal(cb.unique_key, HONG_CI);
  t.equal(co.unique_key, HONG_CI, 'the CI is the same at every merchant');
  t.equal(ca.unique_in_site, cb.unique_in_site, 'the DI is the same within a merchant');
  t.not(ca.unique_in_site, co.unique_in_site, 'and differs between merchants');
  t.not(ca.pg_tid, cb.pg_tid);

  const kim = await requested(s, {
    name: '김영희',
    phone: '01098765432',
    birth: '880720',
    gender_digit: '2',
    carrier: 'KT',
  });
  const ck = (await confirm(s, kim, { otp: '765432' })).body.response;
  t.equal(ck.gender, 'female');
  t.equal(ck.birthday, '1988-07-20');
  t.equal(ck.carrier, 'KT');
  t.not(ck.unique_key, HONG_CI, 'another person has another CI');
});

t.test('an MVNO subscriber, a foreign resident and a minor verify with their own fields', async (t) => {
  const s = await build(t);
  const lee = { name: '이서연', phone: '010.7777.8888', birth: '01-11-30', gender_digit: '4', carrier: 'SKT' };
  const noMvno = await request(s, lee);
  t.equal(noMvno.status, 400, 'an MVNO subscriber needs is_mvno');
  t.equal(noMvno.body.message, MISMATCH);
  const mvno = await requested(s, { ...lee, is_mvno: true });
  const cl = (await confirm(s, mvno, { otp: '778888' })).body.response;
  t.equal(cl.carrier, 'SKT_MVNO');
  t.equal(cl.birthday, '2001-11-30');
  t.equal(cl.phone, '01077778888');

  const john = { name: 'John Smith', phone: '01033334444', birth: '920410', gender_digit: '5', carrier: 'KT' };
  const cj = (await confirm(s, await requested(s, john), { otp: '334444' })).body.response;
  t.equal(cj.foreigner, true);
  t.equal(cj.foreigner_v2, true);
  t.equal(cj.name, 'JOHN SMITH', 'the name as the carrier has it (matched without case)');
  t.equal((await request(s, { ...john, gender_digit: '1' })).body.message, MISMATCH, 'a foreigner has digit 5');

  const park = { name: '박민준', phone: '01055556666', birth: '120315', gender_digit: '3', carrier: 'LGT' };
  const cp = (await confirm(s, await requested(s, park), { otp: '556666' })).body.response;
  t.equal(cp.birthday, '2012-03-15');
  t.equal(cp.birth, Date.parse('2012-03-15T00:00:00+09:00') / 1000);
  t.equal(cp.certified, true, 'REST has no min_age: a minor verifies');
});

t.test('form bodies and JSON numbers are read as the spec allows', async (t) => {
  const s = await build(t);
  const token = await s.token();
  const res = await s.app.inject({
    method: 'POST',
    url: '/certifications/otp/request',
    headers: { authorization: token, 'content-type': 'application/x-www-form-urlencoded' },
    payload:
      'name=%ED%99%8D%EA%B8%B8%EB%8F%99&phone=010-1234-5678&birth=90.01.01&gender_digit=1&carrier=SKT&is_mvno=false',
  });
  t.equal(res.statusCode, 200);
  const impUid = res.json().response.imp_uid;
  const form = await s.app.inject({
    method: 'POST',
    url: `/certifications/otp/confirm/${impUid}`,
    headers: { authorization: token, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'otp=345678',
  });
  t.equal(form.statusCode, 200);
  t.equal(form.json().response.certified, true);
  const numbers = await request(s, { ...HONG, phone: '01012345678', birth: 900101, gender_digit: 1 });
  t.equal(numbers.status, 200);
  t.equal((await confirm(s, numbers.body.response.imp_uid, { otp: 345678 })).body.response.certified, true);
});

t.test('a person the table does not know, or any field that differs, is refused with one 400', async (t) => {
  const s = await build(t);
  for (const [what, body] of [
    ['unknown phone', { ...HONG, phone: '010-9999-9999' }],
    ['another name', { ...HONG, name: '홍길순' }],
    ['another birth date', { ...HONG, birth: '900102' }],
    ['the female digit', { ...HONG, gender_digit: '2' }],
    ['a 2000s digit', { ...HONG, gender_digit: '3' }],
    ['another carrier', { ...HONG, carrier: 'KT' }],
    ['an MVNO flag he does not have', { ...HONG, is_mvno: true }],
  ] as const) {
    const r = await request(s, body);
    t.equal(r.status, 400, what);
    t.same(r.body, { code: -1, message: MISMATCH, response: null }, what);
  }
});

t.test('a person the carrier refuses gets the fixture message and no imp_uid', async (t) => {
  const s = await build(t);
  const r = await request(s, {
    name: '최도용',
    phone: '01000000000',
    birth: '800202',
    gender_digit: '1',
    carrier: 'SKT',
  });
  t.equal(r.status, 400);
  t.same(r.body, {
    code: -1,
    message: '명의도용 차단 서비스에 가입된 휴대폰번호입니다. 본인확인을 진행할 수 없습니다.',
    response: null,
  });
  t.same(s.sb.store.records.list('default', 'certification'), [], 'nothing is stored');
});

t.test('bad input: each format error names what to fix, in a 400', async (t) => {
  const s = await build(t);
  const cases: [string, object, string][] = [
    ['blank name', { ...HONG, name: '  ' }, '이름을 입력해주세요.'],
    ['letters for a phone', { ...HONG, phone: 'abc' }, '휴대폰번호를 확인해주세요. (01로 시작하는 10-11자리 숫자)'],
    ['a landline', { ...HONG, phone: '02-1234-5678' }, '휴대폰번호를 확인해주세요. (01로 시작하는 10-11자리 숫자)'],
    ['a short birth', { ...HONG, birth: '9001' }, '생년월일 6자리(YYMMDD)를 확인해주세요.'],
    ['an 8-digit birth', { ...HONG, birth: '19900101' }, '생년월일 6자리(YYMMDD)를 확인해주세요.'],
    ['month 13', { ...HONG, birth: '901301' }, '생년월일 6자리(YYMMDD)를 확인해주세요.'],
    ['30 February', { ...HONG, birth: '900230' }, '생년월일 6자리(YYMMDD)를 확인해주세요.'],
    ['gender digit 9', { ...HONG, gender_digit: '9' }, '주민등록번호 뒷자리 첫 번째 숫자(1-8)를 확인해주세요.'],
    ['gender digit x', { ...HONG, gender_digit: 'x' }, '주민등록번호 뒷자리 첫 번째 숫자(1-8)를 확인해주세요.'],
  ];
  for (const [what, body, message] of cases) {
    const r = await request(s, body);
    t.equal(r.status, 400, what);
    t.same(r.body, { code: -1, message, response: null }, what);
  }
  const carrier = await request(s, { ...HONG, carrier: 'KTF' });
  t.equal(carrier.status, 400);
  t.match(carrier.body.message, /^잘못된 요청 파라미터입니다\. carrier: /);
  for (const field of ['name', 'phone', 'birth', 'gender_digit', 'carrier']) {
    const { [field as keyof typeof HONG]: _gone, ...rest } = HONG;
    const r = await request(s, rest);
    t.equal(r.status, 400, `without ${field}`);
    t.match(r.body.message, new RegExp(`^잘못된 요청 파라미터입니다\\. ${field}: `), `without ${field}`);
  }
  const method = await request(s, { ...HONG, verification_method: 'VOICE' });
  t.equal(method.status, 400);
  t.match(method.body.message, /verification_method/);
});

t.test('confirmOTP: a missing OTP, and an expired one after 180 seconds of the clock', async (t) => {
  const s = await build(t);
  const impUid = await requested(s);
  for (const body of [undefined, {}, { otp: '' }, { otp: '   ' }]) {
    const r = await confirm(s, impUid, body);
    t.equal(r.status, 400, JSON.stringify(body));
    t.same(r.body, { code: -1, message: '인증번호(otp)가 누락되었습니다.', response: null });
  }
  const clock = (advance_seconds: number) =>
    s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds } });
  await clock(180);
  const late = await requested(s);
  t.equal((await confirm(s, impUid, { otp: '345678' })).status, 200, 'good for 180 seconds');
  await clock(181);
  const expired = await confirm(s, late, { otp: '345678' });
  t.equal(expired.status, 400);
  t.same(expired.body, {
    code: -1,
    message: '인증번호 입력시간(180초)이 초과되었습니다. 본인인증을 다시 요청해주세요.',
    response: null,
  });
  t.equal((await s.call('GET', `/certifications/${late}`)).body.response.certified, false);
});

t.test('kcp_v2: pg names the provider, and the APP method confirms without an OTP', async (t) => {
  const s = await build(t);
  const app = await requested(s, { ...HONG, pg: 'kcp_v2', channel_key: 'channel-key-kcp', verification_method: 'APP' });
  const c = await confirm(s, app, undefined);
  t.equal(c.status, 200);
  t.equal(c.body.response.pg_provider, 'kcp_v2');
  t.equal(c.body.response.certified, true);
  const sms = await requested(s, { ...HONG, pg: 'kcp_v2', verification_method: 'SMS' });
  t.equal((await confirm(s, sms, {})).body.message, '인증번호(otp)가 누락되었습니다.');
  // The APP method is kcp_v2's only (spec): with danal (pg with a MID, or unknown) it is an SMS like any other.
  const danal = await requested(s, { ...HONG, pg: 'danal.A010002002', verification_method: 'APP' });
  t.equal((await confirm(s, danal, {})).status, 400);
  const c2 = await confirm(s, danal, { otp: '345678' });
  t.equal(c2.body.response.pg_provider, 'danal');
  t.equal(
    (await s.call('GET', `/certifications/${await requested(s, { ...HONG, pg: 'nice' })}`)).body.response.pg_provider,
    'danal',
  );
});

t.test(
  'identities.json: loaded through the fixture loader, and a bad file stops start-up naming the field',
  async (t) => {
    const people = loadIdentities(path.join(packageRoot, 'fixtures'));
    t.ok(
      people.some((p) => p.outcome === 'pass' && p.birthday < '2000'),
      'an adult who passes',
    );
    t.ok(
      people.some((p) => p.outcome === 'pass' && p.birthday > '2010'),
      'a minor (for min_age)',
    );
    t.ok(
      people.some((p) => p.outcome === 'fail'),
      'one who fails',
    );
    t.equal(new Set(people.map((p) => p.phone)).size, people.length, 'phones are unique');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ids-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    for (const f of ['merchants.json', 'cards.json'])
      fs.copyFileSync(path.join(packageRoot, 'fixtures', f), path.join(dir, f));
    // A fixtures dir written before identity verification existed: the package's own table is used.
    const older = await makeSandbox({ FIXTURES_DIR: dir });
    const ok = await older.app.inject({
      method: 'POST',
      url: '/certifications/otp/request',
      headers: { authorization: await older.token() },
      payload: HONG,
    });
    t.equal(ok.statusCode, 200);
    await older.close();

    /** Build the app on `dir`, then close the sandbox whatever happens. */
    const start = async () => {
      const sb = createSandbox(loadConfig({}, [], { DB_PATH: ':memory:', LOG_LEVEL: 'silent', FIXTURES_DIR: dir }));
      try {
        await (await buildApp(sb)).close();
      } finally {
        sb.close();
      }
    };
    const bad = { identities: [{ ...people[0], phone: '010-1234-5678' }] };
    fs.writeFileSync(path.join(dir, 'identities.json'), JSON.stringify(bad));
    await t.rejects(start(), {
      message: `${path.join(dir, 'identities.json')}: identities.0.phone: phone must be 10-11 digits starting with 01, without dashes`,
    });
    const dup = { identities: [people[0], people[0]] };
    fs.writeFileSync(path.join(dir, 'identities.json'), JSON.stringify(dup));
    await t.rejects(start(), { message: /identities\.1\.phone: duplicate phone "01012345678"/ });
  },
);

// ---- the verification window's API (IMP.certification), as the page calls it

const MERCHANT = 'imp19424728';
const SHOP_PAGE = 'https://shop.example/signup?step=2';
const HONG_FORM = { name: '홍길동', phone: '010-1234-5678', birth: '900101', gender_digit: '1', carrier: 'SKT' };
const PARK_FORM = { name: '박민준', phone: '01055556666', birth: '120315', gender_digit: '3', carrier: 'LGT' };

const openCert = (s: BuiltSandbox, params: object, extra: object = {}) =>
  s.call(
    'POST',
    '/certification/api/requests',
    { merchant: MERCHANT, device: 'pc', page: SHOP_PAGE, params, ...extra },
    { token: null },
  );
const step = (s: BuiltSandbox, impUid: string, what: 'otp' | 'confirm' | 'cancel', body: object = {}) =>
  s.call('POST', `/certification/api/requests/${impUid}/${what}`, { merchant: MERCHANT, ...body }, { token: null });

t.test('the window: open, the identity step, a wrong then the right code, and REST agrees', async (t) => {
  const s = await build(t);
  const o = await openCert(s, { merchant_uid: 'cert_w1', company: '샌드박스 쇼핑', name: '홍길동' });
  t.equal(o.status, 200);
  const r = o.body.response;
  t.equal(r.opened, true);
  t.match(r.imp_uid, /^imp_\d{12}$/);
  t.equal(r.merchant_name, '아임포트 샌드박스 상점');
  t.equal(r.company, '샌드박스 쇼핑');
  t.equal(r.pg_provider, 'danal');
  t.equal(r.min_age, null);
  t.equal(r.name, '홍길동');
  t.equal(r.phone, null);
  t.same(r.carriers, ['SKT', 'KT', 'LGT', 'SKT_MVNO', 'KT_MVNO', 'LGT_MVNO']);
  t.same(r.people[0], {
    name: '홍길동',
    phone: '010-1234-5678',
    birth: '900101',
    gender_digit: '1',
    carrier: 'SKT',
    description: 'Adult, verifies (OTP 345678)',
  });
  t.equal(r.people.length, 6);
  t.equal(r.autopilot, null);
  t.equal(r.rsp, null);
  const pending = (await s.call('GET', `/certifications/${r.imp_uid}`)).body.response;
  t.equal(pending.certified, false);
  t.equal(pending.origin, SHOP_PAGE);
  t.equal(pending.merchant_uid, 'cert_w1');

  const early = await step(s, r.imp_uid, 'confirm', { otp: '345678' });
  t.equal(early.status, 400);
  t.equal(early.body.message, '인증번호를 먼저 요청해주세요.');
  t.equal(early.headers['x-sandbox-field'], 'otp');
  const badPhone = await step(s, r.imp_uid, 'otp', { ...HONG_FORM, phone: '1234' });
  t.equal(badPhone.status, 400);
  t.equal(badPhone.headers['x-sandbox-field'], 'phone');
  const badCarrier = await step(s, r.imp_uid, 'otp', { ...HONG_FORM, carrier: 'SKB' });
  t.equal(badCarrier.body.message, '통신사를 선택해주세요.');
  t.equal(badCarrier.headers['x-sandbox-field'], 'carrier');
  const mismatch = await step(s, r.imp_uid, 'otp', { ...HONG_FORM, birth: '900102' });
  t.equal(mismatch.status, 400);
  t.equal(mismatch.body.message, MISMATCH);
  t.equal(mismatch.headers['x-sandbox-field'], undefined, 'no one field is to blame');

  const sent = await step(s, r.imp_uid, 'otp', HONG_FORM);
  t.equal(sent.status, 200);
  t.same(sent.body.response, { sent: true, phone_masked: '010-****-5678', expires_at: 1767225600 + 180, done: null });
  const wrong = await step(s, r.imp_uid, 'confirm', { otp: '111111' });
  t.equal(wrong.status, 400);
  t.equal(wrong.body.message, '인증번호가 일치하지 않습니다.');
  t.equal(wrong.headers['x-sandbox-field'], 'otp');
  t.equal((await confirm(s, r.imp_uid, { otp: '345678' })).status, 404, 'a window is not confirmed by REST');

  const done = await step(s, r.imp_uid, 'confirm', { otp: '345678' });
  t.equal(done.status, 200);
  t.same(done.body.response, {
    rsp: {
      success: true,
      imp_success: true,
      imp_uid: r.imp_uid,
      merchant_uid: 'cert_w1',
      pg_provider: 'danal',
      pg_type: 'certification',
    },
    redirect_url: null,
  });
  const c = (await s.call('GET', `/certifications/${r.imp_uid}`)).body.response;
  t.equal(c.certified, true);
  t.equal(c.name, '홍길동');
  t.equal(c.unique_key, HONG_CI);
  t.equal(c.origin, SHOP_PAGE);
  t.equal(c.pg_tid, pending.pg_tid);

  const again = await step(s, r.imp_uid, 'cancel');
  t.equal(again.status, 409);
  t.same(again.body, { code: 1, message: '이미 완료된 본인인증 요청입니다.', response: null });
  for (const [what, url, body] of [
    ['unknown imp_uid', '/certification/api/requests/imp_000000000000/cancel', { merchant: MERCHANT }],
    ['another merchant', `/certification/api/requests/${r.imp_uid}/cancel`, { merchant: 'imp20000002' }],
  ] as const) {
    const nf = await s.call('POST', url, body, { token: null });
    t.equal(nf.status, 404, what);
    t.same(nf.body, { code: -1, message: '존재하지 않는 본인인증 요청입니다.', response: null }, what);
  }
});

t.test('the window: min_age refuses a minor, the carrier refuses its person, cancel, each ends it', async (t) => {
  const s = await build(t);
  const minor = (await openCert(s, { merchant_uid: 'cert_age', min_age: 19 })).body.response;
  t.equal(minor.min_age, 19);
  const refused = await step(s, minor.imp_uid, 'otp', PARK_FORM);
  t.equal(refused.status, 200);
  t.same(refused.body.response, {
    sent: false,
    phone_masked: null,
    expires_at: null,
    done: {
      rsp: {
        success: false,
        imp_success: false,
        imp_uid: minor.imp_uid,
        merchant_uid: 'cert_age',
        pg_provider: 'danal',
        pg_type: 'certification',
        error_code: 'F0004',
        error_msg: '만 19세 이상만 본인인증을 진행할 수 있습니다.',
      },
      redirect_url: null,
    },
  });
  const stays = (await s.call('GET', `/certifications/${minor.imp_uid}`)).body.response;
  t.equal(stays.certified, false);
  t.equal(stays.name, null);
  // min_age "19" as a string is read as a number; the minor passes a lower bar, an adult the 19 one.
  const low = (await openCert(s, { merchant_uid: 'cert_age2', min_age: '13' })).body.response;
  t.equal((await step(s, low.imp_uid, 'otp', PARK_FORM)).body.response.sent, true);
  const adult = (await openCert(s, { merchant_uid: 'cert_age3', min_age: 19 })).body.response;
  t.equal((await step(s, adult.imp_uid, 'otp', HONG_FORM)).body.response.sent, true);
  // cft.mdx: min_age is Danal's; with inicis_unified it is ignored.
  const inicis = (await openCert(s, { merchant_uid: 'cert_age4', min_age: 19, pg: 'inicis_unified' })).body.response;
  t.equal(inicis.pg_provider, 'inicis_unified');
  t.equal(inicis.min_age, null);

  const fail = (await openCert(s, { merchant_uid: 'cert_fail' })).body.response;
  const choi = { name: '최도용', phone: '010-0000-0000', birth: '800202', gender_digit: '1', carrier: 'SKT' };
  const f = (await step(s, fail.imp_uid, 'otp', choi)).body.response.done.rsp;
  t.equal(f.success, false);
  t.equal(f.error_code, 'F0004');
  t.equal(f.error_msg, '명의도용 차단 서비스에 가입된 휴대폰번호입니다. 본인확인을 진행할 수 없습니다.');

  const c = (await openCert(s, { merchant_uid: 'cert_cancel' })).body.response;
  await step(s, c.imp_uid, 'otp', HONG_FORM);
  const cancelled = await step(s, c.imp_uid, 'cancel');
  t.equal(cancelled.status, 200);
  t.same(cancelled.body.response.rsp, {
    success: false,
    imp_success: false,
    imp_uid: c.imp_uid,
    merchant_uid: 'cert_cancel',
    pg_provider: 'danal',
    pg_type: 'certification',
    error_code: 'F0005',
    error_msg: '사용자가 본인인증을 취소하셨습니다',
  });
  t.equal((await step(s, c.imp_uid, 'confirm', { otp: '345678' })).status, 409, 'a cancelled window takes no code');
  t.equal((await s.call('GET', `/certifications/${c.imp_uid}`)).body.response.certified, false);
});

t.test('the window: carrier narrows the choice; the code expires after 180 s; mobile redirects', async (t) => {
  const s = await build(t);
  const kt = (await openCert(s, { merchant_uid: 'cert_kt', carrier: 'KTF' })).body.response;
  t.same(kt.carriers, ['KT']);
  const notOffered = await step(s, kt.imp_uid, 'otp', HONG_FORM);
  t.equal(notOffered.status, 400);
  t.equal(notOffered.body.message, '선택할 수 없는 통신사입니다.');
  t.equal(notOffered.headers['x-sandbox-field'], 'carrier');
  t.same((await openCert(s, { merchant_uid: 'cert_mvno', carrier: 'MVNO' })).body.response.carriers, [
    'SKT_MVNO',
    'KT_MVNO',
    'LGT_MVNO',
  ]);

  const late = (await openCert(s, { merchant_uid: 'cert_late' })).body.response;
  await step(s, late.imp_uid, 'otp', HONG_FORM);
  await s.app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { advance_seconds: 181 } });
  const expired = await step(s, late.imp_uid, 'confirm', { otp: '345678' });
  t.equal(expired.status, 400);
  t.equal(expired.body.message, '인증번호 입력시간(180초)이 초과되었습니다. 본인인증을 다시 요청해주세요.');
  t.equal(expired.headers['x-sandbox-field'], 'otp');
  t.equal((await step(s, late.imp_uid, 'otp', HONG_FORM)).body.response.sent, true, 'a new code can be asked');
  t.equal((await step(s, late.imp_uid, 'confirm', { otp: '345678' })).body.response.rsp.success, true);

  const m = await openCert(
    s,
    { merchant_uid: 'cert_m1', m_redirect_url: 'https://shop.example/cert/done?from=app' },
    { device: 'mobile' },
  );
  const mob = m.body.response;
  await step(s, mob.imp_uid, 'otp', HONG_FORM);
  const end = (await step(s, mob.imp_uid, 'confirm', { otp: '345678' })).body.response;
  t.equal(
    end.redirect_url,
    `https://shop.example/cert/done?from=app&imp_uid=${mob.imp_uid}&merchant_uid=cert_m1&success=true&imp_success=true`,
  );
  const mc = (
    await openCert(s, { merchant_uid: 'cert_m2', m_redirect_url: 'https://shop.example/d' }, { device: 'mobile' })
  ).body.response;
  const url = new URL((await step(s, mc.imp_uid, 'cancel')).body.response.redirect_url);
  t.equal(url.searchParams.get('success'), 'false');
  t.equal(url.searchParams.get('imp_success'), 'false');
  t.equal(url.searchParams.get('error_code'), 'F0005');
  t.equal(url.searchParams.get('error_msg'), '사용자가 본인인증을 취소하셨습니다');
});

t.test('the window: refusals before it opens have imp_uid null and no record', async (t) => {
  const s = await build(t);
  const unknown = await openCert(s, { merchant_uid: 'cert_r1' }, { merchant: 'imp99999999' });
  t.equal(unknown.status, 200);
  t.equal(unknown.body.response.opened, false);
  t.same(unknown.body.response.rsp, {
    success: false,
    imp_success: false,
    imp_uid: null,
    merchant_uid: 'cert_r1',
    pg_provider: 'danal',
    pg_type: 'certification',
    error_code: 'F1002',
    error_msg: '등록되지 않은 가맹점 식별코드입니다(imp99999999). IMP.init()에 전달한 가맹점 식별코드를 확인해주세요.',
  });
  for (const [what, params, detail] of [
    ['no merchant_uid', {}, 'merchant_uid: '],
    ['min_age not a number', { merchant_uid: 'x', min_age: 'adult' }, 'min_age: '],
    ['an unknown carrier', { merchant_uid: 'x', carrier: 'U+' }, 'carrier: '],
  ] as const) {
    const r = (await openCert(s, params)).body.response;
    t.equal(r.opened, false, what);
    t.equal(r.rsp.error_code, 'F1002', what);
    t.ok(r.rsp.error_msg.startsWith(`본인인증 요청 파라메터가 올바르지 않습니다. ${detail}`), what);
  }
  const mobile = await openCert(
    s,
    { merchant_uid: 'cert_r2', min_age: -1, m_redirect_url: 'https://shop.example/d' },
    { device: 'mobile' },
  );
  const url = new URL(mobile.body.response.redirect_url);
  t.equal(url.searchParams.get('imp_uid'), '');
  t.equal(url.searchParams.get('merchant_uid'), 'cert_r2');
  t.equal(url.searchParams.get('success'), 'false');
  t.same(s.sb.store.records.list('default', 'certification'), []);
});

t.test('the autopilot arms the next window of either kind, with the person it asks for', async (t) => {
  const s = await build(t);
  const arm = (payload: object) => s.call('POST', '/__sandbox/window/autopilot', payload, { token: null });
  const a = await arm({ action: 'approve' });
  t.same(a.body.response, { merchant: MERCHANT, action: 'approve', card_number: null }, 'no phone unless given');
  const approve = (await openCert(s, { merchant_uid: 'cert_a1', min_age: 19 })).body.response;
  t.same(approve.autopilot, {
    action: 'approve',
    name: '홍길동',
    phone: '010-1234-5678',
    birth: '900101',
    gender_digit: '1',
    carrier: 'SKT',
    otp: '345678',
  });
  t.equal((await openCert(s, { merchant_uid: 'cert_a2' })).body.response.autopilot, null, 'one arming, one window');

  await arm({ action: 'decline' });
  t.equal((await openCert(s, { merchant_uid: 'cert_a3' })).body.response.autopilot.name, '최도용');
  await arm({ action: 'approve' });
  t.equal((await openCert(s, { merchant_uid: 'cert_a4', carrier: 'LGT' })).body.response.autopilot.name, '박민준');
  const withPhone = await arm({ action: 'approve', phone: '010-7777-8888' });
  t.same(withPhone.body.response, { merchant: MERCHANT, action: 'approve', card_number: null, phone: '010-7777-8888' });
  const lee = (await openCert(s, { merchant_uid: 'cert_a5' })).body.response.autopilot;
  t.equal(lee.carrier, 'SKT_MVNO');
  t.equal(lee.otp, '778888');

  await arm({ action: 'approve', phone: '010-9999-0000' });
  const before = s.sb.store.records.list('default', 'certification').length;
  const none = await openCert(s, { merchant_uid: 'cert_a6' });
  t.equal(none.status, 409);
  t.equal(none.body.message, 'fixtures/identities.json has no person with phone "010-9999-0000" (autopilot "approve")');
  t.equal(s.sb.store.records.list('default', 'certification').length, before, 'the refused open stored nothing');

  // A payment window opened next takes the arming instead (and its certification-only phone is ignored there).
  await arm({ action: 'approve', phone: '010-1234-5678' });
  const pay = await s.call(
    'POST',
    '/window/api/requests',
    { merchant: MERCHANT, params: { merchant_uid: 'order_a1', amount: 1000 } },
    { token: null },
  );
  t.equal(pay.body.response.autopilot.action, 'approve');
  t.equal((await openCert(s, { merchant_uid: 'cert_a7' })).body.response.autopilot, null);
});
