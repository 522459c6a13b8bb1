// API tests of the code tables: GET /banks[/{bank_standard_code}] and GET /cards[/{card_standard_code}], the
// card-code fixture (its loader, its agreement with the test cards) and start-up on a bad table.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { loadConfig, packageRoot } from '../src/config.js';
import { createSandbox } from '../src/context.js';
import { loadCardCodeList, loadCardRules } from '../src/store/fixtures.js';
import { build, makeSandbox } from './helpers.js';

const FIXTURES = path.join(packageRoot, 'fixtures');
const bankNotFound = { code: -1, message: '코드에 해당되는 은행정보를 찾을 수 없습니다.', response: null };
const cardNotFound = { code: -1, message: '코드에 해당되는 카드사정보를 찾을 수 없습니다.', response: null };

/** The whole card table, in the fixture's order. */
const CARD_TABLE = [
  ['361', 'BC카드'],
  ['364', '광주카드'],
  ['365', '삼성카드'],
  ['366', '신한카드'],
  ['367', '현대카드'],
  ['368', '롯데카드'],
  ['369', '수협카드'],
  ['370', '씨티카드'],
  ['371', 'NH카드'],
  ['372', '전북카드'],
  ['373', '제주카드'],
  ['374', '하나SK카드'],
  ['381', 'KB국민카드'],
  ['041', '우리카드'],
  ['071', '우체국'],
  ['002', '산업은행'],
  ['045', '새마을금고'],
  ['048', '신협'],
  ['089', '케이뱅크'],
  ['090', '카카오뱅크'],
  ['VIS', '해외비자'],
  ['MAS', '해외마스터'],
  ['DIN', '해외다이너스'],
  ['AMX', '해외AMEX'],
  ['JCB', '해외JCB'],
  ['UNI', '중국은련'],
].map(([code, name]) => ({ code, name }));

t.test('GET /banks', async (t) => {
  t.test('lists the banks of fixtures/banks.json as {code, name}, in the file order', async (t) => {
    const s = await build(t);
    const res = await s.call('GET', '/banks');
    t.equal(res.status, 200);
    t.same(res.body, {
      code: 0,
      message: null,
      response: [
        { code: '004', name: 'KB국민은행' },
        { code: '088', name: '신한은행' },
        { code: '020', name: '우리은행' },
        { code: '081', name: '하나은행' },
        { code: '011', name: 'NH농협은행' },
      ],
    });
    t.same(Object.keys(res.body.response[0]), ['code', 'name'], 'only the spec fields (no name_en, account_format)');
  });

  t.test('one bank by its code', async (t) => {
    const s = await build(t);
    const res = await s.call('GET', '/banks/088');
    t.equal(res.status, 200);
    t.same(res.body, { code: 0, message: null, response: { code: '088', name: '신한은행' } });
    const nh = await s.call('GET', '/banks/011');
    t.same(nh.body.response, { code: '011', name: 'NH농협은행' });
  });

  t.test('an unknown code is 404 in the envelope; codes match exactly', async (t) => {
    const s = await build(t);
    for (const code of ['999', '4', '0040', '%20', 'abc', '361']) {
      const res = await s.call('GET', `/banks/${code}`);
      t.equal(res.status, 404, code);
      t.same(res.body, bankNotFound, code);
    }
  });

  t.test('needs a token', async (t) => {
    const s = await build(t);
    for (const url of ['/banks', '/banks/004']) {
      const res = await s.call('GET', url, undefined, { token: null });
      t.equal(res.status, 401, url);
      t.same(res.body, { code: -1, message: 'Unauthorized', response: null }, url);
    }
  });
});

t.test('GET /cards', async (t) => {
  t.test('lists the whole card-company table as {code, name}', async (t) => {
    const s = await build(t);
    const res = await s.call('GET', '/cards');
    t.equal(res.status, 200);
    t.equal(res.body.code, 0);
    t.equal(res.body.message, null);
    t.equal(res.body.response.length, 26);
    t.same(res.body.response, CARD_TABLE);
    for (const c of res.body.response)
      t.same(Object.keys(c), ['code', 'name'], `${c.code}: no fixture note on the wire`);
  });

  t.test('one card company by its code', async (t) => {
    const s = await build(t);
    const expect: Record<string, string> = {
      '361': 'BC카드',
      '371': 'NH카드',
      '374': '하나SK카드',
      '381': 'KB국민카드',
      '041': '우리카드',
      '071': '우체국',
      VIS: '해외비자',
      UNI: '중국은련',
    };
    for (const [code, name] of Object.entries(expect)) {
      const res = await s.call('GET', `/cards/${code}`);
      t.equal(res.status, 200, code);
      t.same(res.body, { code: 0, message: null, response: { code, name } }, code);
    }
  });

  t.test('an unknown code is 404 in the envelope; codes match exactly', async (t) => {
    const s = await build(t);
    for (const code of ['999', 'vis', '41', '0361', '004', '10005', '%E2%9C%93']) {
      const res = await s.call('GET', `/cards/${code}`);
      t.equal(res.status, 404, code);
      t.same(res.body, cardNotFound, code);
    }
  });

  t.test('needs a token', async (t) => {
    const s = await build(t);
    for (const url of ['/cards', '/cards/361']) {
      const res = await s.call('GET', url, undefined, { token: null });
      t.equal(res.status, 401, url);
      t.same(res.body, { code: -1, message: 'Unauthorized', response: null }, url);
    }
  });

  t.test('hostile paths get a 4xx in the envelope, never a 5xx', async (t) => {
    const s = await build(t);
    for (const url of [
      '/cards/%',
      '/banks/%zz',
      `/cards/${'9'.repeat(500)}`,
      '/cards/..%2F..%2Fetc',
      '/banks/__proto__',
    ]) {
      const res = await s.call('GET', url);
      t.ok(res.status >= 400 && res.status < 500, `${url}: ${res.status}`);
      t.equal(res.body.code, -1, url);
      t.equal(res.body.response, null, url);
      t.type(res.body.message, 'string', url);
    }
  });
});

t.test('the test cards agree with the code table', async (t) => {
  const table = new Map(loadCardCodeList(FIXTURES).map((c) => [c.code, c.name]));
  for (const card of loadCardRules(FIXTURES)) {
    t.equal(table.get(card.card_code), card.card_name, `${card.number}: ${card.card_code} ${card.card_name}`);
  }
  // And through the API: a billing key on the Mastercard-style test card names its company as GET /cards does.
  const s = await build(t);
  const issued = await s.call('POST', '/subscribe/customers/cust_nh', {
    card_number: '5555-5555-5555-4444',
    expiry: '2030-12',
    birth: '900101',
    pwd_2digit: '12',
  });
  t.equal(issued.body.code, 0);
  const card = await s.call('GET', `/cards/${issued.body.response.card_code}`);
  t.same(card.body.response, { code: '371', name: issued.body.response.card_name });
});

t.test('fixtures/card-codes.json is checked, and optional in a custom fixtures directory', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codes-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of ['merchants.json', 'cards.json', 'banks.json'])
    fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));

  t.test('a directory without the file gets the package table', async (t) => {
    t.same(loadCardCodeList(dir), loadCardCodeList(FIXTURES));
    const s = await makeSandbox({ FIXTURES_DIR: dir });
    t.teardown(s.close);
    const token = await s.token();
    const res = await s.app.inject({ method: 'GET', url: '/cards/366', headers: { authorization: token } });
    t.same(res.json(), { code: 0, message: null, response: { code: '366', name: '신한카드' } });
  });

  t.test('a duplicated code names the entry', async (t) => {
    const file = path.join(dir, 'card-codes.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        cards: [
          { code: '361', name: 'BC카드' },
          { code: '361', name: '비씨' },
        ],
      }),
    );
    t.teardown(() => fs.rmSync(file));
    t.throws(() => loadCardCodeList(dir), { message: `${file}: cards.1.code: code 361 appears twice` });
  });

  t.test('a bad code stops start-up with the path of the field', async (t) => {
    const file = path.join(dir, 'card-codes.json');
    fs.writeFileSync(file, JSON.stringify({ cards: [{ code: '36', name: 'BC카드' }] }));
    t.teardown(() => fs.rmSync(file));
    // The table is loaded with the other fixtures, when the sandbox is built: start-up stops there.
    t.throws(() => createSandbox(loadConfig({}, [], { DB_PATH: ':memory:', LOG_LEVEL: 'silent', FIXTURES_DIR: dir })), {
      message: `${file}: cards.0.code: code must be 3 digits (KFTC) or 3 capital letters (foreign brands)`,
    });
  });

  t.test('an empty table is refused', async (t) => {
    const file = path.join(dir, 'card-codes.json');
    fs.writeFileSync(file, JSON.stringify({ cards: [] }));
    t.teardown(() => fs.rmSync(file));
    t.throws(() => loadCardCodeList(dir), {
      message: new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cards: `),
    });
  });
});
