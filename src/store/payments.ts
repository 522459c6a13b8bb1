// Payments and prepared amounts. The wire object is stored whole (data); indexed columns mirror the fields we query.

import { StatementCache } from './statements.js';
import type { Statement } from 'better-sqlite3';
import { NO_FROM, NO_TO, split, windowCountSql } from './counts.js';
import type { Db } from './db.js';
import type { Payment, PaymentStatus, Prepare } from '../schemas/payments.js';
import { deepFreeze } from '../util/freeze.js';

type Row = { data: string };
const parse = (r: Row | undefined) => (r ? (JSON.parse(r.data) as Payment) : undefined);
const parseAll = (rows: Row[]) => rows.map((r) => JSON.parse(r.data) as Payment);

/** Orderings the real API accepts in `sorting`. rowid breaks ties, so equal timestamps keep insertion order. */
export const SORTINGS = {
  '-started': 'started_at DESC, rowid DESC',
  started: 'started_at ASC, rowid ASC',
  '-paid': 'paid_at DESC, rowid DESC',
  paid: 'paid_at ASC, rowid ASC',
  '-updated': 'updated_at DESC, rowid DESC',
  updated: 'updated_at ASC, rowid ASC',
} as const;
export type Sorting = keyof typeof SORTINGS;

/** Filters of `page`: every one optional (no merchant_id = every merchant). */
export interface PageFilter {
  merchant_id?: string;
  merchant_uid?: string;
  status?: PaymentStatus;
  customer_uid?: string;
}

export type TimeField = 'started_at' | 'paid_at' | 'failed_at' | 'cancelled_at' | 'updated_at';

/** Filters of `list` and `count` (one merchant's payments). */
export interface ListFilter {
  merchant_uid?: string;
  status?: PaymentStatus;
  customer_uid?: string;
  /** The field `from`/`to` (inclusive, UNIX seconds) bound. */
  timeField?: TimeField;
  from?: number;
  to?: number;
  sorting?: Sorting;
}

/** The time of a status, as the generated column status_at has it (migration 5). */
const STATUS_AT: Record<PaymentStatus, TimeField> = {
  ready: 'started_at',
  paid: 'paid_at',
  cancelled: 'cancelled_at',
  failed: 'failed_at',
};

function whereOf(f: ListFilter, onStatusAt: boolean): string {
  const where = ['merchant_id = @merchantId'];
  if (f.merchant_uid !== undefined) where.push('merchant_uid = @merchant_uid');
  if (f.status !== undefined) where.push('status = @status');
  if (f.customer_uid !== undefined) where.push('customer_uid = @customer_uid');
  // A count, or a page of a window of few rows, walks the window itself: on status_at (merchant_id, status, status_at)
  // when the window is on the status's own time, which it always is for /payments/status; a page of many rows walks
  // its order instead and filters on the field.
  const field =
    onStatusAt && f.status !== undefined && f.timeField === STATUS_AT[f.status] ? 'status_at' : (f.timeField ?? null);
  if (field && f.from !== undefined) where.push(`${field} >= @from`);
  if (field && f.to !== undefined) where.push(`${field} <= @to`);
  return where.join(' AND ');
}

/**
 * The bucket of payment_counts a count can use (migration 6): the status's when the window is on its own time (or
 * there is none), '*' for every status on started_at; null when another filter (merchant_uid, customer) narrows it.
 */
function bucketKey(f: ListFilter): string | null {
  if (f.merchant_uid !== undefined || f.customer_uid !== undefined) return null;
  if (f.status !== undefined) return f.timeField === undefined || f.timeField === STATUS_AT[f.status] ? f.status : null;
  return f.timeField === undefined || f.timeField === 'started_at' ? '*' : null;
}

/**
 * A window holding at most this many rows is read on its time's index and sorted: it costs those rows, where walking
 * the order's index may pass any number of rows outside the window (a narrow window far back). Above it, the order's
 * walk, which stops at the page, is the cheaper one for the usual windows (the latest 90 days).
 */
export const FEW_ROWS = 200;

/** The index of a window's own time (status_at within a status, started_at for all), if the list is on a window. */
function windowIndex(f: ListFilter): string | null {
  if (f.from === undefined && f.to === undefined) return null;
  const key = bucketKey(f);
  return key === null || f.timeField === undefined ? null : key === '*' ? 'payments_started' : 'payments_status_at';
}

/**
 * The index a page walks: its order's, within the status if one is asked. A merchant_uid's or a customer's payments
 * are few, on their own index (in started order; another order sorts those few rows).
 */
function indexFor(f: ListFilter, order: Sorting): string {
  if (f.merchant_uid !== undefined) return 'payments_merchant_uid';
  if (f.customer_uid !== undefined) return 'payments_customer';
  const col = order.replace('-', '') as 'started' | 'paid' | 'updated';
  return f.status !== undefined ? `payments_status_${col}` : `payments_${col}`;
}

/**
 * How many shared lookup objects are kept; past it the map starts over (it only saves parsing). Enough for the payments
 * a suite polls at once; each costs about 8 KB with its stored text and its serialized answer (issue 12: memory).
 */
const SHARED_MAX = 128;

export class PaymentStore {
  constructor(private db: Db) {}
  /** imp_uid → its stored text and that text parsed, deep-frozen (getShared): a changed row has a new text. */
  private shared = new Map<string, { text: string; payment: Readonly<Payment> }>();
  private q = {
    insert: this.db.prepare(
      `INSERT INTO payments (imp_uid, merchant_id, merchant_uid, status, customer_uid,
         started_at, paid_at, failed_at, cancelled_at, updated_at, data)
       VALUES (@imp_uid, @merchant_id, @merchant_uid, @status, @customer_uid,
         @started_at, @paid_at, @failed_at, @cancelled_at, @updated_at, @data)`,
    ),
    update: this.db.prepare(
      `UPDATE payments SET status = @status, paid_at = @paid_at, failed_at = @failed_at, cancelled_at = @cancelled_at,
         updated_at = @updated_at, data = @data
       WHERE imp_uid = @imp_uid AND merchant_id = @merchant_id`,
    ),
    get: this.db.prepare('SELECT data FROM payments WHERE merchant_id = ? AND imp_uid = ?'),
    exists: this.db.prepare('SELECT 1 FROM payments WHERE imp_uid = ?'),
    ownerOf: this.db.prepare('SELECT merchant_id FROM payments WHERE imp_uid = ?'),
    paidByMerchantUid: this.db.prepare(
      "SELECT data FROM payments WHERE merchant_id = ? AND merchant_uid = ? AND status IN ('paid', 'cancelled') LIMIT 1",
    ),
    getPrepare: this.db.prepare('SELECT data FROM prepares WHERE merchant_id = ? AND merchant_uid = ?'),
    putPrepare: this.db.prepare('INSERT OR REPLACE INTO prepares (merchant_id, merchant_uid, data) VALUES (?, ?, ?)'),
  };

  private params(merchantId: string, p: Payment, updatedAt: number) {
    return {
      imp_uid: p.imp_uid,
      merchant_id: merchantId,
      merchant_uid: p.merchant_uid,
      status: p.status,
      customer_uid: p.customer_uid,
      started_at: p.started_at,
      paid_at: p.paid_at,
      failed_at: p.failed_at,
      cancelled_at: p.cancelled_at,
      updated_at: updatedAt,
      data: JSON.stringify(p),
    };
  }

  insert(merchantId: string, p: Payment, nowS: number): void {
    this.q.insert.run(this.params(merchantId, p, nowS));
  }
  update(merchantId: string, p: Payment, nowS: number): void {
    this.q.update.run(this.params(merchantId, p, nowS));
  }
  get(merchantId: string, impUid: string): Payment | undefined {
    return parse(this.q.get.get(merchantId, impUid) as Row | undefined);
  }
  /**
   * The same payment as `get`, for readers that never change it (the lookup route): deep-frozen and shared between
   * requests while its row is unchanged, so a payment polled again and again is parsed (and its answer checked and
   * written, http/serializer.ts) once. The row is read every time: the stored text is the key.
   */
  getShared(merchantId: string, impUid: string): Readonly<Payment> | undefined {
    const row = this.q.get.get(merchantId, impUid) as Row | undefined;
    if (!row) return undefined;
    // Compared, not hashed: the text is a kilobyte or more.
    const known = this.shared.get(impUid);
    if (known?.text === row.data) return known.payment;
    const payment = deepFreeze(JSON.parse(row.data) as Payment);
    if (this.shared.size >= SHARED_MAX) this.shared.clear();
    this.shared.set(impUid, { text: row.data, payment });
    return payment;
  }
  /** Is this imp_uid used by any merchant? (ids are global, like the real gateway's) */
  exists(impUid: string): boolean {
    return this.q.exists.get(impUid) !== undefined;
  }
  /** The merchant an imp_uid belongs to (for the control API, which acts across merchants). */
  ownerOf(impUid: string): string | undefined {
    return (this.q.ownerOf.get(impUid) as { merchant_id: string } | undefined)?.merchant_id;
  }
  /** The payment that consumed this merchant_uid (paid, or paid and later cancelled), if any. */
  paidByMerchantUid(merchantId: string, merchantUid: string): Payment | undefined {
    return parse(this.q.paidByMerchantUid.get(merchantId, merchantUid) as Row | undefined);
  }
  /**
   * Payments with filters, ordered, from `range.offset` at most `range.limit` of them (all without `range`): a page is
   * read in SQL, walking the index of its order (`indexFor`), never the whole result set. When `range.total` (the
   * list's count) is known to be small, the window's own index is walked instead and its few rows sorted: a narrow
   * window far back in time costs its rows, not every newer row of the order.
   */
  list(merchantId: string, f: ListFilter, range?: { offset: number; limit: number; total?: number }): Payment[] {
    const order = f.sorting ?? '-started';
    const few = range?.total !== undefined && range.total <= FEW_ROWS ? windowIndex(f) : null;
    const limit = range ? ' LIMIT @limit OFFSET @offset' : '';
    // The few rows of a window are sorted on their keys alone, and only the page's rows read whole.
    const sql = few
      ? `SELECT data FROM payments WHERE rowid IN (SELECT rowid FROM payments INDEXED BY ${few}
          WHERE ${whereOf(f, true)} ORDER BY ${SORTINGS[order]}${limit}) ORDER BY ${SORTINGS[order]}`
      : `SELECT data FROM payments INDEXED BY ${indexFor(f, order)} WHERE ${whereOf(f, false)}
          ORDER BY ${SORTINGS[order]}${limit}`;
    return parseAll(this.stmt(sql).all({ merchantId, ...f, ...range }) as Row[]);
  }
  /**
   * How many payments `list` would give without a range. A window is counted from payment_counts' buckets and the
   * status_at (or started_at) index for its edges (store/counts.ts); a merchant_uid's or a customer's on their index.
   */
  count(merchantId: string, f: ListFilter): number {
    const key = bucketKey(f);
    const from = f.timeField === undefined ? NO_FROM : (f.from ?? NO_FROM);
    const to = f.timeField === undefined ? NO_TO : (f.to ?? NO_TO);
    const s = key === null ? null : split(from, to);
    if (s) {
      const all = key === '*';
      const sql = windowCountSql(
        'payments',
        all ? 'payments_started' : 'payments_status_at',
        all ? 'merchant_id = @merchantId' : 'merchant_id = @merchantId AND status = @status',
        all ? 'started_at' : 'status_at',
        'payment_counts',
        '<=',
      );
      return (this.stmt(sql).get({ merchantId, key, status: f.status, from, to, ...s }) as { n: number }).n;
    }
    const sql = `SELECT COUNT(*) AS n FROM payments WHERE ${whereOf(f, true)}`;
    return (this.stmt(sql).get({ merchantId, ...f }) as { n: number }).n;
  }
  private readonly statements = new StatementCache(this.db);
  private stmt(sql: string): Statement {
    return this.statements.get(sql);
  }

  /** The control API's browsing (the dashboard): of one merchant or all, newest first, paged in SQL. */
  page(
    f: PageFilter,
    limit: number,
    offset: number,
  ): { total: number; rows: { merchant_id: string; payment: Payment }[] } {
    const where = ['1 = 1'];
    for (const k of ['merchant_id', 'merchant_uid', 'status', 'customer_uid'] as const)
      if (f[k] !== undefined) where.push(`${k} = @${k}`);
    const w = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM payments WHERE ${w}`).get(f) as { n: number }).n;
    const sql = `SELECT merchant_id, data FROM payments WHERE ${w} ORDER BY started_at DESC, rowid DESC LIMIT @limit OFFSET @offset`;
    const rows = this.db.prepare(sql).all({ ...f, limit, offset }) as (Row & { merchant_id: string })[];
    return { total, rows: rows.map((r) => ({ merchant_id: r.merchant_id, payment: JSON.parse(r.data) as Payment })) };
  }

  getPrepare(merchantId: string, merchantUid: string): Prepare | undefined {
    const r = this.q.getPrepare.get(merchantId, merchantUid) as Row | undefined;
    return r ? (JSON.parse(r.data) as Prepare) : undefined;
  }
  putPrepare(merchantId: string, p: Prepare): void {
    this.q.putPrepare.run(merchantId, p.merchant_uid, JSON.stringify(p));
  }
}
