// Cash receipts (현금영수증): for a cash-like payment of the gateway (GET|POST|DELETE /receipts/{imp_uid}) and for a
// cash sale made outside it (GET|POST|DELETE /receipts/external/{merchant_uid}). Records of kinds 'receipt' (key
// imp_uid) and 'external_receipt' (key merchant_uid) keep the wire objects; the payment's cash_receipt_issued follows.
//
// Statuses are the spec's (v1.openapi.json issueReceipt, revokeReceipt, getReceipt and their external twins): issue
// refusals (not paid, already issued, missing parameter) are 400, lookups of nothing 404, a revoke of a receipt never
// issued 400 (external: 404). Unconfirmed: the envelope code of those (we send -1, as every 400/404 here) and every
// message (invented, in MSG).
//
// Unconfirmed: the spec's x-portone-supported-pgs of getReceipt, revokeReceipt and revokeExternalReceipt do not list
// kicc (the 501 "지원하지 않는 PG사"), while issueReceipt, issueExternalReceipt and getExternalReceipt do. A lookup of a
// stored receipt cannot depend on the PG, so we read those lists as incomplete and serve every operation for every PG.
//
// Unconfirmed: no webhook. A cash receipt changes no payment status, and the V1 webhook reports status changes only.

import { badRequest, notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type {
  ExternalReceipt,
  IdentifierType,
  IssueExternalReceiptBody,
  IssueReceiptBody,
  Receipt,
} from '../schemas/receipts.js';
import type { Gateway } from './context.js';

/** The payment methods a cash receipt is issued for (issueReceipt: "현금성 거래(가상계좌, 계좌이체)"). */
const CASH_METHODS = ['vbank', 'trans'];

/**
 * Unconfirmed (the real gateway hands the identifier to the PG, whose refusal would be its 500 "발행에 실패한 경우"):
 * we refuse a malformed one ourselves with a 400, so a test sees the mistake. Hyphens are allowed (010-1234-5678);
 * the rest must be digits of the length of its kind: phone 10-11 starting 01, business 10, person 13, taxcard 13-19,
 * and 10-19 when the kind is not given (PGs that tell it from the identifier).
 */
function checkIdentifier(identifier: string, kind: IdentifierType | undefined): void {
  const d = identifier.replace(/-/g, '');
  const ok =
    /^\d+$/.test(d) &&
    (kind === 'phone'
      ? /^01\d{8,9}$/.test(d)
      : kind === 'business'
        ? d.length === 10
        : kind === 'person'
          ? d.length === 13
          : kind === 'taxcard'
            ? d.length >= 13 && d.length <= 19
            : d.length >= 10 && d.length <= 19);
  if (!ok) throw badRequest(MSG.receiptBadIdentifier(kind ?? 'identifier'), 'identifier');
}

/**
 * The amount split and the request checks both issues share. The spec: "발행금액의 1/11 이 부가세로 자동 적용" and
 * tax_free (default 0) lowers the taxable part; vat_amount sets the VAT outright ("부가세 지정 고객사에 한해").
 * Unconfirmed: the rounding of amount/11 (we round half up: 1,000 → 91), that vat_amount is taken from every
 * merchant, and that it and tax_free are refused (400) when they exceed what they are part of.
 */
function vatOf(amount: number, body: { tax_free?: number; vat_amount?: number; vat?: number }): number {
  const taxFree = body.tax_free ?? 0;
  if (taxFree > amount) throw badRequest(MSG.receiptTaxFreeOver(taxFree, amount), 'tax_free');
  const taxable = amount - taxFree;
  // Unconfirmed: the deprecated `vat` is still read when vat_amount is absent (the spec only says "use tax_free").
  const given = body.vat_amount ?? body.vat;
  if (given === undefined) return Math.round(taxable / 11);
  const vat = Math.round(given);
  if (vat > taxable)
    throw badRequest(MSG.receiptVatOver(vat, taxable), body.vat_amount !== undefined ? 'vat_amount' : 'vat');
  return vat;
}

function checkRequest(pgProvider: string, body: { identifier: string; identifier_type?: IdentifierType }): void {
  // The spec (x-portone-per-pg kicc: required) and api-v1.md §7 [H]: KICC needs identifier_type.
  if (pgProvider === 'kicc' && body.identifier_type === undefined)
    throw badRequest(MSG.receiptIdentifierTypeRequired, 'identifier_type');
  checkIdentifier(body.identifier, body.identifier_type);
}

/**
 * The PG-side fields of an issued receipt. Unconfirmed shapes: receipt_tid is KICC-like (20 digits, as our pg_tid),
 * apply_num is the 9-digit approval number of the National Tax Service; the URL is in `.invalid` like every receipt.
 */
function issued(sb: Pick<Gateway, 'ids' | 'clock'>, pgProvider: string) {
  const receipt_tid = sb.ids.digits(20);
  return {
    receipt_tid,
    apply_num: sb.ids.digits(9),
    receipt_url: `https://receipt.sandbox.invalid/${pgProvider || 'sandbox'}/cash/${receipt_tid}`,
    applied_at: sb.clock.nowSeconds(),
  };
}

function paymentOf(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): Payment {
  const p = sb.store.payments.get(merchant.id, impUid);
  // Unconfirmed for these operations (getReceipt's 404 covers "존재하지 않는 포트원 거래정보"; issue and revoke list no
  // 404): an unknown imp_uid is 404 with the payments' real text everywhere.
  if (!p) throw notFound(MSG.paymentNotFound);
  return p;
}

/** GET /receipts/{imp_uid}: the payment's receipt, revoked ones included (with cancelled_at); 404 when none. */
export function getReceipt(sb: Pick<Gateway, 'store'>, merchant: Merchant, impUid: string): Receipt {
  paymentOf(sb, merchant, impUid);
  const r = sb.store.records.get<Receipt>(merchant.id, 'receipt', impUid);
  if (!r) throw notFound(MSG.receiptNotFound);
  return r;
}

/**
 * POST /receipts/{imp_uid}: issue a receipt for a paid vbank/trans payment, on the payment's PG, for its balance
 * ("부분취소된 거래인 경우 남은 잔액으로 발급됩니다"). Sets the payment's cash_receipt_issued.
 * Unconfirmed: the order of the checks (payment, method, status, an issued receipt, then the parameters); that a card
 * payment is refused with the spec's 400 like a payment that is not paid; and that a revoked receipt may be issued
 * again (the spec refuses "이미 현금영수증 발행된 건"; a revoked one is no longer issued): the new one replaces it.
 */
export function issueReceipt(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids'>,
  merchant: Merchant,
  impUid: string,
  body: IssueReceiptBody,
): Receipt {
  return sb.store.tx(() => {
    const p = paymentOf(sb, merchant, impUid);
    if (!CASH_METHODS.includes(p.pay_method)) throw badRequest(MSG.receiptNotCash(p.pay_method));
    if (p.status !== 'paid') throw badRequest(MSG.receiptNotPaid(p.status));
    const prev = sb.store.records.get<Receipt>(merchant.id, 'receipt', impUid);
    if (p.cash_receipt_issued || (prev && prev.cancelled_at === 0)) throw badRequest(MSG.receiptAlreadyIssued);
    checkRequest(p.pg_provider, body);
    // Cash receipts are in won: a balance is whole won (money() in payments.ts keeps it to 1/100 anyway).
    const amount = Math.round(p.amount - p.cancel_amount);
    const vat = vatOf(amount, body);
    const pg = issued(sb, p.pg_provider);
    const receipt: Receipt = {
      imp_uid: impUid,
      receipt_tid: pg.receipt_tid,
      apply_num: pg.apply_num,
      type: body.type,
      amount,
      vat,
      receipt_url: pg.receipt_url,
      applied_at: pg.applied_at,
      cancelled_at: 0,
    };
    const now = pg.applied_at;
    sb.store.records.put(merchant.id, 'receipt', impUid, receipt, now);
    sb.store.payments.update(merchant.id, { ...p, cash_receipt_issued: true }, now);
    return receipt;
  });
}

/**
 * DELETE /receipts/{imp_uid}: revoke the receipt (cancelled_at = now) and clear the payment's cash_receipt_issued.
 * The spec: 400 when none was issued. Unconfirmed: a second revoke is refused the same way (400).
 */
export function revokeReceipt(sb: Pick<Gateway, 'store' | 'clock'>, merchant: Merchant, impUid: string): Receipt {
  return sb.store.tx(() => {
    const p = paymentOf(sb, merchant, impUid);
    const r = sb.store.records.get<Receipt>(merchant.id, 'receipt', impUid);
    if (!r) throw badRequest(MSG.receiptNeverIssued);
    if (r.cancelled_at !== 0) throw badRequest(MSG.receiptAlreadyRevoked);
    const now = sb.clock.nowSeconds();
    const after: Receipt = { ...r, cancelled_at: now };
    sb.store.records.put(merchant.id, 'receipt', impUid, after, now);
    sb.store.payments.update(merchant.id, { ...p, cash_receipt_issued: false }, now);
    return after;
  });
}

/** GET /receipts/external/{merchant_uid}: 404 when nothing was issued for it (the spec). */
export function getExternalReceipt(sb: Pick<Gateway, 'store'>, merchant: Merchant, merchantUid: string) {
  const r = sb.store.records.get<ExternalReceipt>(merchant.id, 'external_receipt', merchantUid);
  if (!r) throw notFound(MSG.externalReceiptNotFound(merchantUid));
  return r;
}

/**
 * POST /receipts/external/{merchant_uid}: issue a receipt for a cash sale made outside the gateway, on the channel of
 * `channel_key` (any channel of the merchant). The spec: 400 for a merchant_uid already issued. Unconfirmed: an
 * unknown channel_key is 400; a revoked merchant_uid may be issued again (the new receipt replaces it); a
 * merchant_uid of a gateway payment is not refused (the gateway cannot know the sale is the same).
 */
export function issueExternalReceipt(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids'>,
  merchant: Merchant,
  merchantUid: string,
  body: IssueExternalReceiptBody,
): ExternalReceipt {
  return sb.store.tx(() => {
    const channel = merchant.channels.find((c) => c.channel_key === body.channel_key);
    if (!channel) throw badRequest(MSG.channelKeyNotFound(body.channel_key), 'channel_key');
    const prev = sb.store.records.get<ExternalReceipt>(merchant.id, 'external_receipt', merchantUid);
    if (prev && prev.cancelled_at === 0) throw badRequest(MSG.externalReceiptAlreadyIssued(merchantUid));
    checkRequest(channel.pg_provider, body);
    const vat = vatOf(body.amount, body);
    const pg = issued(sb, channel.pg_provider);
    const receipt: ExternalReceipt = {
      merchant_uid: merchantUid,
      receipt_tid: pg.receipt_tid,
      apply_num: pg.apply_num,
      type: body.type,
      amount: body.amount,
      vat,
      receipt_url: pg.receipt_url,
      applied_at: pg.applied_at,
      cancelled_at: 0,
    };
    sb.store.records.put(merchant.id, 'external_receipt', merchantUid, receipt, pg.applied_at);
    return receipt;
  });
}

/**
 * DELETE /receipts/external/{merchant_uid}: revoke it (cancelled_at = now). The spec: 404 when never issued.
 * Unconfirmed: a second revoke is 400 (the receipt exists; it is no longer revocable).
 */
export function revokeExternalReceipt(
  sb: Pick<Gateway, 'store' | 'clock'>,
  merchant: Merchant,
  merchantUid: string,
): ExternalReceipt {
  return sb.store.tx(() => {
    const r = getExternalReceipt(sb, merchant, merchantUid);
    if (r.cancelled_at !== 0) throw badRequest(MSG.receiptAlreadyRevoked);
    const now = sb.clock.nowSeconds();
    const after: ExternalReceipt = { ...r, cancelled_at: now };
    sb.store.records.put(merchant.id, 'external_receipt', merchantUid, after, now);
    return after;
  });
}
