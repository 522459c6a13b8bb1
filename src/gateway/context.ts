// What the gateway works with, and what the rest of the sandbox sees of it. Every gateway function takes only the
// parts it uses (`Pick<Gateway, 'store' | 'clock'>`), so a test hands it exactly those, and a reader sees at the
// signature what a rule can touch. The Sandbox (context.ts) is the one object that has them all.

import type { Config } from '../config.js';
import type { Clock, Clocks } from '../sandbox/clock.js';
import type { FaultBook } from '../sandbox/faults.js';
import type { Ids } from '../sandbox/ids.js';
import type { Journal } from '../sandbox/journal.js';
import type { Identity } from '../schemas/certifications.js';
import type { Merchant } from '../schemas/merchants.js';
import type { Payment } from '../schemas/payments.js';
import type { Db } from '../store/db.js';
import type { Stores } from '../store/index.js';
import type { DeliveryStatus, WebhookRecord } from '../store/webhooks.js';
import type { BankBook, HolderBook } from './banks.js';
import type { CardBook, CardCodeBook } from './cards.js';

/** Options of one payment event: where it goes instead of the merchant's URL, and the cancel it is about. */
export interface PaymentEventOptions {
  notice_url?: string | string[] | null;
  cancellation_id?: string;
}

/**
 * Receives payment events. Called inside the event's transaction: the outbox row commits (or rolls back) with the
 * payment, and delivery starts only after the commit (docs/architecture.md, "One transaction rule").
 */
export interface Notifier {
  paymentEvent(merchant: Merchant, payment: Payment, opts?: PaymentEventOptions): void;
}

export interface WebhookFilter {
  merchant_id?: string;
  imp_uid?: string;
  merchant_uid?: string;
  status?: DeliveryStatus;
}

/** What the rest of the sandbox sees of webhooks: the notifier plus the log, manual redelivery and a way to wait. */
export interface WebhookService extends Notifier {
  /** Resolves once nothing is being delivered and nothing is due (later, held-back deliveries do not count). */
  idle(): Promise<void>;
  list(f: WebhookFilter): WebhookRecord[];
  /** Send one delivery again now (the console's "재발송"): one attempt, its result recorded in the same log entry. */
  redeliver(id: number): Promise<WebhookRecord>;
  /** Pick up deliveries left by a previous run and follow the clock. */
  start(): void;
  /** Stop timers and abort requests in flight (they are sent again at the next start). */
  stop(): void;
}

/** What the gateway sees of the schedule runner. */
export interface ScheduleService {
  /** Schedules were added, moved or revoked: run what is due now and re-arm the timer. */
  changed(): void;
  /** Stop following the clock (the app's close, and the sandbox's). */
  stop(): void;
}

export interface Gateway {
  config: Config;
  /** The clock this view of the sandbox lives by: the sandbox clock, or a merchant's own (onMerchantClock). */
  clock: Clock;
  /** The sandbox clock and the merchants' own clocks. */
  clocks: Clocks;
  ids: Ids;
  /** The test-card table (fixtures/cards.json). */
  cards: CardBook;
  /** Banks of virtual accounts (fixtures/banks.json). */
  banks: BankBook;
  /** Standard card company codes (fixtures/card-codes.json, GET /cards). */
  cardCodes: CardCodeBook;
  /** Account holders for GET /vbanks/holder (fixtures/vbank-holders.json). */
  vbankHolders: HolderBook;
  /** The test people of identity verification (fixtures/identities.json). */
  identities: Identity[];
  /** The fixture merchants (fixtures/merchants.json). */
  fixtures: Merchant[];
  store: Stores;
  /** The one fault book: business rules here, transport rules in the request hooks, webhook rules in the sender. */
  faults: FaultBook;
  webhooks: WebhookService;
  schedules: ScheduleService;
}

/** The whole sandbox: the gateway's parts plus what only the app and the control plane use. */
export interface Sandbox extends Gateway {
  /** The database itself, for tests that look at rows (everything else goes through `store`). */
  db: Db;
  /** The request journal (/__sandbox/requests). */
  journal: Journal;
  /**
   * Empty one merchant's data, fault rules and journal entries, or everything (and drop created merchants); back to
   * fixtures. The clock stays: it is shared by every merchant.
   */
  reset(merchantId?: string): { faults_removed: number; requests_removed: number };
  close(): void;
}
