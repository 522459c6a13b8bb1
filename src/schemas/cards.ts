// The test-card table (fixtures/cards.json): what a card number does at issuance and at each charge, and what a
// billing key remembers of its card.

import { z } from 'zod';

export const CardOutcomeSchema = z.discriminatedUnion('result', [
  z.object({ result: z.literal('approve') }),
  z.object({ result: z.literal('decline'), error_code: z.string().default('F0004'), message: z.string().min(1) }),
  z.object({ result: z.literal('error'), error_code: z.string().default('F0005'), message: z.string().min(1) }),
  z.object({ result: z.literal('refuse'), error_code: z.string().default('F0004'), message: z.string().min(1) }),
]);

export const CardRuleSchema = z.object({
  number: z.string().regex(/^\d{13,19}$/, 'number must be 13-19 digits without dashes'),
  description: z.string().default(''),
  card_code: z.string(),
  card_name: z.string(),
  card_type: z.union([z.literal(0), z.literal(1)]).nullable(),
  /** At issuance (billing key or key-in payment): approve or refuse. */
  issue: CardOutcomeSchema,
  /** At each charge: approve, decline (code 0, status failed) or error (non-zero code, response null). */
  charge: CardOutcomeSchema,
});
export type CardRule = z.infer<typeof CardRuleSchema>;
export type CardOutcome = z.infer<typeof CardOutcomeSchema>;

/** What a billing key remembers of its card. */
export interface StoredCard {
  card_number: string; // masked
  card_code: string;
  card_name: string;
  card_type: 0 | 1 | null;
  charge: CardOutcome;
}

/** fixtures/cards.json */
export const CardFileSchema = z.object({ cards: z.array(CardRuleSchema).min(1) });
