// Code tables (api-v1.md §8; operations allBankCodes, bankCodes, allCardCodes, cardCodes): KFTC standard codes and
// names of banks (fixtures/banks.json, the same banks the virtual accounts use) and card companies
// (fixtures/card-codes.json). The tables are the same for every merchant.

import { notFound } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { StandardCode } from '../schemas/codes.js';
import type { CardCodeBook } from './cards.js';
import type { Gateway } from './context.js';

/**
 * GET /banks: every bank of fixtures/banks.json as `{code, name}`, in the file's order. Unconfirmed: the real list
 * holds every KFTC participant (securities firms and card companies too); ours holds the banks the sandbox can issue
 * virtual accounts at, so that every code it lists works with vbank_code.
 */
export function listBanks(sb: Pick<Gateway, 'banks'>): StandardCode[] {
  return sb.banks.banks.map((b) => ({ code: b.code, name: b.name }));
}

/**
 * GET /banks/{bank_standard_code}: one bank, or 404 (the spec's only refusal). The code is matched exactly: `4` is
 * not `004`. Unconfirmed: whether the real server pads a short code.
 */
export function getBank(sb: Pick<Gateway, 'banks'>, code: string): StandardCode {
  const b = sb.banks.get(code);
  if (!b) throw notFound(MSG.bankCodeNotFound);
  return { code: b.code, name: b.name };
}

/** GET /cards: every card company of the table, in the file's order. */
export function listCards(book: CardCodeBook): StandardCode[] {
  return book.cards;
}

/** GET /cards/{card_standard_code}: one card company, or 404. Matched exactly, like banks (`vis` is not `VIS`). */
export function getCard(book: CardCodeBook, code: string): StandardCode {
  const c = book.get(code);
  if (!c) throw notFound(MSG.cardCodeNotFound);
  return c;
}
