// Access tokens: one live token per merchant at a time (getToken hands the same one back until it expires).

import type { Db } from './db.js';

/** Expired tokens kept per merchant (a few rows: memory and the table stay bounded). */
export const EXPIRED_KEPT = 5;

export interface TokenRow {
  token: string;
  merchant_id: string;
  expired_at: number;
}

export class TokenStore {
  constructor(private db: Db) {}
  private q = {
    live: this.db.prepare(
      'SELECT token, merchant_id, expired_at FROM tokens WHERE merchant_id = ? AND expired_at > ? ORDER BY expired_at DESC LIMIT 1',
    ),
    get: this.db.prepare('SELECT token, merchant_id, expired_at FROM tokens WHERE token = ?'),
    insert: this.db.prepare('INSERT INTO tokens (token, merchant_id, expired_at) VALUES (?, ?, ?)'),
    extend: this.db.prepare('UPDATE tokens SET expired_at = ? WHERE token = ?'),
    purge: this.db.prepare(
      `DELETE FROM tokens WHERE merchant_id = ? AND expired_at <= ? AND rowid NOT IN (SELECT rowid FROM tokens
         WHERE merchant_id = ? AND expired_at <= ? ORDER BY expired_at DESC, rowid DESC LIMIT ?)`,
    ),
  };
  live(merchantId: string, nowS: number): TokenRow | undefined {
    return this.q.live.get(merchantId, nowS) as TokenRow | undefined;
  }
  get(token: string): TokenRow | undefined {
    return this.q.get.get(token) as TokenRow | undefined;
  }
  insert(row: TokenRow): void {
    this.q.insert.run(row.token, row.merchant_id, row.expired_at);
  }
  extend(token: string, expiredAt: number): void {
    this.q.extend.run(expiredAt, token);
  }
  /**
   * Drop a merchant's expired tokens but the newest EXPIRED_KEPT: those never authenticate again, but a request that
   * still carries one (a client's cached token) is known to be its merchant's, so the journal files its 401 under it.
   */
  purgeExpired(merchantId: string, nowS: number): void {
    this.q.purge.run(merchantId, nowS, merchantId, nowS, EXPIRED_KEPT);
  }
}
