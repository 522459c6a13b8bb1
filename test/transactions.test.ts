// The one transaction rule (docs/architecture.md): a payment event's outbox row commits with the payment, delivery
// starts after the commit; a charge that fails or is refused leaves no outbox row, and a rolled-back transaction
// takes its outbox rows with it. Also: a form error of the payment window names its field in X-Sandbox-Field.

import t from 'tap';
import { build, CARD, CARDS, cardWith, type Teardown, WINDOW_CARD } from './helpers.js';

const outboxRows = (s: Awaited<ReturnType<typeof build>>) =>
  (s.sb.db.prepare('SELECT COUNT(*) AS n FROM webhooks').get() as { n: number }).n;
const WEBHOOK = { webhook_url: 'http://127.0.0.1:9/hook' };

async function withWebhook(t: Teardown) {
  const s = await build(t);
  await s.call('PATCH', '/__sandbox/merchants/default', WEBHOOK, { token: null });
  await s.call('POST', '/subscribe/customers/ok', CARD);
  await s.call('POST', '/subscribe/customers/declines', cardWith(CARDS.decline));
  await s.call('POST', '/subscribe/customers/pg_error', cardWith(CARDS.pgError));
  return s;
}

t.test('a paid charge writes its outbox row in the same transaction', async (t) => {
  const s = await withWebhook(t);
  const paid = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'ok',
    merchant_uid: 'o1',
    amount: 1000,
  });
  t.equal(paid.body.code, 0);
  t.equal(paid.body.response.status, 'paid');
  // Written before the answer (synchronously, in the charge's transaction), not by a later tick.
  t.equal(outboxRows(s), 1);
  const [row] = s.sb.webhooks.list({ merchant_uid: 'o1' });
  t.same(row?.payload, { imp_uid: paid.body.response.imp_uid, merchant_uid: 'o1', status: 'paid' });
  t.equal(row?.url, WEBHOOK.webhook_url);
});

t.test('a failed charge leaves no outbox row: a decline, a PG error, an injected API error, a refusal', async (t) => {
  const s = await withWebhook(t);
  const declined = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'declines',
    merchant_uid: 'd1',
    amount: 1000,
  });
  t.equal(declined.body.code, 0);
  t.equal(declined.body.response.status, 'failed');
  const pgError = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'pg_error',
    merchant_uid: 'e1',
    amount: 1,
  });
  t.equal(pgError.body.code, -1);
  t.equal(pgError.body.response, null);
  await s.call(
    'POST',
    '/__sandbox/faults',
    { match: { merchant_uid: 'f1' }, effect: { type: 'api_error', code: 7, message: '시스템 점검 중입니다.' } },
    { token: null },
  );
  const apiError = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'ok',
    merchant_uid: 'f1',
    amount: 1,
  });
  t.same(apiError.body, { code: 7, message: '시스템 점검 중입니다.', response: null });
  const unknown = await s.call('POST', '/subscribe/payments/again', {
    customer_uid: 'nobody',
    merchant_uid: 'u1',
    amount: 1,
  });
  t.same(unknown.body, { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
  const onetime = await s.call('POST', '/subscribe/payments/onetime', {
    ...cardWith(CARDS.refuse),
    merchant_uid: 'r1',
    amount: 1,
  });
  t.equal(onetime.body.code, -1);
  t.equal(outboxRows(s), 0);
  await s.sb.webhooks.idle();
  t.equal(outboxRows(s), 0);
});

t.test('a transaction that rolls back after the event takes its outbox row with it', async (t) => {
  const s = await withWebhook(t);
  const merchant = s.sb.store.merchants.get('default')!;
  t.throws(
    () =>
      s.sb.store.tx(() => {
        const p = s.sb.store.payments.paidByMerchantUid('default', 'nothing');
        t.equal(p, undefined);
        const payment = { imp_uid: 'imps_rollback', merchant_uid: 'rb', status: 'paid' } as never;
        s.sb.webhooks.paymentEvent(merchant, payment);
        t.equal(outboxRows(s), 1, 'the row is there inside the transaction');
        throw new Error('rolled back');
      }),
    { message: 'rolled back' },
  );
  t.equal(outboxRows(s), 0, 'and gone with the rollback');
  await s.sb.webhooks.idle();
  t.same(s.sb.webhooks.list({}), []);
});

t.test('a window form error names its field in X-Sandbox-Field; the envelope is the usual one', async (t) => {
  const s = await build(t);
  const open = async (params: object) =>
    (
      await s.call(
        'POST',
        '/window/api/requests',
        { merchant: 'imp19424728', device: 'pc', params: { merchant_uid: 'w1', amount: 1000, ...params } },
        { token: null },
      )
    ).body.response.id as string;
  const id = await open({});
  const cases: [object, string, string][] = [
    [{ card_number: '4111-1111-1111-1112' }, 'card_number', '카드번호를 확인해주세요. (Check the card number.)'],
    [{ expiry: '13/30' }, 'expiry', '유효기간은 MM/YY 또는 YYYY-MM 형식으로 입력해주세요. (Expiry: MM/YY or YYYY-MM.)'],
    [
      { birth: '9001' },
      'birth',
      '생년월일 6자리 또는 사업자번호 10자리를 입력해주세요. (Birth date YYMMDD, or 10-digit business number.)',
    ],
    [
      { pwd_2digit: '1' },
      'pwd_2digit',
      '카드 비밀번호 앞 2자리를 입력해주세요. (First 2 digits of the card password.)',
    ],
  ];
  for (const [bad, field, message] of cases) {
    const r = await s.call('POST', `/window/api/requests/${id}/submit`, { ...WINDOW_CARD, ...bad }, { token: null });
    t.equal(r.status, 400, field);
    t.equal(r.headers['x-sandbox-field'], field);
    t.same(r.body, { code: -1, message, response: null });
  }
  const vbank = await open({ merchant_uid: 'w2', pay_method: 'vbank' });
  const noBank = await s.call('POST', `/window/api/requests/${vbank}/submit`, { vbank_code: '999' }, { token: null });
  t.equal(noBank.status, 400);
  t.equal(noBank.headers['x-sandbox-field'], 'vbank_code');
  t.same(noBank.body, { code: -1, message: '입금할 은행을 선택해주세요. (Choose a bank.)', response: null });
  // Refusals that are about no field have no header.
  const done = await s.call('POST', `/window/api/requests/${id}/submit`, WINDOW_CARD, { token: null });
  t.equal(done.body.response.rsp.success, true);
  const again = await s.call('POST', `/window/api/requests/${id}/submit`, WINDOW_CARD, { token: null });
  t.equal(again.status, 409);
  t.equal(again.headers['x-sandbox-field'], undefined);
});
