// Payments: building payment objects (every field present, 0/null/[] for "not yet"), and the payment rules.

import type { Payment } from '../schemas/payments.js';
import type { Channel } from './merchants.js';
import type { Sandbox } from '../context.js';

/** A payment with every wire field set to its "nothing happened yet" value, then `fields` on top. */
export function newPayment(fields: Partial<Payment> & Pick<Payment, 'imp_uid' | 'merchant_uid' | 'amount' | 'status' | 'started_at'>): Payment {
  return {
    // imp_uid, merchant_uid, amount, status and started_at come from `fields` (required there).
    pay_method: 'card',
    channel: 'api',
    pg_provider: '',
    emb_pg_provider: null,
    pg_tid: null,
    pg_id: '',
    sandbox: true,
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
export function newImpUid(sb: Sandbox, prefix: 'imp_' | 'imps_'): string {
  return sb.ids.unique(() => prefix + sb.ids.digits(12), (id) => sb.store.payments.exists(id));
}

/** PG-side identifiers of an approval, in KICC's shapes (20-digit tid, 8-digit approval number). */
export function pgApproval(sb: Sandbox, channel: Channel) {
  const pg_tid = sb.ids.digits(20);
  return {
    pg_tid,
    apply_num: sb.ids.digits(8),
    // `.invalid` is reserved: clearly not a real receipt, and never resolves.
    receipt_url: `https://receipt.sandbox.invalid/${channel.pg_provider}/${pg_tid}`,
  };
}

/** Buyer fields of a request body, null where absent. */
export function buyerOf(b: { buyer_name?: string; buyer_email?: string; buyer_tel?: string; buyer_addr?: string; buyer_postcode?: string }) {
  return {
    buyer_name: b.buyer_name ?? null,
    buyer_email: b.buyer_email ?? null,
    buyer_tel: b.buyer_tel ?? null,
    buyer_addr: b.buyer_addr ?? null,
    buyer_postcode: b.buyer_postcode ?? null,
  };
}
