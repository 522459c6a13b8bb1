// The payment window's decisions: whether a request_pay may open a window, what a submitted card or the cancel
// button leads to, the callback object (rsp) and the mobile redirect. The browser code only shows these answers.

import type { Sandbox } from '../context.js';
import type { Payment } from '../schemas/payments.js';
import type {
  AutopilotPlan,
  Callback,
  DepositBody,
  DepositResult,
  Done,
  OpenBody,
  OpenResult,
  PayParams,
  SubmitBody,
  VbankAutopilotPlan,
} from '../schemas/window.js';
import { type AutopilotBodySchema, PayParamsSchema } from '../schemas/window.js';
import type { WindowRequest } from '../store/window.js';
import { pickChannel, type Channel, type Merchant } from './merchants.js';
import { cardDigits, checkCard, luhnValid, parseExpiry, storedCard, type StoredCard } from './cards.js';
import { charge, saveBillingKey } from './billing.js';
import { ApiError, MSG, badRequest, notFound } from './errors.js';
import { buyerOf, newImpUid, newPayment, pgApproval } from './payments.js';
import { accountNumber, defaultVbankDue, parseVbankDue } from './banks.js';
import { tx } from '../store/db.js';
import type { z } from 'zod';

/** Messages of the window. Real ones are marked; the others are ours (no public source has them) and read alike. */
export const WMSG = {
  // Real (legacy SDK 1.2.0, sdk-v1.md §3.3), including its code F1001.
  noPgModule: '등록되지 않은 PG모듈 정보입니다. 아임포트 관리자페이지에서 PG모듈 정보를 설정하신 후 다시 시도해주세요.',
  // Real, exact (sdk-v1.md §3.3: front-end code compares this string).
  userCancelled: '사용자가 결제를 취소하셨습니다',
  // Invented from here on.
  unknownMerchant: (code: string) =>
    `등록되지 않은 가맹점 식별코드입니다(${code}). IMP.init()에 전달한 가맹점 식별코드를 확인해주세요.`,
  prepareMismatch: (prepared: number, asked: number) =>
    `사전등록된 결제정보와 금액이 일치하지 않습니다. (사전등록 금액: ${prepared}, 요청 금액: ${asked})`,
  prepareCurrencyMismatch: '사전등록된 결제정보와 통화(currency)가 일치하지 않습니다.',
  billingCardOnly: "KICC 빌링키 발급은 pay_method 'card' 만 지원됩니다.",
  buyerTelRequired: 'KICC 결제창은 구매자 전화번호(buyer_tel)가 필수입니다.',
  cardOnly: (m: string) => `샌드박스 결제창은 카드(card)와 가상계좌(vbank) 결제만 지원합니다. (pay_method: ${m})`,
  badVbankDue: (v: string) =>
    `가상계좌 입금기한(vbank_due) 형식이 올바르지 않습니다. (${v}) YYYYMMDDhhmm, YYYYMMDD, YYYY-MM-DD, YYYY-MM-DD HH:mm:ss, YYYYMMDDHHmmss 중 하나로 입력해주세요.`,
  vbankDuePast: (v: string) => `가상계좌 입금기한(vbank_due)이 이미 지났습니다. (${v})`,
  vbankNoAmount: '가상계좌 결제금액은 0원보다 커야 합니다.',
  chooseBank: '입금할 은행을 선택해주세요. (Choose a bank.)',
  badParams: (detail: string) => `결제요청 파라메터가 올바르지 않습니다. ${detail}`,
  declined: (impUid: string, reason: string) => `F0004:PG사 결제요청에 실패하여 중단합니다.(${impUid}) ${reason}`,
  pgFailed: (impUid: string, reason: string) => `F0005:결제가 중단되었습니다(${impUid}). ${reason}`,
  windowNotFound: '존재하지 않는 결제창 요청입니다.',
  windowDone: '이미 완료된 결제창 요청입니다.',
  badCardNumber: '카드번호를 확인해주세요. (Check the card number.)',
  badExpiry: '유효기간은 MM/YY 또는 YYYY-MM 형식으로 입력해주세요. (Expiry: MM/YY or YYYY-MM.)',
  badBirth: '생년월일 6자리 또는 사업자번호 10자리를 입력해주세요. (Birth date YYMMDD, or 10-digit business number.)',
  badPwd: '카드 비밀번호 앞 2자리를 입력해주세요. (First 2 digits of the card password.)',
} as const;

/**
 * Error codes. F1001 is real (legacy SDK), and so is F1002 for an already-paid merchant_uid (a recorded callback:
 * iamport/iamport-manual#6); the rest is unconfirmed (sdk-v1.md "Could not confirm": no public list): we use F1002
 * for every refusal before the window opens, F0004 for declines (as in the real F0004 messages)
 * and F0005 for a stopped payment (PG error, or the buyer's cancel, as in the Android SDK's "F0005:결제가 중단되었습니다").
 */
const CODE = { noPgModule: 'F1001', refused: 'F1002', declined: 'F0004', stopped: 'F0005' } as const;

/** What the window page needs to open, or the refusal that ends the request before any window exists. */
export function openWindow(sb: Sandbox, body: OpenBody, userAgent: string | null): OpenResult {
  const raw = body.params;
  const merchantUid = typeof raw.merchant_uid === 'string' ? raw.merchant_uid : null;
  // The recorded shape of a refusal before the window opens (legacy F1001 callback, sdk-v1.md §3.3): imp_uid null and
  // no status/paid_amount (the checklist's status "failed" is read as applying to windows that opened).
  const refuse = (code: string, msg: string): OpenResult => {
    const rsp: Callback = {
      success: false,
      imp_success: false,
      imp_uid: null,
      merchant_uid: merchantUid,
      pay_method: typeof raw.pay_method === 'string' ? raw.pay_method : 'card',
      error_code: code,
      error_msg: msg,
    };
    return {
      opened: false,
      id: null,
      merchant_name: null,
      name: null,
      amount: null,
      currency: null,
      pg_provider: null,
      billing: false,
      autopilot: null,
      banks: null,
      rsp,
      redirect_url: body.device === 'mobile' ? redirectUrl(raw.m_redirect_url, rsp) : null,
    };
  };

  const merchant = sb.store.merchants.find(body.merchant);
  if (!merchant) return refuse(CODE.refused, WMSG.unknownMerchant(body.merchant));
  const parsed = PayParamsSchema.safeParse(raw);
  if (!parsed.success) return refuse(CODE.refused, WMSG.badParams(firstIssue(parsed.error)));
  const p = parsed.data;
  const channel = pickChannel(merchant, 'payment', p.pg, p.channelKey);
  if (!channel) return refuse(CODE.noPgModule, WMSG.noPgModule);
  const billing = p.customer_uid !== undefined;
  if (billing && p.pay_method !== 'card') return refuse(CODE.refused, WMSG.billingCardOnly);
  const vbank = !billing && p.pay_method === 'vbank';
  if (!billing && p.pay_method !== 'card' && !vbank) return refuse(CODE.refused, WMSG.cardOnly(p.pay_method));
  if (vbank && p.amount <= 0) return refuse(CODE.refused, WMSG.vbankNoAmount);
  if (vbank && p.vbank_due !== undefined) {
    const due = parseVbankDue(String(p.vbank_due));
    if (due === null) return refuse(CODE.refused, WMSG.badVbankDue(String(p.vbank_due)));
    // Unconfirmed (no source says what a PG does with a due date already past): refused before opening, like other bad params.
    if (due <= sb.clock.nowSeconds()) return refuse(CODE.refused, WMSG.vbankDuePast(String(p.vbank_due)));
  }
  if (billing && channel.pg_provider === 'kicc' && !p.buyer_tel) return refuse(CODE.refused, WMSG.buyerTelRequired);

  return tx(sb.db, () => {
    // sdk-v1.md §2: a merchant_uid already paid is refused before the window opens; api-v1.md §3.3: so is an
    // amount that differs from POST /payments/prepare.
    if (sb.store.payments.paidByMerchantUid(merchant.id, p.merchant_uid)) return refuse(CODE.refused, MSG.alreadyPaid);
    const prepared = sb.store.payments.getPrepare(merchant.id, p.merchant_uid);
    if (prepared && prepared.amount !== p.amount)
      return refuse(CODE.refused, WMSG.prepareMismatch(prepared.amount, p.amount));
    if (prepared?.currency && prepared.currency !== (p.currency ?? 'KRW'))
      return refuse(CODE.refused, WMSG.prepareCurrencyMismatch);

    const w: WindowRequest = {
      id:
        'win_' +
        sb.ids.unique(
          () => sb.ids.hex(24),
          (id) => sb.store.window.get(`win_${id}`) !== undefined,
        ),
      device: body.device,
      params: p,
      pg_provider: channel.pg_provider,
      pg_id: channel.pg_id,
      user_agent: userAgent,
      opened_at: sb.clock.nowSeconds(),
      done: null,
    };
    sb.store.window.insert(merchant.id, w);
    const armed = sb.store.window.takeArmed(merchant.id);
    return {
      opened: true,
      id: w.id,
      merchant_name: merchant.name,
      name: p.name ?? null,
      amount: p.amount,
      currency: p.currency ?? 'KRW',
      pg_provider: channel.pg_provider,
      billing,
      autopilot: !armed
        ? null
        : vbank
          ? vbankPlan(sb, armed.action)
          : autopilotPlan(sb, armed.action, armed.card_number, billing),
      banks: vbank ? sb.banks.banks.map(({ code, name, name_en }) => ({ code, name, name_en })) : null,
      rsp: null,
      redirect_url: null,
    };
  });
}

/** The card data an armed window types in: the given card, or one whose rule gives the armed outcome. */
function autopilotPlan(
  sb: Sandbox,
  action: AutopilotPlan['action'],
  cardNumber: string | undefined,
  billing: boolean,
): AutopilotPlan {
  // Picked from the test-card table (data, not code). A billing issue charges nothing, so "decline" needs a card
  // refused at issuance; a payment, one declined at charge. "cancel" never submits, so any approving card does.
  const rules = sb.cards.rules;
  const pick =
    action !== 'decline'
      ? rules.find((r) => r.issue.result === 'approve' && r.charge.result === 'approve')
      : billing
        ? rules.find((r) => r.issue.result === 'refuse')
        : rules.find((r) => r.issue.result === 'approve' && r.charge.result === 'decline');
  if (!pick)
    throw new ApiError(
      409,
      -1,
      `fixtures/cards.json has no card for autopilot "${action}"${billing ? ' (billing key)' : ''}`,
    );
  const fallback = pick.number.replace(/(\d{4})(?=\d)/g, '$1-'); // typed as people type it: 4111-1111-1111-1111
  const y = new Date(sb.clock.now()).getUTCFullYear() + 5;
  return {
    action,
    card_number: cardNumber ?? fallback,
    expiry: `12/${String(y % 100).padStart(2, '0')}`,
    birth: '900101',
    pwd_2digit: '12',
  };
}

/**
 * The armed action in a virtual-account window: approve picks the first bank of fixtures/banks.json and submits.
 * A virtual account has nothing to decline (no card; the bank never refuses an issue), so "decline" cancels, the only
 * way such a window can end without an account.
 */
function vbankPlan(sb: Sandbox, action: AutopilotPlan['action']): VbankAutopilotPlan {
  return action === 'approve'
    ? { action, vbank_code: sb.banks.banks[0]!.code }
    : { action: 'cancel', vbank_code: sb.banks.banks[0]!.code };
}

/** POST /__sandbox/window/autopilot: pre-arm the next window of a merchant (default merchant when omitted). */
export function armAutopilot(
  sb: Sandbox,
  body: z.infer<typeof AutopilotBodySchema>,
): { merchant: string; action: string; card_number: string | null } {
  const merchant = body.merchant ? sb.store.merchants.find(body.merchant) : sb.store.merchants.all()[0];
  if (!merchant) throw notFound(WMSG.unknownMerchant(body.merchant ?? ''));
  tx(sb.db, () => sb.store.window.arm(merchant.id, { action: body.action, card_number: body.card_number }));
  return { merchant: merchant.merchant_code, action: body.action, card_number: body.card_number ?? null };
}

function openRequest(sb: Sandbox, id: string): { merchant: Merchant; w: WindowRequest; channel: Channel } {
  const rec = sb.store.window.get(id);
  const merchant = rec && sb.store.merchants.get(rec.merchantId);
  if (!rec || !merchant) throw notFound(WMSG.windowNotFound);
  if (rec.status !== 'open') throw new ApiError(409, 1, WMSG.windowDone);
  const w = rec.request;
  const channel = pickChannel(merchant, 'payment', `${w.pg_provider}.${w.pg_id}`);
  if (!channel) throw notFound(WMSG.windowNotFound);
  return { merchant, w, channel };
}

/** Form format errors keep the window open (HTTP 400, the person corrects them); everything else ends it. */
function checkForm(f: SubmitBody): void {
  const digits = cardDigits(f.card_number);
  if (!digits || !luhnValid(digits)) throw badRequest(WMSG.badCardNumber);
  if (!parseExpiry(f.expiry)) throw badRequest(WMSG.badExpiry);
  if (!/^(\d{6}|\d{10})$/.test(f.birth.replace(/-/g, ''))) throw badRequest(WMSG.badBirth);
  if (!/^\d{2}$/.test(f.pwd_2digit)) throw badRequest(WMSG.badPwd);
}

/** The submit button: issue a billing key (nothing charged) or charge the card, through the REST gateway code. */
export function submitWindow(sb: Sandbox, id: string, form: SubmitBody): Done {
  const { merchant, w, channel } = openRequest(sb, id);
  if (w.params.pay_method === 'vbank' && w.params.customer_uid === undefined)
    return issueVbank(sb, merchant, w, channel, form.vbank_code);
  checkForm(form);
  const p = w.params;
  const billing = p.customer_uid !== undefined;
  const now = sb.clock.nowSeconds();
  let payment: Payment;
  let errorCode: string | null = null;
  // Set once the card passed its checks: a later ApiError is the PG's, an earlier one the card's refusal.
  const checked: { card: StoredCard | null } = { card: null };
  try {
    payment = tx(sb.db, () => {
      const impUid = newImpUid(sb, 'imp_');
      const { rule, digits } = checkCard(
        sb.cards,
        form,
        sb.clock.now(),
        billing ? MSG.billingKeyFailed : MSG.cardAuthFailed,
      );
      const card = storedCard(rule, digits);
      checked.card = card;
      let pay: Payment;
      if (billing) {
        saveBillingKey(sb, merchant, channel, p.customer_uid!, card, {
          customer_id: p.customer_id,
          customer_name: p.buyer_name,
          customer_tel: p.buyer_tel,
          customer_email: p.buyer_email,
          customer_addr: p.buyer_addr,
          customer_postcode: p.buyer_postcode,
        });
        // KICC approves nothing at issuance (sdk-v1.md §3.4, H); the record's status and amount are unconfirmed
        // (one log: paid / 0): we record paid with amount 0, or the displayed amount with WINDOW_ISSUE_AMOUNT=requested.
        pay = basePayment(w, channel, impUid, now, {
          status: 'paid',
          amount: sb.config.WINDOW_ISSUE_AMOUNT === 'requested' ? p.amount : 0,
          paid_at: now,
          pg_tid: pgApproval(sb, channel).pg_tid,
          ...cardFields(card),
          customer_uid: p.customer_uid!,
          customer_uid_usage: 'issue',
        });
        sb.store.payments.insert(merchant.id, pay, now);
      } else {
        pay = charge(sb, merchant, {
          channel,
          card,
          body: {
            merchant_uid: p.merchant_uid,
            amount: p.amount,
            name: p.name,
            currency: p.currency,
            buyer_name: p.buyer_name,
            buyer_email: p.buyer_email,
            buyer_tel: p.buyer_tel,
            buyer_addr: p.buyer_addr,
            buyer_postcode: p.buyer_postcode,
            custom_data: customDataString(p.custom_data),
            card_quota: p.card_quota,
            notice_url: p.notice_url,
          },
          customer_uid: null,
          usage: null,
          via: { method: 'POST', path: '/window/api/requests/:id/submit' },
          user_agent: w.user_agent,
          window: { imp_uid: impUid, channel: w.device },
        });
        if (pay.status === 'failed') errorCode = CODE.declined;
      }
      finish(sb, w, pay, errorCode);
      return pay;
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // The card was refused, or the PG failed (card rule or fault book): the window's payment still exists, failed.
    const card = checked.card;
    errorCode = card === null ? CODE.declined : CODE.stopped;
    payment = tx(sb.db, () => {
      const pay = basePayment(w, channel, newImpUid(sb, 'imp_'), now, {
        status: 'failed',
        failed_at: now,
        fail_reason: e.message,
        ...(card ? cardFields(card) : {}),
        customer_uid: p.customer_uid ?? null,
        customer_uid_usage: billing ? 'issue' : null,
      });
      sb.store.payments.insert(merchant.id, pay, now);
      finish(sb, w, pay, errorCode);
      return pay;
    });
  }
  // No webhook for failures (sdk-v1.md §3.3, H).
  if (payment.status === 'paid') sb.webhooks.paymentEvent(merchant, payment, { notice_url: p.notice_url });
  return sb.store.window.get(id)!.request.done!;
}

/**
 * The submit button of a virtual-account window: the account is issued at once, the payment is `ready` with the
 * vbank_* fields (api-v1.md §4), and the callback says success (sdk-v1.md §3.2: "approved or the virtual account was
 * issued"). An unknown bank keeps the window open (400), like a badly typed card.
 */
function issueVbank(
  sb: Sandbox,
  merchant: Merchant,
  w: WindowRequest,
  channel: Channel,
  code: string | undefined,
): Done {
  const bank = code === undefined ? undefined : sb.banks.get(code);
  if (!bank) throw badRequest(WMSG.chooseBank);
  const p = w.params;
  const now = sb.clock.nowSeconds();
  const payment = tx(sb.db, () => {
    const { pg_tid, receipt_url } = pgApproval(sb, channel);
    const pay = basePayment(w, channel, newImpUid(sb, 'imp_'), now, {
      status: 'ready',
      pay_method: 'vbank',
      pg_tid,
      receipt_url,
      vbank_code: bank.code,
      vbank_name: bank.name,
      vbank_num: accountNumber(bank, (n) => sb.ids.digits(n)),
      // Unconfirmed (api-v1.md §4 only says "string/null"): the holder a PG shows is usually the merchant's name; we
      // use the merchant's name as the sandbox knows it.
      vbank_holder: merchant.name,
      // Checked when the window opened. Unconfirmed default: see defaultVbankDue (7 days, end of day KST).
      vbank_date: p.vbank_due !== undefined ? parseVbankDue(String(p.vbank_due))! : defaultVbankDue(now),
      vbank_issued_at: now,
      paid_at: 0,
    });
    sb.store.payments.insert(merchant.id, pay, now);
    finish(sb, w, pay, null);
    return pay;
  });
  // api-v1.md §6: a virtual account issued notifies with status `ready`; after the commit, as every webhook.
  sb.webhooks.paymentEvent(merchant, payment, { notice_url: p.notice_url });
  return sb.store.window.get(w.id)!.request.done!;
}

/**
 * POST /__sandbox/vbanks/:imp_uid/deposit: the buyer transfers the amount due; the payment becomes `paid` (api-v1.md
 * §6: a deposit notifies `paid`). Found by imp_uid across merchants (a control call, like a bank's notice to the
 * gateway). Messages are the control API's own (English). The deposit history is not written: api-v1.md §4 has it only
 * for fixed (unlimited) accounts, and ours are one-off; the depositor's name is echoed back only.
 */
export function depositVbank(sb: Sandbox, impUid: string, given: DepositBody): DepositResult {
  const body = given ?? {};
  const merchantId = sb.store.payments.ownerOf(impUid);
  const merchant = merchantId === undefined ? undefined : sb.store.merchants.get(merchantId);
  if (!merchant) throw notFound(`Unknown imp_uid "${impUid}"`);
  const payment = tx(sb.db, () => {
    const p = sb.store.payments.get(merchant.id, impUid)!;
    if (p.pay_method !== 'vbank' || p.vbank_issued_at === 0)
      throw new ApiError(409, -1, `Payment ${impUid} is not a virtual account (pay_method "${p.pay_method}")`);
    if (p.status !== 'ready')
      throw new ApiError(
        409,
        -1,
        `Virtual account ${impUid} is ${p.status}, not ready: only an issued, unpaid account takes a deposit`,
      );
    const now = sb.clock.nowSeconds();
    // Unconfirmed: expiry is not modelled (an account past its due stays `ready`, as nothing says what the gateway
    // records then), but a bank closes the account at its due, so a later deposit is refused.
    if (now > p.vbank_date)
      throw new ApiError(
        409,
        -1,
        `Virtual account ${impUid} was due at ${new Date(p.vbank_date * 1000).toISOString()}; it takes no deposit after that`,
      );
    // Unconfirmed (no public source on a wrong amount; most PGs refuse the transfer at the bank): refused here, so a
    // test never produces a `paid` payment whose paid amount differs from `amount`.
    const amount = body.amount ?? p.amount;
    if (amount !== p.amount)
      throw badRequest(
        `Deposit amount ${amount} differs from the amount due ${p.amount}; a virtual account takes exactly the amount due`,
      );
    const after: Payment = { ...p, status: 'paid', paid_at: now };
    sb.store.payments.update(merchant.id, after, now);
    return after;
  });
  // The deposit webhook goes where the issue's went: the request's notice_url, else the merchant's URL.
  const w = sb.store.window.byImpUid(merchant.id, impUid);
  sb.webhooks.paymentEvent(merchant, payment, { notice_url: w?.params.notice_url });
  return { merchant: merchant.merchant_code, depositor_name: body.depositor_name ?? null, payment };
}

/**
 * The cancel button. Unconfirmed (sdk-v1.md §3.3): most PGs store a cancelled window as `ready`, INICIS and the new
 * docs ("window closed / cancel button") as `failed`. We store `failed`, fail_reason = the callback's message, so
 * GET /payments/{imp_uid} agrees with rsp.status.
 */
export function cancelWindow(sb: Sandbox, id: string): Done {
  const { merchant, w, channel } = openRequest(sb, id);
  const now = sb.clock.nowSeconds();
  tx(sb.db, () => {
    const pay = basePayment(w, channel, newImpUid(sb, 'imp_'), now, {
      status: 'failed',
      failed_at: now,
      fail_reason: WMSG.userCancelled,
      customer_uid: w.params.customer_uid ?? null,
      customer_uid_usage: w.params.customer_uid !== undefined ? 'issue' : null,
    });
    sb.store.payments.insert(merchant.id, pay, now);
    finish(sb, w, pay, CODE.stopped, WMSG.userCancelled);
  });
  return sb.store.window.get(id)!.request.done!;
}

/** Record the end of a window (inside the caller's transaction): the callback and the redirect are fixed now. */
function finish(sb: Sandbox, w: WindowRequest, pay: Payment, errorCode: string | null, errorMsg?: string): void {
  const rsp = callbackOf(pay, w.params, errorCode, errorMsg);
  w.done = { rsp, redirect_url: w.device === 'mobile' ? redirectUrl(w.params.m_redirect_url, rsp) : null };
  sb.store.window.finish(w);
}

function basePayment(
  w: WindowRequest,
  channel: Channel,
  impUid: string,
  now: number,
  fields: Partial<Payment>,
): Payment {
  const p = w.params;
  return newPayment({
    imp_uid: impUid,
    merchant_uid: p.merchant_uid,
    amount: p.amount,
    started_at: now,
    status: 'ready',
    pay_method: p.pay_method,
    channel: w.device,
    pg_provider: channel.pg_provider,
    pg_id: channel.pg_id,
    sandbox: channel.sandbox,
    name: p.name ?? null,
    currency: p.currency ?? 'KRW',
    ...buyerOf(p),
    custom_data: customDataString(p.custom_data),
    user_agent: w.user_agent,
    card_quota: p.card_quota ?? 0,
    ...fields,
  });
}

function cardFields(c: StoredCard): Partial<Payment> {
  return {
    card_code: c.card_code,
    card_name: c.card_name,
    card_issuer_code: c.card_code,
    card_issuer_name: c.card_name,
    card_publisher_code: c.card_code,
    card_publisher_name: c.card_name,
    card_number: c.card_number,
    card_type: c.card_type,
  };
}

/** custom_data is stored as a JSON string (objects stringified, strings kept), as the REST API does. */
function customDataString(v: unknown): string | null {
  return v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The callback object, built from the stored payment so it agrees with GET /payments/{imp_uid}. custom_data is
 * echoed as the page sent it (an object stays an object). error_code/error_msg only on failure (sdk-v1.md checklist 5).
 */
export function callbackOf(pay: Payment, params: PayParams, errorCode: string | null, errorMsg?: string): Callback {
  // A virtual account issued is a success with status `ready` and the amount due as paid_amount (sdk-v1.md §3.2).
  const issued = pay.status === 'ready' && pay.pay_method === 'vbank' && pay.vbank_issued_at > 0;
  const paid = pay.status === 'paid' || issued;
  const rsp: Callback = {
    success: paid,
    imp_success: paid,
    imp_uid: pay.imp_uid,
    merchant_uid: pay.merchant_uid,
    pay_method: pay.pay_method,
    status: pay.status,
    paid_amount: paid ? pay.amount : 0,
    currency: pay.currency,
    name: pay.name,
    pg_provider: pay.pg_provider,
    pg_type: 'payment',
    pg_tid: pay.pg_tid,
    apply_num: pay.apply_num,
    card_name: pay.card_name,
    card_number: pay.card_number,
    card_quota: pay.card_quota,
    bank_name: pay.bank_name,
    buyer_name: pay.buyer_name,
    buyer_email: pay.buyer_email,
    buyer_tel: pay.buyer_tel,
    buyer_addr: pay.buyer_addr,
    buyer_postcode: pay.buyer_postcode,
    custom_data: params.custom_data ?? null,
    paid_at: pay.paid_at,
    receipt_url: pay.receipt_url,
  };
  if (pay.customer_uid) rsp.customer_uid = pay.customer_uid;
  if (issued)
    Object.assign(rsp, {
      vbank_num: pay.vbank_num,
      vbank_name: pay.vbank_name,
      vbank_holder: pay.vbank_holder,
      vbank_date: pay.vbank_date,
    });
  if (!paid) {
    rsp.error_code = errorCode ?? CODE.stopped;
    rsp.error_msg =
      errorMsg ??
      (rsp.error_code === CODE.declined
        ? WMSG.declined(pay.imp_uid, pay.fail_reason ?? '')
        : WMSG.pgFailed(pay.imp_uid, pay.fail_reason ?? ''));
  }
  return rsp;
}

/**
 * Where a mobile window goes at its end: m_redirect_url with imp_uid, merchant_uid, imp_success ("true"/"false"),
 * and error_code, error_msg on failure, keeping its own query (sdk-v1.md §4). imp_uid is empty when none was
 * issued (refused before opening). Only absolute http(s) URLs are followed (the SDK resolves relative ones).
 * Unconfirmed (sdk-v1.md "Could not confirm"): whether KICC's mobile success carries imp_success; we always add it.
 */
export function redirectUrl(target: unknown, rsp: Callback): string | null {
  if (typeof target !== 'string' || target === '') return null;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.searchParams.append('imp_uid', rsp.imp_uid ?? '');
  url.searchParams.append('merchant_uid', rsp.merchant_uid ?? '');
  url.searchParams.append('imp_success', String(rsp.success));
  if (!rsp.success) {
    url.searchParams.append('error_code', rsp.error_code ?? '');
    url.searchParams.append('error_msg', rsp.error_msg ?? '');
  }
  return url.href;
}

function firstIssue(err: z.ZodError): string {
  const i = err.issues[0]!;
  const field = i.path.join('.');
  return field ? `${field}: ${i.message}` : i.message;
}
