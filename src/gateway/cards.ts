// Test cards: what a card number does at issuance and at each later charge, from fixtures/cards.json.
// A billing key stores the card's rule (never the full number), so later charges behave as the table says.

import path from 'node:path';
import { z } from 'zod';
import { readJson } from './merchants.js';
import { ApiError, MSG } from './errors.js';

const Outcome = z.discriminatedUnion('result', [
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
  issue: Outcome,
  /** At each charge: approve, decline (code 0, status failed) or error (non-zero code, response null). */
  charge: Outcome,
});
export type CardRule = z.infer<typeof CardRuleSchema>;
export type CardOutcome = z.infer<typeof Outcome>;

/** What a billing key remembers of its card. */
export interface StoredCard {
  card_number: string; // masked
  card_code: string;
  card_name: string;
  card_type: 0 | 1 | null;
  charge: CardOutcome;
}

export interface CardBook {
  rules: CardRule[];
  /** The rule for a number, or the default (first) rule's brand with "approve" for unknown Luhn-valid numbers. */
  rule(digits: string): CardRule;
}

export function loadCards(dir: string): CardBook {
  const file = path.join(dir, 'cards.json');
  const parsed = z.object({ cards: z.array(CardRuleSchema).min(1) }).safeParse(readJson(file));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`${file}: ${i.path.join('.')}: ${i.message}`);
  }
  const rules = parsed.data.cards;
  const byNumber = new Map(rules.map((r) => [r.number, r]));
  const fallback = rules[0]!;
  return {
    rules,
    rule: (digits) =>
      byNumber.get(digits) ?? {
        ...fallback,
        number: digits,
        description: 'any other valid number',
        issue: { result: 'approve' },
        charge: { result: 'approve' },
      },
  };
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card numbers come as `dddd-dddd-dddd-dddd`, with spaces, or bare. */
export function cardDigits(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{13,19}$/.test(digits) ? digits : null;
}

/** Mask like the real API: first 8 and last 4 digits visible (`41111111****1111`). */
export function maskCardNumber(digits: string): string {
  const keepEnd = 4;
  const keepStart = Math.min(8, digits.length - keepEnd - 4);
  return digits.slice(0, keepStart) + '*'.repeat(digits.length - keepStart - keepEnd) + digits.slice(-keepEnd);
}

/** Expiry as `YYYY-MM` (REST; also `YYYY/MM`, `YYYYMM`), `MM/YY` or `MMYY` (window): returns year and month, or null. */
export function parseExpiry(input: string): { year: number; month: number } | null {
  const s = input.trim();
  const long = /^(\d{4})[-/]?(\d{2})$/.exec(s);
  const short = long ? null : /^(\d{2})\s*\/?\s*(\d{2})$/.exec(s);
  let year: number;
  let month: number;
  if (long) [year, month] = [Number(long[1]), Number(long[2])];
  else if (short) [year, month] = [2000 + Number(short[2]), Number(short[1])];
  else return null;
  return month >= 1 && month <= 12 ? { year, month } : null;
}

/**
 * Check key-in card data and return the card's rule. `failure` is the leading sentence of the real error
 * (issuance: billingKeyFailed, payment: cardAuthFailed); the PG's detail follows it, as the real messages do.
 * All refusals are HTTP 200 code -1 (api-v1.md §1.2).
 */
export function checkCard(
  book: CardBook,
  card: { card_number: string; expiry: string },
  nowMs: number,
  failure: string,
): { rule: CardRule; digits: string } {
  const digits = cardDigits(card.card_number);
  if (!digits || !luhnValid(digits)) throw new ApiError(200, -1, `${failure} ${MSG.invalidCardNumber}`);
  const exp = parseExpiry(card.expiry);
  if (!exp) throw new ApiError(200, -1, `${failure} ${MSG.invalidExpiry}`);
  const now = new Date(nowMs);
  // A card is valid through the last day of its expiry month (UTC: the sandbox clock has no time zone).
  if (exp.year * 12 + exp.month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    throw new ApiError(200, -1, `${failure} ${MSG.expiredCard}`);
  }
  const rule = book.rule(digits);
  if (rule.issue.result !== 'approve')
    throw new ApiError(200, -1, `${failure} ${'message' in rule.issue ? rule.issue.message : ''}`.trim());
  return { rule, digits };
}

export function storedCard(rule: CardRule, digits: string): StoredCard {
  return {
    card_number: maskCardNumber(digits),
    card_code: rule.card_code,
    card_name: rule.card_name,
    card_type: rule.card_type,
    charge: rule.charge,
  };
}
