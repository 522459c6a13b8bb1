// Wire shapes of merchants (tenants) and their PG channels, as fixtures/merchants.json and the control API give them.

import { z } from 'zod';

export const ChannelSchema = z.object({
  pg_provider: z.string().min(1),
  pg_id: z.string().min(1),
  /** 'payment' = payment window (KICC billing keys only this way); 'api_payment' = REST key-in. */
  type: z.enum(['payment', 'api_payment']),
  channel_key: z.string().min(1),
  channel_name: z.string(),
  /** A test channel (PortOne test mode): its payments are hidden from GET /payments/{imp_uid} without include_sandbox. */
  sandbox: z.boolean().default(false),
});
export type Channel = z.infer<typeof ChannelSchema>;

export const MerchantSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be 1-64 letters, digits, _ or -'),
  name: z.string().min(1),
  merchant_code: z.string().regex(/^imp\d{8}$/, 'merchant_code must be "imp" followed by 8 digits'),
  imp_key: z.string().min(1),
  imp_secret: z.string().min(1),
  webhook_url: z.string().url().nullable().default(null),
  webhook_format: z.enum(['json', 'form']).default('json'),
  /** The first 'payment' channel is the default of the payment window. */
  channels: z.array(ChannelSchema).min(1),
});
export type Merchant = z.infer<typeof MerchantSchema>;

export const MerchantFileSchema = z.object({ merchants: z.array(MerchantSchema).min(1) }).superRefine((f, ctx) => {
  for (const key of ['id', 'imp_key', 'merchant_code'] as const) {
    const seen = new Set<string>();
    f.merchants.forEach((m, i) => {
      if (seen.has(m[key]))
        ctx.addIssue({ code: 'custom', path: ['merchants', i, key], message: `duplicate ${key} "${m[key]}"` });
      seen.add(m[key]);
    });
  }
});
