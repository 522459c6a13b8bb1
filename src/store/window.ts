// Payment-window requests (one row per opened window) and the armed autopilot of each merchant, in window_requests.

import type { Db } from './db.js';
import type { Autopilot, Done, PayParams } from '../schemas/window.js';

/** What a window remembers between opening and its end. */
export interface WindowRequest {
  id: string;
  device: 'pc' | 'mobile';
  params: PayParams;
  pg_provider: string;
  pg_id: string;
  user_agent: string | null;
  opened_at: number;
  /** Set once the window is over (submitted or cancelled): the same answer is given again. */
  done: Done | null;
}

export type WindowStatus = 'open' | 'done';

/** The autopilot shares the table: one row per merchant with this id prefix and status 'armed'. */
const armedId = (merchantId: string) => `autopilot:${merchantId}`;

export class WindowStore {
  constructor(private db: Db) {}
  private q = {
    insert: this.db.prepare('INSERT INTO window_requests (id, merchant_id, status, data) VALUES (?, ?, ?, ?)'),
    get: this.db.prepare("SELECT merchant_id, status, data FROM window_requests WHERE id = ? AND status != 'armed'"),
    update: this.db.prepare('UPDATE window_requests SET status = ?, data = ? WHERE id = ?'),
    arm: this.db.prepare(
      "INSERT OR REPLACE INTO window_requests (id, merchant_id, status, data) VALUES (?, ?, 'armed', ?)",
    ),
    armed: this.db.prepare("SELECT data FROM window_requests WHERE id = ? AND status = 'armed'"),
    disarm: this.db.prepare("DELETE FROM window_requests WHERE id = ? AND status = 'armed'"),
    byImpUid: this.db.prepare(
      "SELECT data FROM window_requests WHERE merchant_id = ? AND status = 'done' AND json_extract(data, '$.done.rsp.imp_uid') = ?",
    ),
  };

  insert(merchantId: string, w: WindowRequest): void {
    this.q.insert.run(w.id, merchantId, w.done ? 'done' : 'open', JSON.stringify(w));
  }
  /** A window by id, with its merchant (the window page is not authenticated: the id is its only key). */
  get(id: string): { merchantId: string; status: WindowStatus; request: WindowRequest } | undefined {
    const r = this.q.get.get(id) as { merchant_id: string; status: WindowStatus; data: string } | undefined;
    return r ? { merchantId: r.merchant_id, status: r.status, request: JSON.parse(r.data) } : undefined;
  }
  finish(w: WindowRequest): void {
    this.q.update.run('done', JSON.stringify(w), w.id);
  }
  /** The finished window that created a payment (a virtual account's later deposit needs its request's notice_url). */
  byImpUid(merchantId: string, impUid: string): WindowRequest | undefined {
    const r = this.q.byImpUid.get(merchantId, impUid) as { data: string } | undefined;
    return r ? (JSON.parse(r.data) as WindowRequest) : undefined;
  }
  /** Pre-arm the next window of a merchant (replaces an earlier arming). */
  arm(merchantId: string, a: Autopilot): void {
    this.q.arm.run(armedId(merchantId), merchantId, JSON.stringify(a));
  }
  /** The armed action, consumed: each arming drives exactly one window. */
  takeArmed(merchantId: string): Autopilot | null {
    const r = this.q.armed.get(armedId(merchantId)) as { data: string } | undefined;
    if (!r) return null;
    this.q.disarm.run(armedId(merchantId));
    return JSON.parse(r.data) as Autopilot;
  }
}
