// Unit tests without HTTP: the clock, the id source, the test-card rules, and the billing stores on :memory:.

import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClock } from '../src/sandbox/clock.js';
import { createIds } from '../src/sandbox/ids.js';
import { checkCard, loadCards, parseExpiry, storedCard } from '../src/gateway/cards.js';
import { ApiError } from '../src/http/errors.js';
import { cardDigits, luhnValid, maskCardNumber } from '../src/util/card-number.js';
import { openDb, Writer } from '../src/store/db.js';
import { CustomerStore } from '../src/store/customers.js';
import { PaymentStore } from '../src/store/payments.js';
import { newPayment } from '../src/gateway/payments.js';
import { packageRoot } from '../src/config.js';
import type { Customer } from '../src/schemas/subscribe.js';
import { T0 } from './helpers.js';

const FIXTURES = path.join(packageRoot, 'fixtures');

t.test('clock', async (t) => {
  t.test('a fixed clock stands still until set or advanced, and tells listeners', async (t) => {
    const clock = createClock('fixed', T0);
    const seen: number[] = [];
    const off = clock.onChange((ms) => seen.push(ms));
    t.equal(clock.mode, 'fixed');
    t.equal(clock.now(), T0);
    t.equal(clock.now(), T0);
    t.equal(clock.nowSeconds(), T0 / 1000);
    clock.advance(1500);
    t.equal(clock.now(), T0 + 1500);
    t.equal(clock.nowSeconds(), T0 / 1000 + 1, 'whole seconds round down');
    clock.set(T0 + 60_000);
    t.equal(clock.now(), T0 + 60_000);
    off();
    clock.advance(1);
    t.same(seen, [T0 + 1500, T0 + 60_000], 'a removed listener hears nothing more');
  });

  t.test('a system clock follows its wall clock plus the offset from set and advance', async (t) => {
    let wall = 1_000_000;
    const clock = createClock('system', undefined, () => wall);
    t.equal(clock.now(), 1_000_000);
    wall += 10;
    t.equal(clock.now(), 1_000_010);
    clock.advance(5000);
    t.equal(clock.now(), 1_005_010);
    clock.set(T0);
    t.equal(clock.now(), T0);
    wall += 2000;
    t.equal(clock.now(), T0 + 2000);
  });
});

t.test('ids', async (t) => {
  t.test('the same seed gives the same sequence, another seed a different one', async (t) => {
    const a = createIds('seed-1');
    const b = createIds('seed-1');
    const c = createIds('seed-2');
    const seqA = [a.digits(12), a.hex(40), a.digits(8)];
    const seqB = [b.digits(12), b.hex(40), b.digits(8)];
    const seqC = [c.digits(12), c.hex(40), c.digits(8)];
    t.same(seqA, seqB);
    t.not(seqA[0], seqC[0]);
    t.not(seqA[1], seqC[1]);
    t.equal(a.seed, 'seed-1');
  });

  t.test('digits and hex have the asked length and alphabet', async (t) => {
    const ids = createIds('x');
    for (let i = 0; i < 50; i++) {
      t.match(ids.digits(12), /^\d{12}$/);
      t.match(ids.hex(40), /^[0-9a-f]{40}$/);
    }
  });

  t.test('unique retries until the id is not taken', async (t) => {
    const ids = createIds('x');
    const made = ['a', 'a', 'b', 'c'];
    let i = 0;
    const id = ids.unique(
      () => made[i++]!,
      (x) => x === 'a',
    );
    t.equal(id, 'b');
    t.equal(i, 3);
  });

  t.test('without a seed the source seeds itself: 16 hex characters, different each time', async (t) => {
    const a = createIds();
    const b = createIds();
    t.match(a.seed, /^[0-9a-f]{16}$/);
    t.not(a.seed, b.seed);
  });
});

t.test('cards', async (t) => {
  t.test('Luhn accepts the test numbers and refuses a changed digit', async (t) => {
    for (const n of [
      '4111111111111111',
      '4000000000000002',
      '4000000000009995',
      '4000000000000119',
      '5555555555554444',
      '4242424242424242',
      '378282246310005',
    ]) {
      t.equal(luhnValid(n), true, n);
    }
    t.equal(luhnValid('4111111111111112'), false);
    t.equal(luhnValid('1234567812345678'), false);
  });

  t.test('every number in fixtures/cards.json is Luhn-valid', async (t) => {
    const book = loadCards(FIXTURES);
    t.ok(book.rules.length >= 8);
    for (const r of book.rules) t.equal(luhnValid(r.number), true, r.number);
  });

  t.test('card numbers are read with dashes, spaces or bare; anything else is null', async (t) => {
    t.equal(cardDigits('4111-1111-1111-1111'), '4111111111111111');
    t.equal(cardDigits('4111 1111 1111 1111'), '4111111111111111');
    t.equal(cardDigits('4111111111111111'), '4111111111111111');
    t.equal(cardDigits('4111-1111-1111-111x'), null);
    t.equal(cardDigits('411111111111'), null, '12 digits is too short');
    t.equal(cardDigits('41111111111111111111'), null, '20 digits is too long');
    t.equal(cardDigits(''), null);
  });

  t.test('masking keeps the first 8 and last 4 digits of 16, fewer at the front of short numbers', async (t) => {
    t.equal(maskCardNumber('4111111111111111'), '41111111****1111');
    t.equal(maskCardNumber('378282246310005'), '3782822****0005');
    t.equal(maskCardNumber('4222222222222'), '42222****2222');
    t.equal(maskCardNumber('4111111111111111111'), '41111111*******1111');
  });

  t.test('expiry is read as YYYY-MM, YYYYMM, YYYY/MM, MM/YY or MMYY', async (t) => {
    t.same(parseExpiry('2030-12'), { year: 2030, month: 12 });
    t.same(parseExpiry('203012'), { year: 2030, month: 12 });
    t.same(parseExpiry('2030/07'), { year: 2030, month: 7 });
    t.same(parseExpiry('12/30'), { year: 2030, month: 12 });
    t.same(parseExpiry(' 07 / 28 '), { year: 2028, month: 7 });
    t.same(parseExpiry('0728'), { year: 2028, month: 7 });
    t.equal(parseExpiry('2030-13'), null);
    t.equal(parseExpiry('2030-00'), null);
    t.equal(parseExpiry('13/30'), null);
    t.equal(parseExpiry('next year'), null);
    t.equal(parseExpiry(''), null);
  });

  t.test(
    'checkCard returns the rule of a known card, and the approving default for an unknown valid one',
    async (t) => {
      const book = loadCards(FIXTURES);
      const decline = checkCard(book, { card_number: '4000-0000-0000-0002', expiry: '2030-01' }, T0, 'F.');
      t.equal(decline.digits, '4000000000000002');
      t.same(decline.rule.charge, {
        result: 'decline',
        error_code: 'F0004',
        message: '[8016] 거래거절 - 카드사 승인거절(한도초과)',
      });
      const unknown = checkCard(book, { card_number: '4012888888881881', expiry: '2030-01' }, T0, 'F.');
      t.equal(unknown.rule.number, '4012888888881881');
      t.same(unknown.rule.issue, { result: 'approve' });
      t.same(unknown.rule.charge, { result: 'approve' });
      t.equal(unknown.rule.card_name, 'BC카드');
    },
  );

  t.test('checkCard refuses with HTTP 200 code -1 and the given leading sentence', async (t) => {
    const book = loadCards(FIXTURES);
    const refusal = (card: { card_number: string; expiry: string }, nowMs = T0) => {
      try {
        checkCard(book, card, nowMs, '앞문장.');
        return null;
      } catch (e) {
        t.ok(e instanceof ApiError);
        const err = e as ApiError;
        return [err.status, err.code, err.message];
      }
    };
    t.same(refusal({ card_number: '4111-1111-1111-1112', expiry: '2030-01' }), [
      200,
      -1,
      '앞문장. 유효하지않은 카드번호를 입력하셨습니다.',
    ]);
    t.same(refusal({ card_number: '4111-1111-1111-1111', expiry: '2025-12' }), [
      200,
      -1,
      '앞문장. 카드 유효기간이 만료되었습니다.',
    ]);
    t.same(refusal({ card_number: '4111-1111-1111-1111', expiry: 'soon' }), [
      200,
      -1,
      '앞문장. 카드 유효기간 형식이 올바르지 않습니다.',
    ]);
    t.same(refusal({ card_number: '4000-0000-0000-0127', expiry: '2030-01' }), [
      200,
      -1,
      '앞문장. [8324] 비밀번호 또는 생년월일 불일치',
    ]);
    t.equal(
      refusal({ card_number: '4111-1111-1111-1111', expiry: '2026-01' }),
      null,
      'valid through the last day of its month',
    );
    t.same(refusal({ card_number: '4111-1111-1111-1111', expiry: '2026-01' }, Date.parse('2026-02-01T00:00:00Z')), [
      200,
      -1,
      '앞문장. 카드 유효기간이 만료되었습니다.',
    ]);
  });

  t.test('a stored card keeps the masked number and the charge rule only', async (t) => {
    const book = loadCards(FIXTURES);
    const card = storedCard(book.rule('4000000000009995'), '4000000000009995');
    t.same(card, {
      card_number: '40000000****9995',
      card_code: '381',
      card_name: 'KB국민카드',
      card_type: 1,
      charge: { result: 'decline', error_code: 'F0004', message: '[8051] 잔액부족 - 결제계좌 잔액이 부족합니다' },
    });
  });

  t.test('a bad cards.json stops loading with the path of the bad field', async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cards-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(
      path.join(dir, 'cards.json'),
      JSON.stringify({
        cards: [
          {
            number: '4111-1111',
            card_code: '361',
            card_name: 'BC',
            card_type: 0,
            issue: { result: 'approve' },
            charge: { result: 'approve' },
          },
        ],
      }),
    );
    t.throws(() => loadCards(dir), {
      message: `${path.join(dir, 'cards.json')}: cards.0.number: number must be 13-19 digits without dashes`,
    });
    fs.writeFileSync(path.join(dir, 'cards.json'), '{ not json');
    t.throws(() => loadCards(dir), /cards\.json: invalid JSON/);
  });
});

t.test('billing stores on :memory:', async (t) => {
  const customer = (uid: string, card_number: string): Customer => ({
    customer_uid: uid,
    pg_provider: 'nice',
    pg_id: 'nictest04m',
    sandbox: true,
    customer_id: null,
    card_name: 'BC카드',
    card_code: '361',
    card_issuer_code: '361',
    card_issuer_name: 'BC카드',
    card_publisher_code: '361',
    card_publisher_name: 'BC카드',
    card_number,
    card_type: 0,
    customer_name: null,
    customer_tel: null,
    customer_email: null,
    customer_addr: null,
    customer_postcode: null,
    inserted: 1,
    updated: 1,
  });
  const card = {
    card_number: '41111111****1111',
    card_code: '361',
    card_name: 'BC카드',
    card_type: 0 as const,
    charge: { result: 'approve' as const },
  };

  t.test('a customer is put, replaced under the same uid, read back per merchant, and removed', async (t) => {
    const db = openDb(':memory:');
    t.teardown(() => db.close());
    const store = new CustomerStore(db);
    store.put('m1', { customer: customer('c1', '41111111****1111'), card });
    t.same(store.get('m1', 'c1'), { customer: customer('c1', '41111111****1111'), card });
    t.equal(store.get('m2', 'c1'), undefined, 'another merchant does not see it');
    store.put('m1', {
      customer: customer('c1', '55555555****4444'),
      card: { ...card, card_number: '55555555****4444' },
    });
    t.equal(store.get('m1', 'c1')!.customer.card_number, '55555555****4444');
    t.equal((db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n, 1);
    store.remove('m1', 'c1');
    t.equal(store.get('m1', 'c1'), undefined);
  });

  t.test(
    'the database refuses a second paid row for one merchant_uid, but takes any number of failed ones',
    async (t) => {
      const db = openDb(':memory:');
      t.teardown(() => db.close());
      const payments = new PaymentStore(db);
      const p = (imp_uid: string, status: 'paid' | 'failed') =>
        newPayment({ imp_uid, merchant_uid: 'o1', amount: 1000, status, started_at: 1 });
      payments.insert('m1', p('imps_1', 'failed'), 1);
      payments.insert('m1', p('imps_2', 'failed'), 1);
      t.equal(payments.paidByMerchantUid('m1', 'o1'), undefined);
      payments.insert('m1', p('imps_3', 'paid'), 1);
      t.equal(payments.paidByMerchantUid('m1', 'o1')!.imp_uid, 'imps_3');
      t.throws(() => payments.insert('m1', p('imps_4', 'paid'), 1), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      payments.insert('m2', p('imps_5', 'paid'), 1);
      t.equal(
        payments.paidByMerchantUid('m2', 'o1')!.imp_uid,
        'imps_5',
        'another merchant may use the same merchant_uid',
      );
      t.same(
        payments.list('m1', { customer_uid: undefined, merchant_uid: 'o1' }).map((x) => x.imp_uid),
        ['imps_3', 'imps_2', 'imps_1'],
        'newest first, insertion order breaking ties',
      );
    },
  );

  t.test('a transaction that throws leaves no rows', async (t) => {
    const db = openDb(':memory:');
    t.teardown(() => db.close());
    const store = new CustomerStore(db);
    t.throws(() =>
      new Writer(db).tx(() => {
        store.put('m1', { customer: customer('c1', '41111111****1111'), card });
        throw new Error('boom');
      }),
    );
    t.equal(store.get('m1', 'c1'), undefined);
  });
});

t.test('clock.at runs a function at an earlier time, never a later one, and restores the time after', async (t) => {
  const c = createClock('fixed', Date.parse('2026-03-01T00:00:00Z'));
  const inside = c.at(Date.parse('2026-02-01T00:00:00Z'), () => c.nowSeconds());
  t.equal(inside, Date.parse('2026-02-01T00:00:00Z') / 1000);
  t.equal(
    c.at(Date.parse('2027-01-01T00:00:00Z'), () => c.now()),
    Date.parse('2026-03-01T00:00:00Z'),
    'never into the future',
  );
  t.throws(
    () =>
      c.at(0, () => {
        throw new Error('boom');
      }),
    /boom/,
  );
  t.equal(c.now(), Date.parse('2026-03-01T00:00:00Z'), 'restored, even after a throw');
});
