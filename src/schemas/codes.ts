// Wire shapes of the code tables (GET /banks, /cards: StandardCodeAnnotation), of fixtures/card-codes.json, and of
// the payment balance (GET /payments/{imp_uid}/balance: PaymentBalanceResponseAnnotation).

import { z } from 'zod';

/** StandardCodeAnnotation: `code` is the KFTC (금융결제원) standard code, `name` the name KFTC registers. */
export const StandardCodeSchema = z.object({ code: z.string(), name: z.string() });
export type StandardCode = z.infer<typeof StandardCodeSchema>;

export const StandardCodeListSchema = z.array(StandardCodeSchema);

/** One card company of fixtures/card-codes.json. `note` (where the entry comes from) stays off the wire. */
export const CardCodeEntrySchema = z.object({
  code: z.string().regex(/^[0-9A-Z]{3}$/, 'code must be 3 digits (KFTC) or 3 capital letters (foreign brands)'),
  name: z.string().min(1),
  note: z.string().optional(),
});
export type CardCodeEntry = z.infer<typeof CardCodeEntrySchema>;

/** fixtures/card-codes.json: codes unique. */
export const CardCodeFileSchema = z.object({ cards: z.array(CardCodeEntrySchema).min(1) }).superRefine((f, ctx) => {
  const codes = new Set<string>();
  f.cards.forEach((c, i) => {
    if (codes.has(c.code))
      ctx.addIssue({ code: 'custom', path: ['cards', i, 'code'], message: `code ${c.code} appears twice` });
    codes.add(c.code);
  });
});

/** Path parameters: any string; an unknown code is a 404, not a 400 (the spec lists 404 only). */
export const BankCodeParam = z.object({ bank_standard_code: z.string() });
export const CardCodeParam = z.object({ card_standard_code: z.string() });

/** PaymentBalanceAnnotation: amounts after refunds (the spec: "환불시 마이너스 차감된 최종 금액"). */
export const PaymentBalanceSchema = z.object({
  tax_free: z.number(),
  supply: z.number(),
  vat: z.number(),
  service: z.number(),
});
export type PaymentBalance = z.infer<typeof PaymentBalanceSchema>;

/** PaymentBalanceHistoriesAnnotation. */
export const PaymentBalanceHistorySchema = z.object({
  cash_receipt: PaymentBalanceSchema,
  primary: PaymentBalanceSchema,
  secondary: PaymentBalanceSchema,
  discount: PaymentBalanceSchema,
  created: z.number().int(),
});
export type PaymentBalanceHistory = z.infer<typeof PaymentBalanceHistorySchema>;

/** PaymentBalanceResponseAnnotation, in the spec's key order. */
export const PaymentBalanceResponseSchema = z.object({
  amount: z.number(),
  cash_receipt: PaymentBalanceSchema,
  primary: PaymentBalanceSchema,
  secondary: PaymentBalanceSchema,
  discount: PaymentBalanceSchema,
  histories: z.array(PaymentBalanceHistorySchema),
});
export type PaymentBalanceResponse = z.infer<typeof PaymentBalanceResponseSchema>;
