// Wire shapes of convenience-store payments (POST /cvs, DELETE /cvs/{imp_uid}): issueCvsPayment's parameters, with the
// spec's maxLengths. The answer is the payment object (PaymentSchema).

import { z } from 'zod';
import { int, num } from './common.js';
import { customData } from './payments.js';

export const CvsBodySchema = z.object({
  channel_key: z.string().min(1, 'channel_key 는 필수입니다.').max(200),
  merchant_uid: z.string().min(1).max(40),
  // Unconfirmed: a barcode for nothing makes no sense; 0 won or less is refused (400) like a 0-won virtual account.
  amount: num.gt(0),
  barcode: z.string().min(1).max(100).optional(),
  expired_at: int.min(0).optional(),
  name: z.string().max(40).optional(),
  buyer_name: z.string().max(16).optional(),
  buyer_email: z.string().max(64).optional(),
  buyer_tel: z.string().max(16).optional(),
  buyer_addr: z.string().max(128).optional(),
  buyer_postcode: z.string().max(8).optional(),
  confirm_url: z.string().max(2000).optional(),
  notice_url: z.union([z.string(), z.array(z.string())]).optional(),
  custom_data: customData.optional(),
});
export type CvsBody = z.infer<typeof CvsBodySchema>;

/** What the sandbox keeps per barcode (records kind 'cvs', key imp_uid): what the payment object has no field for. */
export interface CvsRecord {
  imp_uid: string;
  merchant_uid: string;
  barcode: string;
  expired_at: number;
  /** Kept, not called: the sandbox accepts every payment in at the counter. */
  confirm_url: string | null;
  /** Where the issue's `ready` and the payment's `paid` webhooks go (else the merchant's URL). */
  notice_url: string | string[] | null;
}
