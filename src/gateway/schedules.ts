// Scheduled payments (api-v1.md §5.3): registering, revoking, moving and listing schedules, and running them when the
// sandbox clock passes schedule_at, through the same charge as `again` (test cards and faults apply).

import { badRequest, notFound, refused } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { Schedule, ScheduleBody, ScheduleStatus, UnscheduleBody } from '../schemas/schedules.js';
import type { AgainBody, Customer } from '../schemas/subscribe.js';
import type { ScheduleFilter, ScheduleRecord } from '../store/schedules.js';
import { type ChargeDeps, chargeBillingKey, issueBillingKey, keyChannel } from './billing.js';
import type { Gateway } from './context.js';
import { givenChannelKey } from './merchants.js';
import { pageIn, type Paging } from './paging.js';
import { buyerOf, buyerOfCustomer } from './payments.js';

/** What the schedule rules use: charging (a schedule with card data issues a key first), and the runner. */
type Deps = ChargeDeps & Pick<Gateway, 'cards' | 'webhooks' | 'schedules'>;

const THREE_MONTHS = 92 * 86_400;

/**
 * The schedule as the wire shows it. A paid schedule whose payment was cancelled since reads payment_status
 * 'cancelled' (the payment, not the schedule row, is the truth for that).
 */
export function scheduleView(sb: Pick<Gateway, 'store'>, rec: ScheduleRecord): Schedule {
  const s = rec.schedule;
  if (s.imp_uid && s.payment_status === 'paid') {
    const p = sb.store.payments.get(rec.merchant_id, s.imp_uid);
    if (p?.status === 'cancelled') return { ...s, payment_status: 'cancelled' };
  }
  return s;
}

/** POST /subscribe/payments/schedule: all entries or none; card data issues (or replaces) the billing key first. */
export function createSchedules(sb: Deps, merchant: Merchant, body: ScheduleBody): Schedule[] {
  const nowS = sb.clock.nowSeconds();
  const seen = new Set<string>();
  for (const e of body.schedules) {
    if (seen.has(e.merchant_uid)) throw refused(MSG.scheduleDuplicate(e.merchant_uid), 1);
    seen.add(e.merchant_uid);
    // Unconfirmed: the real API's handling of a past schedule_at is not recorded; we refuse it (code 1) rather than
    // run it at once. schedule_at equal to now is accepted and runs right after the response is built.
    if (e.schedule_at < nowS) throw refused(MSG.schedulePast(e.schedule_at), 1);
  }
  const hasCard = body.card_number !== undefined || body.expiry !== undefined;
  if (hasCard && (!body.card_number || !body.expiry)) throw badRequest(MSG.scheduleCardIncomplete);

  const created = sb.store.tx(() => {
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
        throw refused(MSG.scheduleDuplicate(e.merchant_uid), 1);
      }
      // The spec's top-level channel_key picks the channel of the key (issuing one, above, it picks the issuing
      // channel); an entry may name its own. Checked now, so a wrong key is refused here, not at run time.
      const channelKey = givenChannelKey(e) ?? givenChannelKey(body) ?? undefined;
      if (channelKey) keyChannel(merchant, customer, channelKey);
      const { schedule_at, ...fields } = e;
      // Explicit buyer_* win; missing ones fall back to the billing key's customer_* (fixed now, as the real API shows them).
      const buyer = buyerOf(e, buyerOfCustomer(customer));
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
      const { channelKey: _spelling, ...rest } = fields;
      const charge: AgainBody = { ...rest, customer_uid: body.customer_uid, channel_key: channelKey };
      for (const [k, v] of Object.entries(buyer)) if (v !== null) (charge as Record<string, unknown>)[k] = v;
      sb.store.schedules.insert({ merchant_id: merchant.id, schedule, charge });
      return schedule;
    });
  });
  sb.schedules.changed();
  return created;
}

/** POST /subscribe/payments/unschedule: revoke the named pending schedules, or all pending ones of the customer. */
export function revokeSchedules(sb: Deps, merchant: Merchant, body: UnscheduleBody): Schedule[] {
  const revoked = sb.store.tx(() => {
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

function getRecord(sb: Pick<Gateway, 'store'>, merchant: Merchant, merchantUid: string): ScheduleRecord {
  const rec = sb.store.schedules.get(merchant.id, merchantUid);
  if (!rec) throw notFound(MSG.scheduleNotFound);
  return rec;
}

export function getSchedule(sb: Pick<Gateway, 'store'>, merchant: Merchant, merchantUid: string): Schedule {
  return scheduleView(sb, getRecord(sb, merchant, merchantUid));
}

/** PUT /subscribe/payments/schedule/{merchant_uid}: move a pending schedule (400 once it ran or was revoked, or to the past). */
export function moveSchedule(sb: Deps, merchant: Merchant, merchantUid: string, scheduleAt: number): Schedule {
  const moved = sb.store.tx(() => {
    const rec = getRecord(sb, merchant, merchantUid);
    if (rec.schedule.schedule_status !== 'scheduled')
      throw badRequest(MSG.scheduleNotPending(rec.schedule.schedule_status));
    if (scheduleAt < sb.clock.nowSeconds()) throw badRequest(MSG.schedulePast(scheduleAt));
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
export function rescheduleSchedule(sb: Deps, merchant: Merchant, merchantUid: string, scheduleAt: number): Schedule {
  const rescheduled = sb.store.tx(() => {
    const rec = getRecord(sb, merchant, merchantUid);
    if (!retryable(rec.schedule)) throw badRequest(MSG.scheduleNotRetryable(rec.schedule));
    if (scheduleAt < sb.clock.nowSeconds()) throw badRequest(MSG.schedulePast(scheduleAt));
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
  sb: Deps,
  merchant: Merchant,
  merchantUid: string,
  via: { method: string; path: string },
): Payment {
  return sb.store.tx(() => {
    const rec = getRecord(sb, merchant, merchantUid);
    if (!retryable(rec.schedule)) throw badRequest(MSG.scheduleNotRetryable(rec.schedule));
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
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  q: Paging & {
    schedule_from?: number;
    schedule_to?: number;
    schedule_status?: ScheduleStatus;
    sorting: 'scheduled' | '-scheduled';
  },
) {
  if (q.schedule_from !== undefined && q.schedule_to !== undefined) {
    if (q.schedule_from > q.schedule_to) throw badRequest(MSG.dateRangeInverted);
    // The reference gives "3 months" (api-v1.md §5.3); we allow 92 days and reuse the status list's message.
    if (q.schedule_to - q.schedule_from > THREE_MONTHS) throw badRequest(MSG.dateRangeTooLong);
  }
  return pageOfViews(
    sb,
    merchant,
    { from: q.schedule_from, to: q.schedule_to, status: q.schedule_status, sorting: q.sorting },
    q,
  );
}

/** GET /subscribe/payments/schedule/customers/{uid} (and /subscribe/customers/{uid}/schedules): an unknown uid is an empty page. */
export function customerSchedules(
  sb: Pick<Gateway, 'store'>,
  merchant: Merchant,
  customerUid: string,
  q: Paging & {
    from?: number;
    to?: number;
    status?: ScheduleStatus;
    sorting: 'scheduled' | '-scheduled';
  },
) {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw badRequest(MSG.dateRangeInverted);
  const f = { customer_uid: customerUid, from: q.from, to: q.to, status: q.status, sorting: q.sorting };
  return pageOfViews(sb, merchant, f, q);
}

/** One page of a merchant's schedules, counted and read in SQL, as the REST API shows them. */
function pageOfViews(sb: Pick<Gateway, 'store'>, merchant: Merchant, f: ScheduleFilter, q: Paging) {
  const total = sb.store.schedules.count(merchant.id, f);
  return pageIn(total, q, (offset, limit) =>
    sb.store.schedules.list(merchant.id, f, { offset, limit }).map((r) => scheduleView(sb, r)),
  );
}
