// Convenience-store payments (pay_method 'cvs'): POST /cvs issues a barcode (the payment is `ready`), the control
// API's deposit (POST /__sandbox/vbanks/{imp_uid}/deposit) plays the buyer paying at the counter, DELETE /cvs/{imp_uid}
// revokes an unpaid one.

import { badRequest, notFound, refused } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { CvsBody, CvsRecord } from '../schemas/cvs.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import { defaultVbankDue } from './banks.js';
import type { Gateway } from './context.js';
import { channelByKey } from './merchants.js';
import { buyerOf, newImpUid, newPayment, pgApproval } from './payments.js';

/**
 * POST /cvs. Unconfirmed: the payment object has no barcode field (PaymentAnnotation), so the barcode is answered
 * in `vbank_num`, the payment deadline in `vbank_date` and the issue time in `vbank_issued_at`, as for a virtual
 * account; vbank_code/name/holder stay null. A barcode the merchant sends is registered as is; otherwise one of 20
 * digits is issued (Unconfirmed: Galaxia's format is not public). A `ready` webhook is sent, as for a virtual account.
 */
export function issueCvs(
  sb: Pick<Gateway, 'store' | 'clock' | 'ids' | 'webhooks'>,
  merchant: Merchant,
  body: CvsBody,
): Payment {
  // channel_key is required by the spec and names a channel of either type. Unconfirmed: the spec lists only galaxia
  // (갤럭시아컴즈) for this API; the sandbox issues barcodes on any channel of the merchant, KICC's included, so that
  // the flow can be tested with the fixture merchants. An unknown key is refused (HTTP 200 code 1, channelByKey).
  const channel = channelByKey(merchant, body.channel_key);
  const now = sb.clock.nowSeconds();
  // Unconfirmed: a deadline already past is bad input (400); without one, the "contract default" is ours: the end of
  // the 7th day in KST, as for virtual accounts.
  if (body.expired_at !== undefined && body.expired_at <= now) throw badRequest(MSG.cvsExpiredPast(body.expired_at));
  const expired_at = body.expired_at ?? defaultVbankDue(now);
  return sb.store.tx(() => {
    // The spec: no barcode for a merchant_uid that was already paid (the message is the one of the other payments).
    if (sb.store.payments.paidByMerchantUid(merchant.id, body.merchant_uid)) throw refused(MSG.alreadyPaid, 1);
    const { pg_tid, receipt_url } = pgApproval(sb, channel);
    const barcode = body.barcode ?? sb.ids.digits(20);
    const pay = newPayment({
      imp_uid: newImpUid(sb, 'imps_'),
      merchant_uid: body.merchant_uid,
      pay_method: 'cvs',
      channel: 'api',
      pg_provider: channel.pg_provider,
      pg_id: channel.pg_id,
      pg_tid,
      sandbox: channel.sandbox,
      vbank_num: barcode,
      vbank_date: expired_at,
      vbank_issued_at: now,
      name: body.name ?? null,
      amount: body.amount,
      ...buyerOf(body),
      custom_data: body.custom_data ?? null,
      status: 'ready',
      started_at: now,
      receipt_url,
    });
    sb.store.payments.insert(merchant.id, pay, now);
    const record: CvsRecord = {
      imp_uid: pay.imp_uid,
      merchant_uid: pay.merchant_uid,
      barcode,
      expired_at,
      confirm_url: body.confirm_url ?? null,
      notice_url: body.notice_url ?? null,
    };
    sb.store.records.put(merchant.id, 'cvs', pay.imp_uid, record, now);
    sb.webhooks.paymentEvent(merchant, pay, { notice_url: body.notice_url });
    return pay;
  });
}

/** Where a cvs payment's webhooks go: the issue's notice_url (undefined: the merchant's URL). */
export function cvsNoticeUrl(sb: Pick<Gateway, 'store'>, merchantId: string, impUid: string) {
  return sb.store.records.get<CvsRecord>(merchantId, 'cvs', impUid)?.notice_url ?? undefined;
}

/**
 * DELETE /cvs/{imp_uid}: the barcode can no longer be paid; the payment becomes `cancelled` (cancel_amount = the
 * amount, no cancel_history entry: no money moved). Unconfirmed: all of that, the 404 for an unknown imp_uid (the
 * lookups' real one), the refusals (HTTP 200 code 1) and that no webhook is sent (like an API cancel by default).
 */
export function revokeCvs(sb: Pick<Gateway, 'store' | 'clock'>, merchant: Merchant, impUid: string): Payment {
  return sb.store.tx(() => {
    const p = sb.store.payments.get(merchant.id, impUid);
    if (!p) throw notFound(MSG.paymentNotFound);
    if (p.pay_method !== 'cvs') throw refused(MSG.cvsNotCvs(p.pay_method), 1);
    if (p.status === 'paid') throw refused(MSG.cvsAlreadyPaid, 1);
    if (p.status !== 'ready') throw refused(MSG.cvsNotReady(p.status), 1);
    const now = sb.clock.nowSeconds();
    const after: Payment = { ...p, status: 'cancelled', cancelled_at: now, cancel_amount: p.amount };
    sb.store.payments.update(merchant.id, after, now);
    return after;
  });
}
