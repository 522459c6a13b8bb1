// The webhook outbox and delivery log: one row per delivery (one URL, one event), with every attempt made.
// Rows are written in the transaction of the event, delivered after it commits; a restart picks up what is left.

import type { Db } from './db.js';
import type { DueScope } from './schedules.js';

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
  /**
   * Sandbox clock, UNIX seconds (like created_at and attempted_at): the attempt goes once the clock's second reaches
   * it; null once nothing more is planned.
   */
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

/** Filters of the log: `status` is the delivery's, `payment_status` the payload's (the payment's status). */
export interface WebhookListFilter {
  merchant_id?: string;
  imp_uid?: string;
  merchant_uid?: string;
  status?: DeliveryStatus;
  payment_status?: string;
}

const COLUMNS = 'id, merchant_id, status, next_attempt_at, data';

/** The WHERE clause of the log's filters (named parameters of `f`). */
function whereOf(f: WebhookListFilter): string {
  const where = ['1 = 1'];
  if (f.merchant_id !== undefined) where.push('merchant_id = @merchant_id');
  if (f.status !== undefined) where.push('status = @status');
  if (f.imp_uid !== undefined) where.push("json_extract(data, '$.payload.imp_uid') = @imp_uid");
  if (f.merchant_uid !== undefined) where.push("json_extract(data, '$.payload.merchant_uid') = @merchant_uid");
  if (f.payment_status !== undefined) where.push("json_extract(data, '$.payload.status') = @payment_status");
  return where.join(' AND ');
}

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
    dueOf: this.db.prepare(
      `SELECT id, merchant_id, status, next_attempt_at, data FROM webhooks
       WHERE status = 'pending' AND merchant_id = ? AND next_attempt_at <= ? ORDER BY next_attempt_at ASC, id ASC`,
    ),
    dueExcept: this.db.prepare(
      `SELECT id, merchant_id, status, next_attempt_at, data FROM webhooks
       WHERE status = 'pending' AND next_attempt_at <= ? AND merchant_id NOT IN (SELECT value FROM json_each(?))
       ORDER BY next_attempt_at ASC, id ASC`,
    ),
    nextAtOf: this.db.prepare(
      "SELECT MIN(next_attempt_at) AS at FROM webhooks WHERE status = 'pending' AND merchant_id = ?",
    ),
    nextAtExcept: this.db.prepare(
      `SELECT MIN(next_attempt_at) AS at FROM webhooks
       WHERE status = 'pending' AND merchant_id NOT IN (SELECT value FROM json_each(?))`,
    ),
    busy: this.db.prepare(
      `SELECT ${COLUMNS} FROM webhooks WHERE (@merchant_id IS NULL OR merchant_id = @merchant_id)
       AND (status = 'delivering' OR (status = 'pending' AND next_attempt_at <= @now)) ORDER BY id ASC`,
    ),
    heldBack: this.db.prepare(
      `SELECT COUNT(*) AS n FROM webhooks WHERE (@merchant_id IS NULL OR merchant_id = @merchant_id)
       AND status = 'pending' AND next_attempt_at > @now`,
    ),
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
  /**
   * Pending deliveries whose time has come (`nowS`: a clock's UNIX second), oldest plan first: of any merchant, of one
   * (`{ merchant }`), or of every merchant but some (`{ except }`: those on their own clocks, looked at apart).
   */
  due(nowS: number, scope: DueScope = {}): WebhookRecord[] {
    const rows =
      scope.merchant !== undefined
        ? this.q.dueOf.all(scope.merchant, nowS)
        : scope.except?.length
          ? this.q.dueExcept.all(nowS, JSON.stringify(scope.except))
          : this.q.due.all(nowS);
    return (rows as Row[]).map((r) => parse(r)!);
  }
  /** next_attempt_at (UNIX seconds) of the earliest pending delivery, in the same scopes, for the timer. */
  nextAt(scope: DueScope = {}): number | undefined {
    const row =
      scope.merchant !== undefined
        ? this.q.nextAtOf.get(scope.merchant)
        : scope.except?.length
          ? this.q.nextAtExcept.get(JSON.stringify(scope.except))
          : this.q.nextAt.get();
    return (row as { at: number | null }).at ?? undefined;
  }
  /** pending → delivering; false if someone else took it (another process on the same file). */
  claim(id: number): boolean {
    return this.q.claim.run(id).changes === 1;
  }
  /** At start-up: deliveries cut off by a stop are sent again. */
  requeueInFlight(): void {
    this.q.requeueInFlight.run();
  }
  /** In flight, or pending and due at `nowS` (of one merchant, or of any): what keeps the engine from being idle. */
  busy(nowS: number, merchantId?: string): WebhookRecord[] {
    return (this.q.busy.all({ now: nowS, merchant_id: merchantId ?? null }) as Row[]).map((r) => parse(r)!);
  }
  /** Pending deliveries planned after `nowS` (a webhook_delay fault, a retry after its backoff). */
  heldBack(nowS: number, merchantId?: string): number {
    return (this.q.heldBack.get({ now: nowS, merchant_id: merchantId ?? null }) as { n: number }).n;
  }
  /** The control API's browsing (the dashboard): the same filters as `list`, newest first, paged in SQL. */
  page(f: WebhookListFilter, limit: number, offset: number): { total: number; rows: WebhookRecord[] } {
    const w = whereOf(f);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM webhooks WHERE ${w}`).get(f) as { n: number }).n;
    const sql = `SELECT ${COLUMNS} FROM webhooks WHERE ${w} ORDER BY id DESC LIMIT @limit OFFSET @offset`;
    return { total, rows: (this.db.prepare(sql).all({ ...f, limit, offset }) as Row[]).map((r) => parse(r)!) };
  }
  list(f: WebhookListFilter): WebhookRecord[] {
    const sql = `SELECT ${COLUMNS} FROM webhooks WHERE ${whereOf(f)} ORDER BY id ASC`;
    return (this.db.prepare(sql).all(f) as Row[]).map((r) => parse(r)!);
  }
}
