// The database schema. Each table keeps the indexed fields as columns and the wire object as JSON in `data`,
// so reads hand back exactly what was stored and queries stay on indexes.
// Every row carries merchant_id: a token only ever sees its own merchant's rows.

export const MIGRATIONS: string[] = [
  /* 1: the whole first schema */ `
  CREATE TABLE merchants (
    id TEXT PRIMARY KEY,
    imp_key TEXT NOT NULL UNIQUE,
    merchant_code TEXT NOT NULL UNIQUE,
    fixture INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    expired_at INTEGER NOT NULL
  );
  CREATE INDEX tokens_merchant ON tokens (merchant_id, expired_at);
  CREATE TABLE payments (
    imp_uid TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    merchant_uid TEXT NOT NULL,
    status TEXT NOT NULL,
    customer_uid TEXT,
    started_at INTEGER NOT NULL,
    paid_at INTEGER NOT NULL,
    failed_at INTEGER NOT NULL,
    cancelled_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX payments_merchant_uid ON payments (merchant_id, merchant_uid);
  CREATE INDEX payments_status ON payments (merchant_id, status);
  CREATE INDEX payments_customer ON payments (merchant_id, customer_uid);
  -- A merchant_uid is paid at most once: the database itself refuses a second paid row, whatever races above it.
  CREATE UNIQUE INDEX payments_paid_once ON payments (merchant_id, merchant_uid) WHERE status IN ('paid', 'cancelled');
  CREATE TABLE prepares (
    merchant_id TEXT NOT NULL,
    merchant_uid TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (merchant_id, merchant_uid)
  );
  CREATE TABLE customers (
    merchant_id TEXT NOT NULL,
    customer_uid TEXT NOT NULL,
    card_rule TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (merchant_id, customer_uid)
  );
  CREATE TABLE schedules (
    merchant_id TEXT NOT NULL,
    merchant_uid TEXT NOT NULL,
    customer_uid TEXT NOT NULL,
    schedule_at INTEGER NOT NULL,
    schedule_status TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (merchant_id, merchant_uid)
  );
  CREATE INDEX schedules_due ON schedules (schedule_status, schedule_at);
  CREATE INDEX schedules_customer ON schedules (merchant_id, customer_uid, schedule_at);
  CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    next_attempt_at INTEGER,
    data TEXT NOT NULL
  );
  CREATE INDEX webhooks_due ON webhooks (status, next_attempt_at);
  CREATE TABLE window_requests (
    id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
  );
  `,
  /* 2: due schedules of one merchant (a merchant on its own clock is looked at apart from the others) */ `
  CREATE INDEX schedules_merchant_due ON schedules (merchant_id, schedule_status, schedule_at);
  `,
  /* 3: webhooks.next_attempt_at in UNIX seconds (was milliseconds), the unit of created_at and attempted_at */ `
  UPDATE webhooks SET next_attempt_at = next_attempt_at / 1000 WHERE next_attempt_at IS NOT NULL;
  `,
  /* 4: records of the smaller V1 areas (cash receipts, external receipts, escrow delivery info, certifications, OTP
        requests, convenience-store payments...): one row per (merchant, kind, key), the wire object in data */ `
  CREATE TABLE records (
    merchant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (merchant_id, kind, key)
  );
  `,
];

/** Tables that hold merchant data (reset empties them). */
export const DATA_TABLES = [
  'tokens',
  'payments',
  'prepares',
  'customers',
  'schedules',
  'webhooks',
  'window_requests',
  'records',
] as const;
