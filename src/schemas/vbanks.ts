// Wire shapes of virtual accounts by REST (createVbank, modifyVbank, revokeVbank; the spec's `vbanks` tag), the
// account-holder lookup (GET /vbanks/holder) and its fixture file (fixtures/vbank-holders.json).

import { z } from 'zod';
import { bool, int, num } from './common.js';
import { customData } from './payments.js';

/**
 * An amount as JSON (a number) or form bodies (a numeric string) send it. Its sign is the gateway's to check, so a
 * 0 or negative amount gets the virtual-account message rather than a schema one.
 */
const amount = z.union(
  [
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, 'amount 는 숫자여야 합니다.')
      .transform(Number),
  ],
  { error: 'amount 는 숫자여야 합니다.' },
);

/**
 * vbank_due: the spec's UNIX timestamp (an integer, or its digits in a form body), or one of the SDK's date formats
 * (sdk-v1.md §2), which older integrations send here too. Read by the gateway (readVbankDue).
 */
const vbankDue = z.union([z.number(), z.string().max(40)], {
  error: 'vbank_due 는 UNIX TIMESTAMP(초) 또는 날짜 문자열이어야 합니다.',
});

/**
 * POST /vbanks (createVbank): the spec's parameters, with its maxLengths. channel_key is required by the spec; older
 * clients send `pg` instead (the old docs: "API 방식 비인증 PG설정이 2개 이상인 경우" `{PG사}` or `{PG사}.{MID}`), and
 * some send neither: both are optional here and the gateway picks the channel. Parameters of other PGs (KSNET's
 * product_type, Hecto's escrow_password, INICIS' pg_api_key, NICE's tax fields) are accepted and have no effect, but
 * `vbank_num` (a fixed account number agreed with the PG) becomes the account number, and `fixed_unlimited_vbank`
 * (Hecto's, the spec since 2025-07; on any channel here) makes an account that takes deposits again once paid, each one
 * listed in the payment's deposit_history (see depositVbank).
 */
export const CreateVbankBodySchema = z.object({
  channel_key: z.string().max(100).optional(),
  pg: z.string().max(100).optional(),
  merchant_uid: z.string().min(1, 'merchant_uid 는 필수입니다.').max(40),
  amount,
  product_type: z.enum(['real', 'digital']).optional(),
  vbank_num: z.string().min(1).max(40).optional(),
  vbank_code: z.string().min(1, 'vbank_code 는 필수입니다.').max(10),
  vbank_due: vbankDue,
  vbank_holder: z.string().min(1).max(16).optional(),
  vbank_key: z.string().max(13).optional(),
  name: z.string().max(40).optional(),
  buyer_name: z.string().max(16).optional(),
  buyer_email: z.string().max(64).optional(),
  buyer_tel: z.string().max(16).optional(),
  business_registration_number: z.string().max(10).optional(),
  buyer_addr: z.string().max(128).optional(),
  buyer_postcode: z.string().max(8).optional(),
  // The spec's type is an array (formData, type array); a single URL is what most clients send.
  notice_url: z.union([z.string().max(2000), z.array(z.string().max(2000)).max(10)]).optional(),
  custom_data: customData.optional(),
  tax_free: num.min(0).optional(),
  vat_amount: num.min(0).optional(),
  product_count: int.min(1).optional(),
  escrow_password: z.string().max(100).optional(),
  fixed_unlimited_vbank: bool.optional(),
});
export type CreateVbankBody = z.infer<typeof CreateVbankBodySchema>;

/** INICIS' pg_api_key comes in the query of POST and DELETE /vbanks: accepted, not checked. */
export const VbankQuerySchema = z.object({ pg_api_key: z.string().max(200).optional() });

/** PUT /vbanks/{imp_uid} (modifyVbank): the new amount and/or due; no body at all is read as "nothing to change". */
export const ModifyVbankBodySchema = z.object({ amount: amount.optional(), vbank_due: vbankDue.optional() }).nullish();
export type ModifyVbankBody = z.infer<typeof ModifyVbankBodySchema>;

export const VbankImpUidParam = z.object({ imp_uid: z.string().min(1).max(100) });

/**
 * GET /vbanks/holder: both parameters are required (the old docs: 400 when bank_code is missing). bank_num may hold
 * other characters than digits (the docs: "숫자외 기호 포함 가능"); only its digits are compared.
 */
export const VbankHolderQuerySchema = z.object({
  bank_code: z.string({ error: 'bank_code 는 필수입니다.' }).min(1, 'bank_code 는 필수입니다.').max(10),
  bank_num: z.string({ error: 'bank_num 은 필수입니다.' }).min(1, 'bank_num 은 필수입니다.').max(40),
});
export type VbankHolderQuery = z.infer<typeof VbankHolderQuerySchema>;

/** VbankHolderAnnotation. */
export const VbankHolderSchema = z.object({ bank_holder: z.string() });
export type VbankHolder = z.infer<typeof VbankHolderSchema>;

/** One account of fixtures/vbank-holders.json. */
export const HolderEntrySchema = z.object({
  bank_code: z.string().regex(/^\d{3}$/, 'bank_code must be a 3-digit KFTC bank code'),
  /** As a person writes it (dashes allowed); at least 6 digits. */
  bank_num: z
    .string()
    .regex(/^[\d -]+$/, 'bank_num is made of digits, spaces and dashes')
    .refine((n) => n.replace(/\D/g, '').length >= 6, 'bank_num needs at least 6 digits'),
  bank_holder: z.string().min(1),
});
export type HolderEntry = z.infer<typeof HolderEntrySchema>;

/** fixtures/vbank-holders.json: the accounts GET /vbanks/holder knows; one entry per bank and account digits. */
export const HolderFileSchema = z.object({ holders: z.array(HolderEntrySchema) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.holders.forEach((h, i) => {
    const key = `${h.bank_code}:${h.bank_num.replace(/\D/g, '')}`;
    if (seen.has(key))
      ctx.addIssue({
        code: 'custom',
        path: ['holders', i],
        message: `account ${h.bank_code} ${h.bank_num} appears twice`,
      });
    seen.add(key);
  });
});

/** What the sandbox keeps about a REST-issued account besides its payment: where its webhooks go. */
export interface VbankRecord {
  imp_uid: string;
  notice_url: string | string[] | null;
  /** Issued with fixed_unlimited_vbank: true (a fixed account that takes deposits again once paid). */
  fixed_unlimited?: boolean;
}
