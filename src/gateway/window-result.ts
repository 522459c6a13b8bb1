// The end of a payment window: the payment record it leaves, the callback object (rsp) built from it, and the mobile
// redirect. Shared by the card submit, the cancel button and the virtual-account issue.

import { MSG } from '../http/messages.js';
import type { Channel } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { Callback, PayParams } from '../schemas/window.js';
import type { WindowRequest } from '../store/window.js';
import type { Gateway } from './context.js';
import { buyerOf, newPayment } from './payments.js';

/**
 * Error codes. F1001 is real (legacy SDK), and so is F1002 for an already-paid merchant_uid (a recorded callback:
 * iamport/iamport-manual#6); the rest is unconfirmed (sdk-v1.md "Could not confirm": no public list): we use F1002
 * for every refusal before the window opens, F0004 for declines (as in the real F0004 messages)
 * and F0005 for a stopped payment (PG error, or the buyer's cancel, as in the Android SDK's "F0005:결제가 중단되었습니다").
 */
export const ERROR_CODE = { noPgModule: 'F1001', refused: 'F1002', declined: 'F0004', stopped: 'F0005' } as const;

/** Record the end of a window (inside the caller's transaction): the callback and the redirect are fixed now. */
export function finish(
  sb: Pick<Gateway, 'store'>,
  w: WindowRequest,
  pay: Payment,
  errorCode: string | null,
  errorMsg?: string,
): void {
  const rsp = callbackOf(pay, w.params, errorCode, errorMsg);
  w.done = { rsp, redirect_url: w.device === 'mobile' ? redirectUrl(w.params.m_redirect_url, rsp) : null };
  sb.store.window.finish(w);
}

export function basePayment(
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
    escrow: p.escrow ?? false,
    ...fields,
  });
}

/** custom_data is stored as a JSON string (objects stringified, strings kept), as the REST API does. */
export function customDataString(v: unknown): string | null {
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
    rsp.error_code = errorCode ?? ERROR_CODE.stopped;
    rsp.error_msg =
      errorMsg ??
      (rsp.error_code === ERROR_CODE.declined
        ? MSG.declined(pay.imp_uid, pay.fail_reason ?? '')
        : MSG.pgFailed(pay.imp_uid, pay.fail_reason ?? ''));
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
  return redirectWith(target, [
    ['imp_uid', rsp.imp_uid ?? ''],
    ['merchant_uid', rsp.merchant_uid ?? ''],
    ['imp_success', String(rsp.success)],
    ...failureQuery(rsp),
  ]);
}

/** error_code and error_msg, on failure only. */
export const failureQuery = (rsp: { success: boolean; error_code?: string | null; error_msg?: string | null }) =>
  rsp.success
    ? []
    : ([
        ['error_code', rsp.error_code ?? ''],
        ['error_msg', rsp.error_msg ?? ''],
      ] as [string, string][]);

/**
 * `target` (a window's m_redirect_url) with `query` appended after its own query, or null unless it is an absolute
 * http(s) URL (the SDK resolves relative ones before it gets here).
 */
export function redirectWith(target: unknown, query: [string, string][]): string | null {
  if (typeof target !== 'string' || target === '') return null;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  for (const [k, v] of query) url.searchParams.append(k, v);
  return url.href;
}
