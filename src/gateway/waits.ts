// The control API's long polls: wait until webhooks are done, until the webhook engine is idle, until schedules have
// run. Each looks at the store (so it sees what any part of the sandbox, or another process on the same database file,
// changes) with waitFor, and answers what it last saw, whether the condition held or the time ran out.

import { waitFor } from '../sandbox/wait.js';
import type { Schedule } from '../schemas/schedules.js';
import type { ScheduleRecord } from '../store/schedules.js';
import type { WebhookListFilter, WebhookRecord } from '../store/webhooks.js';
import type { Gateway } from './context.js';
import { scheduleView } from './schedules.js';

/** How long to wait (wall time) and what ends the wait early (the client went away, the app is closing). */
export interface WaitLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** How often a wait looks again: often enough for a test to notice at once, rare enough to cost nothing. */
const INTERVAL_MS = 20;

/** Done: delivered, or failed for good. `pending` (a retry planned) and `delivering` (in flight) are not. */
export function deliveryDone(w: Pick<WebhookRecord, 'status'>): boolean {
  return w.status === 'delivered' || w.status === 'failed';
}

/** Until at least `count` deliveries matching `f` are done; answers every matching delivery, done or not. */
export async function waitDeliveries(
  sb: Pick<Gateway, 'store'>,
  f: WebhookListFilter,
  count: number,
  limits: WaitLimits,
): Promise<{ done: boolean; waited_ms: number; deliveries: WebhookRecord[] }> {
  const r = await waitFor(
    () => sb.store.webhooks.list(f),
    (ws) => ws.filter(deliveryDone).length >= count,
    { ...limits, intervalMs: INTERVAL_MS },
  );
  return { done: r.done, waited_ms: r.waited_ms, deliveries: r.value };
}

/**
 * Until no delivery (of the merchant, or of any) is in flight or pending and due on the sandbox clock, as
 * WebhookService.idle(): deliveries held back for later (a webhook_delay fault, a retry after its backoff) do not
 * count; they are only reported as `held_back`.
 */
export async function waitIdle(
  sb: Pick<Gateway, 'store' | 'clock' | 'clocks'>,
  merchantId: string | undefined,
  limits: WaitLimits,
): Promise<{ done: boolean; waited_ms: number; busy: WebhookRecord[]; held_back: number }> {
  const r = await waitFor(
    () => busyNow(sb, merchantId),
    (busy) => busy.length === 0,
    { ...limits, intervalMs: INTERVAL_MS },
  );
  return { done: r.done, waited_ms: r.waited_ms, busy: r.value, held_back: heldBackNow(sb, merchantId) };
}

type ClockParts = Pick<Gateway, 'store' | 'clock' | 'clocks'>;
const nowOf = (sb: ClockParts, merchantId: string) => sb.clocks.of(merchantId).nowSeconds();

/** Busy deliveries, each merchant's judged by its own clock (those on their own clocks apart, the rest by the sandbox's). */
function busyNow(sb: ClockParts, merchantId: string | undefined): WebhookRecord[] {
  if (merchantId !== undefined) return sb.store.webhooks.busy(nowOf(sb, merchantId), merchantId);
  const owners = sb.clocks.owners();
  const rest = sb.store.webhooks.busy(sb.clock.nowSeconds()).filter((w) => !sb.clocks.hasOwn(w.merchant_id));
  const own = owners.flatMap((m) => sb.store.webhooks.busy(nowOf(sb, m), m));
  return [...own, ...rest].sort((x, y) => x.id - y.id);
}

/** Held-back deliveries, counted the same way. */
function heldBackNow(sb: ClockParts, merchantId: string | undefined): number {
  if (merchantId !== undefined) return sb.store.webhooks.heldBack(nowOf(sb, merchantId), merchantId);
  let n = sb.store.webhooks.heldBack(sb.clock.nowSeconds());
  for (const m of sb.clocks.owners()) {
    n += sb.store.webhooks.heldBack(nowOf(sb, m), m) - sb.store.webhooks.heldBack(sb.clock.nowSeconds(), m);
  }
  return n;
}

/** Run: no longer `scheduled` (executed, or revoked). */
const ran = (rec: ScheduleRecord) => rec.schedule.schedule_status !== 'scheduled';

/**
 * Until the schedules matching `f` have run: all of them (at least one must match) without `count`, else at least
 * `count` of them. Answers every matching schedule as the REST API shows it, by schedule_at.
 */
export async function waitSchedules(
  sb: Pick<Gateway, 'store'>,
  f: { merchant_id?: string; merchant_uid?: string; customer_uid?: string },
  count: number | undefined,
  limits: WaitLimits,
): Promise<{ done: boolean; waited_ms: number; schedules: Schedule[] }> {
  const r = await waitFor(
    () => sb.store.schedules.find(f),
    (recs) => {
      const n = recs.filter(ran).length;
      return count === undefined ? recs.length > 0 && n === recs.length : n >= count;
    },
    { ...limits, intervalMs: INTERVAL_MS },
  );
  return { done: r.done, waited_ms: r.waited_ms, schedules: r.value.map((rec) => scheduleView(sb, rec)) };
}
