// Webhook delivery (api-v1.md §6): which payment events notify the merchant, the outbox they go through, and the
// HTTP delivery with timeouts, retries on the sandbox clock, faults (duplicate, delay) and a log of every attempt.

import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { CMSG } from '../http/control-messages.js';
import { conflict, notFound } from '../http/errors.js';
import { Alarm } from '../sandbox/clock.js';
import type { DueScope } from '../store/schedules.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { DeliveryStatus, WebhookAttempt, WebhookPayload, WebhookRecord } from '../store/webhooks.js';
import type { Gateway, Notifier, PaymentEventOptions, WebhookFilter, WebhookService } from './context.js';

/**
 * The rule of api-v1.md §6: paid, ready (vbank issued) and cancelled notify; a failure notifies only when it is a
 * scheduled payment's attempt. Ordinary failures (again, onetime, window) never do.
 * Unconfirmed (api-v1.md §10.4): whether a billing-key issuance notifies (the window's issue record is `paid`, so it
 * does here, as the one public log of an issue shows, sdk-v1.md §3.4), and whether a failed immediate again/onetime
 * does (no: only scheduled attempts).
 */
export function notifies(payment: Payment): boolean {
  if (payment.status === 'paid' || payment.status === 'ready' || payment.status === 'cancelled') return true;
  return payment.status === 'failed' && payment.customer_uid_usage === 'payment.scheduled';
}

/** The payment's notice_url (one or several) replaces the merchant's default webhook URL; blanks are ignored. */
export function targetsOf(noticeUrl: string | string[] | null | undefined, merchantDefault: string | null): string[] {
  const given = (Array.isArray(noticeUrl) ? noticeUrl : noticeUrl ? [noticeUrl] : [])
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (given.length > 0) return [...new Set(given)];
  return merchantDefault ? [merchantDefault] : [];
}

interface AttemptResult {
  status_code: number | null;
  error: string | null;
  response_body: string | null;
}

/** Sends webhooks from the `webhooks` table. Everything it knows is in that table, so a restart resumes it. */
export class WebhookEngine implements WebhookService {
  private alarm: Alarm;
  private pumpQueued = false;
  private inFlight = new Map<number, http.ClientRequest | null>();
  private waiters: (() => void)[] = [];
  private stopped = false;
  private started = false;
  private unlisten: (() => void) | null = null;

  constructor(private sb: Pick<Gateway, 'store' | 'clock' | 'clocks' | 'faults' | 'config'>) {
    this.alarm = new Alarm(sb.clock, () => this.kick());
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.sb.store.webhooks.requeueInFlight();
    // A clock move makes held-back deliveries and retries due: their times are on their merchant's clock (the sandbox
    // clock, or the merchant's own).
    this.unlisten = this.sb.clocks.onChange(() => this.kick());
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.unlisten?.();
    this.alarm.clear();
    for (const req of this.inFlight.values()) req?.destroy(new Error('sandbox closed'));
    this.release();
  }

  paymentEvent(merchant: Merchant, payment: Payment, opts: PaymentEventOptions = {}): void {
    if (this.stopped || !notifies(payment)) return;
    // The stored merchant, not the request's copy: PATCH /__sandbox/merchants may have changed its webhook settings.
    const m = this.sb.store.merchants.get(merchant.id) ?? merchant;
    // A cancel without its own notice_url goes where this payment's earlier webhooks went: the payment object does
    // not keep the notice_url its approval was sent to, but the delivery log does. (Only cancels look: a new
    // payment has no earlier deliveries, and the lookup is not free on a busy log.)
    const earlier =
      opts.notice_url === undefined && opts.cancellation_id !== undefined
        ? [...new Set(this.sb.store.webhooks.list({ merchant_id: m.id, imp_uid: payment.imp_uid }).map((w) => w.url))]
        : [];
    const urls = targetsOf(earlier.length > 0 ? earlier : opts.notice_url, m.webhook_url);
    if (urls.length === 0) return;
    // Unconfirmed (api-v1.md §6, §10.4): customer_uid is not in any documented V1 body, nor the richer legacy body
    // (.NET client, [L]); we send the documented three fields (+ cancellation_id on API cancels).
    const payload: WebhookPayload = {
      imp_uid: payment.imp_uid,
      merchant_uid: payment.merchant_uid,
      status: payment.status,
    };
    if (opts.cancellation_id) payload.cancellation_id = opts.cancellation_id;
    // One unit in the log, the real API's: UNIX seconds on the sandbox clock. "Now" is the current second, so a delivery
    // due now is due at once whatever the clock's milliseconds; a held-back one goes when the clock's second reaches it.
    const nowS = this.sb.clocks.of(m.id).nowSeconds();
    for (const url of urls) {
      const fault = this.sb.faults.takeWebhook({
        merchantId: m.id,
        imp_uid: payment.imp_uid,
        merchant_uid: payment.merchant_uid,
        status: payment.status,
      });
      const row: Omit<WebhookRecord, 'id'> = {
        merchant_id: m.id,
        status: 'pending',
        url,
        format: m.webhook_format,
        payload,
        created_at: nowS,
        next_attempt_at: fault?.type === 'delay' ? nowS + fault.seconds : nowS,
        max_attempts: 1 + this.sb.config.WEBHOOK_RETRIES,
        fault: fault?.type ?? null,
        attempts: [],
      };
      this.sb.store.webhooks.insert(row);
      if (fault?.type === 'duplicate') this.sb.store.webhooks.insert(row);
    }
    // Never sent from here: this runs inside the event's transaction (the one transaction rule). The pump runs
    // after the synchronous work and after the commit of its turn; a rolled-back row is simply not there.
    this.kick();
  }

  list(f: WebhookFilter): WebhookRecord[] {
    return this.sb.store.webhooks.list(f);
  }

  async redeliver(id: number): Promise<WebhookRecord> {
    const rec = this.sb.store.webhooks.get(id);
    if (!rec) throw notFound(CMSG.unknownWebhook(id));
    if (rec.status === 'delivering' || this.inFlight.has(id)) throw conflict(CMSG.webhookBusy(id));
    this.sb.store.webhooks.update({ ...rec, status: 'delivering' });
    return this.deliver({ ...rec, status: 'delivering' }, rec);
  }

  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.checkIdle();
    });
  }

  /** Run the pump once the current synchronous work (and its transaction) is over. */
  private kick(): void {
    if (this.stopped || this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      const run = () => {
        this.pumpQueued = false;
        this.pump();
      };
      // After the commit of the writes around it (group commit, store/db.ts): a delivery is of a committed row.
      const settled = this.sb.store.settled();
      if (settled) settled.then(run, run);
      else run();
    });
  }

  private pump(): void {
    if (this.stopped || !this.sb.store.open) {
      this.release();
      return;
    }
    for (const rec of this.dueNow()) {
      if (!this.sb.store.webhooks.claim(rec.id)) continue;
      void this.deliver({ ...rec, status: 'delivering' }, null);
    }
    this.arm();
    this.checkIdle();
  }

  /** What is due now, each merchant by its clock: the merchants on their own clocks apart, the rest by the sandbox's. */
  private dueNow(): WebhookRecord[] {
    const { clocks, store } = this.sb;
    const owners = clocks.owners();
    const rest: DueScope = owners.length > 0 ? { except: owners } : {};
    const due = owners.flatMap((m) => store.webhooks.due(clocks.of(m).nowSeconds(), { merchant: m }));
    return [...due, ...store.webhooks.due(this.sb.clock.nowSeconds(), rest)];
  }

  /**
   * With the system clock, wake up when the next held-back delivery or retry is due (a merchant's own clock's time
   * turned into the sandbox clock's). A fixed clock waits for a move, and so do the merchants' own, in its mode.
   */
  private arm(): void {
    this.alarm.set(this.sb.clocks.earliest((scope) => this.sb.store.webhooks.nextAt(scope)));
  }

  /**
   * One attempt of one delivery, recorded when it ends. Automatic attempts retry on network errors and 5xx while
   * attempts are left; a manual one (`before` = the entry as it was) is a single attempt that leaves a planned
   * retry in place when it fails.
   */
  private async deliver(rec: WebhookRecord, before: WebhookRecord | null): Promise<WebhookRecord> {
    this.inFlight.set(rec.id, null);
    const attemptedAt = this.sb.clocks.of(rec.merchant_id).nowSeconds();
    const started = performance.now();
    let result: AttemptResult;
    try {
      result = await this.post(rec);
    } catch (e) {
      result = { status_code: null, error: (e as Error).message, response_body: null };
    }
    // Wall time, not the sandbox clock: how long the receiver took is a real measurement, and a fixed clock would say 0.
    const duration_ms = Math.round(performance.now() - started);
    this.inFlight.delete(rec.id);
    if (this.stopped || !this.sb.store.open) {
      this.release();
      return rec;
    }
    const current = this.sb.store.webhooks.get(rec.id) ?? rec;
    const attempt: WebhookAttempt = {
      n: current.attempts.length + 1,
      attempted_at: attemptedAt,
      manual: before !== null,
      ...result,
      duration_ms,
    };
    const attempts = [...current.attempts, attempt];
    const ok = result.status_code !== null && result.status_code >= 200 && result.status_code < 300;
    const retryable = result.status_code === null ? result.error !== INVALID_URL : result.status_code >= 500;
    let status: DeliveryStatus;
    let next: number | null = null;
    if (ok) status = 'delivered';
    else if (before) {
      status = before.status === 'pending' ? 'pending' : before.status === 'delivered' ? 'delivered' : 'failed';
      next = before.status === 'pending' ? before.next_attempt_at : null;
    } else if (retryable && attempts.filter((a) => !a.manual).length < current.max_attempts) {
      status = 'pending';
      next = this.sb.clocks.of(rec.merchant_id).nowSeconds() + this.sb.config.WEBHOOK_BACKOFF_SECONDS;
    } else status = 'failed';
    const updated: WebhookRecord = { ...current, status, next_attempt_at: next, attempts };
    this.sb.store.webhooks.update(updated);
    if (status === 'pending') this.kick();
    else this.checkIdle();
    return updated;
  }

  /** POST the payload with a connect timeout and a read timeout (api-v1.md §6: 10 s and 30 s by default). */
  private post(rec: WebhookRecord): Promise<AttemptResult> {
    let url: URL;
    try {
      url = new URL(rec.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    } catch {
      return Promise.resolve({ status_code: null, error: INVALID_URL, response_body: null });
    }
    const body =
      rec.format === 'form'
        ? new URLSearchParams(rec.payload as unknown as Record<string, string>).toString()
        : JSON.stringify(rec.payload);
    const contentType = rec.format === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
    const { WEBHOOK_CONNECT_TIMEOUT_MS: connectMs, WEBHOOK_TIMEOUT_MS: readMs } = this.sb.config;
    return new Promise((resolve) => {
      let done = false;
      let timer: NodeJS.Timeout;
      const finish = (r: AttemptResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(r);
      };
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': contentType,
          'content-length': Buffer.byteLength(body),
          'user-agent': 'iamport-sandbox-webhook/1',
        },
      });
      this.inFlight.set(rec.id, req);
      timer = setTimeout(() => req.destroy(new Error(`connect timeout (${connectMs} ms)`)), connectMs);
      req.on('socket', (socket) => {
        socket.once('connect', () => {
          clearTimeout(timer);
          timer = setTimeout(() => req.destroy(new Error(`read timeout (${readMs} ms)`)), readMs);
        });
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 500) text += chunk;
        });
        res.on('end', () =>
          finish({ status_code: res.statusCode ?? null, error: null, response_body: text.slice(0, 500) }),
        );
        res.on('error', (e) =>
          finish({ status_code: res.statusCode ?? null, error: e.message, response_body: text.slice(0, 500) }),
        );
      });
      req.on('error', (e) => finish({ status_code: null, error: e.message || String(e), response_body: null }));
      req.end(body);
    });
  }

  private checkIdle(): void {
    if (this.waiters.length === 0) return;
    if (this.inFlight.size > 0 || this.pumpQueued) return;
    if (!this.stopped && this.sb.store.open && this.dueNow().length > 0) {
      this.kick();
      return;
    }
    this.release();
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}

const INVALID_URL = 'invalid URL (only http and https are delivered)';

/** The engine with a test's own notifier in place of paymentEvent (SandboxParts.webhooks). */
export function withNotifier(engine: WebhookService, notifier: Notifier): WebhookService {
  return {
    paymentEvent: (m, p, o) => notifier.paymentEvent(m, p, o),
    idle: () => engine.idle(),
    list: (f) => engine.list(f),
    redeliver: (id) => engine.redeliver(id),
    start: () => engine.start(),
    stop: () => engine.stop(),
  };
}
