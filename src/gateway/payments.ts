// Payments: building payment objects (every field present, 0/null/[] for "not yet"), and the payment rules.

import {
  PAYMENT_STATUSES,
  type CancelBody,
  type Payment,
  type PaymentStatus,
  type Prepare,
} from '../schemas/payments.js';
import { badRequest, notFound, refused } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { Channel, Merchant } from '../schemas/merchants.js';
import type { Sorting } from '../store/payments.js';
import type { Gateway } from './context.js';
import { type Paging, pageIn } from './paging.js';

/** A payment with every wire field set to its "nothing happened yet" value, then `fields` on top. */
export function newPayment(
  fields: Partial<Payment> & Pick<Payment, 'imp_uid' | 'merchant_uid' | 'amount' | 'status' | 'started_at'>,
): Payment {
  return {
    // imp_uid, merchant_uid, amount, status and started_at come from `fields` (required there).
    pay_method: 'card',
    channel: 'api',
    pg_provider: '',
    emb_pg_provider: null,
    pg_tid: null,
    pg_id: '',
    // A live channel's, unless the caller says otherwise (every path that makes a payment copies its channel's flag).
    sandbox: false,
    escrow: false,
    apply_num: null,
    bank_code: null,
    bank_name: null,
    card_code: null,
    card_name: null,
    card_issuer_code: null,
    card_issuer_name: null,
    card_publisher_code: null,
    card_publisher_name: null,
    card_quota: 0,
    card_number: null,
    card_type: null,
    vbank_code: null,
    vbank_name: null,
    vbank_num: null,
    vbank_holder: null,
    vbank_date: 0,
    vbank_issued_at: 0,
    name: null,
    cancel_amount: 0,
    currency: 'KRW',
    buyer_name: null,
    buyer_email: null,
    buyer_tel: null,
    buyer_addr: null,
    buyer_postcode: null,
    custom_data: null,
    user_agent: null,
    paid_at: 0,
    failed_at: 0,
    cancelled_at: 0,
    fail_reason: null,
    cancel_reason: null,
    receipt_url: null,
    cancel_history: [],
    cancel_receipt_urls: [],
    deposit_history: [],
    cash_receipt_issued: false,
    customer_uid: null,
    customer_uid_usage: null,
    promotion: null,
    ...fields,
  };
}

/** A fresh imp_uid: `imp_` + 12 digits for window payments, `imps_` + 12 digits for REST/billing payments. */
export function newImpUid(sb: Pick<Gateway, 'ids' | 'store'>, prefix: 'imp_' | 'imps_'): string {
  return sb.ids.unique(
    () => prefix + sb.ids.digits(12),
    (id) => sb.store.payments.exists(id),
  );
}

/** PG-side identifiers of an approval, in KICC's shapes (20-digit tid, 8-digit approval number). */
export function pgApproval(sb: Pick<Gateway, 'ids'>, channel: Channel) {
  const pg_tid = sb.ids.digits(20);
  return {
    pg_tid,
    apply_num: sb.ids.digits(8),
    // `.invalid` is reserved: clearly not a real receipt, and never resolves.
    receipt_url: `https://receipt.sandbox.invalid/${channel.pg_provider}/${pg_tid}`,
  };
}

export interface Buyer {
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
}
type BuyerInput = { [K in keyof Buyer]?: string | null };

/** Buyer fields of a request, each falling back on `fallback` (e.g. a billing key's customer_*), null where both lack it. */
export function buyerOf(b: BuyerInput, fallback?: BuyerInput): Buyer {
  return {
    buyer_name: b.buyer_name ?? fallback?.buyer_name ?? null,
    buyer_email: b.buyer_email ?? fallback?.buyer_email ?? null,
    buyer_tel: b.buyer_tel ?? fallback?.buyer_tel ?? null,
    buyer_addr: b.buyer_addr ?? fallback?.buyer_addr ?? null,
    buyer_postcode: b.buyer_postcode ?? fallback?.buyer_postcode ?? null,
  };
}

/** A billing key's customer_* fields as buyer fields (what its payments fall back on). */
export function buyerOfCustomer(c: {
  customer_name: string | null;
  customer_email: string | null;
  customer_tel: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
}): Buyer {
  return {
    buyer_name: c.customer_name,
    buyer_email: c.customer_email,
    buyer_tel: c.customer_tel,
    buyer_addr: c.customer_addr,
    buyer_postcode: c.customer_postcode,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Lookups (api-v1.md §3.1), cancel (§3.2) and prepare (§3.3).

const DAY_S = 24 * 60 * 60;
/** The /payments/status window: at most 90 days, and 90 days back from `to` when `from` is omitted. */
export const STATUS_RANGE_S = 90 * DAY_S;
/** The multi-lookup takes up to 100 ids (imp_uid and merchant_uid together). */
export const MAX_LOOKUP_IDS = 100;

/** Lookup statuses: the four payment statuses, plus 'all' for /payments/status only. */
function parseStatus(s: string | undefined, allowAll: boolean): PaymentStatus | 'all' | undefined {
  if (s === undefined || s === '') return undefined;
  if ((PAYMENT_STATUSES as readonly string[]).includes(s)) return s as PaymentStatus;
  if (allowAll && s === 'all') return 'all';
  throw badRequest(MSG.badStatus);
}

/** GET /payments/{imp_uid}: one payment of this merchant, or 404. */
/**
 * GET /payments/{imp_uid}. A payment made through a test channel (`sandbox: true`) is not found unless the caller
 * asks for test payments (`include_sandbox`, notice of 2026-01-26), with the same 404 as an unknown imp_uid. Only this
 * endpoint hides them: find, findAll, status and the multi-lookup keep returning them, as the notice says.
 */
export function getPayment(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  impUid: string,
  opts: { includeSandbox: boolean } = { includeSandbox: true },
): Readonly<Payment> {
  // Shared and frozen: a lookup only reads (its callers must not change it either).
  const p = sb.store.payments.getShared(merchant.id, impUid);
  if (!p || (p.sandbox && !opts.includeSandbox)) throw notFound(MSG.paymentNotFound);
  return p;
}

/**
 * GET /payments?imp_uid[]=&merchant_uid[]=: the payments found, in the order asked (imp_uids first, then merchant_uids);
 * 207 when some ids are unknown, 404 when none is known. A merchant_uid resolves like /payments/find/{merchant_uid}
 * (the most recently started payment). Duplicated ids and a payment reached by both ids appear once.
 */
export function getPayments(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  impUids: string[],
  merchantUids: string[],
): { status: 200 | 207; list: Payment[] } {
  if (impUids.length + merchantUids.length === 0) throw badRequest(MSG.noIds);
  if (impUids.length + merchantUids.length > MAX_LOOKUP_IDS) throw badRequest(MSG.tooManyIds);
  const found = new Map<string, Payment>();
  let missing = 0;
  for (const id of impUids) {
    const p = sb.store.payments.get(merchant.id, id);
    if (p) found.set(p.imp_uid, p);
    else missing++;
  }
  for (const m of merchantUids) {
    const p = sb.store.payments.list(merchant.id, { merchant_uid: m }, { offset: 0, limit: 1 })[0];
    if (p) found.set(p.imp_uid, p);
    else missing++;
  }
  if (found.size === 0) throw notFound(MSG.paymentNotFound);
  return { status: missing > 0 ? 207 : 200, list: [...found.values()] };
}

/**
 * GET /payments/find/{merchant_uid}[/{payment_status}]: one payment. Several payments may share a merchant_uid
 * (failed attempts, then a paid one); the first by `sorting` (default newest started) wins, among those in the status if given.
 */
export function findPayment(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  merchantUid: string,
  status: string | undefined,
  sorting?: Sorting,
): Payment {
  const st = parseStatus(status, false) as PaymentStatus | undefined;
  const p = sb.store.payments.list(
    merchant.id,
    { merchant_uid: merchantUid, status: st, sorting },
    { offset: 0, limit: 1 },
  )[0];
  if (!p) throw notFound(MSG.paymentNotFound);
  return p;
}

export interface PageQuery extends Paging {
  sorting?: Sorting;
}

/** GET /payments/findAll/{merchant_uid}[/{payment_status}]: every payment of a merchant_uid, paged; 404 when none. */
export function findAllPayments(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  merchantUid: string,
  status: string | undefined,
  q: PageQuery,
) {
  const st = parseStatus(status, false) as PaymentStatus | undefined;
  const f = { merchant_uid: merchantUid, status: st, sorting: q.sorting };
  const total = sb.store.payments.count(merchant.id, f);
  if (total === 0) throw notFound(MSG.paymentNotFound);
  return pageIn(total, q, (offset, limit) => sb.store.payments.list(merchant.id, f, { offset, limit }));
}

/** Which timestamp /payments/status filters on, per status (api-v1.md §3.1). */
const STATUS_TIME_FIELD = {
  all: 'started_at',
  ready: 'started_at',
  paid: 'paid_at',
  cancelled: 'cancelled_at',
  failed: 'failed_at',
} as const;

/**
 * GET /payments/status/{payment_status}: payments in a status within [from, to] (unix seconds) on that status's
 * time field; `to` defaults to now and `from` to 90 days before `to`; a window over 90 days is refused (400).
 */
export function paymentsByStatus(
  sb: Pick<Gateway, 'store' | 'clock'>,
  merchant: Merchant,
  status: string,
  q: PageQuery & { from?: number; to?: number },
) {
  const st = parseStatus(status, true)!;
  if (st === undefined) throw badRequest(MSG.badStatus);
  const to = q.to ?? sb.clock.nowSeconds();
  const from = q.from ?? to - STATUS_RANGE_S;
  if (from > to) throw badRequest(MSG.dateRangeInverted);
  if (to - from > STATUS_RANGE_S) throw badRequest(MSG.dateRangeTooLong);
  const f = { status: st === 'all' ? undefined : st, timeField: STATUS_TIME_FIELD[st], from, to, sorting: q.sorting };
  const total = sb.store.payments.count(merchant.id, f);
  // The total tells the store how to read the page (a window of few rows on its own index).
  return pageIn(total, q, (offset, limit) => sb.store.payments.list(merchant.id, f, { offset, limit, total }));
}

/** Money compared and subtracted at 1/100 of the unit, so that USD cents don't drift into float noise. */
const money = (x: number) => Math.round(x * 100) / 100;

/**
 * POST /payments/cancel: a full or partial cancel, in one transaction. imp_uid wins over merchant_uid (an unknown
 * imp_uid fails even when the merchant_uid would match); a merchant_uid designates its paid payment.
 * Returns the payment after the cancel and the new cancellation_id. Sends the cancel webhook only when asked
 * (`enable_webhook: true`, api-v1.md §6): its outbox row commits with the cancel.
 */
export function cancelPayment(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids' | 'webhooks'>,
  merchant: Merchant,
  body: CancelBody,
): { payment: Payment; cancellation_id: string } {
  return sb.store.tx(() => {
    const p =
      body.imp_uid !== undefined
        ? sb.store.payments.get(merchant.id, body.imp_uid)
        : sb.store.payments.paidByMerchantUid(merchant.id, body.merchant_uid ?? '');
    if (!p) throw refused(MSG.cancelNotFound, 1);
    if (p.status === 'cancelled') throw refused(MSG.alreadyCancelled, 1);
    // Unconfirmed (api-v1.md §10.3): the real messages for the next three refusals are unknown; ours are in MSG and
    // all answer HTTP 200 code 1 like the other cancel refusals.
    if (p.status !== 'paid') throw refused(MSG.cancelNotPaid, 1);
    const balance = money(p.amount - p.cancel_amount);
    if (balance <= 0) throw refused(MSG.alreadyCancelled, 1);
    if (body.checksum !== undefined && body.checksum !== null && money(body.checksum) !== balance)
      throw refused(MSG.checksumMismatch, 1);
    const amount = body.amount ? money(body.amount) : balance;
    if (amount > balance) throw refused(MSG.cancelExceedsBalance, 1);

    const now = sb.clock.nowSeconds();
    // Unconfirmed: the format of cancellation_id is not recorded anywhere; ours is 32 hex characters.
    const cancellation_id = sb.ids.hex(32);
    // A cancel keeps the payment's PG tid (KICC cancels reference the original transaction).
    const pg_tid = p.pg_tid ?? '';
    const receipt_url = `https://receipt.sandbox.invalid/${p.pg_provider || 'sandbox'}/${pg_tid}/cancel/${cancellation_id}`;
    const cancel_amount = money(p.cancel_amount + amount);
    const full = cancel_amount >= p.amount;
    const after: Payment = {
      ...p,
      cancel_amount,
      status: full ? 'cancelled' : 'paid',
      cancelled_at: now,
      cancel_reason: body.reason ?? null,
      cancel_history: [
        ...p.cancel_history,
        { pg_tid, amount, cancelled_at: now, reason: body.reason ?? null, cancellation_id, receipt_url },
      ],
      cancel_receipt_urls: [...p.cancel_receipt_urls, receipt_url],
    };
    sb.store.payments.update(merchant.id, after, now);
    if (body.enable_webhook === true) sb.webhooks.paymentEvent(merchant, after, { cancellation_id });
    return { payment: after, cancellation_id };
  });
}

/** POST /payments/prepare: register the amount a merchant_uid must be paid with; a second registration is refused. */
export function preparePayment(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  body: { merchant_uid: string; amount: number; currency?: string | null },
): Prepare {
  return sb.store.tx(() => {
    if (sb.store.payments.getPrepare(merchant.id, body.merchant_uid)) throw refused(MSG.prepareDuplicate, 1);
    const p: Prepare = { merchant_uid: body.merchant_uid, amount: body.amount, currency: body.currency ?? null };
    sb.store.payments.putPrepare(merchant.id, p);
    return p;
  });
}

/** PUT /payments/prepare: change a registered amount (and currency, when sent); 404 when nothing is registered. */
export function updatePrepare(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  body: { merchant_uid: string; amount: number; currency?: string | null },
): Prepare {
  return sb.store.tx(() => {
    const prev = sb.store.payments.getPrepare(merchant.id, body.merchant_uid);
    if (!prev) throw notFound(MSG.prepareNotFound);
    const p: Prepare = {
      merchant_uid: body.merchant_uid,
      amount: body.amount,
      currency: body.currency === undefined ? prev.currency : body.currency,
    };
    sb.store.payments.putPrepare(merchant.id, p);
    return p;
  });
}

/** GET /payments/prepare/{merchant_uid}: the registration, or 404. */
export function getPrepare(sb: Pick<Gateway, 'store'>, merchant: Merchant, merchantUid: string): Prepare {
  const p = sb.store.payments.getPrepare(merchant.id, merchantUid);
  if (!p) throw notFound(MSG.prepareNotFound);
  return p;
}
