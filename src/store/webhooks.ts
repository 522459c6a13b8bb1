// The webhook outbox and delivery log: one row per delivery (one URL, one event), with every attempt made.
// Rows are written in the transaction of the event, delivered after it commits; a restart picks up what is left.

import type { Db } from './db.js';

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

export interface WebhookAttempt {
  /** 1-based attempt number. */
  n: number;
  /** Sandbox clock, UNIX seconds. */
  attempted_at: number;
  manual: boolean;
  /** HTTP status of the receiver's answer; null when none came (network error, timeout). */
  status_code: number | null;
  /** Wall-clock duration of the request, milliseconds. */
  duration_ms: number;
  error: string | null;
  /** The first 500 characters of the receiver's answer. */
  response_body: string | null;
}

export interface WebhookPayload {
  imp_uid: string;
  merchant_uid: string;
  status: string;
  cancellation_id?: string;
}

export interface WebhookRecord {
  id: number;
  merchant_id: string;
  status: DeliveryStatus;
  url: string;
  format: 'json' | 'form';
  payload: WebhookPayload;
  /** Sandbox clock, UNIX seconds. */
  created_at: number;
  /** Sandbox clock, milliseconds; null once nothing more is planned. */
  next_attempt_at: number | null;
  /** Automatic attempts allowed in total (1 + retries). */
  max_attempts: number;
  /** The fault that shaped this delivery, if any. */
  fault: 'duplicate' | 'delay' | null;
  attempts: WebhookAttempt[];
}

type Data = Omit<WebhookRecord, 'id' | 'merchant_id' | 'status' | 'next_attempt_at'>;
type Row = { id: number; merchant_id: string; status: DeliveryStatus; next_attempt_at: number | null; data: string };
const parse = (r: Row | undefined): WebhookRecord | undefined =>
  r
    ? {
        id: r.id,
        merchant_id: r.merchant_id,
        status: r.status,
        next_attempt_at: r.next_attempt_at,
        ...(JSON.parse(r.data) as Data),
      }
    : undefined;

const dataOf = (r: Omit<WebhookRecord, 'id'>): string => {
  const data: Data = {
    url: r.url,
    format: r.format,
    payload: r.payload,
    created_at: r.created_at,
    max_attempts: r.max_attempts,
    fault: r.fault,
    attempts: r.attempts,
  };
  return JSON.stringify(data);
};

export class WebhookStore {
  constructor(private db: Db) {}
  private q = {
    insert: this.db.prepare('INSERT INTO webhooks (merchant_id, status, next_attempt_at, data) VALUES (?, ?, ?, ?)'),
    update: this.db.prepare('UPDATE webhooks SET status = ?, next_attempt_at = ?, data = ? WHERE id = ?'),
    get: this.db.prepare('SELECT id, merchant_id, status, next_attempt_at, data FROM webhooks WHERE id = ?'),
    due: this.db.prepare(
      `SELECT id, merchant_id, status, next_attempt_at, data FROM webhooks
       WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at ASC, id ASC`,
    ),
    nextAt: this.db.prepare("SELECT MIN(next_attempt_at) AS at FROM webhooks WHERE status = 'pending'"),
    claim: this.db.prepare("UPDATE webhooks SET status = 'delivering' WHERE id = ? AND status = 'pending'"),
    requeueInFlight: this.db.prepare("UPDATE webhooks SET status = 'pending' WHERE status = 'delivering'"),
  };

  insert(r: Omit<WebhookRecord, 'id'>): number {
    return Number(this.q.insert.run(r.merchant_id, r.status, r.next_attempt_at, dataOf(r)).lastInsertRowid);
  }
  update(r: WebhookRecord): void {
    this.q.update.run(r.status, r.next_attempt_at, dataOf(r), r.id);
  }
  get(id: number): WebhookRecord | undefined {
    return parse(this.q.get.get(id) as Row | undefined);
  }
  /** Pending deliveries whose time has come (sandbox ms), oldest plan first. */
  due(nowMs: number): WebhookRecord[] {
    return (this.q.due.all(nowMs) as Row[]).map((r) => parse(r)!);
  }
  nextAt(): number | undefined {
    return (this.q.nextAt.get() as { at: number | null }).at ?? undefined;
  }
  /** pending → delivering; false if someone else took it (another process on the same file). */
  claim(id: number): boolean {
    return this.q.claim.run(id).changes === 1;
  }
  /** At start-up: deliveries cut off by a stop are sent again. */
  requeueInFlight(): void {
    this.q.requeueInFlight.run();
  }
  list(f: { merchant_id?: string; imp_uid?: string; merchant_uid?: string; status?: DeliveryStatus }): WebhookRecord[] {
    const where = ['1 = 1'];
    if (f.merchant_id !== undefined) where.push('merchant_id = @merchant_id');
    if (f.status !== undefined) where.push('status = @status');
    if (f.imp_uid !== undefined) where.push("json_extract(data, '$.payload.imp_uid') = @imp_uid");
    if (f.merchant_uid !== undefined) where.push("json_extract(data, '$.payload.merchant_uid') = @merchant_uid");
    const sql = `SELECT id, merchant_id, status, next_attempt_at, data FROM webhooks WHERE ${where.join(' AND ')} ORDER BY id ASC`;
    return (this.db.prepare(sql).all(f) as Row[]).map((r) => parse(r)!);
  }
}
