// Scheduled payments. Each row keeps the wire object and, beside it, the `again` body to replay when it comes due.
// Due-state lives here (schedule_status + schedule_at), so a restart neither loses nor repeats a schedule.

import { StatementCache } from './statements.js';
import type { Statement } from 'better-sqlite3';
import { NO_FROM, NO_TO, split, windowCountSql } from './counts.js';
import type { Db } from './db.js';
import type { Schedule, ScheduleStatus } from '../schemas/schedules.js';
import type { AgainBody } from '../schemas/subscribe.js';

export interface ScheduleRecord {
  merchant_id: string;
  schedule: Schedule;
  /** What the execution charges: the entry's fields with buyer_* already resolved. */
  charge: AgainBody;
}

type Row = { merchant_id: string; data: string };
const parse = (r: Row | undefined): ScheduleRecord | undefined => {
  if (!r) return undefined;
  const d = JSON.parse(r.data) as { schedule: Schedule; charge: AgainBody };
  return { merchant_id: r.merchant_id, schedule: d.schedule, charge: d.charge };
};

export interface ScheduleFilter {
  customer_uid?: string;
  status?: ScheduleStatus;
  /** from <= schedule_at */
  from?: number;
  /** schedule_at < to */
  to?: number;
  sorting?: 'scheduled' | '-scheduled';
}

function whereOf(f: ScheduleFilter): string {
  const where = ['merchant_id = @merchantId'];
  if (f.customer_uid !== undefined) where.push('customer_uid = @customer_uid');
  if (f.status !== undefined) where.push('schedule_status = @status');
  if (f.from !== undefined) where.push('schedule_at >= @from');
  if (f.to !== undefined) where.push('schedule_at < @to');
  return where.join(' AND ');
}

/** Which merchants' schedules a due lookup covers: all, one, or all but some. */
export interface DueScope {
  merchant?: string;
  except?: string[];
}

export class ScheduleStore {
  constructor(private db: Db) {}
  private q = {
    insert: this.db.prepare(
      `INSERT INTO schedules (merchant_id, merchant_uid, customer_uid, schedule_at, schedule_status, data)
       VALUES (@merchant_id, @merchant_uid, @customer_uid, @schedule_at, @schedule_status, @data)`,
    ),
    update: this.db.prepare(
      `UPDATE schedules SET schedule_at = @schedule_at, schedule_status = @schedule_status, data = @data
       WHERE merchant_id = @merchant_id AND merchant_uid = @merchant_uid`,
    ),
    get: this.db.prepare('SELECT merchant_id, data FROM schedules WHERE merchant_id = ? AND merchant_uid = ?'),
    nextDue: this.db.prepare(
      `SELECT merchant_id, data FROM schedules WHERE schedule_status = 'scheduled' AND schedule_at <= ?
       ORDER BY schedule_at ASC, rowid ASC LIMIT 1`,
    ),
    nextAt: this.db.prepare("SELECT MIN(schedule_at) AS at FROM schedules WHERE schedule_status = 'scheduled'"),
    nextDueOf: this.db.prepare(
      `SELECT merchant_id, data FROM schedules WHERE merchant_id = ? AND schedule_status = 'scheduled' AND schedule_at <= ?
       ORDER BY schedule_at ASC, rowid ASC LIMIT 1`,
    ),
    nextAtOf: this.db.prepare(
      "SELECT MIN(schedule_at) AS at FROM schedules WHERE merchant_id = ? AND schedule_status = 'scheduled'",
    ),
    nextDueExcept: this.db.prepare(
      `SELECT merchant_id, data FROM schedules WHERE schedule_status = 'scheduled' AND schedule_at <= ?
         AND merchant_id NOT IN (SELECT value FROM json_each(?))
       ORDER BY schedule_at ASC, rowid ASC LIMIT 1`,
    ),
    nextAtExcept: this.db.prepare(
      `SELECT MIN(schedule_at) AS at FROM schedules WHERE schedule_status = 'scheduled'
         AND merchant_id NOT IN (SELECT value FROM json_each(?))`,
    ),
  };

  private params(r: ScheduleRecord) {
    return {
      merchant_id: r.merchant_id,
      merchant_uid: r.schedule.merchant_uid,
      customer_uid: r.schedule.customer_uid,
      schedule_at: r.schedule.schedule_at,
      schedule_status: r.schedule.schedule_status,
      data: JSON.stringify({ schedule: r.schedule, charge: r.charge }),
    };
  }

  insert(r: ScheduleRecord): void {
    this.q.insert.run(this.params(r));
  }
  update(r: ScheduleRecord): void {
    this.q.update.run(this.params(r));
  }
  get(merchantId: string, merchantUid: string): ScheduleRecord | undefined {
    return parse(this.q.get.get(merchantId, merchantUid) as Row | undefined);
  }
  /**
   * The earliest pending schedule whose time has come (schedule_at order, then insertion order): of any merchant, or of
   * one (`{ merchant }`), or of every merchant but some (`{ except }`: those on their own clocks, looked at apart).
   */
  nextDue(nowS: number, scope: DueScope = {}): ScheduleRecord | undefined {
    const row =
      scope.merchant !== undefined
        ? this.q.nextDueOf.get(scope.merchant, nowS)
        : scope.except?.length
          ? this.q.nextDueExcept.get(nowS, JSON.stringify(scope.except))
          : this.q.nextDue.get(nowS);
    return parse(row as Row | undefined);
  }
  /** schedule_at of the earliest pending schedule, in the same scopes, for the timer. */
  nextAt(scope: DueScope = {}): number | undefined {
    const row =
      scope.merchant !== undefined
        ? this.q.nextAtOf.get(scope.merchant)
        : scope.except?.length
          ? this.q.nextAtExcept.get(JSON.stringify(scope.except))
          : this.q.nextAt.get();
    return (row as { at: number | null }).at ?? undefined;
  }
  /** A merchant's schedules with filters, ordered, from `range.offset` at most `range.limit` (all without `range`). */
  list(merchantId: string, f: ScheduleFilter, range?: { offset: number; limit: number }): ScheduleRecord[] {
    const order = f.sorting === 'scheduled' ? 'schedule_at ASC, rowid ASC' : 'schedule_at DESC, rowid DESC';
    // The index of the order, within the customer or the status if one is asked: a page walks it and stops.
    const index =
      f.customer_uid !== undefined
        ? 'schedules_customer'
        : f.status !== undefined
          ? 'schedules_merchant_due'
          : 'schedules_merchant_at';
    const limit = range ? ' LIMIT @limit OFFSET @offset' : '';
    const sql = `SELECT merchant_id, data FROM schedules INDEXED BY ${index} WHERE ${whereOf(f)} ORDER BY ${order}${limit}`;
    return (this.stmt(sql).all({ merchantId, ...f, ...range }) as Row[]).map((r) => parse(r)!);
  }
  /**
   * How many schedules `list` would give without a range: of a window (or all), from schedule_counts' buckets and the
   * index for its edges (store/counts.ts); a customer's on their index.
   */
  count(merchantId: string, f: ScheduleFilter): number {
    const from = f.from ?? NO_FROM;
    // The window ends before `to`: its last second is the one before (times are whole seconds).
    const s = f.customer_uid === undefined ? split(from, f.to === undefined ? NO_TO : Math.ceil(f.to) - 1) : null;
    if (s) {
      const st = f.status !== undefined;
      const sql = windowCountSql(
        'schedules',
        st ? 'schedules_merchant_due' : 'schedules_merchant_at',
        st ? 'merchant_id = @merchantId AND schedule_status = @status' : 'merchant_id = @merchantId',
        'schedule_at',
        'schedule_counts',
        '<',
      );
      const to = f.to ?? NO_TO;
      return (
        this.stmt(sql).get({ merchantId, key: f.status ?? '*', status: f.status, from, to, ...s }) as { n: number }
      ).n;
    }
    return (
      this.stmt(`SELECT COUNT(*) AS n FROM schedules WHERE ${whereOf(f)}`).get({ merchantId, ...f }) as { n: number }
    ).n;
  }
  private readonly statements = new StatementCache(this.db);
  private stmt(sql: string): Statement {
    return this.statements.get(sql);
  }
  /** The control API's browsing (the dashboard): of one merchant or all, latest schedule_at first, paged in SQL. */
  page(
    f: { merchant_id?: string; customer_uid?: string; merchant_uid?: string; status?: ScheduleStatus },
    limit: number,
    offset: number,
  ): { total: number; rows: ScheduleRecord[] } {
    const where = ['1 = 1'];
    if (f.merchant_id !== undefined) where.push('merchant_id = @merchant_id');
    if (f.customer_uid !== undefined) where.push('customer_uid = @customer_uid');
    if (f.merchant_uid !== undefined) where.push('merchant_uid = @merchant_uid');
    if (f.status !== undefined) where.push('schedule_status = @status');
    const w = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM schedules WHERE ${w}`).get(f) as { n: number }).n;
    const order = 'schedule_at DESC, rowid DESC';
    const sql = `SELECT merchant_id, data FROM schedules WHERE ${w} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    return { total, rows: (this.db.prepare(sql).all({ ...f, limit, offset }) as Row[]).map((r) => parse(r)!) };
  }
  /** Read-only, for the control API's waits: schedules of one merchant or of all, by merchant_uid and/or customer_uid. */
  find(f: { merchant_id?: string; merchant_uid?: string; customer_uid?: string }): ScheduleRecord[] {
    const where = ['1 = 1'];
    if (f.merchant_id !== undefined) where.push('merchant_id = @merchant_id');
    if (f.merchant_uid !== undefined) where.push('merchant_uid = @merchant_uid');
    if (f.customer_uid !== undefined) where.push('customer_uid = @customer_uid');
    const sql = `SELECT merchant_id, data FROM schedules WHERE ${where.join(' AND ')} ORDER BY schedule_at ASC, rowid ASC`;
    return (this.db.prepare(sql).all(f) as Row[]).map((r) => parse(r)!);
  }
}
