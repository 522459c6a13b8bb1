// Existing server-side i'mport clients, unmodified, against a listening sandbox: only their base URL changes.
// iamport-rest-client-nodejs 0.9.12 (the official Node client), iamporter 1.4.2 (posquit0/node-iamporter) and
// iamport 0.3.4 (the older official Node client, iamport/iamport-rest-client-nodejs),
// each driven the way its README shows, through the billing flow and the lookups/cancel/prepare/schedule calls it has.

import t, { type Test } from 'tap';
import type { AddressInfo } from 'node:net';
import { Iamport, Request, Enum } from 'iamport-rest-client-nodejs';
import { Iamporter, IamporterError } from 'iamporter';
import Iamport0 from 'iamport';
import { build, CARD, CARDS, cardWith, DEFAULT_SECRET, T0, type TestSandbox } from './helpers.js';

const { Customers, Subscribe, Payments, Prepare } = Request;
const DECLINE_REASON = '[8016] 거래거절 - 카드사 승인거절(한도초과)';
const T0_DATE = new Date(T0);

/** A sandbox listening on a free port of 127.0.0.1, closed when the test ends. */
async function listening(t: Test, config: Parameters<typeof build>[1] = {}): Promise<{ s: TestSandbox; url: string }> {
  const s = await build(t, config);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  return { s, url: `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}` };
}

/** The HTTP status the official client leaves on its result (the axios response); its own AxiosResponse type omits it. */
function httpStatus(res: unknown): number {
  return (res as { status: number }).status;
}

/** What a promise rejected with (fails the test if it resolved). */
async function rejection(t: Test, p: Promise<unknown>): Promise<any> {
  try {
    const value = await p;
    t.fail('expected a rejection', { value });
    return undefined;
  } catch (e) {
    return e;
  }
}

t.test('iamport-rest-client-nodejs (official) with baseUrl set', async (t) => {
  // The default fixed clock (2026-01-01) lies behind the wall clock: the client thinks every token is stale,
  // asks getToken before each call and gets the same live token back. That is fine.
  const { url } = await listening(t);
  const iamport = new Iamport({ apiKey: 'imp_apikey', apiSecret: DEFAULT_SECRET, baseUrl: url });

  t.test(
    'issues a billing key by key-in, charges it with again (paid) and lists it among the key payments',
    async (t) => {
      const key = await Customers.postBillingKey({ customer_uid: 'cust_ok', ...CARD } as any).request(iamport);
      t.equal(key.data.code, 0);
      t.match(key.data.response, {
        customer_uid: 'cust_ok',
        card_name: 'BC카드',
        card_code: '361',
        card_number: '41111111****1111',
        customer_name: null,
      });
      t.same(key.data.response.inserted, T0_DATE, 'inserted becomes a Date of the sandbox clock');

      const paid = await Subscribe.again({
        customer_uid: 'cust_ok',
        merchant_uid: 'order_ok',
        amount: 1000,
        name: '정기결제',
      }).request(iamport);
      t.equal(httpStatus(paid), 200);
      t.equal(paid.data.code, 0);
      t.equal(paid.data.message, null);
      t.match(paid.data.response, {
        merchant_uid: 'order_ok',
        status: 'paid',
        amount: 1000,
        cancel_amount: 0,
        currency: 'KRW',
        channel: 'api',
        pay_method: 'card',
        card_number: '41111111****1111',
        customer_uid: 'cust_ok',
        customer_uid_usage: 'payment',
        fail_reason: null,
        user_agent: 'iamport-rest-client-nodejs/v0.9.12',
      });
      t.match(paid.data.response.imp_uid, /^imps_\d{12}$/);
      t.same(paid.data.response.paid_at, T0_DATE);
      t.equal(paid.data.response.failed_at, 0, 'an unset timestamp stays 0 (the client maps 0 to 0, not a Date)');

      const list = await Customers.getPayments({ customer_uid: 'cust_ok' }).request(iamport);
      t.equal(list.data.response.total, 1);
      t.equal(list.data.response.previous, 0);
      t.equal(list.data.response.next, 0);
      t.equal(list.data.response.list[0].imp_uid, paid.data.response.imp_uid);
    },
  );

  t.test('a declined charge resolves with code 0, status failed and the card company reason', async (t) => {
    await Customers.postBillingKey({ customer_uid: 'cust_declines', ...cardWith(CARDS.decline) } as any).request(
      iamport,
    );
    const res = await Subscribe.again({
      customer_uid: 'cust_declines',
      merchant_uid: 'order_declined',
      amount: 1000,
      name: '정기결제',
    }).request(iamport);
    t.equal(res.data.code, 0);
    t.match(res.data.response, {
      merchant_uid: 'order_declined',
      status: 'failed',
      amount: 1000,
      fail_reason: DECLINE_REASON,
      paid_at: 0,
      apply_num: null,
    });
    t.same(res.data.response.failed_at, T0_DATE);
  });

  t.test(
    "again on an unknown customer_uid rejects with the body under response.data (the client's own shape for code != 0)",
    async (t) => {
      const err = await rejection(
        t,
        Subscribe.again({ customer_uid: 'nobody', merchant_uid: 'order_nobody', amount: 1000, name: 'x' }).request(
          iamport,
        ),
      );
      t.same(err, { response: { data: { code: 1, message: '등록되지 않은 구매자입니다.', response: null } } });
    },
  );

  t.test(
    'finds a payment by imp_uid, by merchant_uid (with a status), by several imp_uids (207 lists the missing) and by status',
    async (t) => {
      await Customers.postBillingKey({ customer_uid: 'cust_find', ...CARD } as any).request(iamport);
      const paid = await Subscribe.again({
        customer_uid: 'cust_find',
        merchant_uid: 'order_find',
        amount: 2500,
        name: 'find',
      }).request(iamport);
      const impUid: string = paid.data.response.imp_uid;

      const byImp = await Payments.getByImpUid({ imp_uid: impUid }).request(iamport);
      t.match(byImp.data.response, { imp_uid: impUid, merchant_uid: 'order_find', status: 'paid', amount: 2500 });

      // The client puts the status in the path (/payments/find/{m}/{status}): it must be given.
      const byMerchant = await Payments.getByMerchantUid({
        merchant_uid: 'order_find',
        status: Enum.StatusEnum.PAID,
        sorting: Enum.SortingEnum.STARTED_DESC,
      } as any).request(iamport);
      t.match(byMerchant.data.response, { imp_uid: impUid, status: 'paid', amount: 2500 });

      const many = await Payments.getByImpUids({ imp_uid: [impUid, 'imps_000000000000'] }).request(iamport);
      t.equal(httpStatus(many), 207);
      t.same(
        many.data.response.map((p: { imp_uid: string }) => p.imp_uid),
        [impUid],
      );
      t.same(
        (many.data as { failed?: string[] }).failed,
        ['imps_000000000000'],
        'the client computes failed[] from a 207',
      );

      const all = await Payments.getByMerchantUids({
        merchant_uid: 'order_find',
        status: Enum.StatusEnum.PAID,
        sorting: Enum.SortingEnum.STARTED_DESC,
        page: 1,
      }).request(iamport);
      t.match(all.data.response, { total: 1, previous: 0, next: 0 });
      t.equal(all.data.response.list[0].imp_uid, impUid);

      const byStatus = await Payments.getByStatus({ status: Enum.StatusEnum.PAID, page: 1, limit: 100 } as any).request(
        iamport,
      );
      t.ok(
        byStatus.data.response.list.some((p: { imp_uid: string }) => p.imp_uid === impUid),
        'the payment is in /payments/status/paid',
      );
    },
  );

  t.test('an unknown imp_uid rejects as an axios HTTP error: 404 with the envelope', async (t) => {
    const err = await rejection(t, Payments.getByImpUid({ imp_uid: 'imps_000000000000' }).request(iamport));
    t.equal(err.response.status, 404);
    t.same(err.response.data, { code: -1, message: '존재하지 않는 결제정보입니다.', response: null });
  });

  t.test('cancels partially (status stays paid), then the rest by checksum, then refuses a third cancel', async (t) => {
    await Customers.postBillingKey({ customer_uid: 'cust_cancel', ...CARD } as any).request(iamport);
    const paid = await Subscribe.again({
      customer_uid: 'cust_cancel',
      merchant_uid: 'order_cancel',
      amount: 1000,
      name: 'cancel',
    }).request(iamport);
    const impUid: string = paid.data.response.imp_uid;

    const partial = await Payments.cancel({ imp_uid: impUid, amount: 300, reason: '부분 환불' } as any).request(
      iamport,
    );
    t.match(partial.data.response, { status: 'paid', amount: 1000, cancel_amount: 300, cancel_reason: '부분 환불' });
    t.equal(partial.data.response.cancel_history.length, 1);
    t.match(partial.data.response.cancel_history[0], { amount: 300, reason: '부분 환불', cancelled_at: T0 / 1000 });
    t.equal(typeof partial.data.response.cancel_history[0].cancellation_id, 'string');

    const full = await Payments.cancel({
      merchant_uid: 'order_cancel',
      checksum: 700,
      reason: '전액 환불',
    } as any).request(iamport);
    t.match(full.data.response, { status: 'cancelled', cancel_amount: 1000 });
    t.equal(full.data.response.cancel_history.length, 2);
    t.same(full.data.response.cancelled_at, T0_DATE);

    const again = await rejection(t, Payments.cancel({ imp_uid: impUid } as any).request(iamport));
    t.same(again, { response: { data: { code: 1, message: '이미 전액취소된 주문입니다.', response: null } } });
  });

  t.test(
    'reads, lists and deletes a billing key; reading it afterwards is code 1 with the customer_uid in the message',
    async (t) => {
      await Customers.postBillingKey({ customer_uid: 'cust_delete', ...CARD, customer_name: '홍길동' } as any).request(
        iamport,
      );
      const got = await Customers.getBillingKey({ customer_uid: 'cust_delete' }).request(iamport);
      t.match(got.data.response, {
        customer_uid: 'cust_delete',
        card_number: '41111111****1111',
        customer_name: '홍길동',
      });

      const listed = await Customers.getBillingKeys({ customer_uid: ['cust_delete', 'cust_missing'] }).request(iamport);
      t.equal(httpStatus(listed), 207);
      t.same(
        listed.data.response.map((c: { customer_uid: string }) => c.customer_uid),
        ['cust_delete'],
      );

      const deleted = await Customers.deleteBillingKey({ customer_uid: 'cust_delete' }).request(iamport);
      t.match(deleted.data.response, { customer_uid: 'cust_delete', card_name: 'BC카드' });

      const gone = await rejection(t, Customers.getBillingKey({ customer_uid: 'cust_delete' }).request(iamport));
      t.same(gone, {
        response: {
          data: {
            code: 1,
            message: '요청하신 customer_uid(cust_delete)로 등록된 정보를 찾을 수 없습니다.',
            response: null,
          },
        },
      });
    },
  );

  t.test('pays once by key-in with onetime, saving the card as a billing key', async (t) => {
    const res = await Subscribe.onetime({
      merchant_uid: 'order_onetime',
      amount: 5000,
      name: '단건',
      ...CARD,
      customer_uid: 'cust_onetime',
    }).request(iamport);
    t.match(res.data.response, {
      merchant_uid: 'order_onetime',
      status: 'paid',
      amount: 5000,
      customer_uid: 'cust_onetime',
      channel: 'api',
    });
    const key = await Customers.getBillingKey({ customer_uid: 'cust_onetime' }).request(iamport);
    t.equal(key.data.response.card_number, '41111111****1111');
  });

  t.test('registers a prepared amount, reads it back and refuses a second registration', async (t) => {
    const posted = await Prepare.postAmount({ merchant_uid: 'order_prepared', amount: 12000 }).request(iamport);
    t.same({ ...posted.data.response }, { merchant_uid: 'order_prepared', amount: 12000 });
    const got = await Prepare.getAmount({ merchant_uid: 'order_prepared' }).request(iamport);
    t.same({ ...got.data.response }, { merchant_uid: 'order_prepared', amount: 12000 });
    const dup = await rejection(
      t,
      Prepare.postAmount({ merchant_uid: 'order_prepared', amount: 12000 }).request(iamport),
    );
    t.same(dup, {
      response: {
        data: {
          code: 1,
          message: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).',
          response: null,
        },
      },
    });
  });
});

t.test(
  'iamport-rest-client-nodejs schedules: schedule, read one, list by customer (both paths), unschedule, execution',
  async (t) => {
    const { s, url } = await listening(t);
    const iamport = new Iamport({ apiKey: 'imp_apikey', apiSecret: DEFAULT_SECRET, baseUrl: url });
    const at = T0 / 1000 + 3600;

    const created = await Subscribe.schedule({
      customer_uid: 'cust_sched',
      ...CARD,
      schedules: [
        { merchant_uid: 'sched_1', schedule_at: at, amount: 9900, name: '1월' },
        { merchant_uid: 'sched_2', schedule_at: at + 86400, amount: 9900, name: '2월' },
      ],
    }).request(iamport);
    t.equal(created.data.code, 0);
    t.same(
      created.data.response.map((x: { merchant_uid: string; schedule_status: string; payment_status: null }) => [
        x.merchant_uid,
        x.schedule_status,
        x.payment_status,
      ]),
      [
        ['sched_1', 'scheduled', null],
        ['sched_2', 'scheduled', null],
      ],
    );
    t.same(created.data.response[0].schedule_at, new Date(at * 1000));
    t.equal(created.data.response[0].executed_at, 0);

    const one = await Subscribe.getScheduled({ merchant_uid: 'sched_1' }).request(iamport);
    t.match(one.data.response, {
      customer_uid: 'cust_sched',
      merchant_uid: 'sched_1',
      amount: 9900,
      name: '1월',
      imp_uid: null,
    });

    const range = { from: T0 / 1000, to: T0 / 1000 + 7 * 86400, 'schedule-status': Enum.ScheduledStatusEnum.SCHEDULED };
    const bySubscribePath = await Subscribe.getScheduleds({ customer_uid: 'cust_sched', ...range }).request(iamport);
    t.match(bySubscribePath.data.response, { total: 2, previous: 0, next: 0 });
    const byCustomerPath = await Customers.getScheduleds({ customer_uid: 'cust_sched', ...range }).request(iamport);
    t.equal(byCustomerPath.data.response.total, 2);
    t.same(byCustomerPath.data.response.list.map((x: { merchant_uid: string }) => x.merchant_uid).sort(), [
      'sched_1',
      'sched_2',
    ]);

    const revoked = await Subscribe.unschedule({ customer_uid: 'cust_sched', merchant_uid: 'sched_2' }).request(
      iamport,
    );
    t.same(
      revoked.data.response.map((x: { merchant_uid: string; schedule_status: string }) => [
        x.merchant_uid,
        x.schedule_status,
      ]),
      [['sched_2', 'revoked']],
    );
    const nothingLeft = await rejection(
      t,
      Subscribe.unschedule({ customer_uid: 'cust_sched', merchant_uid: 'sched_2' }).request(iamport),
    );
    t.same(nothingLeft, {
      response: { data: { code: 1, message: '취소할 예약결제 기록이 존재하지 않습니다.', response: null } },
    });

    s.sb.clock.advance(3600_000);
    const executed = await Subscribe.getScheduled({ merchant_uid: 'sched_1' }).request(iamport);
    t.match(executed.data.response, { schedule_status: 'executed', payment_status: 'paid', fail_reason: null });
    t.same(executed.data.response.executed_at, new Date(at * 1000));
    const payment = await Payments.getByImpUid({ imp_uid: executed.data.response.imp_uid }).request(iamport);
    t.match(payment.data.response, {
      merchant_uid: 'sched_1',
      status: 'paid',
      amount: 9900,
      customer_uid_usage: 'payment.scheduled',
    });
  },
);

t.test(
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the test name quotes the client's own template
  'iamport-rest-client-nodejs with a trailing slash on baseUrl fails at getToken: it builds `${baseUrl}/users/getToken`',
  async (t) => {
    const { url } = await listening(t);
    const iamport = new Iamport({ apiKey: 'imp_apikey', apiSecret: DEFAULT_SECRET, baseUrl: `${url}/` });
    const err = await rejection(t, Payments.getByImpUid({ imp_uid: 'imps_000000000000' }).request(iamport));
    t.equal(err.response.status, 404);
    t.equal(err.response.data.message, '존재하지 않는 API입니다. (POST //users/getToken)');
  },
);

t.test('iamporter with host set, on the system clock', async (t) => {
  // iamporter sends its token only while it believes it fresh (expireAt > its wall clock), so the sandbox clock
  // must not lag the wall clock: CLOCK=system here (see the next test for what a clock in the past does).
  const { url } = await listening(t, { CLOCK: 'system' });
  const iamporter = new Iamporter({ apiKey: 'imp_apikey', secret: DEFAULT_SECRET, host: url });

  t.test(
    'getToken answers a 40-hex token; a wrong secret is IamporterError 아임포트 API 인증에 실패하였습니다. with status 401',
    async (t) => {
      const token = await iamporter.getToken();
      t.equal(token.status, 200);
      t.match(token.data.access_token, /^[0-9a-f]{40}$/);
      t.equal(token.data.expired_at - token.data.now, 1800);
      const err = await rejection(t, iamporter.getToken('imp_apikey', 'wrong'));
      t.ok(err instanceof IamporterError);
      t.equal(err.message, '아임포트 API 인증에 실패하였습니다.');
      t.equal(err.status, 401);
    },
  );

  t.test(
    'createSubscription issues the key, paySubscription charges it (paid), getSubscription reads it',
    async (t) => {
      const key = await iamporter.createSubscription({ customer_uid: 'i_cust', ...CARD });
      t.equal(key.status, 200);
      t.match(key.data, {
        customer_uid: 'i_cust',
        card_name: 'BC카드',
        card_number: '41111111****1111',
        pg_provider: 'nice',
      });

      // No `name`: iamporter does not require it, and neither does the sandbox (older official examples omit it).
      const paid = await iamporter.paySubscription({ customer_uid: 'i_cust', merchant_uid: 'i_order', amount: 1000 });
      t.equal(paid.message, null);
      t.match(paid.data, {
        merchant_uid: 'i_order',
        status: 'paid',
        amount: 1000,
        customer_uid: 'i_cust',
        customer_uid_usage: 'payment',
        user_agent: 'Iamporter.js',
      });
      t.ok(paid.data.paid_at > 0);
      t.same(paid.raw, { code: 0, message: null, response: paid.data });

      const got = await iamporter.getSubscription('i_cust');
      t.equal(got.data.customer_uid, 'i_cust');
    },
  );

  t.test(
    'a declined charge rejects with IamporterError carrying fail_reason; the failed payment is findable by merchant_uid',
    async (t) => {
      await iamporter.createSubscription({ customer_uid: 'i_declines', ...cardWith(CARDS.decline) });
      const err = await rejection(
        t,
        iamporter.paySubscription({ customer_uid: 'i_declines', merchant_uid: 'i_declined', amount: 1000 }),
      );
      t.ok(err instanceof IamporterError);
      t.equal(
        err.message,
        DECLINE_REASON,
        'iamporter turns code 0 + status failed into an error with fail_reason as its message',
      );
      const found = await iamporter.findByMerchantUid('i_declined');
      t.match(found.data, { status: 'failed', fail_reason: DECLINE_REASON, amount: 1000 });
    },
  );

  t.test(
    'again on an unknown customer_uid rejects with IamporterError 등록되지 않은 구매자입니다. (status 200, raw code 1)',
    async (t) => {
      const err = await rejection(
        t,
        iamporter.paySubscription({ customer_uid: 'i_nobody', merchant_uid: 'i_nobody_order', amount: 1000 }),
      );
      t.ok(err instanceof IamporterError);
      t.equal(err.message, '등록되지 않은 구매자입니다.');
      t.equal(err.status, 200);
      t.equal(err.data, null);
      t.same(err.raw, { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
    },
  );

  t.test(
    'finds by imp_uid, merchant_uid, findAll (its trailing-slash path) and status; an unknown imp_uid resolves as a 404',
    async (t) => {
      await iamporter.createSubscription({ customer_uid: 'i_find', ...CARD });
      const paid = await iamporter.paySubscription({
        customer_uid: 'i_find',
        merchant_uid: 'i_find_order',
        amount: 3300,
      });
      const impUid: string = paid.data.imp_uid;

      t.match((await iamporter.findByImpUid(impUid)).data, {
        imp_uid: impUid,
        merchant_uid: 'i_find_order',
        status: 'paid',
        amount: 3300,
      });
      t.match((await iamporter.findByMerchantUid('i_find_order')).data, { imp_uid: impUid, status: 'paid' });
      const all = await iamporter.findAllByMerchantUid('i_find_order'); // GET /payments/findAll/i_find_order/
      t.match(all.data, { total: 1, previous: 0, next: 0 });
      t.equal(all.data.list[0].imp_uid, impUid);
      const byStatus = await iamporter.findAllByStatus('paid');
      t.ok(byStatus.data.list.some((p: { imp_uid: string }) => p.imp_uid === impUid));

      // iamporter resolves (not rejects) on HTTP 404.
      const missing = await iamporter.findByImpUid('imps_000000000000');
      t.same(missing, {
        status: 404,
        message: '존재하지 않는 결제정보입니다.',
        data: null,
        raw: { code: -1, message: '존재하지 않는 결제정보입니다.', response: null },
      });
    },
  );

  t.test(
    'cancelByImpUid partially keeps status paid, cancelByMerchantUid cancels the rest; a third cancel is IamporterError',
    async (t) => {
      await iamporter.createSubscription({ customer_uid: 'i_cancel', ...CARD });
      const paid = await iamporter.paySubscription({
        customer_uid: 'i_cancel',
        merchant_uid: 'i_cancel_order',
        amount: 1000,
      });
      const partial = await iamporter.cancelByImpUid(paid.data.imp_uid, { amount: 400, reason: 'partial' });
      t.match(partial.data, { status: 'paid', cancel_amount: 400 });
      t.equal(partial.data.cancel_history.length, 1);
      const full = await iamporter.cancelByMerchantUid('i_cancel_order', { reason: 'rest' });
      t.match(full.data, { status: 'cancelled', cancel_amount: 1000, cancel_reason: 'rest' });
      t.equal(full.data.cancel_history.length, 2);
      const err = await rejection(t, iamporter.cancelByImpUid(paid.data.imp_uid));
      t.equal(err.message, '이미 전액취소된 주문입니다.');
      t.equal(err.raw.code, 1);
    },
  );

  t.test(
    'payOnetime pays by key-in; createPreparedPayment / getPreparedPayment round-trip; an unknown prepare resolves as a 404',
    async (t) => {
      const paid = await iamporter.payOnetime({ merchant_uid: 'i_onetime', amount: 7000, ...CARD });
      t.match(paid.data, { merchant_uid: 'i_onetime', status: 'paid', amount: 7000, channel: 'api' });

      const prepared = await iamporter.createPreparedPayment({ merchant_uid: 'i_prepared', amount: 15000 });
      t.match(prepared.data, { merchant_uid: 'i_prepared', amount: 15000 });
      t.match((await iamporter.getPreparedPayment('i_prepared')).data, { merchant_uid: 'i_prepared', amount: 15000 });
      const missing = await iamporter.getPreparedPayment('i_not_prepared');
      t.equal(missing.status, 404);
      t.equal(missing.message, '사전등록된 결제정보가 존재하지 않습니다.');
    },
  );

  t.test(
    'deleteSubscription returns the key; getSubscription afterwards rejects with the code-1 message',
    async (t) => {
      await iamporter.createSubscription({ customer_uid: 'i_delete', ...CARD });
      const deleted = await iamporter.deleteSubscription('i_delete');
      t.equal(deleted.data.customer_uid, 'i_delete');
      const err = await rejection(t, iamporter.getSubscription('i_delete'));
      t.equal(err.message, '요청하신 customer_uid(i_delete)로 등록된 정보를 찾을 수 없습니다.');
      t.equal(err.raw.code, 1);
    },
  );
});

t.test('iamporter against a sandbox clock fixed in the past never sends its token and gets 401', async (t) => {
  // expired_at (2026-01-01T00:30Z) is behind the wall clock, so iamporter thinks the token it just got is expired
  // and leaves the Authorization header out: the documented reason to run iamporter on CLOCK=system.
  const { url } = await listening(t);
  const iamporter = new Iamporter({ apiKey: 'imp_apikey', secret: DEFAULT_SECRET, host: url });
  const err = await rejection(t, iamporter.findByImpUid('imps_000000000000'));
  t.ok(err instanceof IamporterError);
  t.equal(err.message, '아임포트 API 인증에 실패하였습니다.');
  t.equal(err.status, 401);
  t.same(err.raw, { code: -1, message: 'Unauthorized', response: null });
});

t.test('iamport 0.3.4 (the older official Node client, npm `iamport`) with its host set on the instance', async (t) => {
  // The client has no host option: it reads Iamport.DEFAULT_HOST when built and copies `_host` into each resource,
  // so set `_host` and rebuild the resources (docs/clients.md). Its token cache reads the wall clock: with the sandbox
  // clock in the past it asks getToken before each call and gets the same live token back.
  const { s, url } = await listening(t);
  const iamport = new Iamport0({ impKey: 'imp_apikey', impSecret: DEFAULT_SECRET });
  iamport._host = url;
  iamport._preResources();

  t.test(
    'creates a billing key, charges it with again (paid), finds the payment by imp_uid and merchant_uid',
    async (t) => {
      const key = await iamport.subscribe_customer.create({ customer_uid: 'n3_cust', ...CARD });
      t.match(key, {
        customer_uid: 'n3_cust',
        card_name: 'BC카드',
        card_number: '41111111****1111',
        pg_provider: 'nice',
      });
      t.equal(key.inserted, T0 / 1000);

      const paid = await iamport.subscribe.again({
        customer_uid: 'n3_cust',
        merchant_uid: 'n3_order',
        amount: 1000,
        name: '정기결제',
      });
      t.match(paid, {
        merchant_uid: 'n3_order',
        status: 'paid',
        amount: 1000,
        channel: 'api',
        customer_uid: 'n3_cust',
        customer_uid_usage: 'payment',
      });
      t.match(await iamport.payment.getByImpUid({ imp_uid: paid.imp_uid }), {
        merchant_uid: 'n3_order',
        status: 'paid',
      });
      t.match(await iamport.payment.getByMerchant({ merchant_uid: 'n3_order' }), { imp_uid: paid.imp_uid });
    },
  );

  t.test('cancels part of a payment (the body as JSON, the token bare), then the rest', async (t) => {
    const paid = await iamport.subscribe.onetime({ merchant_uid: 'n3_onetime', amount: 5000, ...CARD });
    t.match(paid, { status: 'paid', amount: 5000, customer_uid: null });
    const part = await iamport.payment.cancel({ imp_uid: paid.imp_uid, amount: 2000, reason: '부분취소' });
    t.match(part, { status: 'paid', cancel_amount: 2000 });
    const rest = await iamport.payment.cancel({ merchant_uid: 'n3_onetime', reason: '전액취소' });
    t.match(rest, { status: 'cancelled', cancel_amount: 5000, cancel_reason: '전액취소' });
    const again = await rejection(t, iamport.payment.cancel({ imp_uid: paid.imp_uid, reason: '또' }));
    t.equal(again.code, 'IAMPORT_1');
    t.equal(again.message, '이미 전액취소된 주문입니다.');
  });

  t.test('prepare and getPrepare round-trip; lists by status', async (t) => {
    t.same(await iamport.payment.prepare({ merchant_uid: 'n3_prepared', amount: 15000 }), {
      merchant_uid: 'n3_prepared',
      amount: 15000,
      currency: null,
    });
    t.match(await iamport.payment.getPrepare({ merchant_uid: 'n3_prepared' }), { amount: 15000 });
    const paidList = await iamport.payment.getByStatus({ payment_status: 'paid' });
    t.ok(paidList.list.some((p: { merchant_uid: string }) => p.merchant_uid === 'n3_order'));
  });

  t.test('schedules on the key, unschedules, and the schedule runs when the clock passes it', async (t) => {
    const at = T0 / 1000 + 3600;
    const made = await iamport.subscribe.schedule({
      customer_uid: 'n3_cust',
      schedules: [
        { merchant_uid: 'n3_s1', schedule_at: at, amount: 9900, name: '1월' },
        { merchant_uid: 'n3_s2', schedule_at: at + 86400, amount: 9900, name: '2월' },
      ],
    });
    t.same(
      made.map((x: { merchant_uid: string; schedule_status: string }) => [x.merchant_uid, x.schedule_status]),
      [
        ['n3_s1', 'scheduled'],
        ['n3_s2', 'scheduled'],
      ],
    );
    const revoked = await iamport.subscribe.unschedule({ customer_uid: 'n3_cust', merchant_uid: ['n3_s2'] });
    t.same(
      revoked.map((x: { merchant_uid: string; schedule_status: string }) => [x.merchant_uid, x.schedule_status]),
      [['n3_s2', 'revoked']],
    );
    s.sb.clock.advance(3600_000);
    t.match(await iamport.payment.getByMerchant({ merchant_uid: 'n3_s1' }), {
      status: 'paid',
      amount: 9900,
      customer_uid_usage: 'payment.scheduled',
    });
  });

  t.test('an unknown imp_uid rejects HTTP_404; a deleted key rejects IAMPORT_1 with the real message', async (t) => {
    const missing = await rejection(t, iamport.payment.getByImpUid({ imp_uid: 'imps_000000000000' }));
    t.equal(missing.code, 'HTTP_404');
    await iamport.subscribe_customer.create({ customer_uid: 'n3_delete', ...CARD });
    t.match(await iamport.subscribe_customer.delete({ customer_uid: 'n3_delete' }), { customer_uid: 'n3_delete' });
    const gone = await rejection(t, iamport.subscribe_customer.get({ customer_uid: 'n3_delete' }));
    t.equal(gone.code, 'IAMPORT_1');
    t.equal(gone.message, '요청하신 customer_uid(n3_delete)로 등록된 정보를 찾을 수 없습니다.');
  });

  t.test('a wrong secret: getToken answers 401, the call rejects HTTP_401', async (t) => {
    const wrong = new Iamport0({ impKey: 'imp_apikey', impSecret: 'wrong' });
    wrong._host = url;
    wrong._preResources();
    const err = await rejection(t, wrong.payment.getByImpUid({ imp_uid: 'imps_000000000000' }));
    t.equal(err.code, 'HTTP_401');
  });
});
