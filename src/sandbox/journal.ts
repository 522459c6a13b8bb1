// The request journal: the last JOURNAL_SIZE requests the sandbox answered (a ring in memory), with secrets and
// card numbers masked, so a test can assert on what its code actually sent (GET /__sandbox/requests).

import { maskCardNumber } from '../util/card-number.js';
import { globToRegExp } from '../util/glob.js';

export interface JournalEntry {
  /** Increasing from 1; never reused, even after a clear. */
  id: number;
  /** Sandbox clock when the request arrived, ms. */
  at: number;
  method: string;
  path: string;
  query: Record<string, unknown>;
  /** The merchant id of the request's token (or of imp_key on getToken); null when unknown. */
  merchant: string | null;
  customer_uid: string | null;
  merchant_uid: string | null;
  /** HTTP status the client saw; null when the connection was dropped or left hanging. */
  status: number | null;
  /** The envelope `code` of a JSON answer. */
  code: number | null;
  /** Wall time spent on the request (not the sandbox clock), ms. */
  duration_ms: number;
  request_headers: Record<string, string>;
  request_body: unknown;
  response_body: unknown;
  /** The fault rule that changed this request, if any; for ambiguous rules also what the handler really answered. */
  fault: { id: string; type: string; then?: string; handled_status?: number; handled_code?: number | null } | null;
}

export interface JournalQuery {
  path?: string;
  method?: string;
  merchant?: string;
  customer_uid?: string;
  merchant_uid?: string;
  /** Clock ms: entries at or after it. */
  since?: number;
  limit?: number;
}

const HIDDEN = '********';
/** Request headers worth keeping; the credential ones are masked. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'authorization', 'x-imptokenheader', 'x-sandbox-admin-token'];
const SECRET_HEADERS = new Set(['authorization', 'x-imptokenheader', 'x-sandbox-admin-token']);

/** Keep the first 4 characters of a token, enough to tell two apart, useless to replay. */
export function maskToken(v: string): string {
  const bearer = /^bearer\s+/i.exec(v);
  const t = bearer ? v.slice(bearer[0].length) : v;
  return `${bearer ? bearer[0] : ''}${t.slice(0, 4)}${HIDDEN}`;
}

/** A full card number becomes the gateway's mask (first 8 and last 4 digits, `41111111****1111`); a masked one stays. */
export function maskCard(v: string): string {
  if (v.includes('*')) return v;
  const d = v.replace(/\D/g, '');
  return d.length < 12 ? HIDDEN : maskCardNumber(d);
}

const MASKERS: Record<string, (v: string) => string> = {
  imp_secret: () => HIDDEN,
  access_token: maskToken,
  card_number: maskCard,
  pwd_2digit: () => '**',
  birth: () => '******',
  cvc: () => '***',
};

/** A deep copy with every secret field masked (at any depth, in arrays too). */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] =
      Object.hasOwn(MASKERS, k) && v !== null && v !== undefined ? MASKERS[k]!(String(v)) : maskSecrets(v, depth + 1);
  }
  return out;
}

export function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const raw = headers[h];
    const v = Array.isArray(raw) ? raw.join(', ') : raw;
    if (v !== undefined) out[h] = SECRET_HEADERS.has(h) ? maskToken(v) : v;
  }
  return out;
}

/** A ring of the newest `size` entries; size 0 keeps nothing. */
export class Journal {
  private ring: (JournalEntry | undefined)[];
  private next = 0;
  private seq = 0;

  constructor(readonly size: number) {
    this.ring = new Array(size);
  }

  /** Store an entry (its id is assigned here) and return it. */
  record(e: Omit<JournalEntry, 'id'>): JournalEntry {
    const entry: JournalEntry = { id: ++this.seq, ...e };
    if (this.size === 0) return entry;
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.size;
    return entry;
  }

  /** Newest first, filtered. `path` may be a glob like the fault rules' (`/subscribe/**`). */
  list(q: JournalQuery = {}): JournalEntry[] {
    const path = q.path ? globToRegExp(q.path) : null;
    const method = q.method?.toUpperCase();
    const limit = q.limit ?? 100;
    const out: JournalEntry[] = [];
    for (let i = 1; i <= this.size && out.length < limit; i++) {
      const e = this.ring[(this.next - i + this.size) % this.size];
      if (!e) break;
      if (path && !path.test(e.path)) continue;
      if (method && e.method !== method) continue;
      if (q.merchant !== undefined && e.merchant !== q.merchant) continue;
      if (q.customer_uid !== undefined && e.customer_uid !== q.customer_uid) continue;
      if (q.merchant_uid !== undefined && e.merchant_uid !== q.merchant_uid) continue;
      if (q.since !== undefined && e.at < q.since) continue;
      out.push(e);
    }
    return out;
  }

  /** Forget everything, or one merchant's entries. Returns how many went. */
  clear(merchantId?: string): number {
    let n = 0;
    if (merchantId === undefined) {
      n = this.ring.filter(Boolean).length;
      this.ring = new Array(this.size);
      this.next = 0;
      return n;
    }
    const keep = this.list({ limit: this.size })
      .reverse()
      .filter((e) => {
        if (e.merchant === merchantId) n++;
        return e.merchant !== merchantId;
      });
    this.ring = new Array(this.size);
    this.next = 0;
    for (const e of keep) {
      this.ring[this.next] = e;
      this.next = (this.next + 1) % this.size;
    }
    return n;
  }
}
