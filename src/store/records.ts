// Records of the smaller V1 areas (cash receipts, escrow delivery info, certifications, ...): one JSON object per
// (merchant, kind, key). Each area names its kind and its key (an imp_uid, a merchant_uid, ...) and keeps its own
// wire shape in schemas/; this store only remembers.

import type { Db } from './db.js';

/** The kinds in use; a new area adds its own here, so the whole list is in one place. */
export type RecordKind =
  | 'receipt'
  | 'external_receipt'
  | 'escrow_logis'
  | 'certification'
  | 'otp_request'
  | 'certification_window'
  | 'cvs'
  | 'vbank'
  | 'vbank_holder';

type Row = { data: string };

export class RecordStore {
  constructor(private db: Db) {}
  private q = {
    get: this.db.prepare('SELECT data FROM records WHERE merchant_id = ? AND kind = ? AND key = ?'),
    put: this.db.prepare(
      `INSERT INTO records (merchant_id, kind, key, created_at, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (merchant_id, kind, key) DO UPDATE SET data = excluded.data`,
    ),
    remove: this.db.prepare('DELETE FROM records WHERE merchant_id = ? AND kind = ? AND key = ?'),
    list: this.db.prepare('SELECT data FROM records WHERE merchant_id = ? AND kind = ? ORDER BY created_at, rowid'),
  };

  get<T>(merchantId: string, kind: RecordKind, key: string): T | undefined {
    const r = this.q.get.get(merchantId, kind, key) as Row | undefined;
    return r ? (JSON.parse(r.data) as T) : undefined;
  }
  /** Insert, or replace the data of an existing record (its created_at stays). */
  put(merchantId: string, kind: RecordKind, key: string, data: unknown, createdAt: number): void {
    this.q.put.run(merchantId, kind, key, createdAt, JSON.stringify(data));
  }
  /** True when there was a record to remove. */
  remove(merchantId: string, kind: RecordKind, key: string): boolean {
    return this.q.remove.run(merchantId, kind, key).changes > 0;
  }
  /** A merchant's records of one kind, oldest first (the areas are small: no paging). */
  list<T>(merchantId: string, kind: RecordKind): T[] {
    return (this.q.list.all(merchantId, kind) as Row[]).map((r) => JSON.parse(r.data) as T);
  }
}
