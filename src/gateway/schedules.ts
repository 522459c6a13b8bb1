// Scheduled payments (api-v1.md §5.3): registering, revoking, moving and listing schedules, and running them when the
// sandbox clock passes schedule_at, through the same charge as `again` (test cards and faults apply).

import type { Sandbox } from '../context.js';
import type { Merchant } from './merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { Schedule, ScheduleBody, ScheduleStatus, UnscheduleBody } from '../schemas/schedules.js';
import type { AgainBody, Customer } from '../schemas/subscribe.js';
import type { ScheduleRecord } from '../store/schedules.js';
import { chargeBillingKey, issueBillingKey } from './billing.js';
import { ApiError, MSG, badRequest, notFound, refused } from './errors.js';
import { page } from '../schemas/common.js';
import { tx } from '../store/db.js';

/** Where scheduled charges say they came from (fault rules can match on it). */
export const SCHEDULE_VIA = { method: 'SCHEDULE', path: '/subscribe/payments/schedule' } as const;

/** Messages the reference does not record; invented, in the style of the real ones. */
export const SCHEDULE_MSG = {
  // Invented (api-v1.md §10.3): the real text for a merchant_uid that is already scheduled or paid is unknown.
  duplicate: (uid: string) => `이미 예약결제가 등록되었거나 결제가 완료된 merchant_uid입니다. (${uid})`,
  // Invented: the real text for a past schedule_at is unknown.
  past: (at: number) => `schedule_at 은 현재 시각 이후여야 합니다. (${at})`,
  // Invented: PUT on a schedule that has run or was revoked (api-v1.md §5.3 says 400).
  notPending: (status: ScheduleStatus) => `예약 상태(scheduled)인 예약결제만 변경할 수 있습니다. (현재: ${status})`,
  // Invented: reschedule/retry of a schedule that is neither failed nor revoked (api-v1.md §5.3 names only those two).
  notRetryable: (s: Schedule) =>
    `실패했거나 취소된 예약결제만 다시 예약하거나 재시도할 수 있습니다. (현재: ${s.schedule_status}${s.payment_status ? `/${s.payment_status}` : ''})`,
  // Invented: card data must come whole.
  cardIncomplete: 'card_number 와 expiry 는 함께 보내야 합니다.',
  // Invented: the merchant of a schedule no longer exists (a control-API merchant removed by a reset).
  merchantGone: '예약결제를 등록한 상점 정보가 존재하지 않습니다.',
  // Invented: an unexpected error inside the sandbox while running a schedule.
  internal: '예약결제 실행 중 샌드박스 내부 오류가 발생하였습니다.',
} as const;

const THREE_MONTHS = 92 * 86_400;

/**
 * The schedule as the wire shows it. A paid schedule whose payment was cancelled since reads payment_status
 * 'cancelled' (the payment, not the schedule row, is the truth for that).
 */
export function scheduleView(sb: Sandbox, rec: ScheduleRecord): Schedule {
  const s = rec.schedule;
  if (s.imp_uid && s.payment_status === 'paid') {
    const p = sb.store.payments.get(rec.merchant_id, s.imp_uid);
    if (p?.status === 'cancelled') return { ...s, payment_status: 'cancelled' };
  }
  return s;
}

/** POST /subscribe/payments/schedule: all entries or none; card data issues (or replaces) the billing key first. */
export function createSchedules(sb: Sandbox, merchant: Merchant, body: ScheduleBody): Schedule[] {
  const nowS = sb.clock.nowSeconds();
  const seen = new Set<string>();
  for (const e of body.schedules) {
    if (seen.has(e.merchant_uid)) throw refused(SCHEDULE_MSG.duplicate(e.merchant_uid), 1);
    seen.add(e.merchant_uid);
    // Unconfirmed: the real API's handling of a past schedule_at is not recorded; we refuse it (code 1) rather than
    // run it at once. schedule_at equal to now is accepted and runs right after the response is built.
    if (e.schedule_at < nowS) throw refused(SCHEDULE_MSG.past(e.schedule_at), 1);
  }
  const hasCard = body.card_number !== undefined || body.expiry !== undefined;
  if (hasCard && (!body.card_number || !body.expiry)) throw badRequest(SCHEDULE_MSG.cardIncomplete);

  const created = tx(sb.db, () => {
    let customer: Customer;
    if (hasCard) {
      // Unconfirmed (api-v1.md §5.3): card data with a known customer_uid; we replace the key, as
      // POST /subscribe/customers/{uid} does. issueBillingKey's transaction nests (savepoint) inside this one.
      // checking_amount (api-v1.md §5.3: a test charge cancelled at once) is accepted and not simulated: it would
      // only leave a paid-then-cancelled payment behind, which no client reads.
      const { customer_uid, schedules, checking_amount, card_number, expiry, ...owner } = body;
      customer = issueBillingKey(sb, merchant, customer_uid, { ...owner, card_number: card_number!, expiry: expiry! });
    } else {
      const rec = sb.store.customers.get(merchant.id, body.customer_uid);
      if (!rec) throw refused(MSG.scheduleNoCustomer, 1);
      customer = rec.customer;
    }
    return body.schedules.map((e) => {
      // Each merchant_uid is used once: a schedule in any state (revoked ones included) or a paid payment holds it.
      if (
        sb.store.schedules.get(merchant.id, e.merchant_uid) ||
        sb.store.payments.paidByMerchantUid(merchant.id, e.merchant_uid)
      ) {
        throw refused(SCHEDULE_MSG.duplicate(e.merchant_uid), 1);
      }
      const { schedule_at, ...fields } = e;
      // Explicit buyer_* win; missing ones fall back to the billing key's customer_* (fixed now, as the real API shows them).
      const buyer = {
        buyer_name: e.buyer_name ?? customer.customer_name,
        buyer_email: e.buyer_email ?? customer.customer_email,
        buyer_tel: e.buyer_tel ?? customer.customer_tel,
        buyer_addr: e.buyer_addr ?? customer.customer_addr,
        buyer_postcode: e.buyer_postcode ?? customer.customer_postcode,
      };
      const schedule: Schedule = {
        customer_uid: body.customer_uid,
        merchant_uid: e.merchant_uid,
        imp_uid: null,
        pg_provider: customer.pg_provider,
        pg_id: customer.pg_id,
        customer_id: body.customer_id ?? customer.customer_id,
        schedule_at,
        executed_at: 0,
        revoked_at: 0,
        amount: e.amount,
        currency: e.currency ?? 'KRW',
        name: e.name ?? null,
        ...buyer,
        custom_data: e.custom_data ?? null,
        schedule_status: 'scheduled',
        payment_status: null,
        fail_reason: null,
        promotion_id: e.promotion_id ?? null,
      };
      const charge: AgainBody = { ...fields, customer_uid: body.customer_uid };
      for (const [k, v] of Object.entries(buyer)) if (v !== null) (charge as Record<string, unknown>)[k] = v;
      sb.store.schedules.insert({ merchant_id: merchant.id, schedule, charge });
      return schedule;
    });
  });
  sb.schedules.changed();
  return created;
}

/** POST /subscribe/payments/unschedule: revoke the named pending schedules, or all pending ones of the customer. */
export function revokeSchedules(sb: Sandbox, merchant: Merchant, body: UnscheduleBody): Schedule[] {
  const revoked = tx(sb.db, () => {
    const nowS = sb.clock.nowSeconds();
    let recs: ScheduleRecord[];
    if (body.merchant_uid && body.merchant_uid.length > 0) {
      recs = [...new Set(body.merchant_uid)]
        .map((uid) => sb.store.schedules.get(merchant.id, uid))
        .filter(
          (r): r is ScheduleRecord =>
            r !== undefined && (body.customer_uid === undefined || r.schedule.customer_uid === body.customer_uid),
        );
    } else {
      recs = sb.store.schedules.list(merchant.id, {
        customer_uid: body.customer_uid!,
        status: 'scheduled',
        sorting: 'scheduled',
      });
    }
    // Unconfirmed: named schedules that already ran or were revoked are skipped (not an error) when others can be
    // revoked; only "nothing at all to revoke" is refused.
    const pending = recs.filter((r) => r.schedule.schedule_status === 'scheduled');
    if (pending.length === 0) throw refused(MSG.unscheduleNothing, 1);
    return pending.map((r) => {
      const schedule: Schedule = { ...r.schedule, schedule_status: 'revoked', revoked_at: nowS };
      sb.store.schedules.update({ ...r, schedule });
      return schedule;
    });
  });
  sb.schedules.changed();
  return revoked;
}

function getRecord(sb: Sandbox, merchant: Merchant, merchantUid: string): ScheduleRecord {
  const rec = sb.store.schedules.get(merchant.id, merchantUid);
  if (!rec) throw notFound(MSG.scheduleNotFound);
  return rec;
}

export function getSchedule(sb: Sandbox, merchant: Merchant, merchantUid: string): Schedule {
  return scheduleView(sb, getRecord(sb, merchant, merchantUid));
}

/** PUT /subscribe/payments/schedule/{merchant_uid}: move a pending schedule (400 once it ran or was revoked, or to the past). */
export function moveSchedule(sb: Sandbox, merchant: Merchant, merchantUid: string, scheduleAt: number): Schedule {
  const moved = tx(sb.db, () => {
    const rec = getRecord(sb, merchant, merchantUid);
    if (rec.schedule.schedule_status !== 'scheduled')
      throw badRequest(SCHEDULE_MSG.notPending(rec.schedule.schedule_status));
    if (scheduleAt < sb.clock.nowSeconds()) throw badRequest(SCHEDULE_MSG.past(scheduleAt));
    const schedule: Schedule = { ...rec.schedule, schedule_at: scheduleAt };
    sb.store.schedules.update({ ...rec, schedule });
    return schedule;
  });
  sb.schedules.changed();
  return moved;
}

/** The states reschedule and retry accept: executed with a failed payment, or revoked. */
function retryable(s: Schedule): boolean {
  return s.schedule_status === 'revoked' || (s.schedule_status === 'executed' && s.payment_status === 'failed');
}

/**
 * POST /subscribe/payments/schedule/{merchant_uid}/reschedule: a failed or revoked schedule goes back to
 * 'scheduled' at a new time, with its run's traces (imp_uid, payment_status, fail_reason, executed_at, revoked_at) cleared.
 */
export function rescheduleSchedule(sb: Sandbox, merchant: Merchant, merchantUid: string, scheduleAt: number): Schedule {
  const rescheduled = tx(sb.db, () => {
    const rec = getRecord(sb, merchant, merchantUid);
    if (!retryable(rec.schedule)) throw badRequest(SCHEDULE_MSG.notRetryable(rec.schedule));
    if (scheduleAt < sb.clock.nowSeconds()) throw badRequest(SCHEDULE_MSG.past(scheduleAt));
    const schedule: Schedule = {
      ...rec.schedule,
      schedule_status: 'scheduled',
      schedule_at: scheduleAt,
      executed_at: 0,
      revoked_at: 0,
      imp_uid: null,
      payment_status: null,
      fail_reason: null,
    };
    sb.store.schedules.update({ ...rec, schedule });
    return schedule;
  });
  sb.schedules.changed();
  return rescheduled;
}

/**
 * POST /subscribe/payments/schedule/{merchant_uid}/retry: charge a failed or revoked schedule now and answer the
 * payment (check its status, as with `again`). A refusal (key deleted, PG error) is answered as `again` answers it
 * and leaves the schedule as it was.
 */
export function retrySchedule(
  sb: Sandbox,
  merchant: Merchant,
  merchantUid: string,
  via: { method: string; path: string },
): Payment {
  return tx(sb.db, () => {
    const rec = getRecord(sb, merchant, merchantUid);
    if (!retryable(rec.schedule)) throw badRequest(SCHEDULE_MSG.notRetryable(rec.schedule));
    const payment = chargeBillingKey(sb, merchant, rec.charge, { usage: 'payment.scheduled', via });
    const schedule: Schedule = {
      ...rec.schedule,
      schedule_status: 'executed',
      executed_at: sb.clock.nowSeconds(),
      revoked_at: 0,
      imp_uid: payment.imp_uid,
      payment_status: payment.status === 'paid' ? 'paid' : 'failed',
      fail_reason: payment.fail_reason,
    };
    sb.store.schedules.update({ ...rec, schedule });
    return payment;
  });
}

/** GET /subscribe/payments/schedule: by schedule time (from <= schedule_at < to), at most three months, paged. */
export function listSchedules(
  sb: Sandbox,
  merchant: Merchant,
  q: {
    schedule_from?: number;
    schedule_to?: number;
    schedule_status?: ScheduleStatus;
    page: number;
    limit: number;
    sorting: 'scheduled' | '-scheduled';
  },
) {
  if (q.schedule_from !== undefined && q.schedule_to !== undefined) {
    if (q.schedule_from > q.schedule_to) throw badRequest(MSG.dateRangeInverted);
    // The reference gives "3 months" (api-v1.md §5.3); we allow 92 days and reuse the status list's message.
    if (q.schedule_to - q.schedule_from > THREE_MONTHS) throw badRequest(MSG.dateRangeTooLong);
  }
  return pageOf(
    sb,
    sb.store.schedules.list(merchant.id, {
      from: q.schedule_from,
      to: q.schedule_to,
      status: q.schedule_status,
      sorting: q.sorting,
    }),
    q,
  );
}

/** GET /subscribe/payments/schedule/customers/{uid} (and /subscribe/customers/{uid}/schedules): an unknown uid is an empty page. */
export function customerSchedules(
  sb: Sandbox,
  merchant: Merchant,
  customerUid: string,
  q: {
    from?: number;
    to?: number;
    status?: ScheduleStatus;
    page: number;
    limit: number;
    sorting: 'scheduled' | '-scheduled';
  },
) {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw badRequest(MSG.dateRangeInverted);
  return pageOf(
    sb,
    sb.store.schedules.list(merchant.id, {
      customer_uid: customerUid,
      from: q.from,
      to: q.to,
      status: q.status,
      sorting: q.sorting,
    }),
    q,
  );
}

function pageOf(sb: Sandbox, all: ScheduleRecord[], q: { page: number; limit: number }) {
  const { outOfRange, ...p } = page(all, q.page, q.limit);
  if (outOfRange) throw badRequest(MSG.pageOutOfRange);
  return { ...p, list: p.list.map((r) => scheduleView(sb, r)) };
}

/**
 * Run one due schedule. The claim (scheduled → executed) and the charge share one transaction, so a crash either
 * leaves the schedule pending with no payment, or executed with its payment: never run twice, never lost.
 * The webhook rows are written in the same transaction and sent after it commits.
 */
export function executeSchedule(sb: Sandbox, rec: ScheduleRecord): void {
  // At its own schedule_at: one clock move past several schedules leaves each payment with the time it was due.
  sb.clock.at(rec.schedule.schedule_at * 1000, () => runClaimed(sb, rec));
}

function runClaimed(sb: Sandbox, rec: ScheduleRecord): void {
  tx(sb.db, () => {
    const cur = sb.store.schedules.get(rec.merchant_id, rec.schedule.merchant_uid);
    if (cur?.schedule.schedule_status !== 'scheduled') return; // taken by another process on the same file
    const merchant = sb.store.merchants.get(cur.merchant_id);
    let payment: Payment | null = null;
    let failReason: string | null = null;
    if (!merchant) failReason = SCHEDULE_MSG.merchantGone;
    else {
      try {
        // Paid ⇒ chargeBillingKey itself enqueues the webhook (to the entry's notice_url or the merchant default).
        payment = chargeBillingKey(sb, merchant, cur.charge, { usage: 'payment.scheduled', via: SCHEDULE_VIA });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        // Decision (unconfirmed, api-v1.md §5.3): a refusal before any payment exists (billing key deleted since,
        // merchant_uid paid meanwhile by `again`, a fault's api/pg error) marks the schedule executed with
        // payment_status 'failed' and the refusal's message as fail_reason; imp_uid stays null and, with no
        // payment to look up, no webhook is sent.
        failReason = e.message;
      }
    }
    const schedule: Schedule = {
      ...cur.schedule,
      schedule_status: 'executed',
      executed_at: sb.clock.nowSeconds(),
      imp_uid: payment?.imp_uid ?? null,
      payment_status: payment?.status === 'paid' ? 'paid' : 'failed',
      fail_reason: payment ? payment.fail_reason : failReason,
    };
    sb.store.schedules.update({ ...cur, schedule });
    // A scheduled attempt that failed notifies too (api-v1.md §6); chargeBillingKey only notifies paid ones.
    if (merchant && payment && payment.status !== 'paid')
      sb.webhooks.paymentEvent(merchant, payment, { notice_url: cur.charge.notice_url });
  });
}

/** Runs due schedules: on every clock move (synchronously), at start-up, and on a timer with the system clock. */
export class ScheduleRunner {
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => void) | null = null;
  private running = false;
  private stopped = false;

  constructor(private sb: Sandbox) {}

  /** Follow the clock, and run what came due while the sandbox was down. */
  start(): void {
    if (this.unlisten || this.stopped) return;
    this.unlisten = this.sb.clock.onChange(() => this.runDue());
    this.runDue();
  }

  stop(): void {
    this.stopped = true;
    this.unlisten?.();
    this.unlisten = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Schedules were added, moved or revoked: run what is due now and re-arm the timer. */
  changed(): void {
    this.runDue();
  }

  /** Run every due schedule in schedule_at order; returns how many ran. */
  runDue(): number {
    if (this.running || this.stopped || !this.sb.db.open) return 0;
    this.running = true;
    let n = 0;
    try {
      for (;;) {
        const rec = this.sb.store.schedules.nextDue(this.sb.clock.nowSeconds());
        if (!rec) break;
        try {
          executeSchedule(this.sb, rec);
        } catch (e) {
          // Not a refusal but a fault of ours: record it on the schedule so the loop moves on instead of retrying forever.
          if (this.sb.config.LOG_LEVEL !== 'silent')
            process.stderr.write(
              `schedule ${rec.schedule.merchant_uid} failed to run: ${(e as Error).stack ?? String(e)}\n`,
            );
          markBroken(this.sb, rec);
        }
        n++;
      }
    } finally {
      this.running = false;
      this.arm();
    }
    return n;
  }

  /** With the system clock, wake up at the next schedule_at. A fixed clock only moves when told (onChange). */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.sb.clock.mode !== 'system' || !this.sb.db.open) return;
    const at = this.sb.store.schedules.nextAt();
    if (at === undefined) return;
    const delay = Math.min(Math.max(at * 1000 - this.sb.clock.now(), 0), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.runDue(), delay);
    this.timer.unref();
  }
}

function markBroken(sb: Sandbox, rec: ScheduleRecord): void {
  tx(sb.db, () => {
    const cur = sb.store.schedules.get(rec.merchant_id, rec.schedule.merchant_uid);
    if (cur?.schedule.schedule_status !== 'scheduled') return;
    const schedule: Schedule = {
      ...cur.schedule,
      schedule_status: 'executed',
      executed_at: sb.clock.nowSeconds(),
      payment_status: 'failed',
      fail_reason: SCHEDULE_MSG.internal,
    };
    sb.store.schedules.update({ ...cur, schedule });
  });
}
