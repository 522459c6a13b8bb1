// The baseline of the hot-path benchmark (run.ts): a minimal Fastify + better-sqlite3 server that does only the work
// no implementation of these two operations can skip, on the same payload as the sandbox's:
//  - GET /payments/:imp_uid: look the token row up, read the payment row, answer its stored JSON in the envelope;
//  - POST /subscribe/payments/again: check the token, read the billing key row, insert one payment row of the same
//    size as the sandbox's, answer it in the envelope.
// No journal, no faults, no masking, no response schema: what the sandbox does beyond this is its features' price.
// Run as a program: `node dist/test/bench/minimal.js <port> <db path> <seed json file>`; it prints `listening` once up.
// The seed file (written by run.ts from the sandbox's own answers) holds a token, a billing key and a payment.

import fs from 'node:fs';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

export interface MinimalSeed {
  token: string;
  merchant_id: string;
  customer_uid: string;
  /** The billing key as the sandbox answers it. */
  customer: Record<string, unknown>;
  /** A payment as the sandbox answers it: stored for the lookup, and the template of every `again` row. */
  payment: Record<string, unknown> & { imp_uid: string };
}

export async function startMinimal(port: number, dbPath: string, seed: MinimalSeed) {
  const db = new Database(dbPath);
  // The sandbox's own pragmas on a file (store/db.ts), so both pay the same for a commit.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, expired_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS customers (merchant_id TEXT NOT NULL, customer_uid TEXT NOT NULL, data TEXT NOT NULL,
      PRIMARY KEY (merchant_id, customer_uid));
    CREATE TABLE IF NOT EXISTS payments (imp_uid TEXT PRIMARY KEY, merchant_id TEXT NOT NULL,
      merchant_uid TEXT NOT NULL, data TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS payments_merchant_uid ON payments (merchant_id, merchant_uid);
  `);
  const farFuture = Math.floor(Date.now() / 1000) + 86_400;
  db.prepare('INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)').run(seed.token, seed.merchant_id, farFuture);
  db.prepare('INSERT OR REPLACE INTO customers VALUES (?, ?, ?)').run(
    seed.merchant_id,
    seed.customer_uid,
    JSON.stringify(seed.customer),
  );
  const insert = db.prepare('INSERT INTO payments (imp_uid, merchant_id, merchant_uid, data) VALUES (?, ?, ?, ?)');
  insert.run(seed.payment.imp_uid, seed.merchant_id, String(seed.payment.merchant_uid), JSON.stringify(seed.payment));
  const tokenRow = db.prepare('SELECT merchant_id, expired_at FROM tokens WHERE token = ?');
  const paymentRow = db.prepare('SELECT data FROM payments WHERE merchant_id = ? AND imp_uid = ?');
  const customerRow = db.prepare('SELECT data FROM customers WHERE merchant_id = ? AND customer_uid = ?');

  const app = Fastify({ logger: false });
  const JSON_TYPE = 'application/json; charset=utf-8';
  const merchantOf = (auth: string | undefined): string | null => {
    const token = auth?.replace(/^bearer\s+/i, '');
    if (!token) return null;
    const row = tokenRow.get(token) as { merchant_id: string; expired_at: number } | undefined;
    return row && row.expired_at > Date.now() / 1000 ? row.merchant_id : null;
  };
  const refusal = (code: number, message: string) => JSON.stringify({ code, message, response: null });

  app.get<{ Params: { imp_uid: string } }>('/payments/:imp_uid', async (req, reply) => {
    const merchant = merchantOf(req.headers.authorization);
    if (!merchant) return reply.code(401).type(JSON_TYPE).send(refusal(-1, 'Unauthorized'));
    const row = paymentRow.get(merchant, req.params.imp_uid) as { data: string } | undefined;
    if (!row) return reply.code(404).type(JSON_TYPE).send(refusal(-1, 'not found'));
    return reply.type(JSON_TYPE).send(`{"code":0,"message":null,"response":${row.data}}`);
  });

  // A request body schema as small as the operation's required fields: any server validates what it stores.
  const againBody = {
    type: 'object',
    required: ['customer_uid', 'merchant_uid', 'amount'],
    properties: { customer_uid: { type: 'string' }, merchant_uid: { type: 'string' }, amount: { type: 'number' } },
  } as const;
  let seq = 0;
  app.post<{ Body: { customer_uid: string; merchant_uid: string; amount: number; name?: string } }>(
    '/subscribe/payments/again',
    { schema: { body: againBody } },
    async (req, reply) => {
      const merchant = merchantOf(req.headers.authorization);
      if (!merchant) return reply.code(401).type(JSON_TYPE).send(refusal(-1, 'Unauthorized'));
      const key = customerRow.get(merchant, req.body.customer_uid) as { data: string } | undefined;
      if (!key) return reply.type(JSON_TYPE).send(refusal(1, 'unknown customer'));
      const card = JSON.parse(key.data) as Record<string, unknown>;
      const now = Math.floor(Date.now() / 1000);
      const payment = {
        ...seed.payment,
        imp_uid: `imps_${String(++seq).padStart(12, '0')}`,
        merchant_uid: req.body.merchant_uid,
        amount: req.body.amount,
        name: req.body.name ?? null,
        customer_uid: req.body.customer_uid,
        card_name: card.card_name ?? null,
        started_at: now,
        paid_at: now,
      };
      const data = JSON.stringify(payment);
      insert.run(payment.imp_uid, merchant, payment.merchant_uid, data);
      return reply.type(JSON_TYPE).send(`{"code":0,"message":null,"response":${data}}`);
    },
  );
  await app.listen({ port, host: '127.0.0.1' });
  return app;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const [port, dbPath, seedFile] = process.argv.slice(2);
  const seed = JSON.parse(fs.readFileSync(seedFile!, 'utf8')) as MinimalSeed;
  const app = await startMinimal(Number(port), dbPath!, seed);
  // A clean exit on SIGTERM, as the sandbox's server does (and so that `node --cpu-prof` writes its profile).
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  process.stdout.write('listening\n');
}
