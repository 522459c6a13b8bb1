// Wire shapes of payments: the payment object (every field of PaymentAnnotation), cancel and prepare.

import { z } from 'zod';
import { bool, int, num, paged, PagingQuery, queryArray } from './common.js';

export const PAYMENT_STATUSES = ['ready', 'paid', 'cancelled', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const CancelHistorySchema = z.object({
  pg_tid: z.string(),
  amount: z.number(),
  cancelled_at: z.number().int(),
  reason: z.string().nullable(),
  cancellation_id: z.string(),
  receipt_url: z.string().nullable(),
});

/** Buyer fields as payments and schedules answer them (null when not given). */
export const BuyerOutFields = {
  buyer_name: z.string().nullable(),
  buyer_email: z.string().nullable(),
  buyer_tel: z.string().nullable(),
  buyer_addr: z.string().nullable(),
  buyer_postcode: z.string().nullable(),
};

/** The payment object. Timestamps are UNIX seconds, 0 for "not yet". Key order is the wire order. */
export const PaymentSchema = z.object({
  imp_uid: z.string(),
  merchant_uid: z.string(),
  pay_method: z.string(),
  channel: z.enum(['pc', 'mobile', 'api']),
  pg_provider: z.string(),
  emb_pg_provider: z.string().nullable(),
  pg_tid: z.string().nullable(),
  pg_id: z.string(),
  sandbox: z.boolean(),
  escrow: z.boolean(),
  apply_num: z.string().nullable(),
  bank_code: z.string().nullable(),
  bank_name: z.string().nullable(),
  card_code: z.string().nullable(),
  card_name: z.string().nullable(),
  card_issuer_code: z.string().nullable(),
  card_issuer_name: z.string().nullable(),
  card_publisher_code: z.string().nullable(),
  card_publisher_name: z.string().nullable(),
  card_quota: z.number().int(),
  card_number: z.string().nullable(),
  card_type: z.number().int().nullable(),
  vbank_code: z.string().nullable(),
  vbank_name: z.string().nullable(),
  vbank_num: z.string().nullable(),
  vbank_holder: z.string().nullable(),
  vbank_date: z.number().int(),
  vbank_issued_at: z.number().int(),
  name: z.string().nullable(),
  amount: z.number(),
  cancel_amount: z.number(),
  currency: z.string(),
  ...BuyerOutFields,
  custom_data: z.string().nullable(),
  user_agent: z.string().nullable(),
  status: z.enum(PAYMENT_STATUSES),
  started_at: z.number().int(),
  paid_at: z.number().int(),
  failed_at: z.number().int(),
  cancelled_at: z.number().int(),
  fail_reason: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  receipt_url: z.string().nullable(),
  cancel_history: z.array(CancelHistorySchema),
  cancel_receipt_urls: z.array(z.string()),
  deposit_history: z.array(
    z.object({ pg_tid: z.string(), amount: z.number(), depositor_name: z.string(), deposited_at: z.number().int() }),
  ),
  cash_receipt_issued: z.boolean(),
  customer_uid: z.string().nullable(),
  customer_uid_usage: z.enum(['issue', 'payment', 'payment.scheduled']).nullable(),
  promotion: z.object({ id: z.string(), discount: z.number() }).nullable(),
});
export type Payment = z.infer<typeof PaymentSchema>;

/** custom_data is stored as a JSON string: objects are stringified, strings kept. */
export const customData = z
  .unknown()
  .transform((v) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v)));

/** Buyer fields shared by every payment request. */
export const BuyerFields = {
  buyer_name: z.string().max(200).optional(),
  buyer_email: z.string().max(200).optional(),
  buyer_tel: z.string().max(100).optional(),
  buyer_addr: z.string().max(400).optional(),
  buyer_postcode: z.string().max(20).optional(),
};

export const CancelBodySchema = z
  .object({
    imp_uid: z.string().min(1).optional(),
    merchant_uid: z.string().min(1).optional(),
    amount: num.min(0).optional(),
    tax_free: num.min(0).optional(),
    vat_amount: num.min(0).optional(),
    checksum: num.min(0).nullable().optional(),
    reason: z.string().max(1000).optional(),
    refund_holder: z.string().optional(),
    refund_bank: z.string().optional(),
    refund_account: z.string().optional(),
    refund_tel: z.string().optional(),
    retain_promotion: bool.optional(),
    escrow_confirmed: bool.optional(),
    enable_webhook: bool.optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => b.imp_uid !== undefined || b.merchant_uid !== undefined, {
    message: 'imp_uid 또는 merchant_uid 중 하나는 필수입니다.',
    path: ['imp_uid'],
  });
export type CancelBody = z.infer<typeof CancelBodySchema>;

export const PrepareBodySchema = z.object({
  merchant_uid: z.string().min(1).max(40),
  amount: num.min(0),
  currency: z.string().nullable().optional(),
});

export const PrepareSchema = z.object({
  merchant_uid: z.string(),
  amount: z.number(),
  currency: z.string().nullable(),
});
export type Prepare = z.infer<typeof PrepareSchema>;

/** Orderings the lookups take in `sorting` (newest started first by default). */
export const SortingSchema = z.enum(['-started', 'started', '-paid', 'paid', '-updated', 'updated']);

/**
 * The multi-lookup query: `imp_uid[]=a&imp_uid[]=b` (brackets, what the clients send), `imp_uid=a&imp_uid=b`, and
 * `imp_uid[0]=a` (qs' default "indices" style) all become one array per name.
 */
export const MultiLookupQuerySchema = z.preprocess(
  (q) => {
    const out: Record<string, unknown[]> = { imp_uid: [], merchant_uid: [] };
    if (q && typeof q === 'object') {
      for (const [k, v] of Object.entries(q)) {
        const name = /^(imp_uid|merchant_uid)(\[\d*\])?$/.exec(k)?.[1];
        if (name) out[name]!.push(...(Array.isArray(v) ? v : [v]));
      }
    }
    return out;
  },
  z.object({ imp_uid: queryArray, merchant_uid: queryArray }),
);

export const ImpUidParam = z.object({ imp_uid: z.string().min(1) });
/**
 * GET /payments/{imp_uid}?include_sandbox=: the spec's boolean (default false; notice of 2026-01-26: a test-channel
 * payment is 404 without it). Unconfirmed: which spellings the real server reads; we take true/false and 1/0 in any
 * case, an empty value as absent, and refuse anything else with a 400 rather than guess.
 */
export const PaymentLookupQuerySchema = z.object({
  include_sandbox: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(['true', 'false', '1', '0', ''], { error: 'include_sandbox 는 true 또는 false 여야 합니다.' }).optional(),
    )
    .transform((v) => v === 'true' || v === '1'),
});
/** :payment_status of /payments/status: any string, checked by the gateway (the real 400 message for a bad one). */
export const PaymentStatusParam = z.object({ payment_status: z.string() });
export const MerchantUidParam = z.object({ merchant_uid: z.string().min(1) });
export const MerchantUidStatusParam = z.object({
  merchant_uid: z.string().min(1),
  payment_status: z.string().optional(),
});

export const FindQuerySchema = z.object({ sorting: SortingSchema.optional() });
export const FindAllQuerySchema = PagingQuery.extend({ sorting: SortingSchema.optional() });
export const StatusQuerySchema = PagingQuery.extend({
  sorting: SortingSchema.optional(),
  from: int.min(0).optional(),
  to: int.min(0).optional(),
});

export const PaymentListSchema = paged(PaymentSchema);
