// Wire shapes of billing keys (subscribe.customer) and billing payments (onetime, again).

import { z } from 'zod';
import { int, num, PagingQuery, queryArray } from './common.js';
import { BuyerFields, customData } from './payments.js';

/** The customer (billing key) object: CustomerAnnotation. The card number is masked. */
export const CustomerSchema = z.object({
  customer_uid: z.string(),
  pg_provider: z.string(),
  pg_id: z.string(),
  sandbox: z.boolean(),
  customer_id: z.string().nullable(),
  card_name: z.string().nullable(),
  card_code: z.string().nullable(),
  card_issuer_code: z.string().nullable(),
  card_issuer_name: z.string().nullable(),
  card_publisher_code: z.string().nullable(),
  card_publisher_name: z.string().nullable(),
  card_number: z.string().nullable(),
  card_type: z.number().int().nullable(),
  customer_name: z.string().nullable(),
  customer_tel: z.string().nullable(),
  customer_email: z.string().nullable(),
  customer_addr: z.string().nullable(),
  customer_postcode: z.string().nullable(),
  inserted: z.number().int(),
  updated: z.number().int(),
});
export type Customer = z.infer<typeof CustomerSchema>;

/** Card data as key-in requests send it. */
export const CardFields = {
  card_number: z.string().min(1, 'card_number 는 필수입니다.').max(30),
  expiry: z.string().min(1, 'expiry 는 필수입니다.').max(10),
  birth: z.string().max(10).optional(),
  pwd_2digit: z.string().max(2).optional(),
  cvc: z.string().max(4).optional(),
};

export const CustomerUidParam = z.object({ customer_uid: z.string().min(1).max(80) });
/** DELETE /subscribe/customers/{uid}: a reason may come along (recorded nowhere: the key is gone). */
export const DeleteCustomerQuerySchema = z.object({ reason: z.string().optional() }).passthrough();

/**
 * GET /subscribe/customers: `customer_uid[]=a&customer_uid[]=b` (what clients send), `customer_uid=a&customer_uid=b`
 * and `customer_uid[0]=a` (qs' "indices" style) all become one list, in the order sent.
 */
export const CustomersQuerySchema = z.preprocess(
  (q) => {
    const customer_uids: unknown[] = [];
    if (q && typeof q === 'object') {
      for (const [k, v] of Object.entries(q))
        if (/^customer_uid(\[\d*\])?$/.test(k)) customer_uids.push(...(Array.isArray(v) ? v : [v]));
    }
    return { customer_uids };
  },
  z.object({ customer_uids: queryArray }),
);

/** GET /subscribe/customers/{customer_uid}/payments: `page` from 1 (SPEC); `limit` as the other lists take it. */
export const CustomerPaymentsQuerySchema = PagingQuery;

/**
 * An amount: a JSON number or a numeric string (form bodies), greater than 0. Stricter than z.coerce, which would
 * read `true` as 1 and `""` or `[]` as 0.
 */
const amount = z
  .union(
    [
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+(\.\d+)?$/, 'amount 는 숫자여야 합니다.')
        .transform(Number),
    ],
    { error: 'amount 는 숫자여야 합니다.' },
  )
  .pipe(z.number().positive('amount 는 0보다 커야 합니다.'));

/** Who the billing key belongs to, and which channel issues it: shared by key issuance and schedules with card data. */
export const KeyOwnerFields = {
  pg: z.string().optional(),
  customer_id: z.string().max(200).optional(),
  customer_name: z.string().max(20).optional(),
  customer_tel: z.string().max(20).optional(),
  customer_email: z.string().max(200).optional(),
  customer_addr: z.string().max(200).optional(),
  customer_postcode: z.string().max(8).optional(),
  channel_key: z.string().optional(),
  /** The spelling of the spec from 2025-01 to 2026-02, which clients written then still send: read as channel_key. */
  channelKey: z.string().optional(),
};

/**
 * A smart-routing group (스마트 라우팅 그룹 ID): `channel_group_id` on billing-key issue (the spec's name since
 * 2026-02; `channelGroupId` from 2025-01 to then, and still on onetime). Both spellings are read; null or "" is none.
 * The sandbox's merchants have no group, so the gateway refuses every id (docs/spec-changes.md).
 */
const channelGroupId = z.string().max(55).nullable().optional();
export const ChannelGroupFields = { channel_group_id: channelGroupId, channelGroupId };

export const IssueBillingKeyBodySchema = z.object({ ...CardFields, ...KeyOwnerFields, ...ChannelGroupFields });
export type IssueBillingKeyBody = z.infer<typeof IssueBillingKeyBodySchema>;

/** Fields every billing charge takes (again, onetime, and each schedule entry). */
export const ChargeFields = {
  merchant_uid: z.string().min(1, 'merchant_uid 는 필수입니다.').max(40),
  amount,
  // SPEC marks name required, but the old official KICC example omits it (api-v1.md §5.2): tolerate absence.
  name: z.string().max(200).optional(),
  currency: z.string().max(3).optional(),
  tax_free: num.min(0).optional(),
  vat_amount: num.min(0).optional(),
  ...BuyerFields,
  card_quota: int.min(0).max(36).optional(),
  interest_free_by_merchant: z.unknown().optional(),
  use_card_point: z.unknown().optional(),
  custom_data: customData.optional(),
  notice_url: z.union([z.string(), z.array(z.string())]).optional(),
  browser_ip: z.string().optional(),
  product_type: z.string().optional(),
  product_count: int.optional(),
  cash_receipt_type: z.string().optional(),
  bypass: z.unknown().optional(),
  extra: z.unknown().optional(),
  promotion_id: z.string().optional(),
  channel_key: z.string().optional(),
  /** The spelling of the spec from 2025-01 to 2026-02, which clients written then still send: read as channel_key. */
  channelKey: z.string().optional(),
};

export const AgainBodySchema = z.object({
  customer_uid: z.string().min(1, 'customer_uid 는 필수입니다.').max(80),
  ...ChargeFields,
});
export type AgainBody = z.infer<typeof AgainBodySchema>;

export const OnetimeBodySchema = z.object({
  ...ChargeFields,
  ...CardFields,
  customer_uid: z.string().min(1).max(80).optional(),
  pg: z.string().optional(),
  customer_id: z.string().optional(),
  ...ChannelGroupFields,
  // The spec's 3D Secure fields of overseas PGs (paymentwall): accepted, no effect (no 3D Secure here).
  secure_3d_charge_id: z.string().optional(),
  secure_3d_token: z.string().optional(),
});
export type OnetimeBody = z.infer<typeof OnetimeBodySchema>;
