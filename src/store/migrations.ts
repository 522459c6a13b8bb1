// The database schema. Each table keeps the indexed fields as columns and the wire object as JSON in `data`,
// so reads hand back exactly what was stored and queries stay on indexes.
// Every row carries merchant_id: a token only ever sees its own merchant's rows.

/** The triggers of migration 6 (also re-created by a whole reset's table swap, with their tables). */
const COUNT_TRIGGERS = `
  CREATE TRIGGER payments_count_insert AFTER INSERT ON payments BEGIN
    INSERT INTO payment_counts VALUES (NEW.merchant_id, NEW.status, NEW.status_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO payment_counts VALUES (NEW.merchant_id, '*', NEW.started_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER payments_count_delete AFTER DELETE ON payments BEGIN
    UPDATE payment_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = OLD.status AND bucket = OLD.status_at >> 12;
    UPDATE payment_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = '*' AND bucket = OLD.started_at >> 12;
  END;
  CREATE TRIGGER payments_count_update AFTER UPDATE OF merchant_id, status, started_at, paid_at, failed_at, cancelled_at
    ON payments WHEN OLD.merchant_id IS NOT NEW.merchant_id OR OLD.status IS NOT NEW.status
      OR OLD.status_at IS NOT NEW.status_at OR OLD.started_at IS NOT NEW.started_at BEGIN
    UPDATE payment_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = OLD.status AND bucket = OLD.status_at >> 12;
    UPDATE payment_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = '*' AND bucket = OLD.started_at >> 12;
    INSERT INTO payment_counts VALUES (NEW.merchant_id, NEW.status, NEW.status_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO payment_counts VALUES (NEW.merchant_id, '*', NEW.started_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER schedules_count_insert AFTER INSERT ON schedules BEGIN
    INSERT INTO schedule_counts VALUES (NEW.merchant_id, NEW.schedule_status, NEW.schedule_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO schedule_counts VALUES (NEW.merchant_id, '*', NEW.schedule_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER schedules_count_delete AFTER DELETE ON schedules BEGIN
    UPDATE schedule_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = OLD.schedule_status AND bucket = OLD.schedule_at >> 12;
    UPDATE schedule_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = '*' AND bucket = OLD.schedule_at >> 12;
  END;
  CREATE TRIGGER schedules_count_update AFTER UPDATE OF merchant_id, schedule_status, schedule_at ON schedules
    WHEN OLD.merchant_id IS NOT NEW.merchant_id OR OLD.schedule_status IS NOT NEW.schedule_status
      OR OLD.schedule_at IS NOT NEW.schedule_at BEGIN
    UPDATE schedule_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = OLD.schedule_status AND bucket = OLD.schedule_at >> 12;
    UPDATE schedule_counts SET n = n - 1
      WHERE merchant_id = OLD.merchant_id AND status = '*' AND bucket = OLD.schedule_at >> 12;
    INSERT INTO schedule_counts VALUES (NEW.merchant_id, NEW.schedule_status, NEW.schedule_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO schedule_counts VALUES (NEW.merchant_id, '*', NEW.schedule_at >> 12, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
`;

/** Every count from the rows themselves (migration 6 on an existing file; a bulk load that went around the triggers). */
export const RECOUNT = `
  DELETE FROM payment_counts;
  INSERT INTO payment_counts SELECT merchant_id, status, status_at >> 12, COUNT(*) FROM payments GROUP BY 1, 2, 3;
  INSERT INTO payment_counts SELECT merchant_id, '*', started_at >> 12, COUNT(*) FROM payments GROUP BY 1, 3;
  DELETE FROM schedule_counts;
  INSERT INTO schedule_counts
    SELECT merchant_id, schedule_status, schedule_at >> 12, COUNT(*) FROM schedules GROUP BY 1, 2, 3;
  INSERT INTO schedule_counts SELECT merchant_id, '*', schedule_at >> 12, COUNT(*) FROM schedules GROUP BY 1, 3;
`;

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
  /* 5: every paged list pages, counts and sorts on an index (test/query-plans.test.ts holds the plans). status_at is
        the time a status's window is on (paid_at of a paid payment, ...), so one index counts every status's window;
        an index per sorting, with and without status, lets a page walk its order and stop (no sort of the result).
        The webhook log is looked up by the payload's imp_uid/merchant_uid (every cancel does), on expression indexes.
        The control API's browsing of every merchant (newest first) has its own indexes. */ `
  ALTER TABLE payments ADD COLUMN status_at INTEGER GENERATED ALWAYS AS (
    CASE status WHEN 'paid' THEN paid_at WHEN 'cancelled' THEN cancelled_at WHEN 'failed' THEN failed_at ELSE started_at END
  ) VIRTUAL;
  DROP INDEX payments_status;
  DROP INDEX payments_customer;
  DROP INDEX payments_merchant_uid;
  CREATE INDEX payments_started ON payments (merchant_id, started_at);
  CREATE INDEX payments_paid ON payments (merchant_id, paid_at);
  CREATE INDEX payments_updated ON payments (merchant_id, updated_at);
  CREATE INDEX payments_status_started ON payments (merchant_id, status, started_at);
  CREATE INDEX payments_status_paid ON payments (merchant_id, status, paid_at);
  CREATE INDEX payments_status_updated ON payments (merchant_id, status, updated_at);
  CREATE INDEX payments_status_at ON payments (merchant_id, status, status_at);
  CREATE INDEX payments_merchant_uid ON payments (merchant_id, merchant_uid, started_at);
  CREATE INDEX payments_customer ON payments (merchant_id, customer_uid, started_at);
  CREATE INDEX payments_all_started ON payments (started_at);
  CREATE INDEX schedules_merchant_at ON schedules (merchant_id, schedule_at);
  CREATE INDEX schedules_at ON schedules (schedule_at);
  CREATE INDEX customers_merchant ON customers (merchant_id);
  CREATE INDEX webhooks_merchant ON webhooks (merchant_id);
  CREATE INDEX webhooks_imp_uid ON webhooks (json_extract(data, '$.payload.imp_uid'));
  CREATE INDEX webhooks_merchant_uid ON webhooks (json_extract(data, '$.payload.merchant_uid'));
  CREATE INDEX window_requests_merchant ON window_requests (merchant_id);
  CREATE INDEX records_created ON records (merchant_id, kind, created_at);
  `,
  /* 6: counts of the time windows (issue 12): rows per (merchant, status, bucket of 4096 s of the status's time), and
        per (merchant, '*', bucket of started_at) for every status; the same for schedules on schedule_at. A window's
        total is the sum of its whole buckets plus index counts of its two edge buckets (store/counts.ts), so it costs
        the same at any size. Triggers keep them, whatever statement writes the rows. A bucket left at 0 stays. */ `
  CREATE TABLE payment_counts (
    merchant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, status, bucket)
  ) WITHOUT ROWID;
  CREATE TABLE schedule_counts (
    merchant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, status, bucket)
  ) WITHOUT ROWID;
  ${COUNT_TRIGGERS}
  ${RECOUNT}
  `,
];

/**
 * The count triggers that only decrement buckets when a row goes: one merchant's reset drops them for the time of its
 * DELETEs (store/index.ts), since DATA_TABLES deletes that merchant's buckets first.
 */
export const COUNT_DELETE_TRIGGERS = ['payments_count_delete', 'schedules_count_delete'] as const;

/** Tables that hold merchant data (reset empties them). */
export const DATA_TABLES = [
  // The counts first: a merchant's reset then has no bucket of its own left for the delete triggers to decrement.
  'payment_counts',
  'schedule_counts',
  'tokens',
  'payments',
  'prepares',
  'customers',
  'schedules',
  'webhooks',
  'window_requests',
  'records',
] as const;
