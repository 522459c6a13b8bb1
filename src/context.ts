// The sandbox: config, database, stores and the controls (clock, ids, faults, webhooks, schedules), built once, in
// one step, and handed to the app. Tests build it with a manual clock, seeded ids and :memory:.

import type { Config } from './config.js';
import { clockStart } from './config.js';
import { loadBanks, loadVbankHolders } from './gateway/banks.js';
import { loadCardCodes, loadCards } from './gateway/cards.js';
import type { Notifier, Sandbox } from './gateway/context.js';
import { ScheduleRunner } from './gateway/schedule-runner.js';
import { forgetTokens } from './gateway/tokens.js';
import { WebhookEngine, withNotifier } from './gateway/webhooks.js';
import { type Clock, Clocks, createClock } from './sandbox/clock.js';
import { FaultBook } from './sandbox/faults.js';
import { createIds, type Ids } from './sandbox/ids.js';
import { Journal } from './sandbox/journal.js';
import { openDb } from './store/db.js';
import { loadIdentities, loadMerchants } from './store/fixtures.js';
import { createStores } from './store/index.js';

export type { Sandbox };

/** Parts a test may swap: a manual clock, its own ids, a notifier that records payment events instead of sending. */
export interface SandboxParts {
  clock?: Clock;
  ids?: Ids;
  webhooks?: Notifier;
}

export function createSandbox(config: Config, parts: SandboxParts = {}): Sandbox {
  const fixtures = loadMerchants(config.FIXTURES_DIR);
  const cards = loadCards(config.FIXTURES_DIR);
  const banks = loadBanks(config.FIXTURES_DIR);
  const cardCodes = loadCardCodes(config.FIXTURES_DIR);
  const vbankHolders = loadVbankHolders(config.FIXTURES_DIR);
  const identities = loadIdentities(config.FIXTURES_DIR);
  const db = openDb(config.DB_PATH, config.DB_CACHE_MB);
  const start = clockStart(config);
  const clock = parts.clock ?? createClock(start === undefined ? 'system' : 'fixed', start);
  const clocks = new Clocks(clock);
  const ids = parts.ids ?? createIds(config.SEED);
  const store = createStores(db);
  // Writes of a turn that never committed: what was cached from them goes (the tokens, the merchants).
  store.onLost(() => {
    forgetTokens(store);
    if (store.open) store.merchants.reload();
  });
  store.merchants.seed(fixtures);
  const faults = new FaultBook(() => clock.now());
  const engine = new WebhookEngine({ store, clock, clocks, faults, config });
  const webhooks = parts.webhooks ? withNotifier(engine, parts.webhooks) : engine;
  const schedules = new ScheduleRunner({ store, clock, clocks, ids, faults, webhooks, config });
  const sb: Sandbox = {
    config,
    db,
    clock,
    clocks,
    ids,
    cards,
    banks,
    cardCodes,
    vbankHolders,
    identities,
    fixtures,
    store,
    faults,
    journal: new Journal(config.JOURNAL_SIZE, config.JOURNAL_MERCHANTS),
    webhooks,
    schedules,
    reset(merchantId) {
      store.reset(fixtures, merchantId);
      forgetTokens(store, merchantId);
      clocks.drop(merchantId);
      return { faults_removed: faults.clear(merchantId), requests_removed: sb.journal.clear(merchantId) };
    },
    close() {
      schedules.stop();
      webhooks.stop();
      if (db.open) {
        store.flush();
        db.close();
      }
    },
  };
  // Deliveries and schedules left by a previous run on this database go now (overdue schedules run here, once).
  webhooks.start();
  schedules.start();
  return sb;
}
