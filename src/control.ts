// SandboxControl: a typed client for the control API (/__sandbox/*) of a running sandbox, by URL, over global fetch.
// Usable from any test process; it imports nothing at runtime but the standard library.

import type { z } from 'zod';
import type { FaultRule, FaultRuleBodySchema } from './schemas/faults.js';
import type { JournalEntry, JournalQuery } from './sandbox/journal.js';
import type { ClockView, CreateMerchantBody, MerchantView } from './schemas/sandbox.js';
import type { DepositResult } from './schemas/window.js';
import type { Schedule, ScheduleWait } from './schemas/schedules.js';
import type { Webhook, WebhookIdle, WebhookPaymentStatus, WebhookWait } from './schemas/webhooks.js';
import type { IssuedWindowKey, IssueWindowKeyBodySchema } from './schemas/billing-keys.js';

/** What POST /__sandbox/faults accepts (`match`, `effect`, `times` or `permanent`). */
export type FaultRuleInput = z.input<typeof FaultRuleBodySchema>;
/** What POST /__sandbox/billing-keys accepts (`customer_uid`, and optionally merchant, channel_key, card, buyer_*). */
export type IssueWindowKeyInput = z.input<typeof IssueWindowKeyBodySchema>;
export type { FaultRule, JournalEntry, JournalQuery, ClockView, MerchantView, CreateMerchantBody, DepositResult };
export type { IssuedWindowKey };

/** The filters of GET /__sandbox/requests/wait (`since`: clock ms or a Date) with `count` and `timeout_ms`. */
export type JournalWaitQuery = Omit<JournalQuery, 'since' | 'limit'> & {
  since?: number | Date;
  count?: number;
  timeout_ms?: number;
};

export interface JournalWaitResult {
  /** True when `count` entries matched in time. */
  done: boolean;
  waited_ms: number;
  entries: JournalEntry[];
}

export type { Webhook, WebhookWait, WebhookIdle, WebhookPaymentStatus, Schedule, ScheduleWait };

/** GET /__sandbox/webhooks: here `status` is the delivery's status. */
export interface WebhookQuery {
  merchant?: string;
  imp_uid?: string;
  merchant_uid?: string;
  status?: Webhook['status'];
}

/** GET /__sandbox/webhooks/wait: here `status` is the payment's status in the payload, not the delivery's. */
export interface WebhookWaitQuery {
  merchant?: string;
  imp_uid?: string;
  merchant_uid?: string;
  status?: WebhookPaymentStatus;
  /** Default 1. */
  count?: number;
  /** Wall time, ms: default 5000, at most 60000. */
  timeout_ms?: number;
}

/** GET /__sandbox/webhooks/idle: one merchant's deliveries, or everyone's. */
export interface WebhookIdleQuery {
  merchant?: string;
  timeout_ms?: number;
}

/** GET /__sandbox/schedules/wait. Without `count`, every matching schedule must have run. */
export interface ScheduleWaitQuery {
  merchant?: string;
  merchant_uid?: string;
  customer_uid?: string;
  count?: number;
  timeout_ms?: number;
}

export interface ResetResult {
  merchant: string | null;
  faults_removed: number;
  requests_removed: number;
  took_ms: number;
}

/** A refusal of the control API: HTTP status plus the envelope's code and message. */
export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxControlError';
  }
}

export interface SandboxControlOptions {
  /** Sent as X-Sandbox-Admin-Token (needed when the sandbox has SANDBOX_ADMIN_TOKEN). */
  adminToken?: string;
}

export class SandboxControl {
  readonly url: string;
  private adminToken: string | undefined;

  constructor(url: string, opts: SandboxControlOptions = {}) {
    this.url = url.replace(/\/+$/, '');
    this.adminToken = opts.adminToken;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
  ): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.adminToken) headers['x-sandbox-admin-token'] = this.adminToken;
    const res = await fetch(`${this.url}/__sandbox/${path}${qs.size ? `?${qs}` : ''}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: { code?: number; message?: string | null; response?: unknown } | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SandboxControlError(
        res.status,
        null,
        `${method} /__sandbox/${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`,
      );
    }
    if (!res.ok || parsed?.code !== 0) {
      throw new SandboxControlError(
        res.status,
        parsed?.code ?? null,
        `${method} /__sandbox/${path}: HTTP ${res.status}: ${parsed?.message ?? text.slice(0, 200)}`,
      );
    }
    return parsed.response as T;
  }

  /** Everything back to fixtures (created merchants, faults and journal go too), or one merchant's data (id or code). */
  reset(merchant?: string): Promise<ResetResult> {
    return this.call('POST', 'reset', merchant === undefined ? {} : { merchant });
  }

  /** The sandbox clock, or with `merchant` (id or code) that merchant's own clock (made on its first move). */
  readonly clock = {
    get: (merchant?: string): Promise<ClockView> => this.call('GET', 'clock', undefined, { merchant }),
    /** Jump to a time: a Date, an ISO string or UNIX seconds. */
    set: (at: Date | string | number, merchant?: string): Promise<ClockView> =>
      this.call('POST', 'clock', {
        set: at instanceof Date ? at.toISOString() : at,
        ...(merchant ? { merchant } : {}),
      }),
    /** Move by seconds (scheduled payments that fall due run before this resolves). */
    advance: (seconds: number, merchant?: string): Promise<ClockView> =>
      this.call('POST', 'clock', { advance_seconds: seconds, ...(merchant ? { merchant } : {}) }),
  };

  readonly faults = {
    add: (rule: FaultRuleInput): Promise<FaultRule> => this.call('POST', 'faults', rule),
    list: (merchant?: string): Promise<FaultRule[]> => this.call('GET', 'faults', undefined, { merchant }),
    remove: (id: string): Promise<{ removed: number }> => this.call('DELETE', `faults/${encodeURIComponent(id)}`),
    clear: (merchant?: string): Promise<{ removed: number }> => this.call('DELETE', 'faults', undefined, { merchant }),
  };

  readonly requests = {
    /** Newest first. `since` is clock ms or a Date. */
    list: (q: Omit<JournalQuery, 'since'> & { since?: number | Date } = {}): Promise<JournalEntry[]> =>
      this.call('GET', 'requests', undefined, { ...q, since: q.since instanceof Date ? q.since.getTime() : q.since }),
    clear: (merchant?: string): Promise<{ removed: number }> =>
      this.call('DELETE', 'requests', undefined, { merchant }),
    /**
     * Long poll: resolves once at least `count` (default 1) entries match, or at `timeout_ms` (default 5000, at most
     * 60000) with what matched then; `done` says which. `entries` are the newest matches, at most `count`.
     */
    wait: (q: JournalWaitQuery = {}): Promise<JournalWaitResult> =>
      this.call('GET', 'requests/wait', undefined, {
        ...q,
        since: q.since instanceof Date ? q.since.getTime() : q.since,
      }),
  };

  /** A fresh tenant: its id, merchant_code, imp_key and imp_secret. */
  createMerchant(body: CreateMerchantBody = {}): Promise<MerchantView> {
    return this.call('POST', 'merchants', body);
  }

  readonly merchants = {
    list: (): Promise<MerchantView[]> => this.call('GET', 'merchants'),
    get: (idOrCode: string): Promise<MerchantView> => this.call('GET', `merchants/${encodeURIComponent(idOrCode)}`),
    update: (
      idOrCode: string,
      patch: { name?: string; webhook_url?: string | null; webhook_format?: 'json' | 'form' },
    ): Promise<MerchantView> => this.call('PATCH', `merchants/${encodeURIComponent(idOrCode)}`, patch),
    /** Delete a created merchant with all its data (fixture merchants refuse: reset them instead). */
    remove: (idOrCode: string): Promise<MerchantView> =>
      this.call('DELETE', `merchants/${encodeURIComponent(idOrCode)}`),
  };

  /** The payment window without a person: arm the next window of a merchant (default: the first merchant). */
  readonly window = {
    autopilot: (arm: {
      action: 'approve' | 'decline' | 'cancel';
      card_number?: string;
      /** A certification window's person (fixtures/identities.json), by phone. */
      phone?: string;
      merchant?: string;
    }): Promise<{ merchant: string; action: string; card_number: string | null; phone?: string }> =>
      this.call('POST', 'window/autopilot', arm),
  };

  /**
   * Billing keys issued through the payment window's own path without a browser (KICC keys, which REST key-in
   * cannot issue): the key, with its issue record's imp_uid and merchant_uid. A refused card throws (409).
   */
  readonly billingKeys = {
    issue: (body: IssueWindowKeyInput): Promise<IssuedWindowKey> => this.call('POST', 'billing-keys', body),
  };

  /** The webhook log, a resend, and long polls that answer `{done, waited_ms, …}` once done or at `timeout_ms`. */
  readonly webhooks = {
    list: (q: WebhookQuery = {}): Promise<Webhook[]> => this.call('GET', 'webhooks', undefined, { ...q }),
    /** One attempt now; answers the entry after it. */
    redeliver: (id: number): Promise<Webhook> => this.call('POST', `webhooks/${encodeURIComponent(id)}/redeliver`),
    /** Until `count` (default 1) matching deliveries are delivered or failed for good. */
    wait: (q: WebhookWaitQuery = {}): Promise<WebhookWait> => this.call('GET', 'webhooks/wait', undefined, { ...q }),
    /** Until nothing is in flight or due (held-back deliveries and planned retries are not waited for). */
    idle: (q: WebhookIdleQuery = {}): Promise<WebhookIdle> => this.call('GET', 'webhooks/idle', undefined, { ...q }),
  };

  readonly schedules = {
    /** Until the matching schedules have run (executed or revoked): all of them, or `count` of them. */
    wait: (q: ScheduleWaitQuery = {}): Promise<ScheduleWait> => this.call('GET', 'schedules/wait', undefined, { ...q }),
  };

  /** Virtual accounts issued by the window: the buyer pays in (default: the full amount). */
  readonly vbanks = {
    deposit: (impUid: string, body: { amount?: number; depositor_name?: string } = {}): Promise<DepositResult> =>
      this.call('POST', `vbanks/${encodeURIComponent(impUid)}/deposit`, body),
  };
}
