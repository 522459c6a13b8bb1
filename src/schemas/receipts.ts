// Wire shapes of cash receipts: /receipts/{imp_uid} (ReceiptAnnotation) and /receipts/external/{merchant_uid}
// (ExternalReceiptAnnotation), and the bodies of issueReceipt and issueExternalReceipt, as the V1 spec has them.

import { z } from 'zod';
import { int, num } from './common.js';

/** Who a receipt is for: 소득공제용 (person) or 지출증빙용 (company). The spec's default is person. */
export const RECEIPT_TYPES = ['person', 'company'] as const;
/** What `identifier` is: 주민등록번호, 사업자등록번호, 휴대폰번호, 국세청현금영수증카드 (KICC requires it). */
export const IDENTIFIER_TYPES = ['person', 'business', 'phone', 'taxcard'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/**
 * The fields both receipt objects share, in the spec's order. The spec marks receipt_tid, receipt_url and
 * cancelled_at optional; we always send them (cancelled_at 0 until revoked, as every "not yet" time of the API).
 */
const ReceiptFields = {
  receipt_tid: z.string(),
  apply_num: z.string(),
  type: z.enum(RECEIPT_TYPES),
  amount: z.number().int(),
  vat: z.number().int(),
  receipt_url: z.string(),
  applied_at: z.number().int(),
  cancelled_at: z.number().int(),
};

/** A cash receipt of a payment made through the gateway (ReceiptAnnotation). */
export const ReceiptSchema = z.object({ imp_uid: z.string(), ...ReceiptFields });
export type Receipt = z.infer<typeof ReceiptSchema>;

/** A cash receipt of a cash payment made outside the gateway, keyed by merchant_uid (ExternalReceiptAnnotation). */
export const ExternalReceiptSchema = z.object({ merchant_uid: z.string(), ...ReceiptFields });
export type ExternalReceipt = z.infer<typeof ExternalReceiptSchema>;

/** Parameters both issue operations take (formData in the spec, so numbers may come as strings). */
const IssueFields = {
  product_type: z.enum(['real', 'digital']).optional(),
  identifier: z.string().min(1).max(40),
  identifier_type: z.enum(IDENTIFIER_TYPES).optional(),
  type: z.enum(RECEIPT_TYPES).default('person'),
  corp_reg_no: z.string().max(20).optional(),
  buyer_name: z.string().max(200).optional(),
  buyer_email: z.string().max(200).optional(),
  buyer_tel: z.string().max(100).optional(),
  tax_free: int.min(0).optional(),
  vat_amount: num.min(0).optional(),
};

/** POST /receipts/{imp_uid}: the amount is the payment's balance, so none is sent. */
export const IssueReceiptBodySchema = z.object({
  ...IssueFields,
  company_tel: z.string().max(40).optional(),
  company_name: z.string().max(200).optional(),
  /** Deprecated in the spec for tax_free; still read when vat_amount is absent. */
  vat: int.min(0).optional(),
});
export type IssueReceiptBody = z.infer<typeof IssueReceiptBodySchema>;

/** POST /receipts/external/{merchant_uid}: the channel, order name and amount come with the request. */
export const IssueExternalReceiptBodySchema = z.object({
  channel_key: z.string().min(1),
  name: z.string().min(1).max(200),
  amount: int.min(1),
  ...IssueFields,
  pay_method: z.enum(['trans', 'vbank']).optional(),
});
export type IssueExternalReceiptBody = z.infer<typeof IssueExternalReceiptBodySchema>;
