// The request journal: the last requests the sandbox answered, one ring in memory per merchant (JOURNAL_SIZE entries
// each, at most JOURNAL_MERCHANTS rings) plus one ring for requests of no known merchant, with secrets and card
// numbers masked, so a test can assert on what its code actually sent (GET /__sandbox/requests). One merchant's flood
// never evicts another merchant's entries.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
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
  /** Every merchant_uid of the request (the one above, arrays, each of `schedules[]`); the filter matches any. */
  merchant_uids: string[];
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
  /** Matches any of an entry's `merchant_uids`. */
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

/** A text answer that is not JSON is kept as text, its first 2000 characters. */
export const clipText = (text: string) => (text.length > 2000 ? `${text.slice(0, 2000)}…` : text);

/**
 * A JSON answer kept as the client was sent it (its text, or for a long one its UTF-8 bytes deflated: hooks/journal.ts),
 * parsed and masked only when the journal is read: most entries are never read, and parsing and masking a 54-field
 * payment on every request cost more than the lookup itself. Either is also smaller in memory than the parsed object.
 */
export class SentJson {
  /**
   * `sent` is the answer's text, or (`deflated` true) its UTF-8 bytes deflated (raw, level 1) and held one byte per
   * character. V8 holds a text with one Korean character in it (a card or bank name) at two bytes per character; a
   * page of 20 payments is about 20 KB of UTF-8 and 1.5 KB deflated (about 50 us, on long answers only). As a one-byte
   * string it lives in V8's heap, where a dead one is collected with the rest of the garbage, while a dead Buffer's
   * bytes stay malloc's until a major collection finds its handle (the 1M soak: 152 MB with Buffers, 144 so).
   */
  constructor(
    readonly sent: string,
    readonly deflated = false,
  ) {}

  /** Keep the UTF-8 bytes of an answer, deflated. */
  static ofBytes(bytes: Buffer): SentJson {
    return new SentJson(deflateRawSync(bytes, { level: 1 }).toString('latin1'), true);
  }

  /** What the journal shows: the parsed answer, masked (or the text, clipped, if it is not JSON after all). */
  shown(): unknown {
    const text = this.deflated ? inflateRawSync(Buffer.from(this.sent, 'latin1')).toString() : this.sent;
    try {
      return maskSecrets(JSON.parse(text));
    } catch {
      return clipText(text);
    }
  }
}

/** The fields of an entry read from the request itself: `recordLazy` works them out only when the entry is read. */
export type RequestDetail = Pick<
  JournalEntry,
  'query' | 'customer_uid' | 'merchant_uid' | 'merchant_uids' | 'request_headers' | 'request_body'
>;

/** A stored entry: complete, or waiting for its request detail (worked out, once, on its first read). */
type Stored = JournalEntry & { detail?: () => RequestDetail };

const complete = (e: Stored): JournalEntry => {
  if (e.detail) {
    Object.assign(e, e.detail());
    delete e.detail;
  }
  return e;
};

/** An entry as the journal shows it (a stored entry may hold its answer as SentJson). */
const shown = (e: JournalEntry): JournalEntry =>
  e.response_body instanceof SentJson ? { ...e, response_body: e.response_body.shown() } : e;

export function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const raw = headers[h];
    const v = Array.isArray(raw) ? raw.join(', ') : raw;
    if (v !== undefined) out[h] = SECRET_HEADERS.has(h) ? maskToken(v) : v;
  }
  return out;
}

/** The newest `size` entries, the oldest overwritten first. */
class Ring {
  private slots: (Stored | undefined)[];
  private next = 0;
  count = 0;

  constructor(readonly size: number) {
    this.slots = new Array(size);
  }

  push(e: Stored): void {
    this.slots[this.next] = e;
    this.next = (this.next + 1) % this.size;
    if (this.count < this.size) this.count++;
  }

  /** Newest first. */
  *newest(): Generator<Stored> {
    for (let i = 1; i <= this.count; i++) yield this.slots[(this.next - i + this.size) % this.size]!;
  }
}

/** The default of JOURNAL_MERCHANTS (config.ts). */
const MERCHANT_RINGS = 32;

/**
 * One ring of `size` entries per merchant, at most `merchants` of them (the least recently written ring is dropped
 * first), plus one ring for requests of no known merchant; size 0 keeps nothing. Ids count across the whole journal.
 */
export class Journal {
  /** Merchant id → its ring, least recently written first (a write moves its ring to the end). */
  private rings = new Map<string, Ring>();
  private anonymous: Ring;
  private seq = 0;
  private gen = 0;

  constructor(
    readonly size: number,
    readonly merchants = MERCHANT_RINGS,
  ) {
    this.anonymous = new Ring(size);
  }

  /** Changes on every write and clear: a long poll looks again only when it moved. */
  get generation(): number {
    return this.gen;
  }

  /** How many merchants have a ring now (never more than `merchants`). */
  get merchantRings(): number {
    return this.rings.size;
  }

  /**
   * Store an entry whose request detail (`detail`: the masked headers and body, the query, the payment ids) is worked
   * out only if it is read: most entries never are, and masking on every request cost more than some requests.
   * `detail` must read only what does not change after the request (its headers, its body as received, its URL).
   * `response_body` may be a SentJson, which `list` shows parsed and masked. Returns the id given to the entry.
   */
  recordLazy(e: Omit<JournalEntry, 'id' | keyof RequestDetail>, detail: () => RequestDetail): number {
    const id = ++this.seq;
    if (this.size === 0) return id;
    this.gen++;
    this.ringOf(e.merchant).push({ id, ...e, detail } as Stored);
    return id;
  }

  private ringOf(merchant: string | null): Ring {
    if (merchant === null) return this.anonymous;
    let ring = this.rings.get(merchant);
    if (ring) this.rings.delete(merchant);
    else {
      ring = new Ring(this.size);
      if (this.rings.size >= this.merchants) this.rings.delete(this.rings.keys().next().value!);
    }
    this.rings.set(merchant, ring);
    return ring;
  }

  /**
   * Newest first, filtered: one merchant's ring, or every ring (no merchant's too) merged by id. `path` may be a glob
   * like the fault rules' (`/subscribe/**`).
   */
  list(q: JournalQuery = {}): JournalEntry[] {
    const path = q.path ? globToRegExp(q.path) : null;
    const method = q.method?.toUpperCase();
    const limit = q.limit ?? 100;
    const matches = (s: Stored) => {
      const e = complete(s);
      return (
        (!path || path.test(e.path)) &&
        (!method || e.method === method) &&
        (q.customer_uid === undefined || e.customer_uid === q.customer_uid) &&
        (q.merchant_uid === undefined || e.merchant_uids.includes(q.merchant_uid)) &&
        (q.since === undefined || e.at >= q.since)
      );
    };
    const rings = q.merchant === undefined ? [...this.rings.values(), this.anonymous] : [this.rings.get(q.merchant)];
    const out: JournalEntry[] = [];
    for (const ring of rings) {
      if (!ring) continue;
      let n = 0;
      for (const e of ring.newest()) {
        if (n >= limit) break;
        if (matches(e)) {
          out.push(e);
          n++;
        }
      }
    }
    if (rings.length > 1) out.sort((a, b) => b.id - a.id);
    return (out.length > limit ? out.slice(0, limit) : out).map(shown);
  }

  /** Forget everything, or one merchant's entries (its ring goes). Returns how many went. */
  clear(merchantId?: string): number {
    this.gen++;
    if (merchantId === undefined) {
      let n = this.anonymous.count;
      for (const ring of this.rings.values()) n += ring.count;
      this.rings.clear();
      this.anonymous = new Ring(this.size);
      return n;
    }
    const n = this.rings.get(merchantId)?.count ?? 0;
    this.rings.delete(merchantId);
    return n;
  }
}
