import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  build,
  CARD,
  CARDS,
  cardWith,
  KICC_ONLY_KEY,
  KICC_ONLY_SECRET,
  makeSandbox,
  type Method,
  T0,
  type Teardown,
  type TestSandbox,
} from './helpers.js';
import { startReceiver } from './receiver.js';

const S0 = T0 / 1000; // 2026-01-01T00:00:00Z in seconds
const DAY = 86_400;
const DECLINE = cardWith(CARDS.decline);

async function setup(t: Teardown, config = {}) {
  const s = await build(t, config);
  // A fresh token per call: the tests move the clock past the 30-minute token lifetime. The raw inject response:
  // the tests read it with .json() and .statusCode.
  const call = async (method: Method, url: string, payload?: object) =>
    s.app.inject({ method, url, headers: { authorization: await s.token() }, ...(payload ? { payload } : {}) });
  return { s, call };
}

async function issueKey(call: Awaited<ReturnType<typeof setup>>['call'], uid: string, card: object = CARD, extra = {}) {
  const res = await call('POST', `/subscribe/customers/${uid}`, { ...card, ...extra });
  if (res.json().code !== 0) throw new Error(res.body);
}

const paymentsOf = (s: TestSandbox, merchantUid: string) =>
  s.sb.store.payments.list('default', { merchant_uid: merchantUid });

t.test('scheduling for an unknown customer without card data is refused with code 1', async (t) => {
  const { call } = await setup(t);
  const res = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'nobody',
    schedules: [{ merchant_uid: 'o1', schedule_at: S0 + DAY, amount: 1000, name: 'm' }],
  });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { code: 1, message: '등록된 고객정보가 없습니다.', response: null });
});

t.test('a schedule comes back with every field, nulls and zeros until it runs, buyer from the key', async (t) => {
  const { call } = await setup(t);
  await issueKey(call, 'cust_1', CARD, { customer_name: '홍길동', customer_email: 'hong@example.com' });
  const res = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'cust_1',
    schedules: [
      {
        merchant_uid: 'sub_1',
        schedule_at: S0 + 30 * DAY,
        amount: 9900,
        name: '월 구독',
        buyer_email: 'other@example.com',
        custom_data: { plan: 'basic' },
      },
    ],
  });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.code, 0);
  t.same(body.response, [
    {
      customer_uid: 'cust_1',
      merchant_uid: 'sub_1',
      imp_uid: null,
      pg_provider: 'nice',
      pg_id: 'nictest04m',
      customer_id: null,
      schedule_at: S0 + 30 * DAY,
      executed_at: 0,
      revoked_at: 0,
      amount: 9900,
      currency: 'KRW',
      name: '월 구독',
      buyer_name: '홍길동',
      buyer_email: 'other@example.com',
      buyer_tel: null,
      buyer_addr: null,
      buyer_postcode: null,
      custom_data: '{"plan":"basic"}',
      schedule_status: 'scheduled',
      payment_status: null,
      fail_reason: null,
      promotion_id: null,
    },
  ]);
  const one = await call('GET', '/subscribe/payments/schedule/sub_1');
  t.equal(one.statusCode, 200);
  t.same(one.json().response, body.response[0]);
});

t.test('card data in the schedule request issues the billing key first', async (t) => {
  const { call } = await setup(t);
  const res = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'new_cust',
    ...CARD,
    schedules: [{ merchant_uid: 'n1', schedule_at: S0 + DAY, amount: 500, name: 'x' }],
  });
  t.equal(res.json().code, 0);
  t.equal(res.json().response[0].pg_provider, 'nice');
  const key = await call('GET', '/subscribe/customers/new_cust');
  t.equal(key.json().code, 0);
  t.equal(key.json().response.card_number, '41111111****1111');
});

t.test('a duplicate merchant_uid is refused and the request leaves no rows', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c');
  const first = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'd1', schedule_at: S0 + DAY, amount: 100, name: 'x' }],
  });
  t.equal(first.json().code, 0);
  const again = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [
      { merchant_uid: 'd2', schedule_at: S0 + DAY, amount: 100, name: 'x' },
      { merchant_uid: 'd1', schedule_at: S0 + 2 * DAY, amount: 100, name: 'x' },
    ],
  });
  t.same(again.json(), {
    code: 1,
    message: '이미 예약결제가 등록되었거나 결제가 완료된 merchant_uid입니다. (d1)',
    response: null,
  });
  t.equal(s.sb.store.schedules.get('default', 'd2'), undefined, 'the first entry of the refused request was not kept');

  const paid = await call('POST', '/subscribe/payments/again', {
    customer_uid: 'c',
    merchant_uid: 'paid_1',
    amount: 100,
  });
  t.equal(paid.json().response.status, 'paid');
  const onPaid = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'paid_1', schedule_at: S0 + DAY, amount: 100, name: 'x' }],
  });
  t.equal(onPaid.json().code, 1);
  t.equal(onPaid.json().message, '이미 예약결제가 등록되었거나 결제가 완료된 merchant_uid입니다. (paid_1)');

  const twice = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [
      { merchant_uid: 'same', schedule_at: S0 + DAY, amount: 100, name: 'x' },
      { merchant_uid: 'same', schedule_at: S0 + 2 * DAY, amount: 100, name: 'x' },
    ],
  });
  t.equal(twice.json().code, 1);
  t.equal(s.sb.store.schedules.get('default', 'same'), undefined);
});

t.test('a schedule_at in the past is refused', async (t) => {
  const { call } = await setup(t);
  await issueKey(call, 'c');
  const res = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'p1', schedule_at: S0 - 1, amount: 100, name: 'x' }],
  });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { code: 1, message: `schedule_at 은 현재 시각 이후여야 합니다. (${S0 - 1})`, response: null });
});

t.test('a schedule executes when the clock passes it and the receiver gets the webhook', async (t) => {
  const { s, call } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  await issueKey(call, 'c');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'm1', schedule_at: S0 + 3600, amount: 12000, name: 'plan', notice_url: rx.url }],
  });

  s.sb.clock.advance(3599_000);
  t.equal(
    (await call('GET', '/subscribe/payments/schedule/m1')).json().response.schedule_status,
    'scheduled',
    'one second early it has not run',
  );

  s.sb.clock.advance(1000);
  // Ran inside advance(): visible at once, before any I/O.
  const sched = s.sb.store.schedules.get('default', 'm1')!.schedule;
  t.equal(sched.schedule_status, 'executed');
  t.equal(sched.payment_status, 'paid');
  t.equal(sched.executed_at, S0 + 3600);
  t.equal(sched.fail_reason, null);
  t.match(sched.imp_uid, /^imps_\d{12}$/);
  const [payment] = paymentsOf(s, 'm1');
  t.equal(payment!.imp_uid, sched.imp_uid);
  t.equal(payment!.status, 'paid');
  t.equal(payment!.amount, 12000);
  t.equal(payment!.customer_uid, 'c');
  t.equal(payment!.customer_uid_usage, 'payment.scheduled');

  await s.sb.webhooks.idle();
  t.equal(rx.got.length, 1);
  t.equal(rx.got[0]!.headers['content-type'], 'application/json');
  t.same(rx.got[0]!.data, { imp_uid: sched.imp_uid, merchant_uid: 'm1', status: 'paid' });
  const log = s.sb.webhooks.list({ imp_uid: sched.imp_uid! });
  t.equal(log.length, 1);
  t.equal(log[0]!.status, 'delivered');
  t.equal(log[0]!.attempts[0]!.status_code, 200);
});

t.test('three monthly charges run in schedule_at order when the clock jumps past all of them', async (t) => {
  const { s, call } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  await issueKey(call, 'c');
  // Registered newest first, to show the order comes from schedule_at.
  const schedules = [3, 2, 1].map((m) => ({
    merchant_uid: `month_${m}`,
    schedule_at: S0 + m * 30 * DAY,
    amount: 9900,
    name: '월 구독',
    notice_url: rx.url,
  }));
  const res = await call('POST', '/subscribe/payments/schedule', { customer_uid: 'c', schedules });
  t.same(
    res.json().response.map((x: { merchant_uid: string }) => x.merchant_uid),
    ['month_3', 'month_2', 'month_1'],
  );
  s.sb.clock.advance(100 * DAY * 1000);
  await s.sb.webhooks.idle();
  t.same(
    rx.got.map((g) => g.data.merchant_uid),
    ['month_1', 'month_2', 'month_3'],
  );
  t.same(
    rx.got.map((g) => g.data.status),
    ['paid', 'paid', 'paid'],
  );
  const list = await call(
    'GET',
    `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${S0 + 91 * DAY}&sorting=scheduled`,
  );
  t.same(
    list
      .json()
      .response.list.map(
        (x: { merchant_uid: string; schedule_status: string }) => `${x.merchant_uid}:${x.schedule_status}`,
      ),
    ['month_1:executed', 'month_2:executed', 'month_3:executed'],
  );
});

t.test('a declined scheduled charge is executed with payment_status failed and still notifies', async (t) => {
  const { s, call } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  await issueKey(call, 'dc', DECLINE);
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'dc',
    schedules: [{ merchant_uid: 'f1', schedule_at: S0 + 60, amount: 5000, name: 'x', notice_url: rx.url }],
  });
  s.sb.clock.advance(60_000);
  const res = await call('GET', '/subscribe/payments/schedule/f1');
  const sched = res.json().response;
  t.equal(sched.schedule_status, 'executed');
  t.equal(sched.payment_status, 'failed');
  t.equal(sched.fail_reason, '[8016] 거래거절 - 카드사 승인거절(한도초과)');
  t.match(sched.imp_uid, /^imps_/);
  t.equal(paymentsOf(s, 'f1')[0]!.status, 'failed');
  await s.sb.webhooks.idle();
  t.same(
    rx.got.map((g) => g.data),
    [{ imp_uid: sched.imp_uid, merchant_uid: 'f1', status: 'failed' }],
  );
});

t.test('a schedule whose billing key was deleted meanwhile runs as failed without a payment', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'gone');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'gone',
    schedules: [{ merchant_uid: 'g1', schedule_at: S0 + 60, amount: 100, name: 'x' }],
  });
  t.equal((await call('DELETE', '/subscribe/customers/gone')).json().code, 0);
  s.sb.clock.advance(60_000);
  const sched = (await call('GET', '/subscribe/payments/schedule/g1')).json().response;
  t.equal(sched.schedule_status, 'executed');
  t.equal(sched.payment_status, 'failed');
  t.equal(sched.fail_reason, '등록되지 않은 구매자입니다.');
  t.equal(sched.imp_uid, null);
  t.equal(paymentsOf(s, 'g1').length, 0);
});

t.test('a revoked schedule never runs', async (t) => {
  const { s, call } = await setup(t);
  const rx = await startReceiver();
  t.teardown(rx.close);
  await issueKey(call, 'c');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'r1', schedule_at: S0 + 60, amount: 100, name: 'x', notice_url: rx.url }],
  });
  s.sb.clock.advance(10_000);
  const res = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c', merchant_uid: 'r1' });
  t.equal(res.json().code, 0);
  t.equal(res.json().response.length, 1);
  t.equal(res.json().response[0].schedule_status, 'revoked');
  t.equal(res.json().response[0].revoked_at, S0 + 10);
  t.equal(res.json().response[0].executed_at, 0);
  s.sb.clock.advance(DAY * 1000);
  await s.sb.webhooks.idle();
  t.equal(s.sb.store.schedules.get('default', 'r1')!.schedule.schedule_status, 'revoked');
  t.equal(paymentsOf(s, 'r1').length, 0);
  t.equal(rx.got.length, 0);
});

t.test(
  'unschedule takes a string, an array, or nothing for all pending, and refuses when nothing is left',
  async (t) => {
    const { call } = await setup(t);
    await issueKey(call, 'c');
    const schedules = ['u1', 'u2', 'u3', 'u4'].map((m, i) => ({
      merchant_uid: m,
      schedule_at: S0 + (i + 1) * DAY,
      amount: 100,
      name: 'x',
    }));
    await call('POST', '/subscribe/payments/schedule', { customer_uid: 'c', schedules });
    const arr = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c', merchant_uid: ['u1', 'u2'] });
    t.same(
      arr.json().response.map((x: { merchant_uid: string }) => x.merchant_uid),
      ['u1', 'u2'],
    );
    const all = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c' });
    t.same(
      all.json().response.map((x: { merchant_uid: string }) => x.merchant_uid),
      ['u3', 'u4'],
    );
    const none = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c' });
    t.equal(none.statusCode, 200);
    t.same(none.json(), { code: 1, message: '취소할 예약결제 기록이 존재하지 않습니다.', response: null });
    const already = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c', merchant_uid: 'u1' });
    t.same(already.json(), { code: 1, message: '취소할 예약결제 기록이 존재하지 않습니다.', response: null });
    const bad = await call('POST', '/subscribe/payments/unschedule', {});
    t.equal(bad.statusCode, 400);
  },
);

t.test('PUT moves a pending schedule and refuses executed ones, past times and unknown ones', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [
      { merchant_uid: 'mv', schedule_at: S0 + DAY, amount: 100, name: 'x' },
      { merchant_uid: 'ex', schedule_at: S0 + 60, amount: 100, name: 'x' },
    ],
  });
  const moved = await call('PUT', '/subscribe/payments/schedule/mv', { schedule_at: S0 + 2 * DAY });
  t.equal(moved.statusCode, 200);
  t.equal(moved.json().response.schedule_at, S0 + 2 * DAY);
  s.sb.clock.advance(DAY * 1000 + 1000);
  t.equal(
    s.sb.store.schedules.get('default', 'mv')!.schedule.schedule_status,
    'scheduled',
    'the old time passed without running it',
  );

  const past = await call('PUT', '/subscribe/payments/schedule/mv', { schedule_at: S0 });
  t.equal(past.statusCode, 400);
  t.equal(past.json().message, `schedule_at 은 현재 시각 이후여야 합니다. (${S0})`);
  const done = await call('PUT', '/subscribe/payments/schedule/ex', { schedule_at: S0 + 3 * DAY });
  t.equal(done.statusCode, 400);
  t.same(done.json(), {
    code: -1,
    message: '예약 상태(scheduled)인 예약결제만 변경할 수 있습니다. (현재: executed)',
    response: null,
  });
  const unknown = await call('PUT', '/subscribe/payments/schedule/nope', { schedule_at: S0 + 3 * DAY });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().message, '존재하지 않는 예약결제정보입니다.');
  const get404 = await call('GET', '/subscribe/payments/schedule/nope');
  t.equal(get404.statusCode, 404);
  t.same(get404.json(), { code: -1, message: '존재하지 않는 예약결제정보입니다.', response: null });
});

t.test('schedule lists page by time range and filter by status; customer lists accept both spellings', async (t) => {
  const { call } = await setup(t);
  await issueKey(call, 'a');
  await issueKey(call, 'b');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'a',
    schedules: [1, 2, 3].map((d) => ({ merchant_uid: `a${d}`, schedule_at: S0 + d * DAY, amount: 100, name: 'x' })),
  });
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'b',
    schedules: [{ merchant_uid: 'b1', schedule_at: S0 + 2 * DAY, amount: 100, name: 'x' }],
  });
  await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'a', merchant_uid: 'a3' });

  const page1 = await call(
    'GET',
    `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${S0 + 3 * DAY}&limit=2`,
  );
  t.equal(page1.statusCode, 200);
  const p1 = page1.json().response;
  t.equal(p1.total, 3, 'from <= schedule_at < to: a3 (at to) is outside');
  t.equal(p1.previous, 0);
  t.equal(p1.next, 2);
  t.same(
    p1.list.map((x: { merchant_uid: string }) => x.merchant_uid),
    ['b1', 'a2'],
  );
  const page2 = (
    await call('GET', `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${S0 + 3 * DAY}&limit=2&page=2`)
  ).json().response;
  t.same(
    page2.list.map((x: { merchant_uid: string }) => x.merchant_uid),
    ['a1'],
  );
  t.equal(page2.previous, 1);
  t.equal(page2.next, 0);
  const revoked = (await call('GET', `/subscribe/payments/schedule?schedule_status=revoked`)).json().response;
  t.same(
    revoked.list.map((x: { merchant_uid: string }) => x.merchant_uid),
    ['a3'],
  );
  const tooLong = await call('GET', `/subscribe/payments/schedule?schedule_from=${S0}&schedule_to=${S0 + 100 * DAY}`);
  t.equal(tooLong.statusCode, 400);
  t.equal(tooLong.json().message, '조회기간은 최대 90일입니다.');

  const hyphen = (
    await call(
      'GET',
      `/subscribe/payments/schedule/customers/a?from=${S0}&to=${S0 + 10 * DAY}&schedule-status=scheduled`,
    )
  ).json().response;
  t.same(
    hyphen.list.map((x: { merchant_uid: string }) => x.merchant_uid),
    ['a2', 'a1'],
  );
  const java = (
    await call(
      'GET',
      `/subscribe/payments/schedule/customers/a?schedule_from=${S0}&schedule_to=${S0 + 10 * DAY}&schedule_status=revoked`,
    )
  ).json().response;
  t.same(
    java.list.map((x: { merchant_uid: string }) => x.merchant_uid),
    ['a3'],
  );
  const alias = await call('GET', `/subscribe/customers/a/schedules?schedule-status=scheduled`);
  t.equal(alias.statusCode, 200);
  t.equal(alias.json().response.total, 2);
  const unknown = await call('GET', '/subscribe/payments/schedule/customers/nobody');
  t.same(unknown.json(), { code: 0, message: null, response: { total: 0, previous: 0, next: 0, list: [] } });
});

t.test('a token never sees another merchant’s schedules', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'mine', schedule_at: S0 + DAY, amount: 100, name: 'x' }],
  });
  const other = await s.token(KICC_ONLY_KEY, KICC_ONLY_SECRET);
  const res = await s.app.inject({
    method: 'GET',
    url: '/subscribe/payments/schedule/mine',
    headers: { authorization: other },
  });
  t.equal(res.statusCode, 404);
  const un = await s.app.inject({
    method: 'POST',
    url: '/subscribe/payments/unschedule',
    headers: { authorization: other },
    payload: { merchant_uid: 'mine' },
  });
  t.equal(un.json().code, 1);
  t.equal(s.sb.store.schedules.get('default', 'mine')!.schedule.schedule_status, 'scheduled');
});

t.test('a restart mid-way loses nothing and runs each schedule once', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sched-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const DB_PATH = path.join(dir, 'sandbox.db');
  const rx = await startReceiver();
  t.teardown(rx.close);

  const first = await makeSandbox({ DB_PATH });
  const token = await first.token();
  await first.app.inject({
    method: 'POST',
    url: '/subscribe/customers/c',
    headers: { authorization: token },
    payload: CARD,
  });
  const res = await first.app.inject({
    method: 'POST',
    url: '/subscribe/payments/schedule',
    headers: { authorization: token },
    payload: {
      customer_uid: 'c',
      schedules: [{ merchant_uid: 'rs1', schedule_at: S0 + 3600, amount: 700, name: 'x', notice_url: rx.url }],
    },
  });
  t.equal(res.json().code, 0);
  await first.close();

  // Down while schedule_at passes; the next start runs it.
  const second = await makeSandbox({ DB_PATH, CLOCK: '2026-01-01T02:00:00Z' });
  const sched = second.sb.store.schedules.get('default', 'rs1')!.schedule;
  t.equal(sched.schedule_status, 'executed');
  t.equal(sched.payment_status, 'paid');
  t.equal(sched.executed_at, S0 + 3600, 'charged at its own schedule_at, though the sandbox was down then');
  await second.sb.webhooks.idle();
  t.same(
    rx.got.map((g) => g.data),
    [{ imp_uid: sched.imp_uid, merchant_uid: 'rs1', status: 'paid' }],
  );
  await second.close();

  const third = await makeSandbox({ DB_PATH, CLOCK: '2026-01-01T03:00:00Z' });
  t.equal(third.sb.store.payments.list('default', { merchant_uid: 'rs1' }).length, 1, 'still one payment');
  t.equal(third.sb.store.schedules.get('default', 'rs1')!.schedule.imp_uid, sched.imp_uid);
  await third.sb.webhooks.idle();
  t.equal(rx.got.length, 1, 'and one webhook');
  await third.close();
});

t.test('with the system clock a schedule runs on time by itself', async (t) => {
  const { s, call } = await setup(t, { CLOCK: 'system' });
  await issueKey(call, 'c');
  // Put the clock 50 ms before a whole second, and schedule for that second.
  const at = Math.floor(s.sb.clock.now() / 1000) + 2;
  s.sb.clock.set(at * 1000 - 50);
  const res = await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'sys1', schedule_at: at, amount: 100, name: 'x' }],
  });
  t.equal(res.json().response[0].schedule_status, 'scheduled');
  let status = 'scheduled';
  for (let i = 0; i < 100 && status === 'scheduled'; i++) {
    await new Promise((r) => setTimeout(r, 10));
    status = s.sb.store.schedules.get('default', 'sys1')!.schedule.schedule_status;
  }
  t.equal(status, 'executed');
  t.equal(s.sb.store.schedules.get('default', 'sys1')!.schedule.payment_status, 'paid');
});

t.test(
  'a decline fault rule for method SCHEDULE declines the scheduled charge and not an ordinary again',
  async (t) => {
    const { s, call } = await setup(t);
    await issueKey(call, 'c');
    // The rule's own answer is not checked here (control-plane area); its effect below is.
    await s.app.inject({
      method: 'POST',
      url: '/__sandbox/faults',
      payload: {
        match: { method: 'SCHEDULE', path: '/subscribe/payments/schedule' },
        effect: { type: 'decline', fail_reason: '[9999] 예약결제 거절' },
        permanent: true,
      },
    });
    await call('POST', '/subscribe/payments/schedule', {
      customer_uid: 'c',
      schedules: [{ merchant_uid: 'fx', schedule_at: S0 + 60, amount: 100, name: 'x' }],
    });
    const now = await call('POST', '/subscribe/payments/again', {
      customer_uid: 'c',
      merchant_uid: 'plain',
      amount: 100,
    });
    t.equal(now.json().response.status, 'paid');
    s.sb.clock.advance(60_000);
    const sched = (await call('GET', '/subscribe/payments/schedule/fx')).json().response;
    t.equal(sched.payment_status, 'failed');
    t.equal(sched.fail_reason, '[9999] 예약결제 거절');
  },
);

t.test('one clock move past three monthly schedules charges each at its own schedule_at, in order', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c');
  const at = [S0 + 31 * DAY, S0 + 59 * DAY, S0 + 90 * DAY];
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: at.map((a, i) => ({ merchant_uid: `month_${i + 1}`, schedule_at: a, amount: 9900, name: '월 구독' })),
  });
  s.sb.clock.advance(100 * DAY * 1000);
  for (const [i, a] of at.entries()) {
    const sched = (await call('GET', `/subscribe/payments/schedule/month_${i + 1}`)).json().response;
    t.equal(sched.executed_at, a, `month ${i + 1} executed at its schedule_at`);
    const payment = (await call('GET', `/payments/${sched.imp_uid}`)).json().response;
    t.equal(payment.paid_at, a);
    t.equal(payment.started_at, a);
    t.equal(payment.customer_uid_usage, 'payment.scheduled');
  }
  t.equal(s.sb.clock.nowSeconds(), S0 + 100 * DAY, 'the clock itself stays where it was moved');
});

t.test('reschedule puts a failed schedule back at a new time; it then runs again', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c', DECLINE);
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'r1', schedule_at: S0 + 60, amount: 5000, name: 'x' }],
  });
  s.sb.clock.advance(60_000);
  const failed = (await call('GET', '/subscribe/payments/schedule/r1')).json().response;
  t.equal(failed.payment_status, 'failed');
  const notYet = await call('POST', '/subscribe/payments/schedule/r1/reschedule', { schedule_at: S0 + 30 });
  t.equal(notYet.statusCode, 400);
  t.equal(notYet.json().message, `schedule_at 은 현재 시각 이후여야 합니다. (${S0 + 30})`);
  const res = await call('POST', '/subscribe/payments/schedule/r1/reschedule', { schedule_at: S0 + 3600 });
  t.equal(res.statusCode, 200);
  t.equal(res.json().code, 0);
  t.match(res.json().response, {
    merchant_uid: 'r1',
    schedule_status: 'scheduled',
    schedule_at: S0 + 3600,
    executed_at: 0,
    revoked_at: 0,
    imp_uid: null,
    payment_status: null,
    fail_reason: null,
  });
  await issueKey(call, 'c'); // the customer fixes the card
  s.sb.clock.advance(3600_000);
  const ran = (await call('GET', '/subscribe/payments/schedule/r1')).json().response;
  t.equal(ran.payment_status, 'paid');
  t.equal(ran.executed_at, S0 + 3600);
  t.equal(paymentsOf(s, 'r1').length, 2, 'the failed attempt and the paid one');
});

t.test('reschedule and retry refuse a schedule that is pending or paid, and 404 an unknown one', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'p1', schedule_at: S0 + 60, amount: 5000, name: 'x' }],
  });
  const pending = await call('POST', '/subscribe/payments/schedule/p1/retry');
  t.equal(pending.statusCode, 400);
  t.same(pending.json(), {
    code: -1,
    message: '실패했거나 취소된 예약결제만 다시 예약하거나 재시도할 수 있습니다. (현재: scheduled)',
    response: null,
  });
  s.sb.clock.advance(60_000);
  const paid = await call('POST', '/subscribe/payments/schedule/p1/reschedule', { schedule_at: S0 + 999 });
  t.equal(paid.statusCode, 400);
  t.equal(
    paid.json().message,
    '실패했거나 취소된 예약결제만 다시 예약하거나 재시도할 수 있습니다. (현재: executed/paid)',
  );
  const unknown = await call('POST', '/subscribe/payments/schedule/nope/retry');
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().code, -1);
});

t.test('retry charges a revoked schedule now and answers the payment', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'v1', schedule_at: S0 + DAY, amount: 4400, name: 'x' }],
  });
  await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c', merchant_uid: 'v1' });
  s.sb.clock.advance(120_000);
  const res = await call('POST', '/subscribe/payments/schedule/v1/retry');
  t.equal(res.statusCode, 200);
  t.equal(res.json().code, 0);
  const p = res.json().response;
  t.equal(p.status, 'paid');
  t.equal(p.amount, 4400);
  t.equal(p.merchant_uid, 'v1');
  t.equal(p.customer_uid_usage, 'payment.scheduled');
  t.equal(p.paid_at, S0 + 120);
  const sched = (await call('GET', '/subscribe/payments/schedule/v1')).json().response;
  t.match(sched, {
    schedule_status: 'executed',
    payment_status: 'paid',
    imp_uid: p.imp_uid,
    executed_at: S0 + 120,
    revoked_at: 0,
  });
  s.sb.clock.advance(2 * DAY * 1000);
  t.equal(paymentsOf(s, 'v1').length, 1, 'the old schedule_at passing does not charge again');
});

t.test('a retry refused by the PG leaves the schedule as it was', async (t) => {
  const { s, call } = await setup(t);
  await issueKey(call, 'c');
  await call('POST', '/subscribe/payments/schedule', {
    customer_uid: 'c',
    schedules: [{ merchant_uid: 'k1', schedule_at: S0 + 60, amount: 100, name: 'x' }],
  });
  await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'c' });
  await call('DELETE', '/subscribe/customers/c');
  const res = await call('POST', '/subscribe/payments/schedule/k1/retry');
  t.same(res.json(), { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
  const sched = (await call('GET', '/subscribe/payments/schedule/k1')).json().response;
  t.equal(sched.schedule_status, 'revoked');
  t.equal(paymentsOf(s, 'k1').length, 0);
});
