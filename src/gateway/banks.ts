// Banks for virtual accounts (pay_method 'vbank'), from fixtures/banks.json, and the vbank_due formats of request_pay.

import type { Bank } from '../schemas/banks.js';
import type { HolderEntry } from '../schemas/vbanks.js';
import { loadBankList, loadVbankHolderList } from '../store/fixtures.js';

export interface BankBook {
  banks: Bank[];
  get(code: string): Bank | undefined;
}

export function bankBook(banks: Bank[]): BankBook {
  const byCode = new Map(banks.map((b) => [b.code, b]));
  return { banks, get: (code) => byCode.get(code) };
}

/** The bank book of a fixtures directory (the package's banks.json when the directory has none). */
export const loadBanks = (dir: string): BankBook => bankBook(loadBankList(dir));

/** An account number in the bank's format, its digits drawn from `digits` (the seeded id source). */
export function accountNumber(bank: Bank, digits: (n: number) => string): string {
  const d = digits((bank.account_format.match(/#/g) ?? []).length);
  let i = 0;
  return bank.account_format.replace(/#/g, () => d[i++]!);
}

const KST_OFFSET_S = 9 * 60 * 60;
const DAY_S = 24 * 60 * 60;

/** UNIX seconds of a wall-clock time in KST (UTC+9), or null when the fields are not a real calendar time. */
function kst(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null; // 2026-02-30
  return ms / 1000 - KST_OFFSET_S;
}

/**
 * vbank_due (sdk-v1.md §2) as UNIX seconds, or null when it is in none of the documented formats: `YYYYMMDDhhmm` (old
 * docs), `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM-DD HH:mm:ss`, `YYYYMMDDHHmmss`. Unconfirmed: the time zone. The docs give
 * none; Korean PGs work in KST, so a due without a zone is read as KST (UTC+9). An ISO time with `Z` or `±hh:mm`
 * (`YYYY-MM-DDTHH:mm:ss+09:00`) is also taken, in its own zone. Unconfirmed too: a date without a time; we read it as
 * the end of that day (23:59:59 KST), which is what a buyer reading "due 1 March" expects.
 */
export function parseVbankDue(input: string): number | null {
  const v = input.trim();
  let m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] === undefined) return kst(y, mo, d, 23, 59, 59);
    return kst(y, mo, d, Number(m[4]), Number(m[5]), m[6] === undefined ? 0 : Number(m[6]));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?)?$/.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined) return kst(y, mo, d, 23, 59, 59);
  const local = kst(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6]));
  if (local === null || m[7] === undefined) return local;
  // An explicit zone: undo the KST reading and apply the given offset.
  const zone =
    m[7] === 'Z'
      ? 0
      : (m[7]![0] === '-' ? -1 : 1) * (Number(m[7]!.slice(1, 3)) * 3600 + Number(m[7]!.slice(4, 6)) * 60);
  return local + KST_OFFSET_S - zone;
}

/**
 * The due date when request_pay gives no vbank_due. Unconfirmed (the docs give no default; PGs use their own, often
 * a few days): we use the end of the 7th day after issue, 23:59:59 KST.
 */
export function defaultVbankDue(issuedAtS: number): number {
  const kstDay = Math.floor((issuedAtS + KST_OFFSET_S) / DAY_S); // days since epoch, in KST
  return (kstDay + 7) * DAY_S + DAY_S - 1 - KST_OFFSET_S;
}

// ---- account holders (GET /vbanks/holder)

export interface HolderBook {
  /** The holder of an account, its number compared on digits only. */
  get(bankCode: string, bankNum: string): HolderEntry | undefined;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

export function holderBook(entries: HolderEntry[]): HolderBook {
  const byAccount = new Map(entries.map((h) => [`${h.bank_code}:${digitsOf(h.bank_num)}`, h]));
  return { get: (code, num) => byAccount.get(`${code}:${digitsOf(num)}`) };
}

/** The holder book of a fixtures directory (the package's vbank-holders.json when the directory has none). */
export const loadVbankHolders = (dir: string): HolderBook => holderBook(loadVbankHolderList(dir));
