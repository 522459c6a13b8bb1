// Merchants: fixture merchants are seeded at start and on reset; control-API merchants persist until reset.
// Kept in memory too, because every authenticated request looks its merchant up.

import type { Db } from './db.js';
import type { Merchant } from '../schemas/merchants.js';

export class MerchantStore {
  private byId = new Map<string, Merchant>();
  private byKey = new Map<string, Merchant>();

  constructor(private db: Db) {}

  /** Replace the fixture merchants and reload the cache from the table. */
  seed(fixtures: Merchant[]): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO merchants (id, imp_key, merchant_code, fixture, data) VALUES (?, ?, ?, 1, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM merchants WHERE fixture = 1').run();
      for (const m of fixtures) {
        // A control-API merchant that collides with a fixture loses (fixtures define the known keys).
        this.db
          .prepare('DELETE FROM merchants WHERE imp_key = ? OR merchant_code = ? OR id = ?')
          .run(m.imp_key, m.merchant_code, m.id);
        insert.run(m.id, m.imp_key, m.merchant_code, JSON.stringify(m));
      }
    })();
    this.reload();
  }

  reload(): void {
    this.byId.clear();
    this.byKey.clear();
    for (const row of this.db.prepare('SELECT data FROM merchants ORDER BY rowid').all() as { data: string }[]) {
      const m = JSON.parse(row.data) as Merchant;
      this.byId.set(m.id, m);
      this.byKey.set(m.imp_key, m);
    }
  }

  /** Add a merchant created through the control API. */
  add(m: Merchant): void {
    this.db
      .prepare('INSERT INTO merchants (id, imp_key, merchant_code, fixture, data) VALUES (?, ?, ?, 0, ?)')
      .run(m.id, m.imp_key, m.merchant_code, JSON.stringify(m));
    this.byId.set(m.id, m);
    this.byKey.set(m.imp_key, m);
  }

  /** Replace a merchant's settings (e.g. its default webhook URL). */
  update(m: Merchant): void {
    this.db.prepare('UPDATE merchants SET data = ? WHERE id = ?').run(JSON.stringify(m), m.id);
    this.byId.set(m.id, m);
    this.byKey.set(m.imp_key, m);
  }

  /** Remove one merchant created through the control API (its data must be gone already). */
  remove(id: string): void {
    this.db.prepare('DELETE FROM merchants WHERE id = ? AND fixture = 0').run(id);
    this.reload();
  }

  /** Remove every merchant that did not come from fixtures (whole-sandbox reset). */
  removeCreated(): void {
    this.db.prepare('DELETE FROM merchants WHERE fixture = 0').run();
    this.reload();
  }

  get(id: string): Merchant | undefined {
    return this.byId.get(id);
  }
  byImpKey(key: string): Merchant | undefined {
    return this.byKey.get(key);
  }
  /** Find by id or by merchant code (imp########), as the control API and the SDK's IMP.init name merchants. */
  find(idOrCode: string): Merchant | undefined {
    return this.byId.get(idOrCode) ?? [...this.byId.values()].find((m) => m.merchant_code === idOrCode);
  }
  all(): Merchant[] {
    return [...this.byId.values()];
  }
  isFixture(id: string): boolean {
    return (
      (this.db.prepare('SELECT fixture FROM merchants WHERE id = ?').get(id) as { fixture: number } | undefined)
        ?.fixture === 1
    );
  }
}
