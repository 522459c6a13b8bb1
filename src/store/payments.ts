// Payments and prepared amounts. The wire object is stored whole (data); indexed columns mirror the fields we query.

import type { Db } from './db.js';
import type { Payment, PaymentStatus, Prepare } from '../schemas/payments.js';

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

export class PaymentStore {
  constructor(private db: Db) {}
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
  /** Payments with filters, ordered; the caller pages. */
  list(
    merchantId: string,
    f: {
      merchant_uid?: string;
      status?: PaymentStatus;
      customer_uid?: string;
      timeField?: 'started_at' | 'paid_at' | 'failed_at' | 'cancelled_at' | 'updated_at';
      from?: number;
      to?: number;
      sorting?: Sorting;
    },
  ): Payment[] {
    const where = ['merchant_id = @merchantId'];
    if (f.merchant_uid !== undefined) where.push('merchant_uid = @merchant_uid');
    if (f.status !== undefined) where.push('status = @status');
    if (f.customer_uid !== undefined) where.push('customer_uid = @customer_uid');
    if (f.timeField && f.from !== undefined) where.push(`${f.timeField} >= @from`);
    if (f.timeField && f.to !== undefined) where.push(`${f.timeField} <= @to`);
    const sql = `SELECT data FROM payments WHERE ${where.join(' AND ')} ORDER BY ${SORTINGS[f.sorting ?? '-started']}`;
    return parseAll(this.db.prepare(sql).all({ merchantId, ...f }) as Row[]);
  }

  getPrepare(merchantId: string, merchantUid: string): Prepare | undefined {
    const r = this.q.getPrepare.get(merchantId, merchantUid) as Row | undefined;
    return r ? (JSON.parse(r.data) as Prepare) : undefined;
  }
  putPrepare(merchantId: string, p: Prepare): void {
    this.q.putPrepare.run(merchantId, p.merchant_uid, JSON.stringify(p));
  }
}
