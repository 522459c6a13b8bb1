// Test cards: what a card number does at issuance and at each later charge, from fixtures/cards.json.
// A billing key stores the card's rule (never the full number), so later charges behave as the table says.

import { ApiError } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { CardRule, StoredCard } from '../schemas/cards.js';
import type { CardCodeEntry, StandardCode } from '../schemas/codes.js';
import { loadCardCodeList, loadCardRules } from '../store/fixtures.js';
import { cardDigits, luhnValid, maskCardNumber } from '../util/card-number.js';

export interface CardBook {
  rules: CardRule[];
  /** The rule for a number, or the default (first) rule's brand with "approve" for unknown Luhn-valid numbers. */
  rule(digits: string): CardRule;
}

export function cardBook(rules: CardRule[]): CardBook {
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

/** The card book of a fixtures directory. */
export const loadCards = (dir: string): CardBook => cardBook(loadCardRules(dir));

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

/**
 * The card fields of a payment or a billing key, from the card it remembers. The sandbox's test cards are their
 * own issuer and publisher, so the three code/name pairs agree.
 */
export function cardFields(c: StoredCard) {
  return {
    card_code: c.card_code,
    card_name: c.card_name,
    card_issuer_code: c.card_code,
    card_issuer_name: c.card_name,
    card_publisher_code: c.card_code,
    card_publisher_name: c.card_name,
    card_number: c.card_number,
    card_type: c.card_type,
  };
}

// ---- the standard card company codes (GET /cards)

export interface CardCodeBook {
  cards: StandardCode[];
  get(code: string): StandardCode | undefined;
}

/** The card-code book of a table: only `code` and `name` go on the wire (a fixture entry's `note` stays here). */
export function cardCodeBook(entries: CardCodeEntry[]): CardCodeBook {
  const cards = entries.map(({ code, name }) => ({ code, name }));
  const byCode = new Map(cards.map((c) => [c.code, c]));
  return { cards, get: (code) => byCode.get(code) };
}

/** The card-code book of a fixtures directory (the package's card-codes.json when the directory has none). */
export const loadCardCodes = (dir: string): CardCodeBook => cardCodeBook(loadCardCodeList(dir));
