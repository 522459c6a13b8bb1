// Virtual accounts (pay_method 'vbank'): issued by the payment window or by REST (POST /vbanks, changed by PUT and
// revoked by DELETE /vbanks/{imp_uid}), paid in by the control API's deposit; the holder lookup (GET /vbanks/holder).

import { CMSG } from '../http/control-messages.js';
import { badRequest, conflict, notFound, refused } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { Bank } from '../schemas/banks.js';
import type { Channel, Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type {
  CreateVbankBody,
  ModifyVbankBody,
  VbankHolder,
  VbankHolderQuery,
  VbankRecord,
} from '../schemas/vbanks.js';
import type { DepositBody, DepositResult, Done } from '../schemas/window.js';
import type { WindowRequest } from '../store/window.js';
import { accountNumber, defaultVbankDue, type HolderBook, parseVbankDue } from './banks.js';
import type { Gateway } from './context.js';
import { cvsNoticeUrl } from './cvs.js';
import { channelByKey, givenChannelKey, pickChannel } from './merchants.js';
import { buyerOf, newImpUid, newPayment, pgApproval } from './payments.js';
import { basePayment, finish } from './window-result.js';
import { onMerchantClock } from '../sandbox/clock.js';

/** A payment that is a virtual account (issued: vbank_issued_at set), whatever its status. */
const isVbank = (p: Payment) => p.pay_method === 'vbank' && p.vbank_issued_at > 0;

/**
 * What an issue draws and sets, the window's and REST's alike: the PG's ids, the imp_uid, and the fields of a `ready`
 * virtual account (api-v1.md §4; `vbank_num` drawn in the bank's format unless given). Runs inside the caller's
 * transaction; the draws keep one order (PG ids, imp_uid, account digits), so seeded runs stay the same.
 */
function issuedAccount(
  sb: Pick<Gateway, 'store' | 'ids'>,
  channel: Channel,
  prefix: 'imp_' | 'imps_',
  a: { bank: Bank; holder: string; due: number; now: number; num?: string },
): { imp_uid: string; fields: Partial<Payment> } {
  const { pg_tid, receipt_url } = pgApproval(sb, channel);
  const imp_uid = newImpUid(sb, prefix);
  const fields: Partial<Payment> = {
    status: 'ready',
    pay_method: 'vbank',
    pg_tid,
    receipt_url,
    vbank_code: a.bank.code,
    vbank_name: a.bank.name,
    vbank_num: a.num ?? accountNumber(a.bank, (n) => sb.ids.digits(n)),
    vbank_holder: a.holder,
    vbank_date: a.due,
    vbank_issued_at: a.now,
    paid_at: 0,
  };
  return { imp_uid, fields };
}

/**
 * Where a payment's webhooks go (undefined: the merchant's URL): the notice_url of the window, of POST /vbanks, or
 * of POST /cvs that issued it.
 */
function noticeUrlOf(sb: Pick<Gateway, 'store'>, merchantId: string, impUid: string) {
  const w = sb.store.window.byImpUid(merchantId, impUid);
  if (w) return w.params.notice_url;
  const rest = sb.store.records.get<VbankRecord>(merchantId, 'vbank', impUid);
  if (rest) return rest.notice_url;
  return cvsNoticeUrl(sb, merchantId, impUid);
}

/**
 * The submit button of a virtual-account window: the account is issued at once, the payment is `ready` with the
 * vbank_* fields (api-v1.md §4), and the callback says success (sdk-v1.md §3.2: "approved or the virtual account was
 * issued"). An unknown bank keeps the window open (400), like a badly typed card.
 */
export function issueVbank(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids' | 'banks' | 'webhooks'>,
  merchant: Merchant,
  w: WindowRequest,
  channel: Channel,
  code: string | undefined,
): Done {
  const bank = code === undefined ? undefined : sb.banks.get(code);
  if (!bank) throw badRequest(MSG.chooseBank, 'vbank_code');
  const p = w.params;
  const now = sb.clock.nowSeconds();
  sb.store.tx(() => {
    const { imp_uid, fields } = issuedAccount(sb, channel, 'imp_', {
      bank,
      // Unconfirmed (api-v1.md §4 only says "string/null"): the holder a PG shows is usually the merchant's name; we
      // use the merchant's name as the sandbox knows it.
      holder: merchant.name,
      // Checked when the window opened. Unconfirmed default: see defaultVbankDue (7 days, end of day KST).
      due: p.vbank_due !== undefined ? parseVbankDue(String(p.vbank_due))! : defaultVbankDue(now),
      now,
    });
    const pay = basePayment(w, channel, imp_uid, now, fields);
    sb.store.payments.insert(merchant.id, pay, now);
    finish(sb, w, pay, null);
    // api-v1.md §6: a virtual account issued notifies with status `ready`.
    sb.webhooks.paymentEvent(merchant, pay, { notice_url: p.notice_url });
  });
  return sb.store.window.get(w.id)!.request.done!;
}

/**
 * POST /__sandbox/vbanks/:imp_uid/deposit: the buyer transfers the amount due; the payment becomes `paid` (api-v1.md
 * §6: a deposit notifies `paid`). Found by imp_uid across merchants (a control call, like a bank's notice to the
 * gateway). Messages are the control API's own (English). The deposit history is written for fixed unlimited accounts
 * only (POST /vbanks with fixed_unlimited_vbank: the spec's deposit_history is "고정식 무제한 가상계좌 입금 내역"), which
 * take deposits again once paid; for the others the depositor's name is echoed back only.
 */
export function depositVbank(
  parts: Pick<Gateway, 'store' | 'clock' | 'clocks' | 'webhooks' | 'ids'>,
  impUid: string,
  given: DepositBody,
): DepositResult {
  const body = given ?? {};
  const merchantId = parts.store.payments.ownerOf(impUid);
  const merchant = merchantId === undefined ? undefined : parts.store.merchants.get(merchantId);
  if (!merchant) throw notFound(CMSG.unknownImpUid(impUid));
  const sb = onMerchantClock(parts, merchant.id);
  const payment = sb.store.tx(() => {
    const p = sb.store.payments.get(merchant.id, impUid)!;
    // A convenience-store barcode (gateway/cvs.ts) is paid in at the counter the same way.
    const payable = isVbank(p) || p.pay_method === 'cvs';
    if (!payable || p.vbank_issued_at === 0) throw conflict(CMSG.notVbank(impUid, p.pay_method));
    // Unconfirmed (the spec names the flag and the history only): a fixed unlimited account stays open once paid, and
    // each deposit (the amount due, as for any account) is one entry of deposit_history and one `paid` webhook.
    const unlimited = sb.store.records.get<VbankRecord>(merchant.id, 'vbank', impUid)?.fixed_unlimited === true;
    if (p.status !== 'ready' && !(unlimited && p.status === 'paid'))
      throw conflict(CMSG.vbankNotReady(impUid, p.status));
    const now = sb.clock.nowSeconds();
    // Unconfirmed: the expiry. An account past its due stays `ready` and no webhook goes out (the V1 payment has no
    // such status and the webhook events list none, api-v1.md §4, §6), but a bank closes the account at its due, so a
    // later deposit is refused. Lazy on this merchant's clock, so GET /payments and the webhooks agree.
    if (now > p.vbank_date) throw conflict(CMSG.vbankPastDue(impUid, new Date(p.vbank_date * 1000).toISOString()));
    // Unconfirmed (no public source on a wrong amount; most PGs refuse the transfer at the bank): refused here, so a
    // test never produces a `paid` payment whose paid amount differs from `amount`.
    const amount = body.amount ?? p.amount;
    if (amount !== p.amount) throw badRequest(CMSG.depositAmount(amount, p.amount));
    // Several accounts may wait on one merchant_uid (the spec, modifyVbank); once one of them is paid (or the order
    // was revoked), the others take no payment: a merchant_uid is paid once (docs/architecture.md).
    const taken = sb.store.payments.paidByMerchantUid(merchant.id, p.merchant_uid);
    if (taken && taken.imp_uid !== p.imp_uid)
      throw conflict(CMSG.vbankOrderTaken(impUid, p.merchant_uid, taken.imp_uid));
    // Unconfirmed: a depositor not named is the buyer (an empty string without one: the spec's field is a string).
    const deposit_history = unlimited
      ? [
          ...p.deposit_history,
          {
            pg_tid: sb.ids.digits(20),
            amount,
            depositor_name: body.depositor_name ?? p.buyer_name ?? '',
            deposited_at: now,
          },
        ]
      : p.deposit_history;
    // paid_at stays the first deposit's: the payment was paid then.
    const after: Payment = { ...p, status: 'paid', paid_at: p.paid_at || now, deposit_history };
    sb.store.payments.update(merchant.id, after, now);
    // The deposit webhook goes where the issue's went: the request's notice_url, else the merchant's URL.
    sb.webhooks.paymentEvent(merchant, after, { notice_url: noticeUrlOf(sb, merchant.id, impUid) });
    return after;
  });
  return { merchant: merchant.merchant_code, depositor_name: body.depositor_name ?? null, payment };
}

// ---------------------------------------------------------------------------------------------------------------
// REST: POST /vbanks, PUT and DELETE /vbanks/{imp_uid} (the spec's createVbank, modifyVbank, revokeVbank).

/**
 * vbank_due of POST/PUT /vbanks as UNIX seconds, or null. The spec says "UNIX TIMESTAMP" (an integer); the SDK's
 * formats (parseVbankDue) are read too. Unconfirmed: digits of 8, 12 or 14 figures are read as YYYYMMDD[hhmm[ss]]
 * in KST (as seconds they would be 1970, or after the year 8000), other digits of up to 10 figures as seconds.
 */
export function readVbankDue(v: number | string): number | null {
  const s = typeof v === 'number' ? (Number.isInteger(v) && v >= 0 ? String(v) : '') : v.trim();
  if (/^\d+$/.test(s) && ![8, 12, 14].includes(s.length)) return s.length <= 10 ? Number(s) : null;
  return parseVbankDue(s);
}

/** A due that can be read and lies ahead, or the 400 saying which of the two it is not. */
function dueAhead(v: number | string, now: number): number {
  const due = readVbankDue(v);
  if (due === null) throw badRequest(MSG.vbankBadDue(String(v)), 'vbank_due');
  if (due <= now) throw badRequest(MSG.vbankDuePast(String(v)), 'vbank_due');
  return due;
}

/**
 * The channel of a REST issue: an API (key-in, 'api_payment') channel, as for the billing API — the old docs ask for
 * `pg` "when two API-type (비인증) PG settings exist" and fall back on the default one for a missing or unknown `pg`.
 * A channel_key must name one of the merchant's API channels exactly: an unknown key or a window channel's key is
 * refused (HTTP 200 code 1, like the real "no API channel" refusal), never replaced by another channel. Unconfirmed:
 * the channel type and the refusals. The spec lists the PGs that support the API (KICC is not one); the sandbox
 * issues on any API channel, so that the flow can be tested with the fixture merchants.
 */
function restChannel(m: Merchant, pg: string | undefined, channelKey: string | undefined): Channel {
  const key = givenChannelKey({ channel_key: channelKey });
  if (key) return channelByKey(m, key, 'api_payment');
  const c = pickChannel(m, 'api_payment', pg);
  if (!c) throw refused(MSG.noApiChannel, 1);
  return c;
}

/**
 * POST /vbanks: issue an account; the payment is `ready` (api-v1.md §8), `channel: "api"` and an `imps_` imp_uid like
 * the other REST payments (Unconfirmed for vbanks), and a `ready` webhook goes to notice_url, else the merchant's URL
 * (api-v1.md §6). Several `ready` accounts may share a merchant_uid (the spec); one already paid refuses the issue
 * (the spec; HTTP 200 code 1 with the billing API's message). Bad input (amount ≤ 0, a bad or past due, a bank the
 * sandbox cannot issue at) is a 400. Unconfirmed: vbank_holder defaults to the merchant's name (the spec: several PGs
 * always use it), and a given vbank_num (a fixed account) is used as the account number.
 */
export function createVbank(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids' | 'banks' | 'webhooks'>,
  merchant: Merchant,
  body: CreateVbankBody,
  userAgent: string | null,
): Payment {
  const channel = restChannel(merchant, body.pg, body.channel_key);
  if (!(body.amount > 0)) throw badRequest(MSG.vbankNoAmount, 'amount');
  const now = sb.clock.nowSeconds();
  const due = dueAhead(body.vbank_due, now);
  const bank = sb.banks.get(body.vbank_code);
  if (!bank) throw badRequest(MSG.vbankUnknownBank(body.vbank_code), 'vbank_code');
  return sb.store.tx(() => {
    // A revoked account also uses up its merchant_uid here (a merchant_uid is paid or cancelled once).
    const used = sb.store.payments.paidByMerchantUid(merchant.id, body.merchant_uid);
    if (used) throw refused(used.paid_at > 0 ? MSG.alreadyPaid : MSG.vbankUidRevoked(body.merchant_uid), 1);
    const holder = body.vbank_holder ?? merchant.name;
    const { imp_uid, fields } = issuedAccount(sb, channel, 'imps_', { bank, holder, due, now, num: body.vbank_num });
    const pay = newPayment({
      imp_uid,
      merchant_uid: body.merchant_uid,
      amount: body.amount,
      started_at: now,
      status: 'ready',
      channel: 'api',
      pg_provider: channel.pg_provider,
      pg_id: channel.pg_id,
      sandbox: channel.sandbox,
      name: body.name ?? null,
      ...buyerOf(body),
      custom_data: body.custom_data ?? null,
      user_agent: userAgent,
      ...fields,
    });
    sb.store.payments.insert(merchant.id, pay, now);
    const record: VbankRecord = { imp_uid, notice_url: body.notice_url ?? null };
    if (body.fixed_unlimited_vbank === true) record.fixed_unlimited = true;
    sb.store.records.put(merchant.id, 'vbank', imp_uid, record, now);
    sb.webhooks.paymentEvent(merchant, pay, { notice_url: body.notice_url });
    return pay;
  });
}

/** The merchant's account still waiting for its deposit: 404 unknown, 400 not a vbank or not `ready` (the spec). */
function readyVbank(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): Payment {
  const p = sb.store.payments.get(merchant.id, impUid);
  // Unconfirmed: the message (the lookups' real one).
  if (!p) throw notFound(MSG.paymentNotFound);
  if (!isVbank(p)) throw badRequest(MSG.vbankNotVbank(p.pay_method));
  if (p.status !== 'ready') throw badRequest(MSG.vbankNotReady(p.status));
  return p;
}

/**
 * PUT /vbanks/{imp_uid}: a new amount and/or due for an account not paid yet; the answer is the payment after the
 * change. No webhook (none is listed for it, api-v1.md §6). Unconfirmed: the spec supports it on Hecto (settle) only;
 * the sandbox changes any unpaid account, the window's too. An account past its due is refused (400): its bank has
 * closed it (see the expiry in depositVbank).
 */
export function modifyVbank(
  sb: Pick<Gateway, 'store' | 'clock'>,
  merchant: Merchant,
  impUid: string,
  given: ModifyVbankBody,
): Payment {
  const body = given ?? {};
  return sb.store.tx(() => {
    const p = readyVbank(sb, merchant, impUid);
    if (body.amount === undefined && body.vbank_due === undefined) throw badRequest(MSG.vbankNothingToModify);
    const now = sb.clock.nowSeconds();
    if (now > p.vbank_date) throw badRequest(MSG.vbankExpired(p.vbank_date), 'vbank_due');
    if (body.amount !== undefined && !(body.amount > 0)) throw badRequest(MSG.vbankNoAmount, 'amount');
    const after: Payment = {
      ...p,
      amount: body.amount ?? p.amount,
      vbank_date: body.vbank_due === undefined ? p.vbank_date : dueAhead(body.vbank_due, now),
    };
    sb.store.payments.update(merchant.id, after, now);
    return after;
  });
}

/**
 * DELETE /vbanks/{imp_uid}: the account is closed before any deposit; the payment becomes `cancelled`
 * (`cancelled_at` now, `cancel_amount` = the amount, no cancel_history entry: no money moved — as DELETE /cvs does).
 * Unconfirmed: all of that, and that no webhook is sent (an API cancel sends none unless asked, api-v1.md §6). Works
 * on the window's accounts too (the spec lists KICC for it). A sandbox limit: a merchant_uid is paid or cancelled once,
 * so an account whose merchant_uid another payment has already paid (or cancelled) cannot be revoked (400).
 */
export function revokeVbank(sb: Pick<Gateway, 'store' | 'clock'>, merchant: Merchant, impUid: string): Payment {
  return sb.store.tx(() => {
    const p = readyVbank(sb, merchant, impUid);
    const taken = sb.store.payments.paidByMerchantUid(merchant.id, p.merchant_uid);
    if (taken) throw badRequest(MSG.vbankRevokeTaken(p.merchant_uid, taken.imp_uid));
    const now = sb.clock.nowSeconds();
    const after: Payment = { ...p, status: 'cancelled', cancelled_at: now, cancel_amount: p.amount };
    sb.store.payments.update(merchant.id, after, now);
    return after;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// GET /vbanks/holder: not among the spec's 80 operations today, but documented by the older docs and used by clients.

/**
 * GET /vbanks/holder?bank_code=&bank_num=: `{bank_holder}` of an account of fixtures/vbank-holders.json; any other
 * account is 404 (the docs: "계좌정보 조회 실패"), a missing parameter 400 (the schema). Unconfirmed: the accounts the
 * sandbox issues are not looked up (a bank's holder service knows real accounts, not virtual ones).
 */
export function vbankHolder(book: HolderBook, q: VbankHolderQuery): VbankHolder {
  const h = book.get(q.bank_code, q.bank_num);
  if (!h) throw notFound(MSG.vbankHolderNotFound);
  return { bank_holder: h.bank_holder };
}
