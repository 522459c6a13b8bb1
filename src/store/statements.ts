// Prepared statements kept by their SQL: lists build their SQL from the filters given (a few dozen shapes in all),
// and each shape is prepared once.

import type { Database, Statement } from 'better-sqlite3';

export class StatementCache {
  private stmts = new Map<string, Statement>();
  constructor(private readonly db: Database) {}
  get(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }
}
