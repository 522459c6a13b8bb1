// The one fixture loader: read a JSON file of fixtures/ and check it against its schema. A bad file stops start-up
// with the file and the path of the bad field (`fixtures/cards.json: cards.2.number: ...`).

import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { packageRoot } from '../config.js';
import { type Bank, BankFileSchema } from '../schemas/banks.js';
import { CardFileSchema, type CardRule } from '../schemas/cards.js';
import { type Identity, IdentityFileSchema } from '../schemas/certifications.js';
import { type CardCodeEntry, CardCodeFileSchema } from '../schemas/codes.js';
import { type Merchant, MerchantFileSchema } from '../schemas/merchants.js';
import { type HolderEntry, HolderFileSchema } from '../schemas/vbanks.js';

export function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file}: cannot be read`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: invalid JSON (${(e as Error).message})`);
  }
}

export function loadFixture<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(readJson(file));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`${file}: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data;
}

/** merchants.json: the fixture merchants (ids, keys and merchant codes unique). */
export const loadMerchants = (dir: string): Merchant[] =>
  loadFixture(path.join(dir, 'merchants.json'), MerchantFileSchema).merchants;

/** cards.json: the test-card table. */
export const loadCardRules = (dir: string): CardRule[] =>
  loadFixture(path.join(dir, 'cards.json'), CardFileSchema).cards;

/**
 * banks.json: banks of virtual accounts. A custom --fixtures-dir written before virtual accounts existed has no
 * banks.json: the package's own list is used then (the list is data, so it is still a file, never a built-in table).
 */
export function loadBankList(dir: string): Bank[] {
  let file = path.join(dir, 'banks.json');
  if (!fs.existsSync(file)) file = path.join(packageRoot, 'fixtures', 'banks.json');
  return loadFixture(file, BankFileSchema).banks;
}

/**
 * card-codes.json: the card companies of GET /cards (KFTC standard codes). Like banks.json, a custom --fixtures-dir
 * without the file gets the package's own list.
 */
export function loadCardCodeList(dir: string): CardCodeEntry[] {
  let file = path.join(dir, 'card-codes.json');
  if (!fs.existsSync(file)) file = path.join(packageRoot, 'fixtures', 'card-codes.json');
  return loadFixture(file, CardCodeFileSchema).cards;
}

/**
 * vbank-holders.json: the accounts of GET /vbanks/holder. Like banks.json, a custom --fixtures-dir without the file
 * gets the package's own list.
 */
export function loadVbankHolderList(dir: string): HolderEntry[] {
  let file = path.join(dir, 'vbank-holders.json');
  if (!fs.existsSync(file)) file = path.join(packageRoot, 'fixtures', 'vbank-holders.json');
  return loadFixture(file, HolderFileSchema).holders;
}

/**
 * identities.json: the test people of identity verification. Like banks.json, a custom --fixtures-dir without one
 * uses the package's own table.
 */
export function loadIdentities(dir: string): Identity[] {
  let file = path.join(dir, 'identities.json');
  if (!fs.existsSync(file)) file = path.join(packageRoot, 'fixtures', 'identities.json');
  return loadFixture(file, IdentityFileSchema).identities;
}
