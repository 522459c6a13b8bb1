// Billing keys (customers). Each row keeps the wire object and, apart from it, what the card does when charged.

import type { Db } from './db.js';
import type { Customer } from '../schemas/subscribe.js';
import type { StoredCard } from '../schemas/cards.js';

export interface CustomerRecord {
  customer: Customer;
  card: StoredCard;
}

type Row = { data: string; card_rule: string };
const parse = (r: Row | undefined): CustomerRecord | undefined =>
  r ? { customer: JSON.parse(r.data), card: JSON.parse(r.card_rule) } : undefined;

export class CustomerStore {
  constructor(private db: Db) {}
  private q = {
    get: this.db.prepare('SELECT data, card_rule FROM customers WHERE merchant_id = ? AND customer_uid = ?'),
    put: this.db.prepare(
      'INSERT OR REPLACE INTO customers (merchant_id, customer_uid, card_rule, data) VALUES (?, ?, ?, ?)',
    ),
    remove: this.db.prepare('DELETE FROM customers WHERE merchant_id = ? AND customer_uid = ?'),
  };
  get(merchantId: string, customerUid: string): CustomerRecord | undefined {
    return parse(this.q.get.get(merchantId, customerUid) as Row | undefined);
  }
  /** Insert, or replace the key under an existing customer_uid (the real API replaces the card). */
  put(merchantId: string, rec: CustomerRecord): void {
    this.q.put.run(merchantId, rec.customer.customer_uid, JSON.stringify(rec.card), JSON.stringify(rec.customer));
  }
  /** The control API's browsing (the dashboard): of one merchant or all, latest registered first, paged in SQL. */
  page(
    f: { merchant_id?: string; customer_uid?: string },
    limit: number,
    offset: number,
  ): { total: number; rows: { merchant_id: string; customer: Customer }[] } {
    const where = ['1 = 1'];
    if (f.merchant_id !== undefined) where.push('merchant_id = @merchant_id');
    if (f.customer_uid !== undefined) where.push('customer_uid = @customer_uid');
    const w = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM customers WHERE ${w}`).get(f) as { n: number }).n;
    // INSERT OR REPLACE gives a replaced key a new rowid: the latest (re-)registration comes first.
    const sql = `SELECT merchant_id, data FROM customers WHERE ${w} ORDER BY rowid DESC LIMIT @limit OFFSET @offset`;
    const rows = this.db.prepare(sql).all({ ...f, limit, offset }) as { merchant_id: string; data: string }[];
    return { total, rows: rows.map((r) => ({ merchant_id: r.merchant_id, customer: JSON.parse(r.data) as Customer })) };
  }
  remove(merchantId: string, customerUid: string): void {
    this.q.remove.run(merchantId, customerUid);
  }
}
