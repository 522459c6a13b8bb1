// Banks of virtual accounts (fixtures/banks.json).

import { z } from 'zod';

export const BankSchema = z.object({
  /** KFTC bank code, as in vbank_code (api-v1.md §4). */
  code: z.string().regex(/^\d{3}$/, 'code must be a 3-digit KFTC bank code'),
  name: z.string().min(1),
  name_en: z.string().min(1),
  /** '#' = one digit of the issued account number; anything else (dashes) is kept as written. */
  account_format: z
    .string()
    .regex(/^[#-]+$/, "account_format is made of '#' and '-'")
    .refine((f) => (f.match(/#/g) ?? []).length >= 10, 'account_format needs at least 10 digits'),
});
export type Bank = z.infer<typeof BankSchema>;

/** fixtures/banks.json */
export const BankFileSchema = z.object({ banks: z.array(BankSchema).min(1) }).superRefine((f, ctx) => {
  const codes = new Set<string>();
  f.banks.forEach((b) => {
    if (codes.has(b.code)) ctx.addIssue({ code: 'custom', path: ['banks'], message: `code ${b.code} appears twice` });
    codes.add(b.code);
  });
});
