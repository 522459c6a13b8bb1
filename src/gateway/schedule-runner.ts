// Running scheduled payments: each due schedule is claimed and charged in one transaction, at its own schedule_at;
// the runner does it on every clock move (synchronously), at start-up, and on a timer with the system clock.

import { ApiError } from '../http/errors.js';
import { MSG } from '../http/messages.js';
import { Alarm, onMerchantClock } from '../sandbox/clock.js';
import type { Payment } from '../schemas/payments.js';
import type { Schedule } from '../schemas/schedules.js';
import type { DueScope, ScheduleRecord } from '../store/schedules.js';
import { type ChargeDeps, chargeBillingKey } from './billing.js';
import type { Gateway, ScheduleService } from './context.js';

/** Where scheduled charges say they came from (fault rules can match on it). */
export const SCHEDULE_VIA = { method: 'SCHEDULE', path: '/subscribe/payments/schedule' } as const;

type RunDeps = ChargeDeps & Pick<Gateway, 'webhooks'>;
type RunnerDeps = RunDeps & Pick<Gateway, 'config' | 'clocks'>;

/**
 * Run one due schedule. The claim (scheduled → executed) and the charge share one transaction, so a crash either
 * leaves the schedule pending with no payment, or executed with its payment: never run twice, never lost.
 * The webhook rows are written in the same transaction and sent after it commits.
 */
export function executeSchedule(sb: RunDeps, rec: ScheduleRecord): void {
  // At its own schedule_at: one clock move past several schedules leaves each payment with the time it was due.
  sb.clock.at(rec.schedule.schedule_at * 1000, () => runClaimed(sb, rec));
}

function runClaimed(sb: RunDeps, rec: ScheduleRecord): void {
  sb.store.tx(() => {
    const cur = sb.store.schedules.get(rec.merchant_id, rec.schedule.merchant_uid);
    if (cur?.schedule.schedule_status !== 'scheduled') return; // taken by another process on the same file
    const merchant = sb.store.merchants.get(cur.merchant_id);
    let payment: Payment | null = null;
    let failReason: string | null = null;
    if (!merchant) failReason = MSG.scheduleMerchantGone;
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
export class ScheduleRunner implements ScheduleService {
  private alarm: Alarm;
  private unlisten: (() => void) | null = null;
  private running = false;
  private stopped = false;

  constructor(private sb: RunnerDeps) {
    this.alarm = new Alarm(sb.clock, () => this.runDue());
  }

  /** Follow the clocks (the sandbox's and the merchants' own), and run what came due while the sandbox was down. */
  start(): void {
    if (this.unlisten || this.stopped) return;
    this.unlisten = this.sb.clocks.onChange(() => this.runDue());
    this.runDue();
  }

  stop(): void {
    this.stopped = true;
    this.unlisten?.();
    this.unlisten = null;
    this.alarm.clear();
  }

  /** Schedules were added, moved or revoked: run what is due now and re-arm the timer. */
  changed(): void {
    this.runDue();
  }

  /**
   * Run every due schedule; returns how many ran. A merchant on its own clock is due by its own time: its schedules
   * run in schedule_at order apart from the others, which run in schedule_at order by the sandbox clock.
   */
  runDue(): number {
    if (this.running || this.stopped || !this.sb.store.open) return 0;
    this.running = true;
    let n = 0;
    try {
      const owners = this.sb.clocks.owners();
      for (const m of owners) n += this.runScope(onMerchantClock(this.sb, m), { merchant: m });
      n += this.runScope(this.sb, owners.length > 0 ? { except: owners } : {});
    } finally {
      this.running = false;
      this.arm();
    }
    return n;
  }

  private runScope(sb: RunDeps & Pick<Gateway, 'config'>, scope: DueScope): number {
    let n = 0;
    for (;;) {
      const rec = sb.store.schedules.nextDue(sb.clock.nowSeconds(), scope);
      if (!rec) break;
      try {
        executeSchedule(sb, rec);
      } catch (e) {
        // Not a refusal but a fault of ours: record it on the schedule so the loop moves on instead of retrying forever.
        if (sb.config.LOG_LEVEL !== 'silent')
          process.stderr.write(
            `schedule ${rec.schedule.merchant_uid} failed to run: ${(e as Error).stack ?? String(e)}\n`,
          );
        markBroken(sb, rec);
      }
      n++;
    }
    return n;
  }

  /**
   * With the system clock, wake up at the next schedule_at (a merchant's own clock's time turned into the sandbox
   * clock's). A fixed clock only moves when told (onChange), and so do the merchants' own, which share its mode.
   */
  private arm(): void {
    if (this.stopped || !this.sb.store.open) {
      this.alarm.clear();
      return;
    }
    this.alarm.set(this.sb.clocks.earliest((scope) => this.sb.store.schedules.nextAt(scope)));
  }
}

function markBroken(sb: Pick<Gateway, 'store' | 'clock'>, rec: ScheduleRecord): void {
  sb.store.tx(() => {
    const cur = sb.store.schedules.get(rec.merchant_id, rec.schedule.merchant_uid);
    if (cur?.schedule.schedule_status !== 'scheduled') return;
    const schedule: Schedule = {
      ...cur.schedule,
      schedule_status: 'executed',
      executed_at: sb.clock.nowSeconds(),
      payment_status: 'failed',
      fail_reason: MSG.scheduleInternal,
    };
    sb.store.schedules.update({ ...cur, schedule });
  });
}
