// Group commit (store/db.ts Writer, issue 12): the transactions of one turn of the event loop commit together, each
// still rolls back alone, an answer leaves only after its commit, and a commit that fails turns the turn's answers
// into errors and forgets what was cached from them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { openDb, Writer } from '../src/store/db.js';
import { build, CARD, type Teardown } from './helpers.js';

const tmpFile = (t: Teardown, name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, name);
};
const turn = () => new Promise((r) => setImmediate(r));

t.test('the transactions of one turn commit together, from setImmediate', async (t) => {
  const file = tmpFile(t, 'a.db');
  const db = openDb(file);
  db.exec('CREATE TABLE x (v INTEGER)');
  const other = new Database(file);
  t.teardown(() => {
    other.close();
    db.close();
  });
  const w = new Writer(db);
  const count = () => (other.prepare('SELECT COUNT(*) AS n FROM x').get() as { n: number }).n;
  t.equal(w.settled(), undefined, 'nothing pending');
  w.tx(() => db.prepare('INSERT INTO x VALUES (1)').run());
  w.tx(() => db.prepare('INSERT INTO x VALUES (2)').run());
  t.equal((db.prepare('SELECT COUNT(*) AS n FROM x').get() as { n: number }).n, 2, 'this connection sees both');
  t.equal(count(), 0, 'another connection sees neither before the commit');
  const settled = w.settled();
  t.ok(settled instanceof Promise);
  t.equal(w.settled(), settled, 'one promise per turn');
  await settled;
  t.equal(count(), 2, 'both committed');
  t.equal(w.settled(), undefined, 'nothing pending after the commit');
  t.equal(db.inTransaction, false);
});

t.test('a transaction that throws rolls back alone; nested ones are savepoints', async (t) => {
  const db = openDb(':memory:');
  t.teardown(() => db.close());
  db.exec('CREATE TABLE x (v INTEGER)');
  const w = new Writer(db);
  w.tx(() => db.prepare('INSERT INTO x VALUES (1)').run());
  t.throws(
    () =>
      w.tx(() => {
        db.prepare('INSERT INTO x VALUES (2)').run();
        throw new Error('boom');
      }),
    { message: 'boom' },
  );
  w.tx(() => {
    db.prepare('INSERT INTO x VALUES (3)').run();
    t.throws(() =>
      w.tx(() => {
        db.prepare('INSERT INTO x VALUES (4)').run();
        throw new Error('inner');
      }),
    );
  });
  await w.settled();
  t.same(
    (db.prepare('SELECT v FROM x ORDER BY v').all() as { v: number }[]).map((r) => r.v),
    [1, 3],
  );
});

t.test('a commit that fails rejects the turn, keeps none of it, and calls onLost', async (t) => {
  const db = openDb(':memory:');
  t.teardown(() => db.close());
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
    CREATE TABLE x (v INTEGER)`);
  const w = new Writer(db);
  let lost = 0;
  w.onLost(() => lost++);
  w.tx(() => db.prepare('INSERT INTO x VALUES (1)').run());
  // A deferred foreign key is checked at COMMIT: the commit itself fails.
  w.tx(() => db.prepare('INSERT INTO child VALUES (42)').run());
  await t.rejects(w.settled()!, { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
  t.equal(lost, 1);
  t.equal(db.inTransaction, false);
  t.equal((db.prepare('SELECT COUNT(*) AS n FROM x').get() as { n: number }).n, 0, 'the turn rolled back whole');
});

t.test('a transaction SQLite rolled back under the turn fails the whole turn', async (t) => {
  const db = openDb(':memory:');
  t.teardown(() => db.close());
  db.exec('CREATE TABLE x (v INTEGER)');
  const w = new Writer(db);
  let lost = 0;
  w.onLost(() => lost++);
  w.tx(() => db.prepare('INSERT INTO x VALUES (1)').run());
  const settled = w.settled()!;
  db.exec('ROLLBACK'); // as SQLite does by itself on an I/O error or a full disk
  w.tx(() => db.prepare('INSERT INTO x VALUES (2)').run());
  await t.rejects(settled, { message: 'SQLite rolled part of the transaction back' });
  t.equal(lost, 1);
  t.equal((db.prepare('SELECT COUNT(*) AS n FROM x').get() as { n: number }).n, 0, 'the rest of the turn too');
  w.tx(() => db.prepare('INSERT INTO x VALUES (3)').run());
  await w.settled();
  t.equal((db.prepare('SELECT COUNT(*) AS n FROM x').get() as { n: number }).n, 1, 'the next turn commits');
});

t.test('flush commits at once (the sandbox flushes before it closes its database)', async (t) => {
  const file = tmpFile(t, 'b.db');
  const db = openDb(file);
  db.exec('CREATE TABLE x (v INTEGER)');
  const w = new Writer(db);
  w.tx(() => db.prepare('INSERT INTO x VALUES (1)').run());
  w.flush();
  db.close();
  await turn();
  const again = new Database(file);
  t.teardown(() => again.close());
  t.equal((again.prepare('SELECT COUNT(*) AS n FROM x').get() as { n: number }).n, 1);
});

t.test('requests of one turn share a commit, and each answer is on disk when it arrives', async (t) => {
  const file = tmpFile(t, 'c.db');
  const s = await build(t, { DB_PATH: file });
  const token = await s.token();
  await s.call('POST', '/subscribe/customers/c1', CARD, { token });
  const other = new Database(file, { readonly: true });
  t.teardown(() => other.close());
  const paid = (uid: string) =>
    other.prepare("SELECT status FROM payments WHERE merchant_uid = ? AND status = 'paid'").get(uid) !== undefined;
  const answers = await Promise.all(
    ['g1', 'g2', 'g3', 'g4'].map(async (uid) => {
      const r = await s.call(
        'POST',
        '/subscribe/payments/again',
        { customer_uid: 'c1', merchant_uid: uid, amount: 1000 },
        { token },
      );
      // Read from another connection as soon as this answer arrived: it is committed already.
      return { uid, status: r.body.response?.status, onDisk: paid(uid) };
    }),
  );
  t.same(answers, [
    { uid: 'g1', status: 'paid', onDisk: true },
    { uid: 'g2', status: 'paid', onDisk: true },
    { uid: 'g3', status: 'paid', onDisk: true },
    { uid: 'g4', status: 'paid', onDisk: true },
  ]);
});

t.test('when the commit of a request fails, its answer is the envelope error and nothing of it stays', async (t) => {
  const s = await build(t);
  const token = await s.token();
  await s.call('POST', '/subscribe/customers/c1', CARD, { token });
  // A temporary trigger that makes the next commit fail (a deferred foreign key is checked at COMMIT).
  s.sb.db.pragma('foreign_keys = ON');
  s.sb.db.exec(`CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
    CREATE TEMP TRIGGER fail_commit AFTER INSERT ON main.payments BEGIN INSERT INTO child VALUES (1); END;`);
  const r = await s.call(
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'c1', merchant_uid: 'f1', amount: 1000 },
    { token },
  );
  t.equal(r.status, 500);
  t.same(r.body, { code: -1, message: '샌드박스 내부 오류입니다.', response: null });
  s.sb.db.exec('DROP TRIGGER fail_commit');
  const find = await s.call('GET', '/payments/find/f1', undefined, { token });
  t.equal(find.status, 404, 'no payment was kept');
  t.equal(s.sb.webhooks.list({}).length, 0, 'and no webhook row');
  const retry = await s.call(
    'POST',
    '/subscribe/payments/again',
    { customer_uid: 'c1', merchant_uid: 'f1', amount: 1000 },
    { token },
  );
  t.equal(retry.body.response.status, 'paid', 'the same merchant_uid pays on the next try');
});

t.test('a reset commits on its own, at once, and leaves the memory map as it was', async (t) => {
  const file = tmpFile(t, 'd.db');
  const s = await build(t, { DB_PATH: file });
  await s.call('POST', '/subscribe/customers/c1', CARD);
  const other = new Database(file, { readonly: true });
  t.teardown(() => other.close());
  const keys = () => (other.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
  t.equal(keys(), 1);
  s.sb.reset();
  t.equal(keys(), 0, 'committed before reset() returned');
  t.equal(s.sb.db.pragma('mmap_size', { simple: true }), 0, 'the map is gone');
  t.equal(s.sb.store.settled(), undefined, 'nothing left pending');
  await s.call('POST', '/subscribe/customers/c2', CARD);
  s.sb.reset('default');
  t.equal(keys(), 0, 'a merchant reset too');
});
