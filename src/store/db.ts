// Opens the SQLite database (file or :memory:), applies pragmas and migrations, and offers the one way to write:
// transactions grouped per turn of the event loop (Writer).

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** Open (and migrate) the database; `cacheMb` is its page cache (DB_CACHE_MB; left as compiled in when not given). */
export function openDb(dbPath: string, cacheMb?: number): Db {
  if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const db = new Database(dbPath);
  if (dbPath !== ':memory:') {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('busy_timeout = 5000');
  // A negative cache_size is in KiB.
  if (cacheMb !== undefined) db.pragma(`cache_size = -${Math.round(cacheMb * 1024)}`);
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(
      `Database ${db.name} has schema version ${version}, newer than this sandbox (${MIGRATIONS.length}); use a fresh DB_PATH`,
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * The writers of this process with a turn open. Two sandboxes of one process on one file (tests do that) would wait
 * for each other's write lock on the same thread, never released: a writer opening its turn commits the others' first.
 */
const openTurns = new Set<Writer>();

/** The transactions of one turn of the event loop, committed together. */
interface Turn {
  /** The database rolled the transaction back under us (an I/O error): nothing of this turn may be reported done. */
  lost: boolean;
  done?: Promise<void>;
  settle?: (error: Error | null) => void;
}

/**
 * Group commit. A commit costs far more than the statements before it (every page the 13 b-trees of a payment touch is
 * written to the WAL, and the WAL is checkpointed into the file): so the transactions of one turn of the event loop
 * share one. The first `tx` of a turn opens `BEGIN IMMEDIATE`; each `tx` runs in its own savepoint inside it (so it
 * still rolls back alone when it throws); the turn commits from `setImmediate`, after every callback of the turn's
 * poll phase, so all the requests that arrived together commit together.
 *
 * Whoever reports a write as done waits for `settled()` first: the HTTP answer goes out only after the commit (an
 * onSend hook, hooks/index.ts), so an answer that reached a client is on disk, as before. Webhook deliveries start
 * after it too. If the commit fails (or SQLite rolled the transaction back by itself, on an I/O error), every answer
 * of the turn becomes an error instead, and `onLost` listeners drop what they cached from it.
 */
export class Writer {
  private turn: Turn | null = null;
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly savepoint;
  private readonly release;
  private readonly rollbackTo;
  private readonly lostListeners: (() => void)[] = [];

  constructor(private readonly db: Db) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    // Our own savepoint statements, prepared once: better-sqlite3's db.transaction(fn) builds five wrappers per call.
    this.savepoint = db.prepare('SAVEPOINT tx');
    this.release = db.prepare('RELEASE tx');
    this.rollbackTo = db.prepare('ROLLBACK TO tx');
  }

  /** Run `fn` in a transaction of this turn (nested calls become savepoints of the outer one). */
  tx<T>(fn: () => T): T {
    if (!this.db.inTransaction) {
      if (!this.turn) {
        for (const w of openTurns) w.flush();
        this.turn = { lost: false };
        openTurns.add(this);
        setImmediate(this.flush);
      } else this.turn.lost = true; // it was open: SQLite rolled it back by itself
      this.begin.run();
    }
    this.savepoint.run();
    try {
      const result = fn();
      this.release.run();
      return result;
    } catch (e) {
      // Unless SQLite has rolled everything back already (then flush reports the turn lost).
      if (this.db.inTransaction) {
        this.rollbackTo.run();
        this.release.run();
      }
      throw e;
    }
  }

  /** Resolves once this turn's writes are committed (rejects if they were not); undefined when nothing is pending. */
  settled(): Promise<void> | undefined {
    const turn = this.turn;
    if (!turn) return undefined;
    turn.done ??= new Promise<void>((resolve, reject) => {
      turn.settle = (e) => (e ? reject(e) : resolve());
    });
    return turn.done;
  }

  /** Called when a turn's writes were lost (for caches filled from them). */
  onLost(fn: () => void): void {
    this.lostListeners.push(fn);
  }

  /** Commit now (also before the database closes). */
  readonly flush = (): void => {
    const turn = this.turn;
    if (!turn) return;
    this.turn = null;
    openTurns.delete(this);
    let error: Error | null = null;
    if (!this.db.open) error = new Error('the database was closed before its writes were committed');
    else if (!this.db.inTransaction) error = new Error('SQLite rolled the transaction back');
    else if (turn.lost) {
      error = new Error('SQLite rolled part of the transaction back');
      this.rollback.run();
    } else
      try {
        this.commit.run();
      } catch (e) {
        error = e as Error;
        if (this.db.inTransaction) this.rollback.run();
      }
    if (error) for (const fn of this.lostListeners) fn();
    turn.settle?.(error);
  };
}
