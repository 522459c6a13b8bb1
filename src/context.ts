// The sandbox: config, database, stores and the controls (clock, ids, faults, webhooks), built once and handed
// to the app. Tests build it with a manual clock, seeded ids and :memory:.

import type { Config } from './config.js';
import { clockStart } from './config.js';
import { createClock, type Clock } from './sandbox/clock.js';
import { createIds, type Ids } from './sandbox/ids.js';
import { FaultRules, type FaultBook } from './sandbox/faults.js';
import { Journal } from './sandbox/journal.js';
import { openDb, type Db } from './store/db.js';
import { DATA_TABLES } from './store/migrations.js';
import { MerchantStore } from './store/merchants.js';
import { TokenStore } from './store/tokens.js';
import { PaymentStore } from './store/payments.js';
import { CustomerStore } from './store/customers.js';
import { WindowStore } from './store/window.js';
import { ScheduleStore } from './store/schedules.js';
import { WebhookStore } from './store/webhooks.js';
import { WebhookEngine, withNotifier, type WebhookService } from './gateway/webhooks.js';
import { ScheduleRunner } from './gateway/schedules.js';
import { loadMerchantFixtures, type Merchant } from './gateway/merchants.js';
import { loadCards, type CardBook } from './gateway/cards.js';
import { loadBanks, type BankBook } from './gateway/banks.js';
import type { Payment } from './schemas/payments.js';

/** Receives payment events after their transaction commits (webhooks). */
export interface Notifier {
  paymentEvent(
    merchant: Merchant,
    payment: Payment,
    opts?: { notice_url?: string | string[] | null; cancellation_id?: string },
  ): void;
}

export interface Sandbox {
  config: Config;
  db: Db;
  clock: Clock;
  ids: Ids;
  cards: CardBook;
  /** Banks of virtual accounts (fixtures/banks.json). */
  banks: BankBook;
  fixtures: Merchant[];
  store: {
    merchants: MerchantStore;
    tokens: TokenStore;
    payments: PaymentStore;
    customers: CustomerStore;
    window: WindowStore;
    schedules: ScheduleStore;
    webhooks: WebhookStore;
  };
  faults: FaultBook;
  /** The rules of the control API (/__sandbox/faults); `faults` is this book unless a test swapped it. */
  faultRules: FaultRules;
  /** The request journal (/__sandbox/requests). */
  journal: Journal;
  /** Webhook outbox and delivery (a test's own Notifier, if given, replaces only paymentEvent). */
  webhooks: WebhookService;
  /** Runs scheduled payments when the clock passes them. */
  schedules: ScheduleRunner;
  /** Empty one merchant's data, or everything (and drop created merchants); back to fixtures. */
  reset(merchantId?: string): void;
  close(): void;
}

export interface SandboxParts {
  clock?: Clock;
  ids?: Ids;
  faults?: FaultBook;
  webhooks?: Notifier;
}

export function createSandbox(config: Config, parts: SandboxParts = {}): Sandbox {
  const fixtures = loadMerchantFixtures(config.FIXTURES_DIR);
  const cards = loadCards(config.FIXTURES_DIR);
  const banks = loadBanks(config.FIXTURES_DIR);
  const db = openDb(config.DB_PATH);
  const start = clockStart(config);
  const clock = parts.clock ?? createClock(start === undefined ? 'system' : 'fixed', start);
  const store = {
    merchants: new MerchantStore(db),
    tokens: new TokenStore(db),
    payments: new PaymentStore(db),
    customers: new CustomerStore(db),
    window: new WindowStore(db),
    schedules: new ScheduleStore(db),
    webhooks: new WebhookStore(db),
  };
  store.merchants.seed(fixtures);
  const faultRules = new FaultRules(() => clock.now());
  const sb: Sandbox = {
    config,
    db,
    clock,
    ids: parts.ids ?? createIds(config.SEED),
    cards,
    banks,
    fixtures,
    store,
    faults: parts.faults ?? faultRules,
    faultRules,
    journal: new Journal(config.JOURNAL_SIZE),
    // Both need the finished sandbox; set right below.
    webhooks: undefined as unknown as WebhookService,
    schedules: undefined as unknown as ScheduleRunner,
    reset(merchantId) {
      db.transaction(() => {
        for (const t of DATA_TABLES) {
          if (merchantId) db.prepare(`DELETE FROM ${t} WHERE merchant_id = ?`).run(merchantId);
          else db.prepare(`DELETE FROM ${t}`).run();
        }
        if (!merchantId) store.merchants.removeCreated();
      })();
      if (!merchantId) store.merchants.seed(fixtures);
    },
    close() {
      sb.schedules.stop();
      sb.webhooks.stop();
      if (db.open) db.close();
    },
  };
  const engine = new WebhookEngine(sb);
  sb.webhooks = parts.webhooks ? withNotifier(engine, parts.webhooks) : engine;
  sb.schedules = new ScheduleRunner(sb);
  // Deliveries and schedules left by a previous run on this database go now (overdue schedules run here, once).
  sb.webhooks.start();
  sb.schedules.start();
  return sb;
}
